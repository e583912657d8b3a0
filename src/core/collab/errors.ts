/**
 * Typed errors of shared projects: a lock that cannot be taken or was lost ({@link LockError}), concurrent edits
 * that touch the same values differently ({@link MergeConflictError}), and a write to something opened read-only
 * ({@link ReadOnlyError}). Each names the resource and says what to do.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";
import type { LockOwner } from "./owner";
import type { JsonValue } from "../project/json-value";
import type { MergeConflict } from "./json-path";

/** Kinds of {@link LockError}, so that callers can react without parsing messages. */
export type LockProblem =
  /** Another owner holds the lock and did not let go within the wait. */
  | "timeout"
  /** The lock was ours but is not any more: it expired, was taken over or its lock file vanished. */
  | "lost"
  /** The lock was released already. */
  | "released"
  /** The lock could not be created at all (permissions, missing directory, a broken store). */
  | "unavailable";

/**
 * A lock could not be taken, or a lock we held was lost. `holder` is the owner that holds it when known.
 *
 * @example
 * ```ts
 * let busyWith: string | undefined;
 * try { await new FileLock("survey.seisproc.json").acquire({ timeoutMs: 5000 }); }
 * catch (e) { if (e instanceof LockError && e.problem === "timeout") busyWith = e.holder?.user; else throw e; }
 * ```
 */
export class LockError extends SeisprocError {
  readonly tag = "LockError";
  /** What went wrong. */
  readonly problem: LockProblem;
  /** The locked resource: a file path or a store key with its store. */
  readonly resource: string;
  /** Who holds the lock, when known. */
  readonly holder: LockOwner | undefined;

  constructor(problem: LockProblem, resource: string, detail: string, holder?: LockOwner, options: SeisprocErrorOptions = {}) {
    super(`${resource}: ${detail}`, options);
    this.problem = problem;
    this.resource = resource;
    this.holder = holder;
  }
}

/**
 * Two writers changed the same values of a document differently since the version both started from. Nothing
 * was written; `conflicts` lists each conflicting path with the three versions of its value (`undefined` where
 * the value was absent or deleted), and `base`, `ours`, `theirs` are the whole documents. Resolve the conflicts
 * (edit the document, or pass a resolver) and save again.
 *
 * @example
 * ```ts
 * let conflicts: Array<{ path: string; ours: unknown; theirs: unknown }> = [];
 * try { await project.save(); }
 * catch (e) {
 *   if (e instanceof MergeConflictError) conflicts = e.conflicts.map((c) => ({ path: c.path, ours: c.ours, theirs: c.theirs }));
 *   else throw e;
 * }
 * ```
 */
export class MergeConflictError extends SeisprocError {
  readonly tag = "MergeConflictError";
  /** The document being merged: a file path or a store key. */
  readonly resource: string;
  /** Every conflicting path with its base, ours and theirs values. */
  readonly conflicts: readonly MergeConflict[];
  /** The version both writers started from. */
  readonly base: JsonValue | undefined;
  /** This writer's version. */
  readonly ours: JsonValue;
  /** The version found on disk (or in the store) when saving. */
  readonly theirs: JsonValue;

  constructor(resource: string, conflicts: readonly MergeConflict[], versions: { base: JsonValue | undefined; ours: JsonValue; theirs: JsonValue }, options: SeisprocErrorOptions = {}) {
    const shown = conflicts.slice(0, 5).map((c) => `${c.path || "(the whole document)"}: ours ${brief(c.ours)}, theirs ${brief(c.theirs)}`);
    const more = conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : "";
    super(
      `${resource}: ${conflicts.length} conflicting change(s) with another writer, nothing was saved (${shown.join("; ")}${more}); ` +
        "reload, resolve the conflicts (or save with a resolver) and save again",
      options,
    );
    this.resource = resource;
    this.conflicts = conflicts;
    this.base = versions.base;
    this.ours = versions.ours;
    this.theirs = versions.theirs;
  }
}

/** A short, one-line rendering of a value for messages. */
function brief(value: JsonValue | undefined): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A write to a store or project opened read-only. Nothing was changed.
 *
 * @example
 * ```ts
 * const store = readOnly(new FileSystemStore("survey.zarr"));
 * await store.set("/a", bytes); // throws ReadOnlyError (operation "set", key "/a")
 * ```
 */
export class ReadOnlyError extends SeisprocError {
  readonly tag = "ReadOnlyError";
  /** The store or project that is read-only. */
  readonly resource: string;
  /** The refused operation, e.g. `"set"`, `"delete"`, `"save"`. */
  readonly operation: string;
  /** The key or path the write was aimed at, when there is one. */
  readonly key: string | undefined;

  constructor(resource: string, operation: string, key?: string, options: SeisprocErrorOptions = {}) {
    const at = key === undefined ? "" : ` ${key}`;
    super(`${resource}: ${operation}${at} refused: opened read-only; open it writable (without readOnly) to change it`, options);
    this.resource = resource;
    this.operation = operation;
    this.key = key;
  }
}
