/**
 * The store contract every storage backend (local files, memory, later S3 and Azure) implements, modelled on
 * zarrita's `@zarrita/storage` types so that our stores can be handed to zarrita as they are. A store maps
 * absolute keys such as `"/traces/.zarray"` to bytes; a missing key reads as `undefined`, never as an error.
 * The key and range rules every backend shares live here too.
 *
 * @module
 * @example
 * ```ts
 * const store: MutableStore = new MemoryStore();
 * await store.set("/a/b", new Uint8Array([1, 2]));
 * await store.get("/missing"); // undefined
 * ```
 */
import { ValidationError } from "../errors";

/** A store key: an absolute, `/`-separated path such as `"/traces/0.0"` (zarrita's `AbsolutePath`). */
export type StoreKey = `/${string}`;

/**
 * Part of a value: `length` bytes from `offset`, or the last `suffixLength` bytes. Ranges past the end are cut
 * short at the end of the value.
 */
export type RangeQuery = { offset: number; length: number } | { suffixLength: number };

/** Options of a read. */
export interface GetOptions {
  /** Abandons the read; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A store that can be read. Structurally assignable to zarrita's `AsyncReadable`. */
export interface ReadableStore {
  /** The value under `key`, or `undefined` when there is none. */
  get(key: StoreKey, options?: GetOptions): Promise<Uint8Array | undefined>;
  /** Part of the value under `key`, or `undefined` when there is none. */
  getRange?(key: StoreKey, range: RangeQuery, options?: GetOptions): Promise<Uint8Array | undefined>;
}

/** Options of a write. */
export interface SetOptions {
  /**
   * The value need not be on stable storage before `flush`: a store that syncs every write to disk
   * ({@link FileSystemStore}) skips that now and syncs all such writes together on `flush`, which is much faster
   * for many writes in a row. Atomicity is unchanged (readers never see part of a value); only durability
   * across a power failure waits for `flush`. Stores whose writes are durable when done ignore it.
   */
  deferSync?: boolean;
}

/** A store that can be written. Structurally assignable to zarrita's `AsyncWritable`. */
export interface WritableStore {
  /** Stores `value` under `key`, replacing what was there; readers see the old value or the new, never a mix. */
  set(key: StoreKey, value: Uint8Array, options?: SetOptions): Promise<void>;
  /** Makes every write made with `deferSync` durable; stores without it have none pending. */
  flush?(): Promise<void>;
}

/** A store that can be read, written, listed and pruned. */
export type MutableStore = ReadableStore &
  WritableStore & {
    /** Removes `key`; true when there was a value to remove. */
    delete(key: StoreKey): Promise<boolean>;
    /** Every key that starts with `prefix` (default `"/"`, everything), in ascending string order. */
    list(prefix?: StoreKey): AsyncIterable<StoreKey>;
    /** The byte length of the value under `key`, or `undefined` when there is none. */
    size?(key: StoreKey): Promise<number | undefined>;
  };

/**
 * Checks a store key, or (with `prefix`) a list prefix, at run time: it must start with `/`, and must not hold
 * backslashes, NUL characters, `.` or `..` segments, or (for keys) empty segments such as `"/a//b"` or `"/a/"`.
 * Throws a ValidationError naming `role` otherwise, so that no key can reach outside its store.
 *
 * @example
 * ```ts
 * assertStoreKey("/traces/0.0"); // fine
 * assertStoreKey("/../etc/passwd"); // throws ValidationError
 * ```
 */
export function assertStoreKey(key: string, role = "key", prefix = false): asserts key is StoreKey {
  const fail = (why: string): never => {
    throw new ValidationError(role, `${JSON.stringify(key)} is not a valid store ${prefix ? "prefix" : "key"}: ${why}`);
  };
  if (typeof key !== "string" || !key.startsWith("/")) fail('it must be a string starting with "/", like "/traces/0.0"');
  if (key.includes("\\")) fail('backslashes are not allowed; separate parts with "/"');
  if (key.includes("\0")) fail("NUL characters are not allowed");
  const segments = key.slice(1).split("/");
  // A prefix's last segment is a partial name ("/arr/." matches "/arr/.zarray"), so only whole segments count.
  const inner = prefix ? segments.slice(0, -1) : segments;
  if (inner.some((s) => s === "." || s === "..")) fail('"." and ".." segments are not allowed; keys cannot leave their store');
  if (inner.some((s) => s === "") && !(prefix && key === "/")) fail('empty segments ("//" or a trailing "/") are not allowed');
}

/**
 * The byte span `[start, end)` a range selects from a value of `size` bytes, cut short at the end of the value.
 * Throws a ValidationError for negative or fractional numbers.
 *
 * @example
 * ```ts
 * resolveRange({ offset: 2, length: 10 }, 8); // { start: 2, end: 8 }
 * resolveRange({ suffixLength: 3 }, 8); // { start: 5, end: 8 }
 * ```
 */
export function resolveRange(range: RangeQuery, size: number): { start: number; end: number } {
  const check = (name: string, n: number): number => {
    if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError(`range.${name}`, `must be a whole number >= 0, got ${n}`);
    return n;
  };
  if ("suffixLength" in range) return { start: Math.max(0, size - check("suffixLength", range.suffixLength)), end: size };
  const start = Math.min(size, check("offset", range.offset));
  return { start, end: Math.min(size, start + check("length", range.length)) };
}
