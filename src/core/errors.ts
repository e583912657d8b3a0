/**
 * Typed errors of SeisProc. Every error is a tagged class with the facts that explain it (file, byte offset,
 * key) and an optional `cause`; test for them with {@link isSeisprocError}.
 *
 * @module
 */

/** Options common to every SeisProc error. */
export interface SeisprocErrorOptions {
  /** The lower-level error this one explains. */
  cause?: unknown;
}

/**
 * Base class of every error SeisProc throws on purpose. `tag` names the class in a way that survives bundling
 * and structured cloning.
 *
 * @example
 * ```ts
 * try { await SegyReader.open("missing.sgy"); }
 * catch (e) { if (isSeisprocError(e)) report(`${e.tag}: ${e.message}`); else throw e; }
 * ```
 */
export abstract class SeisprocError extends Error {
  /** The class's tag, e.g. `"SegyFormatError"`. */
  abstract readonly tag: string;

  constructor(message: string, options: SeisprocErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** Where in a SEG-Y or SU file a problem was found. */
export interface SegyLocation {
  /** The file's path. */
  file: string;
  /** 0-based byte offset in the file where the bad value starts, when known. */
  byteOffset?: number;
}

/** Kinds of {@link SegyFormatError}, so that callers can react without parsing messages. */
export type SegyFormatProblem =
  | "truncated"
  | "unsupported-format"
  | "bad-sample-count"
  | "bad-header"
  | "bad-text-header"
  | "bad-argument";

/**
 * A SEG-Y or SU file whose bytes do not make a readable file: truncated, an unknown or unsupported sample
 * format, an absurd sample count. The message says what, where (file and byte offset) and what to do.
 *
 * @example
 * ```ts
 * const e = new SegyFormatError("truncated", "trace 3 is cut short", { file: "a.sgy", byteOffset: 10580 });
 * e.problem; // "truncated"
 * ```
 */
export class SegyFormatError extends SeisprocError {
  readonly tag = "SegyFormatError";
  /** What kind of problem this is. */
  readonly problem: SegyFormatProblem;
  /** The file's path. */
  readonly file: string;
  /** 0-based byte offset of the bad value, when known. */
  readonly byteOffset: number | undefined;

  constructor(problem: SegyFormatProblem, detail: string, where: SegyLocation, options: SeisprocErrorOptions = {}) {
    const at = where.byteOffset === undefined ? "" : ` at byte ${where.byteOffset}`;
    super(`${where.file}${at}: ${detail}`, options);
    this.problem = problem;
    this.file = where.file;
    this.byteOffset = where.byteOffset;
  }
}

/**
 * A path that cannot be used: missing, a directory where a file is needed, not readable or not writable.
 *
 * @example
 * ```ts
 * new FileAccessError("nope.sgy", "no such file; check the path", { cause: err });
 * ```
 */
export class FileAccessError extends SeisprocError {
  readonly tag = "FileAccessError";
  /** The path that could not be used. */
  readonly path: string;

  constructor(path: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${path}: ${detail}`, options);
    this.path = path;
  }
}

/**
 * A value given by the caller (an option, a header map, a field value) that cannot be used.
 *
 * @example
 * ```ts
 * new ValidationError("headerMap.CDP.byte", "byte 239 + 4 bytes runs past the 240-byte header");
 * ```
 */
export class ValidationError extends SeisprocError {
  readonly tag = "ValidationError";
  /** Dotted path of the bad value, e.g. `"options.format"`. */
  readonly key: string;

  constructor(key: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${key}: ${detail}`, options);
    this.key = key;
  }
}

/** The store operations a {@link StorageError} can come from (`getRange` and `size` count as `"get"`). */
export type StorageOperation = "get" | "set" | "delete" | "list" | "flush";

/** Where a {@link StorageError} happened. */
export interface StorageErrorContext {
  /** The store, described for a person: its root directory or URL. */
  store: string;
  /** The key (or, for `"list"`, the prefix) being worked on. */
  key: string;
  /** What the store was doing. */
  operation: StorageOperation;
  /** True when the same call may succeed later (busy, throttled, timed out); false when it needs a fix. */
  transient: boolean;
}

/**
 * A store backend (local files, memory, S3, Azure) could not do what was asked. A missing key is not an error
 * (stores return `undefined`); this is for the rest: permissions, full disks, read-only volumes, a file where a
 * directory is needed, or a transient failure that outlasted its retries. The message says what to do.
 *
 * @example
 * ```ts
 * try { await store.set("/traces/0.0", bytes); }
 * catch (e) { if (isSeisprocError(e, StorageError) && e.transient) scheduleRetry(); else throw e; }
 * ```
 */
export class StorageError extends SeisprocError {
  readonly tag = "StorageError";
  /** The store, described for a person: its root directory or URL. */
  readonly store: string;
  /** The key (or list prefix) being worked on. */
  readonly key: string;
  /** What the store was doing. */
  readonly operation: StorageOperation;
  /** True when the same call may succeed later; false when something must be fixed first. */
  readonly transient: boolean;

  constructor(detail: string, context: StorageErrorContext, options: SeisprocErrorOptions = {}) {
    super(`${context.store}: ${context.operation} ${context.key} failed: ${detail}`, options);
    this.store = context.store;
    this.key = context.key;
    this.operation = context.operation;
    this.transient = context.transient;
  }
}

/**
 * An import that cannot go on: the store holds something else, the source changed, or an unexpected failure
 * (with its `cause`). Re-running an interrupted import resumes it; the message says when to pass `overwrite`.
 *
 * @example
 * ```ts
 * throw new ImportError("line.sgy", "the store already holds a complete import; pass overwrite (--force) to replace it");
 * ```
 */
export class ImportError extends SeisprocError {
  readonly tag = "ImportError";
  /** The file being imported. */
  readonly source: string;

  constructor(source: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${source}: ${detail}`, options);
    this.source = source;
  }
}

/** Any SeisProc error class (the core ones and those of each module), for {@link isSeisprocError}. */
export type SeisprocErrorClass = abstract new (...args: never[]) => SeisprocError;

/**
 * True when `value` is a SeisProc error, optionally of the given class.
 *
 * @example
 * ```ts
 * if (isSeisprocError(e, SegyFormatError) && e.problem === "truncated") { ... }
 * ```
 */
export function isSeisprocError(value: unknown): value is SeisprocError;
export function isSeisprocError<C extends SeisprocErrorClass>(value: unknown, kind: C): value is InstanceType<C>;
export function isSeisprocError(value: unknown, kind?: SeisprocErrorClass): boolean {
  if (!(value instanceof SeisprocError)) return false;
  return kind === undefined || value instanceof kind;
}

/**
 * Turns a Node.js file-system error into a {@link FileAccessError} with advice, or returns other errors as is.
 *
 * @example
 * ```ts
 * await fs.open(p).catch((e) => { throw fileAccessError(p, e); });
 * ```
 */
export function fileAccessError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const advice: Record<string, string> = {
    ENOENT: "no such file or directory; check the path",
    EISDIR: "is a directory, not a file; give the path of a file",
    EACCES: "permission denied; check the file's permissions",
    EPERM: "operation not permitted; check the file's permissions",
    ENOTDIR: "a part of the path is not a directory; check the path",
    ENOSPC: "no space left on the device; free some space and retry",
    EROFS: "the file system is read-only; choose another location",
  };
  if (code !== undefined && code in advice) return new FileAccessError(path, advice[code], { cause: error });
  return error;
}
