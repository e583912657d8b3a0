/**
 * Locks on local and network file systems, with proper-lockfile: the lock is a directory `<file>.lock` made with
 * `mkdir` (atomic, also on NFS), whose modification time the holder refreshes while it holds the lock. A lock
 * whose time has not moved for `staleMs` (its holder crashed or was killed) is stale and taken over by the next
 * process that asks. Beside it, `<file>.lock-owner.json` says who holds it (host, pid, user), for messages.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as lockfile from "proper-lockfile";
import { defaultLogger, type Logger } from "../util/logger";
import { LockError } from "./errors";
import type { AcquireOptions, Lock, LockHandle } from "./lock-types";
import { currentOwner, describeOwner, isLockOwner, type LockOwner } from "./owner";
import { sleep } from "../util/sleep";
import { backoffDelay } from "./wait";

/** Options of a {@link FileLock}. */
export interface FileLockOptions {
  /**
   * After how long without a refresh a lock counts as abandoned and may be taken over (default 10 000 ms, at
   * least 2000). The holder refreshes every `staleMs / 2`; a holder whose event loop stalls longer than `staleMs`
   * loses the lock.
   */
  staleMs?: number;
  /** Who we are (default {@link currentOwner}). */
  owner?: LockOwner;
  /** Where warnings go (a lost lock, a stale lock taken over). */
  logger?: Logger;
}

/** Default wait for {@link Lock.acquire}. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/** What the owner file beside a lock holds. */
interface OwnerRecord {
  owner: LockOwner;
  acquiredAt: string;
}

/**
 * A lock on a file (which need not exist; its directory must). One process holds it at a time, across hosts
 * sharing a network file system. Within a process, a second `acquire` waits like any other owner.
 *
 * @example
 * ```ts
 * const lock = new FileLock("/shared/survey/project.seisproc.json", { staleMs: 10_000 });
 * const handle = await lock.acquire({ timeoutMs: 30_000 });
 * try { handle.assertHeld(); await writeProject(); } finally { await handle.release(); }
 * ```
 */
export class FileLock implements Lock {
  /** The locked file, made absolute. */
  readonly resource: string;
  /** The lock directory. */
  readonly lockPath: string;
  /** The file naming the holder. */
  readonly ownerPath: string;
  private readonly staleMs: number;
  private readonly owner: LockOwner;
  private readonly logger: Logger;

  constructor(file: string, options: FileLockOptions = {}) {
    this.resource = path.resolve(file);
    this.lockPath = `${this.resource}.lock`;
    this.ownerPath = `${this.resource}.lock-owner.json`;
    this.staleMs = Math.max(2000, options.staleMs ?? 10_000);
    this.owner = options.owner ?? currentOwner();
    this.logger = options.logger ?? defaultLogger();
  }

  /** Waits until the lock is ours; throws a LockError on timeout (naming the holder) or when it cannot be made. */
  async acquire(options: AcquireOptions = {}): Promise<LockHandle> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      const handle = new FileLockHandle(this.resource, this.owner, this.logger);
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(this.resource, {
          stale: this.staleMs,
          realpath: false,
          retries: 0,
          lockfilePath: this.lockPath,
          onCompromised: (error) => handle.markLost(error),
        });
      } catch (error) {
        if ((error as { code?: string }).code !== "ELOCKED") {
          const why = error instanceof Error ? error.message : String(error);
          throw new LockError("unavailable", this.resource, `cannot create the lock ${this.lockPath} (${why}); check that the directory exists and is writable`, undefined, { cause: error });
        }
        const now = Date.now();
        if (now >= deadline) {
          const holder = await this.readOwner();
          throw new LockError(
            "timeout",
            this.resource,
            `locked by ${describeOwner(holder?.owner)}${holder === undefined ? "" : ` since ${holder.acquiredAt}`}, still after waiting ${timeoutMs} ms; ` +
              `retry later; if that process is gone, its lock counts as stale ${this.staleMs} ms after its last refresh and is then taken over`,
            holder?.owner,
          );
        }
        await sleep(Math.min(backoffDelay(attempt, 10, 250), deadline - now), options.signal);
        continue;
      }
      // The lock is ours. A holder removes its owner record before it releases, so a record still there names a
      // holder that never released (killed, or too slow to refresh): proper-lockfile found its lock stale and we
      // took it over. (Deciding this from the lock's age before trying raced with the lock turning stale meanwhile.)
      const stale = await this.readOwner();
      const tookOver = stale !== undefined && stale.owner.id !== this.owner.id ? stale.owner : undefined;
      if (tookOver !== undefined) this.logger.log("warn", "took over a stale lock", { resource: this.resource, previousOwner: describeOwner(tookOver) });
      await this.writeOwner().catch((error: unknown) => this.logger.log("warn", "could not write the lock's owner file", { file: this.ownerPath, error: String(error) }));
      handle.attach(release, tookOver, () => fs.rm(this.ownerPath, { force: true }));
      return handle;
    }
  }

  /** Who holds the lock now, or undefined when it is free or stale. */
  async holder(): Promise<LockOwner | undefined> {
    const locked = await lockfile.check(this.resource, { stale: this.staleMs, realpath: false, lockfilePath: this.lockPath }).catch(() => false);
    return locked ? (await this.readOwner())?.owner : undefined;
  }

  private async readOwner(): Promise<OwnerRecord | undefined> {
    try {
      const record = JSON.parse(await fs.readFile(this.ownerPath, "utf8")) as Partial<OwnerRecord>;
      return isLockOwner(record.owner) ? { owner: record.owner, acquiredAt: String(record.acquiredAt) } : undefined;
    } catch {
      return undefined;
    }
  }

  private async writeOwner(): Promise<void> {
    const record: OwnerRecord = { owner: this.owner, acquiredAt: new Date().toISOString() };
    const temp = `${this.ownerPath}.${process.pid}.${Math.random().toString(16).slice(2)}.tmp`;
    await fs.writeFile(temp, `${JSON.stringify(record)}\n`);
    await fs.rename(temp, this.ownerPath);
  }
}

/** The handle of a held {@link FileLock}. */
class FileLockHandle implements LockHandle {
  private state: "pending" | "held" | "released" | "lost" = "pending";
  private lostBecause: unknown;
  private release_: (() => Promise<void>) | undefined;
  private beforeRelease: (() => Promise<void>) | undefined;
  tookOverFrom: LockOwner | undefined;

  constructor(
    readonly resource: string,
    readonly owner: LockOwner,
    private readonly logger: Logger,
  ) {}

  get held(): boolean {
    return this.state === "held";
  }

  attach(release: () => Promise<void>, tookOverFrom: LockOwner | undefined, beforeRelease: () => Promise<void>): void {
    this.release_ = release;
    this.tookOverFrom = tookOverFrom;
    this.beforeRelease = beforeRelease;
    if (this.state === "pending") this.state = "held";
  }

  markLost(error: unknown): void {
    if (this.state === "released") return;
    this.state = "lost";
    this.lostBecause = error;
    this.logger.log("warn", "lost a file lock", { resource: this.resource, error: String(error) });
  }

  assertHeld(): void {
    if (this.state === "held") return;
    if (this.state === "released") throw new LockError("released", this.resource, "the lock was released already; acquire it again");
    throw new LockError(
      "lost",
      this.resource,
      "the lock was lost (not refreshed within its stale time, e.g. the process was suspended, so another process may have taken it over); nothing more was written, acquire it again and redo the change",
      undefined,
      { cause: this.lostBecause },
    );
  }

  async release(): Promise<void> {
    if (this.state !== "held") {
      this.state = this.state === "lost" ? "lost" : "released";
      return;
    }
    this.state = "released";
    await this.beforeRelease?.().catch(() => undefined);
    try {
      await this.release_?.();
    } catch (error) {
      this.logger.log("warn", "releasing a file lock failed", { resource: this.resource, error: String(error) });
    }
  }
}
