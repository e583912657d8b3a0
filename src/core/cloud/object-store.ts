/**
 * What every object-storage store shares, whatever the service: the store contract ({@link MutableStore}) and
 * conditional writes ({@link ConditionalStore}) built on six primitives a backend implements (fetch, head, put,
 * delete, list, multipart upload) and one classifier of its SDK's errors. Here live the semantics that must not
 * differ between S3 and Azure: key checks and prefixes, ranges (suffix ranges become explicit ones), missing keys
 * as `undefined`, sorted listing, bounded concurrency, retries with backoff on throttling and blips, typed errors,
 * and conditional writes that survive a lost response.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import { FileAccessError, fileAccessError, ValidationError, type StorageOperation } from "../errors";
import { withRetry, type RetryOptions } from "../storage/retry";
import { assertStoreKey, resolveRange, type GetOptions, type MutableStore, type RangeQuery, type StoreKey } from "../storage/types";
import { defaultLogger, type Logger } from "../util/logger";
import type { ConditionalStore, VersionedValue } from "./conditional";
import { ConditionalWritesUnsupportedError } from "./errors";
import { failureError, type Failure, type FailureAdvice } from "./failure";
import { Limiter } from "../util/limiter";

/** Facts about one object. */
export interface ObjectStat {
  /** Bytes. */
  size: number;
  /** The version tag (an HTTP ETag, quotes included). */
  etag: string;
  /** When it was last written, when the server says. */
  lastModified: Date | undefined;
}

/**
 * An object as a listing names it.
 *
 * @example
 * ```ts
 * const item: ListedObject = { name: "surveys/line1.seis/traces/0.0", size: 1440004 };
 * ```
 */
export interface ListedObject {
  /** The object's full name (prefix included). */
  name: string;
  /** Bytes. */
  size: number;
}

/** A condition on a write. */
export interface WriteCondition {
  /** Only if nothing is stored under the name (`If-None-Match: *`). */
  ifNoneMatch?: boolean;
  /** Only if the stored version has this tag (`If-Match`). */
  ifMatch?: string;
}

/** Backoff of object stores unless told otherwise: 6 attempts, 100 ms doubling to at most 5 s (3.1 s of waiting in all). */
export const CLOUD_RETRY = { attempts: 6, baseDelayMs: 100, maxDelayMs: 5000 } as const;

/** Options every object store takes. */
export interface ObjectStoreOptions {
  /** Requests running at once (default 16); the rest wait. */
  concurrency?: number;
  /** Backoff for throttling and transient failures (default {@link CLOUD_RETRY}). */
  retry?: Omit<RetryOptions, "isTransient" | "signal">;
  /**
   * `"verify"` (default): before the first conditional write, check once that the server honours
   * `If-None-Match` / `If-Match` on writes, and refuse with {@link ConditionalWritesUnsupportedError} if it ignores
   * them; `"trust"`: skip the check.
   */
  conditionalWrites?: "verify" | "trust";
  /** Part size of {@link ObjectStore.uploadFile} (default 16 MiB; S3 needs at least 5 MiB but for the last part). */
  partBytes?: number;
  /** Where retries are logged (at `debug`; default {@link defaultLogger}). */
  logger?: Logger;
}

/** Options of {@link ObjectStore.uploadFile}. */
export interface UploadOptions {
  /** Part size (default: the store's `partBytes`). Files up to one part go up in a single request. */
  partBytes?: number;
  /** Parts uploading at once (default 4). */
  concurrency?: number;
  /** Hears the bytes uploaded so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Runs one request with the store's retries and limiter. */
export type RequestRunner = <T>(fn: () => Promise<T>) => Promise<T>;

const DEFAULT_PART_BYTES = 16 << 20;

/**
 * The base of {@link S3Store} and {@link AzureBlobStore}: a store under `prefix` in one bucket or container. Key
 * `"/traces/0.0"` is the object `<prefix>/traces/0.0`. Unlike a directory, an object store can hold both `"/a"`
 * and `"/a/b"`. Objects whose names are not valid store keys (`"a//b"`, a trailing `/`) are not listed.
 *
 * @example
 * ```ts
 * class MyStore extends ObjectStore { ... } // implement the primitives and classify()
 * ```
 */
export abstract class ObjectStore implements MutableStore, ConditionalStore {
  /** The store's location, e.g. `s3://bucket/prefix`. */
  readonly url: string;
  /** The object-name prefix of every key: `""` or `"some/prefix/"`. */
  protected readonly namePrefix: string;
  /** Bounds the requests in flight. */
  protected readonly limiter: Limiter;
  /** What the error messages say about credentials, the container and the endpoint. */
  protected abstract readonly advice: FailureAdvice;
  private readonly retry: Omit<RetryOptions, "isTransient" | "signal">;
  private readonly conditionalWrites: "verify" | "trust";
  private readonly partBytes: number;
  private readonly logger: Logger;
  private conditionalCheck: Promise<void> | undefined;

  protected constructor(url: string, prefix: string, options: ObjectStoreOptions = {}) {
    this.url = url;
    this.namePrefix = prefix === "" ? "" : `${prefix.replace(/\/+$/, "")}/`;
    this.limiter = new Limiter(options.concurrency ?? 16);
    this.retry = options.retry ?? CLOUD_RETRY;
    this.conditionalWrites = options.conditionalWrites ?? "verify";
    this.partBytes = checkPartBytes(options.partBytes ?? DEFAULT_PART_BYTES);
    this.logger = options.logger ?? defaultLogger();
  }

  /** Reads a whole object (with its tag); throws the SDK's error. */
  protected abstract fetchObject(name: string, range: { start: number; end: number } | undefined, signal: AbortSignal | undefined): Promise<{ bytes: Uint8Array; etag: string }>;
  /** Facts about an object; throws the SDK's error (a "missing" one when there is none). */
  protected abstract headObject(name: string, signal: AbortSignal | undefined): Promise<ObjectStat>;
  /** Writes an object in one request, on condition; its new tag. */
  protected abstract putObject(name: string, bytes: Uint8Array, condition: WriteCondition): Promise<string>;
  /** Deletes an object, if `ifMatch`, only that version. */
  protected abstract deleteObject(name: string, ifMatch: string | undefined): Promise<void>;
  /** The names and sizes of every object starting with `prefix`, in any order. */
  protected abstract listObjects(prefix: string, signal: AbortSignal | undefined): Promise<ListedObject[]>;
  /** Uploads `partCount` parts read by `readPart` as one object that appears only when complete. */
  protected abstract uploadParts(
    name: string,
    partCount: number,
    readPart: (index: number) => Promise<Uint8Array>,
    run: RequestRunner,
    concurrency: number,
    partDone: (bytes: number) => void,
  ): Promise<void>;
  /** What an error of this backend's SDK means. */
  protected abstract classify(error: unknown): Failure;

  /** The object name of `key`; throws a ValidationError for a key that is not allowed. */
  objectName(key: StoreKey): string {
    assertStoreKey(key);
    return this.namePrefix + key.slice(1);
  }

  /** Reads a value, or `undefined` when there is none. */
  async get(key: StoreKey, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const name = this.objectName(key);
    const found = await this.request("get", key, options.signal, () => this.fetchObject(name, undefined, options.signal), missingAs(undefined));
    return found?.bytes;
  }

  /** Reads part of a value with one ranged request (a suffix range costs a HEAD first), or `undefined`. */
  async getRange(key: StoreKey, range: RangeQuery, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const name = this.objectName(key);
    resolveRange(range, 0); // checks the numbers
    if ("suffixLength" in range) {
      // Some servers (s3rver) answer `bytes=-N` wrongly: ask for explicit bytes.
      const size = await this.size(key, options);
      if (size === undefined) return undefined;
      return this.readSpan(key, name, resolveRange(range, size), options.signal);
    }
    return this.readSpan(key, name, { start: range.offset, end: range.offset + range.length }, options.signal);
  }

  /** Writes a value in one request; readers see the old value or the new, never a mix. */
  async set(key: StoreKey, value: Uint8Array): Promise<void> {
    const name = this.objectName(key);
    await this.request("set", key, undefined, () => this.putObject(name, value, {}));
  }

  /** Deletes a value; true when there was one. */
  async delete(key: StoreKey): Promise<boolean> {
    const name = this.objectName(key);
    if ((await this.stat(key)) === undefined) return false;
    await this.request("delete", key, undefined, () => this.deleteObject(name, undefined), missingAs(undefined));
    return true;
  }

  /** Keys starting with `prefix` (default all), sorted. */
  async *list(prefix: StoreKey = "/"): AsyncIterable<StoreKey> {
    for (const { key } of await this.listed(prefix)) yield key;
  }

  /**
   * Keys starting with `prefix` (default all) with their sizes, sorted by key: what the listing already says, so
   * sizing a whole store costs one request per thousand objects instead of one per object.
   */
  async *listSizes(prefix: StoreKey = "/"): AsyncIterable<{ key: StoreKey; size: number }> {
    yield* await this.listed(prefix);
  }

  private async listed(prefix: StoreKey): Promise<{ key: StoreKey; size: number }[]> {
    assertStoreKey(prefix, "prefix", true);
    const objects = await this.request("list", prefix, undefined, () => this.listObjects(this.namePrefix + prefix.slice(1), undefined));
    const out: { key: StoreKey; size: number }[] = [];
    for (const { name, size } of objects) {
      const key = `/${name.slice(this.namePrefix.length)}`;
      if (name.startsWith(this.namePrefix) && isStoreKey(key)) out.push({ key, size });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** The byte length of a value, or `undefined`. */
  async size(key: StoreKey, options: GetOptions = {}): Promise<number | undefined> {
    return (await this.stat(key, options))?.size;
  }

  /** Size, version tag and time of a value, or `undefined` when there is none. */
  async stat(key: StoreKey, options: GetOptions = {}): Promise<ObjectStat | undefined> {
    const name = this.objectName(key);
    return this.request("get", key, options.signal, () => this.headObject(name, options.signal), missingAs(undefined));
  }

  /** A value with its version tag, or `undefined`. */
  async getWithEtag(key: StoreKey, options: GetOptions = {}): Promise<VersionedValue | undefined> {
    const name = this.objectName(key);
    return this.request("get", key, options.signal, () => this.fetchObject(name, undefined, options.signal), missingAs(undefined));
  }

  /** Writes only if the key holds nothing (`If-None-Match: *`); the new tag, or `undefined` when it exists. */
  async putIfAbsent(key: StoreKey, value: Uint8Array): Promise<string | undefined> {
    return this.conditionalPut(key, value, { ifNoneMatch: true });
  }

  /** Writes only if the key still holds version `etag` (`If-Match`); the new tag, or `undefined`. */
  async putIfMatch(key: StoreKey, value: Uint8Array, etag: string): Promise<string | undefined> {
    if (typeof etag !== "string" || etag === "") throw new ValidationError("etag", "must be the tag getWithEtag or a put returned");
    return this.conditionalPut(key, value, { ifMatch: etag });
  }

  /** Deletes only if the key still holds version `etag`; false when it changed or is gone. */
  async deleteIfMatch(key: StoreKey, etag: string): Promise<boolean> {
    const name = this.objectName(key);
    await this.ensureConditionalWrites(key);
    let attempts = 0;
    const refused = Symbol("refused");
    const result = await this.request("delete", key, undefined, async () => {
      attempts++;
      await this.deleteObject(name, etag);
      return true as const;
    }, (f) => (f.kind === "precondition" || f.kind === "missing" ? { value: refused } : undefined));
    // A retried delete may have succeeded the first time and lost its answer: then the key is gone.
    if (result === refused) return attempts > 1 && (await this.stat(key)) === undefined;
    return true;
  }

  /**
   * Uploads a local file as the value of `key`: one request up to one part, else a multipart upload (S3) or
   * staged blocks (Azure), parts in parallel. The object appears only when complete; a failed upload leaves the
   * old value, if any, in place.
   */
  async uploadFile(key: StoreKey, file: string, options: UploadOptions = {}): Promise<void> {
    const name = this.objectName(key);
    const partBytes = checkPartBytes(options.partBytes ?? this.partBytes);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, "r");
    } catch (error) {
      throw fileAccessError(file, error);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new FileAccessError(file, "is not a regular file; give the path of a file to upload");
      const size = stat.size;
      const readPart = async (index: number): Promise<Uint8Array> => {
        const start = index * partBytes;
        const bytes = new Uint8Array(Math.min(partBytes, size - start));
        let done = 0;
        while (done < bytes.length) {
          const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
          if (bytesRead === 0) throw new FileAccessError(file, `shrank to ${start + done} bytes while it was uploaded; upload it again when it is complete`);
          done += bytesRead;
        }
        return bytes;
      };
      if (size <= partBytes) {
        await this.set(key, await readPart(0));
        options.onProgress?.(size, size);
        return;
      }
      let uploaded = 0;
      const run: RequestRunner = (fn) => this.request("set", key, undefined, fn);
      const partDone = (bytes: number): void => {
        uploaded += bytes;
        options.onProgress?.(uploaded, size);
      };
      await this.uploadParts(name, Math.ceil(size / partBytes), readPart, run, options.concurrency ?? 4, partDone);
    } finally {
      await handle.close();
    }
  }

  /**
   * Checks once that the server honours conditional writes (a probe object under the prefix is written twice with
   * `If-None-Match: *` and once with a wrong `If-Match`, then deleted); rejects with
   * {@link ConditionalWritesUnsupportedError} when it ignores them. Called before the first conditional write.
   */
  async verifyConditionalWrites(): Promise<void> {
    this.conditionalCheck ??= this.probeConditionalWrites().catch((error: unknown) => {
      if (!(error instanceof ConditionalWritesUnsupportedError)) this.conditionalCheck = undefined; // try again next time
      throw error;
    });
    return this.conditionalCheck;
  }

  /**
   * Runs one request with retries (transient failures, backed off) inside the concurrency bound, and turns the
   * final error into a typed one. `accept` may turn a classified failure (a missing key, a failed condition) into
   * a result instead.
   */
  protected async request<T, A = never>(operation: StorageOperation, key: string, signal: AbortSignal | undefined, fn: () => Promise<T>, accept?: (failure: Failure) => { value: A } | undefined): Promise<T | A> {
    let attempts = 0;
    try {
      return await withRetry(
        () => {
          attempts++;
          return this.limiter.run(fn);
        },
        {
          ...this.retry,
          signal,
          isTransient: (error) => this.classify(error).kind === "transient",
          onRetry: (error, attempt, delayMs) => this.logger.log("debug", "retrying an object-storage request", { store: this.url, key, operation, attempt, delayMs, code: this.classify(error).code }),
        },
      );
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason ?? error;
      const failure = this.classify(error);
      const accepted = accept?.(failure);
      if (accepted !== undefined) return accepted.value;
      if (failure.kind === "aborted") throw error;
      throw failureError(failure, error, { store: this.url, key, operation }, this.advice, attempts);
    }
  }

  private async readSpan(key: StoreKey, name: string, span: { start: number; end: number }, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    const empty = new Uint8Array(0);
    if (span.end <= span.start) return (await this.stat(key, { signal })) === undefined ? undefined : empty;
    const found = await this.request(
      "get",
      key,
      signal,
      () => this.fetchObject(name, { start: span.start, end: span.end }, signal),
      (f) => (f.kind === "missing" ? { value: "missing" as const } : f.kind === "range" ? { value: "past-end" as const } : undefined),
    );
    if (found === "missing") return undefined;
    // 416: the range starts at or past the end; the value exists (or vanished meanwhile).
    if (found === "past-end") return (await this.stat(key, { signal })) === undefined ? undefined : empty;
    // More bytes than asked for: a server that ignored the Range header and sent the whole object.
    return found.bytes.length > span.end - span.start ? found.bytes.slice(span.start, span.end) : found.bytes;
  }

  private async conditionalPut(key: StoreKey, value: Uint8Array, condition: WriteCondition): Promise<string | undefined> {
    const name = this.objectName(key);
    await this.ensureConditionalWrites(key);
    let attempts = 0;
    const etag = await this.request("set", key, undefined, () => {
      attempts++;
      return this.putObject(name, value, condition);
    }, (f) => (f.kind === "precondition" || (condition.ifMatch !== undefined && f.kind === "missing") ? { value: undefined } : undefined));
    if (etag !== undefined || attempts === 1) return etag;
    // Refused on a retry: the first attempt may have been written and its answer lost. Ours if the bytes are ours.
    const now = await this.getWithEtag(key);
    return now !== undefined && sameBytes(now.bytes, value) ? now.etag : undefined;
  }

  private async ensureConditionalWrites(key: StoreKey): Promise<void> {
    if (this.conditionalWrites === "trust") return;
    try {
      await this.verifyConditionalWrites();
    } catch (error) {
      if (error instanceof ConditionalWritesUnsupportedError) {
        throw new ConditionalWritesUnsupportedError(this.url, key, error.message.slice(error.message.indexOf("failed: ") + 8), { cause: error.cause });
      }
      throw error;
    }
  }

  private async probeConditionalWrites(): Promise<void> {
    const key = `/.seisproc-conditional-probe-${randomUUID()}` as StoreKey;
    const name = this.objectName(key);
    const refused = (f: Failure) => (f.kind === "precondition" || f.kind === "missing" ? { value: "refused" as const } : undefined);
    await this.request("set", key, undefined, () => this.putObject(name, new Uint8Array([1]), { ifNoneMatch: true }), refused);
    try {
      const again = await this.request("set", key, undefined, () => this.putObject(name, new Uint8Array([2]), { ifNoneMatch: true }), refused);
      const wrongTag = await this.request("set", key, undefined, () => this.putObject(name, new Uint8Array([3]), { ifMatch: '"seisproc-no-such-version"' }), refused);
      if (again !== "refused" || wrongTag !== "refused") {
        const ignored = [again !== "refused" && "If-None-Match: *", wrongTag !== "refused" && "If-Match"].filter((h) => h !== false).join(" and ");
        throw new ConditionalWritesUnsupportedError(
          this.url,
          key,
          `the server at ${this.advice.endpoint} ignores ${ignored} on writes, so locks and compare-and-swap written here would silently overwrite each other ` +
            "(s3rver 3.7.1 does this); use a server that honours conditional writes (AWS S3, Azure Blob Storage, Azurite, MinIO), or lock files on a shared file system",
        );
      }
    } finally {
      await this.request("delete", key, undefined, () => this.deleteObject(name, undefined), missingAs(undefined)).catch(() => undefined);
    }
  }
}

/** An `accept` for {@link ObjectStore.request} that turns a missing object into `value`. */
function missingAs<A>(value: A): (failure: Failure) => { value: A } | undefined {
  return (failure) => (failure.kind === "missing" ? { value } : undefined);
}

function isStoreKey(key: string): key is StoreKey {
  try {
    assertStoreKey(key);
    return true;
  } catch {
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function checkPartBytes(partBytes: number): number {
  if (!Number.isSafeInteger(partBytes) || partBytes < 1) throw new ValidationError("partBytes", `must be a whole number of bytes >= 1, got ${partBytes}`);
  return partBytes;
}
