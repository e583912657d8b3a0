/**
 * A store kept as files under a root directory: key `"/traces/0.0"` is the file `<root>/traces/0.0`. Writes are
 * atomic (a temporary file in the same directory, flushed, then renamed over the key), transient file-system
 * errors are retried with backoff, and every other failure becomes a {@link StorageError} that names the file and
 * says what to do.
 *
 * @module
 */
import { promises as nodeFs } from "node:fs";
import * as path from "node:path";
import { StorageError, ValidationError, type StorageOperation } from "../errors";
import { PARTIAL_NAME, partialPath } from "../util/atomic-file";
import { mapConcurrent } from "../util/limiter";
import { DEFAULT_RETRY, withRetry, type RetryOptions } from "./retry";
import { assertStoreKey, resolveRange, type GetOptions, type MutableStore, type RangeQuery, type SetOptions, type StoreKey } from "./types";

/** The `fs.promises` functions the store uses; pass a stand-in through {@link FileSystemStoreOptions} in tests. */
export type FileOperations = Pick<typeof nodeFs, "open" | "stat" | "mkdir" | "rename" | "rm" | "unlink" | "readdir">;

/** Options of a {@link FileSystemStore}. */
export interface FileSystemStoreOptions {
  /** Backoff for transient errors (default {@link DEFAULT_RETRY}). */
  retry?: Omit<RetryOptions, "isTransient" | "signal">;
  /** The file-system functions to call (default `node:fs` promises). */
  fs?: FileOperations;
}

/** Error codes worth another attempt: the file system was busy, interrupted or out of handles for a moment. */
const TRANSIENT_CODES = new Set(["EAGAIN", "EBUSY", "EMFILE", "ENFILE", "EINTR", "ETIMEDOUT"]);

/** Codes that mean "no file holds this key": it is missing, or a directory or a file stands in the way. */
const MISSING_CODES = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

/** What to do about each error code. */
const ADVICE: Record<string, string> = {
  EACCES: "permission denied; check the permissions of the file and its directories, or choose another location",
  EPERM: "operation not permitted; check the permissions of the file and its directories, or choose another location",
  ENOSPC: "no space left on the device; free some space and retry",
  EDQUOT: "disk quota exceeded; free some space or raise the quota",
  EROFS: "the file system is read-only; choose a writable location",
  EISDIR: "a directory stands where the file should be; delete the keys under it or choose another key",
  ENOTEMPTY: "a directory stands where the file should be; delete the keys under it or choose another key",
  ENOTDIR: "a file stands where a directory is needed on the path; on disk a key cannot also be a prefix of other keys, so delete that key or choose another",
  EEXIST: "a file stands where a directory is needed on the path; on disk a key cannot also be a prefix of other keys, so delete that key or choose another",
  ENAMETOOLONG: "the key is too long for this file system; use shorter names",
  ELOOP: "too many symbolic links on the path; check the links under the store's root",
  EIO: "input/output error; the disk or network volume may be failing, check it",
  EBUSY: "the file is busy (locked by another program?); retry later",
  EAGAIN: "the system could not do it right now; retry later",
  EINTR: "the call was interrupted; retry later",
  EMFILE: "too many open files in this process; lower the concurrency or raise the open-file limit (ulimit -n)",
  ENFILE: "too many open files on the system; close other programs' files or raise the system limit",
  ETIMEDOUT: "the file system timed out (a network volume?); check the connection and retry",
};


/**
 * Files synced at once by `flush`. Each sync holds one of libuv's four pool threads until the disk is done, and
 * the import's compression and writes need the others: a 1 GB import took 8.0 s with 32 at once, 6.3 s with 2
 * (the disk is the limit either way: 320 MB/s of synced writes here).
 */
const FLUSH_CONCURRENCY = 2;

/** The error's Node.js errno code (`"ENOENT"`, ...), or undefined for anything else. */
function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/**
 * True for file-system errors that may go away on their own (EAGAIN, EBUSY, EMFILE, ENFILE, EINTR, ETIMEDOUT).
 *
 * @example
 * ```ts
 * isTransientFsError(Object.assign(new Error("busy"), { code: "EBUSY" })); // true
 * isTransientFsError(Object.assign(new Error("denied"), { code: "EACCES" })); // false
 * ```
 */
export function isTransientFsError(error: unknown): boolean {
  return TRANSIENT_CODES.has(errnoCode(error) ?? "");
}

function isMissing(error: unknown): boolean {
  return MISSING_CODES.has(errnoCode(error) ?? "");
}

/**
 * A {@link MutableStore} of files under a root directory, which is created on the first write. Keys are checked
 * by {@link assertStoreKey}, so none can reach outside the root. A key that names a directory holds no value.
 * Unlike an object store, a file system cannot hold both `"/a"` and `"/a/b"`: the second write fails with a
 * StorageError. `list` reports regular files only (symbolic links are skipped).
 *
 * @example
 * ```ts
 * const store = new FileSystemStore("survey.zarr");
 * await store.set("/traces/.zarray", bytes); // atomic
 * const head = await store.getRange("/traces/0.0", { offset: 0, length: 240 });
 * const chunks: string[] = [];
 * for await (const key of store.list("/traces/")) chunks.push(key);
 * ```
 */
export class FileSystemStore implements MutableStore {
  /** The root directory, made absolute. */
  readonly root: string;
  private readonly fs: FileOperations;
  private readonly retry: Omit<RetryOptions, "isTransient" | "signal">;
  /** Directories this store has made (or found) for its writes: no `mkdir` call per write. */
  private readonly madeDirs = new Set<string>();
  /** Files written with `deferSync` and not yet synced. */
  private readonly unsynced = new Set<string>();

  constructor(root: string, options: FileSystemStoreOptions = {}) {
    this.root = path.resolve(root);
    this.fs = options.fs ?? nodeFs;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** The file that holds `key`; throws a ValidationError for a key that is not allowed. */
  filePath(key: StoreKey): string {
    assertStoreKey(key);
    return path.join(this.root, ...key.slice(1).split("/"));
  }

  /**
   * Reads a value, or `undefined` when no file holds the key: open, size, one positional read (a chunk of a
   * megabyte or two comes in one system call, where `readFile` reads 512 KiB at a time), close.
   */
  async get(key: StoreKey, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    return this.read(key, undefined, options);
  }

  /** Reads part of a value with positional reads, or `undefined` when no file holds the key. */
  async getRange(key: StoreKey, range: RangeQuery, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    return this.read(key, range, options);
  }

  /** The bytes of `range` (default all) of the key's file, or `undefined` when no file holds the key. */
  private async read(key: StoreKey, range: RangeQuery | undefined, options: GetOptions): Promise<Uint8Array | undefined> {
    const file = this.filePath(key);
    return this.run("get", key, file, options.signal, async () => {
      options.signal?.throwIfAborted();
      let handle: nodeFs.FileHandle;
      try {
        handle = await this.fs.open(file, "r");
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      try {
        const size = (await handle.stat()).size;
        const { start, end } = range === undefined ? { start: 0, end: size } : resolveRange(range, size);
        const out = new Uint8Array(end - start);
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
          if (bytesRead === 0) break; // the file shrank meanwhile
          done += bytesRead;
        }
        options.signal?.throwIfAborted();
        return done === out.length ? out : out.slice(0, done);
      } catch (error) {
        if (isMissing(error)) return undefined; // EISDIR: a directory holds no value
        throw error;
      } finally {
        await handle.close();
      }
    });
  }

  /**
   * Writes a value atomically: readers see the old bytes or the new, never part of them. The file is synced to
   * disk before it replaces the old one, or with `deferSync` at the next {@link flush}.
   */
  async set(key: StoreKey, value: Uint8Array, options: SetOptions = {}): Promise<void> {
    const file = this.filePath(key);
    const dir = path.dirname(file);
    const name = path.basename(file);
    if (PARTIAL_NAME.test(name)) throw new ValidationError("key", `${key}: names like this are reserved for temporary files; choose another`);
    await this.run("set", key, file, undefined, async () => {
      if (!this.madeDirs.has(dir)) {
        await this.fs.mkdir(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      const temp = partialPath(file);
      let handle: nodeFs.FileHandle | undefined;
      try {
        handle = await this.fs.open(temp, "wx").catch(async (error: unknown) => {
          if (errnoCode(error) !== "ENOENT") throw error;
          await this.fs.mkdir(dir, { recursive: true }); // the directory was removed since it was made
          return this.fs.open(temp, "wx");
        });
        await handle.writeFile(value);
        if (options.deferSync !== true) await handle.sync();
        const closing = handle;
        handle = undefined;
        await closing.close();
        await this.fs.rename(temp, file);
        if (options.deferSync === true) this.unsynced.add(file);
      } catch (error) {
        await handle?.close().catch(() => undefined);
        await this.fs.rm(temp, { force: true }).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Syncs to disk every file written with `deferSync` since the last flush, several at a time, then the
   * directories they were renamed into. Files deleted meanwhile are skipped.
   */
  async flush(): Promise<void> {
    const files = [...this.unsynced];
    this.unsynced.clear();
    const syncPath = (file: string): Promise<void> =>
      this.run("flush", file, file, undefined, async () => {
        let handle: nodeFs.FileHandle;
        try {
          handle = await this.fs.open(file, "r");
        } catch (error) {
          if (isMissing(error)) return;
          throw error;
        }
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      });
    try {
      await mapConcurrent(files, FLUSH_CONCURRENCY, syncPath);
      await mapConcurrent([...new Set(files.map((f) => path.dirname(f)))], FLUSH_CONCURRENCY, syncPath);
    } catch (error) {
      for (const file of files) this.unsynced.add(file); // not known to be durable: the next flush tries again
      throw error;
    }
  }

  /** Deletes a value's file; true when there was one. Emptied directories are left in place. */
  async delete(key: StoreKey): Promise<boolean> {
    const file = this.filePath(key);
    return this.run("delete", key, file, undefined, async () => {
      try {
        await this.fs.unlink(file);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    });
  }

  /** Keys of the regular files whose key starts with `prefix` (default all), sorted; temporary files are skipped. */
  async *list(prefix: StoreKey = "/"): AsyncIterable<StoreKey> {
    assertStoreKey(prefix, "prefix", true);
    const dirKey = prefix.slice(0, prefix.lastIndexOf("/") + 1) as StoreKey;
    const keys = await this.run("list", prefix, path.join(this.root, dirKey), undefined, async () => {
      const found: StoreKey[] = [];
      await this.walk(dirKey, prefix, found);
      return found;
    });
    yield* keys.sort();
  }

  /** The byte length of a value, or `undefined` when no file holds the key. */
  async size(key: StoreKey): Promise<number | undefined> {
    const file = this.filePath(key);
    return this.run("get", key, file, undefined, async () => {
      try {
        const stat = await this.fs.stat(file);
        return stat.isFile() ? stat.size : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    });
  }

  /** Adds the keys of files under the directory of `dirKey` (ending in "/") that start with `prefix`. */
  private async walk(dirKey: StoreKey, prefix: StoreKey, found: StoreKey[]): Promise<void> {
    let entries;
    try {
      entries = await this.fs.readdir(path.join(this.root, dirKey), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const key: StoreKey = `${dirKey}${entry.name}`;
      if (entry.isDirectory() && `${key}/`.startsWith(prefix)) await this.walk(`${key}/`, prefix, found);
      else if (entry.isFile() && key.startsWith(prefix) && !PARTIAL_NAME.test(entry.name)) found.push(key);
    }
  }

  /** Runs `fn` with retries; turns file-system errors into StorageErrors and passes any other error through. */
  private async run<T>(operation: StorageOperation, key: string, file: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, { ...this.retry, isTransient: isTransientFsError, signal });
    } catch (error) {
      const code = errnoCode(error);
      if (code === undefined) throw error;
      const transient = TRANSIENT_CODES.has(code);
      const attempts = this.retry.attempts ?? DEFAULT_RETRY.attempts;
      const advice = ADVICE[code] ?? "unexpected file-system error; see the cause";
      const after = transient ? `, still failing after ${attempts} attempts` : "";
      throw new StorageError(`${file}: ${code}${after}: ${advice}`, { store: this.root, key, operation, transient }, { cause: error });
    }
  }
}
