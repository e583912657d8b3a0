/**
 * Who holds a lock or wrote a change: a random id for this process's session plus the host, process id and user,
 * so that a person reading a lock or a journal knows whom to ask.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import * as os from "node:os";

/** The owner of a lock or the author of a journal entry. */
export interface LockOwner {
  /** A random id (UUID) made once per process, so that two processes on one host never look alike. */
  id: string;
  /** The host name. */
  host: string;
  /** The process id. */
  pid: number;
  /** The user name (from the operating system, else `$USER`/`$USERNAME`, else `"unknown"`). */
  user: string;
}

let processOwner: LockOwner | undefined;

/** The user's name, without throwing where the system has no entry for the uid (some containers). */
function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}

/**
 * This process as a lock owner: the same object (same `id`) on every call.
 *
 * @example
 * ```ts
 * const me = currentOwner(); // { id: "5f0c...", host: "ws12", pid: 4242, user: "ana" }
 * ```
 */
export function currentOwner(): LockOwner {
  processOwner ??= { id: randomUUID(), host: os.hostname(), pid: process.pid, user: userName() };
  return { ...processOwner };
}

/**
 * A person-readable rendering of an owner, for messages: `user@host (pid N)`.
 *
 * @example
 * ```ts
 * describeOwner(currentOwner()); // "ana@ws12 (pid 4242)"
 * ```
 */
export function describeOwner(owner: LockOwner | undefined): string {
  return owner === undefined ? "an unknown owner" : `${owner.user}@${owner.host} (pid ${owner.pid})`;
}

/**
 * True when `value` looks like a {@link LockOwner} (read back from a lock or journal written by someone else).
 *
 * @example
 * ```ts
 * isLockOwner(JSON.parse(text).owner); // true or false
 * ```
 */
export function isLockOwner(value: unknown): value is LockOwner {
  const v = value as Partial<LockOwner> | null;
  return typeof v === "object" && v !== null && typeof v.id === "string" && typeof v.host === "string" && typeof v.pid === "number" && typeof v.user === "string";
}
