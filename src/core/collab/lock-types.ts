/**
 * The lock contract shared by file locks ({@link FileLock}) and leases on object storage ({@link LeaseLock}):
 * `acquire` waits until the lock is ours (or a timeout passes) and returns a handle; the handle says whether the
 * lock is still held and releases it. {@link withLock} runs a function under a lock.
 *
 * @module
 */
import type { LockOwner } from "./owner";

/** Options of {@link Lock.acquire}. */
export interface AcquireOptions {
  /** How long to wait for another owner to let go (default 30 000 ms); 0 tries once. */
  timeoutMs?: number;
  /** Stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A lock we hold. */
export interface LockHandle {
  /** The locked resource, for messages. */
  readonly resource: string;
  /** Us. */
  readonly owner: LockOwner;
  /** The previous owner whose stale lock or expired lease we took over, when we did. */
  readonly tookOverFrom: LockOwner | undefined;
  /** True until released, or until the lock was lost (expired, taken over, its lock file removed). */
  readonly held: boolean;
  /** Throws a LockError (`"lost"` or `"released"`) unless the lock is still held. */
  assertHeld(): void;
  /** Lets go; does nothing when already released or lost. */
  release(): Promise<void>;
}

/** Something that can be locked: a file, or a key in a conditional store. */
export interface Lock {
  /** The locked resource, for messages. */
  readonly resource: string;
  /** Waits until the lock is ours and returns its handle; throws a LockError on timeout or failure. */
  acquire(options?: AcquireOptions): Promise<LockHandle>;
  /** Who holds the lock now, or undefined when nobody does (or nobody that is not stale). */
  holder(): Promise<LockOwner | undefined>;
}

/**
 * Runs `fn` while holding `lock`, releasing it afterwards whatever happens.
 *
 * @example
 * ```ts
 * await withLock(new FileLock("project.seisproc.json"), async (handle) => {
 *   handle.assertHeld();
 *   await save();
 * });
 * ```
 */
export async function withLock<T>(lock: Lock, fn: (handle: LockHandle) => Promise<T>, options: AcquireOptions = {}): Promise<T> {
  const handle = await lock.acquire(options);
  try {
    return await fn(handle);
  } finally {
    await handle.release();
  }
}
