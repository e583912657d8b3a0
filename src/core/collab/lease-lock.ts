/**
 * Locks on object storage, where lock files do not work: a lease object written with conditional requests. The
 * lease says who holds it (host, pid, user) and until when. Taking a free lease is a create-if-absent; taking over
 * an expired or released one, renewing and releasing are replace-if-tag-matches, so of two writers racing for
 * the same lease exactly one wins. A holder that dies stops renewing, its lease expires after `ttlMs`, and the
 * next writer takes it over.
 *
 * Expiry compares the holder's clock with the taker's: keep hosts' clocks in sync (NTP) and `ttlMs` well above
 * their drift. Writes made under a lease should still be conditional (as {@link SharedProject} does), so that a
 * holder that stalled past its lease cannot overwrite its successor.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { StoreKey } from "../storage/types";
import { defaultLogger, type Logger } from "../util/logger";
import type { ConditionalStore } from "../cloud/conditional";
import { LockError } from "./errors";
import { DEFAULT_LOCK_TIMEOUT_MS } from "./file-lock";
import type { AcquireOptions, Lock, LockHandle } from "./lock-types";
import { currentOwner, describeOwner, isLockOwner, type LockOwner } from "./owner";
import { sleep } from "../util/sleep";
import { backoffDelay } from "./wait";

/** What a lease object holds (JSON). */
export interface LeaseRecord {
  /** Who holds (or last held) it. */
  owner: LockOwner;
  /** A random id of this holding, new on each acquire. */
  token: string;
  /** When it was acquired (ISO 8601). */
  acquiredAt: string;
  /** When it expires unless renewed (ISO 8601). */
  expiresAt: string;
  /** True once released: free for the next writer. */
  released: boolean;
}

/** Options of a {@link LeaseLock}. */
export interface LeaseLockOptions {
  /** How long a lease lasts without renewal (default 30 000 ms, at least 1000). */
  ttlMs?: number;
  /** Renew automatically every `ttlMs / 3` while held (default true). */
  autoRenew?: boolean;
  /** Who we are (default {@link currentOwner}). */
  owner?: LockOwner;
  /** Where warnings go (a lease taken over, a lease lost). */
  logger?: Logger;
  /** The store described for a person, for messages (default `"store"`). */
  storeName?: string;
}

/**
 * Reads a lease object's bytes; undefined when they are not a lease (then it is treated as expired).
 *
 * @example
 * ```ts
 * const lease = parseLease(bytes);
 * const heldBy = lease !== undefined && !lease.released ? `${lease.owner.user} until ${lease.expiresAt}` : undefined;
 * ```
 */
export function parseLease(bytes: Uint8Array): LeaseRecord | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LeaseRecord>;
    if (!isLockOwner(v.owner) || typeof v.token !== "string" || typeof v.expiresAt !== "string" || Number.isNaN(Date.parse(v.expiresAt))) return undefined;
    return { owner: v.owner, token: v.token, acquiredAt: String(v.acquiredAt), expiresAt: v.expiresAt, released: v.released === true };
  } catch {
    return undefined;
  }
}

function leaseBytes(record: LeaseRecord): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(record)}\n`);
}

/**
 * A lock held as a lease object under `key` in a {@link ConditionalStore} (S3, Azure Blob, or the file-system and
 * memory stand-ins).
 *
 * @example
 * ```ts
 * const lock = new LeaseLock(store, "/projects/north.lease", { ttlMs: 30_000 });
 * const lease = await lock.acquire({ timeoutMs: 60_000 });
 * try { lease.assertHeld(); await save(); } finally { await lease.release(); }
 * ```
 */
export class LeaseLock implements Lock {
  /** The lease, described for messages: store and key. */
  readonly resource: string;
  private readonly ttlMs: number;
  private readonly autoRenew: boolean;
  private readonly owner: LockOwner;
  private readonly logger: Logger;

  constructor(
    private readonly store: ConditionalStore,
    /** The lease object's key. */
    readonly key: StoreKey,
    options: LeaseLockOptions = {},
  ) {
    this.resource = `${options.storeName ?? "store"}:${key}`;
    this.ttlMs = Math.max(1000, options.ttlMs ?? 30_000);
    this.autoRenew = options.autoRenew ?? true;
    this.owner = options.owner ?? currentOwner();
    this.logger = options.logger ?? defaultLogger();
  }

  /** Waits until the lease is ours (free, released or expired); throws a LockError on timeout naming the holder. */
  async acquire(options: AcquireOptions = {}): Promise<LeaseHandle> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const now = Date.now();
      const record: LeaseRecord = {
        owner: this.owner,
        token: randomUUID(),
        acquiredAt: new Date(now).toISOString(),
        expiresAt: new Date(now + this.ttlMs).toISOString(),
        released: false,
      };
      const current = await this.read();
      let etag: string | undefined;
      let tookOver: LockOwner | undefined;
      if (current === undefined) {
        etag = await this.unavailableOnError(() => this.store.putIfAbsent(this.key, leaseBytes(record)));
      } else if (current.lease === undefined || current.lease.released || Date.parse(current.lease.expiresAt) <= now) {
        etag = await this.unavailableOnError(() => this.store.putIfMatch(this.key, leaseBytes(record), current.etag));
        if (etag !== undefined && current.lease !== undefined && !current.lease.released) tookOver = current.lease.owner;
      }
      if (etag !== undefined) {
        if (tookOver !== undefined) this.logger.log("warn", "took over an expired lease", { resource: this.resource, previousOwner: describeOwner(tookOver) });
        return new LeaseHandle(this, record, etag, tookOver, this.autoRenew);
      }
      if (Date.now() >= deadline) {
        const holder = current?.lease;
        const until = holder === undefined ? "" : ` until ${holder.expiresAt} unless renewed`;
        throw new LockError(
          "timeout",
          this.resource,
          `leased by ${describeOwner(holder?.owner)}${until}, still after waiting ${timeoutMs} ms; retry later (a lease whose holder died expires by itself)`,
          holder?.owner,
        );
      }
      // Wait, but not past the holder's expiry when it is near, nor past our deadline.
      const expiresIn = current?.lease === undefined ? Infinity : Date.parse(current.lease.expiresAt) - Date.now() + 5;
      const delay = Math.min(backoffDelay(attempt, 10, 500), Math.max(1, expiresIn), Math.max(1, deadline - Date.now()));
      await sleep(delay, options.signal);
    }
  }

  /** Who holds the lease now, or undefined when it is free, released or expired. */
  async holder(): Promise<LockOwner | undefined> {
    const lease = (await this.read())?.lease;
    return lease === undefined || lease.released || Date.parse(lease.expiresAt) <= Date.now() ? undefined : lease.owner;
  }

  /** The lease object as stored, with its tag; undefined when there is none. @internal */
  async read(): Promise<{ lease: LeaseRecord | undefined; etag: string } | undefined> {
    const value = await this.unavailableOnError(() => this.store.getWithEtag(this.key));
    return value === undefined ? undefined : { lease: parseLease(value.bytes), etag: value.etag };
  }

  /** Replaces the lease object if its tag is still `etag`; the new tag or undefined. @internal */
  async replace(record: LeaseRecord, etag: string): Promise<string | undefined> {
    return this.unavailableOnError(() => this.store.putIfMatch(this.key, leaseBytes(record), etag));
  }

  /** The lease's time to live. @internal */
  get ttl(): number {
    return this.ttlMs;
  }

  /** The logger. @internal */
  get log(): Logger {
    return this.logger;
  }

  private async unavailableOnError<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new LockError("unavailable", this.resource, `the lease could not be read or written (${why}); check the store and its credentials`, undefined, { cause: error });
    }
  }
}

/**
 * A lease we hold: renews itself every `ttlMs / 3` (unless `autoRenew` is off), or on {@link renew}. When a
 * renewal finds the lease changed (it expired and another writer took it), the handle is lost.
 *
 * @example
 * ```ts
 * const lease = await lock.acquire();
 * await lease.renew(); // pushes expiresAt ttlMs ahead
 * lease.expiresAt; // Date
 * await lease.release();
 * ```
 */
export class LeaseHandle implements LockHandle {
  /** The lease, described for messages. */
  readonly resource: string;
  private state: "held" | "released" | "lost" = "held";
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly lock: LeaseLock,
    private record: LeaseRecord,
    private etag: string,
    /** The owner whose expired lease we took over, if any. */
    readonly tookOverFrom: LockOwner | undefined,
    autoRenew: boolean,
  ) {
    this.resource = lock.resource;
    if (autoRenew) {
      this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(200, Math.floor(lock.ttl / 3)));
      this.timer.unref();
    }
  }

  /** Us. */
  get owner(): LockOwner {
    return this.record.owner;
  }

  /** When the lease expires unless renewed. */
  get expiresAt(): Date {
    return new Date(this.record.expiresAt);
  }

  /** True while the lease is ours and has not expired by our clock. */
  get held(): boolean {
    return this.state === "held" && Date.parse(this.record.expiresAt) > Date.now();
  }

  /** Throws a LockError unless the lease is ours and unexpired. */
  assertHeld(): void {
    if (this.held) return;
    if (this.state === "released") throw new LockError("released", this.resource, "the lease was released already; acquire it again");
    throw new LockError("lost", this.resource, "the lease expired or was taken over by another writer; nothing more was written, acquire it again and redo the change");
  }

  /** Pushes the expiry `ttlMs` ahead; throws a LockError `"lost"` when the lease is no longer ours. */
  async renew(): Promise<void> {
    if (this.renewing !== undefined) return this.renewing;
    this.renewing = this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    // Late renewals are tried too: the conditional replace, not our clock, says whether the lease is still ours.
    if (this.state !== "held") this.assertHeld();
    const next: LeaseRecord = { ...this.record, expiresAt: new Date(Date.now() + this.lock.ttl).toISOString() };
    const etag = await this.lock.replace(next, this.etag);
    if (etag === undefined) {
      this.markLost();
      this.assertHeld();
    } else if (this.state === "held") {
      this.record = next;
      this.etag = etag;
    }
  }

  /** Marks the lease released in the store, so the next writer need not wait for it to expire. */
  async release(): Promise<void> {
    this.stopTimer();
    if (this.state !== "held") return;
    await this.renewing?.catch(() => undefined);
    if (this.state !== "held") return;
    this.state = "released";
    const done: LeaseRecord = { ...this.record, released: true, expiresAt: new Date().toISOString() };
    try {
      if ((await this.lock.replace(done, this.etag)) === undefined) this.lock.log.log("warn", "the lease had been taken over before release", { resource: this.resource });
    } catch (error) {
      this.lock.log.log("warn", "releasing a lease failed; it will expire by itself", { resource: this.resource, error: String(error) });
    }
  }

  private markLost(): void {
    this.state = "lost";
    this.stopTimer();
    this.lock.log.log("warn", "lost a lease", { resource: this.resource });
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
