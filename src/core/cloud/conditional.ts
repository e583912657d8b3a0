/**
 * Conditional writes, for locks and compare-and-swap on object storage where lock files do not work: write only
 * if the key is absent (`If-None-Match: *`), or only if it still holds the version read (`If-Match: <etag>`).
 * {@link S3Store} and {@link AzureBlobStore} implement them with the servers' conditional headers;
 * {@link ConditionalMemoryStore} is the in-memory reference with the same semantics.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { MemoryStore } from "../storage/memory-store";
import { assertStoreKey, type GetOptions, type MutableStore, type StoreKey } from "../storage/types";

/** A value with the version tag the store gave it. */
export interface VersionedValue {
  /** The bytes. */
  bytes: Uint8Array;
  /** The store's version tag (an HTTP ETag, quotes included); pass it back to {@link ConditionalStore.putIfMatch}. */
  etag: string;
}

/**
 * A store that can write and delete on condition. Each method is atomic on the server: of several writers racing
 * with the same condition exactly one succeeds; the others are told so (never an overwrite).
 */
export interface ConditionalStore {
  /** The value under `key` with its version tag, or `undefined` when there is none. */
  getWithEtag(key: StoreKey, options?: GetOptions): Promise<VersionedValue | undefined>;
  /** Writes `value` only if `key` holds nothing; the new version tag, or `undefined` when the key exists. */
  putIfAbsent(key: StoreKey, value: Uint8Array): Promise<string | undefined>;
  /**
   * Writes `value` only if `key` still holds version `etag`; the new version tag, or `undefined` when the value
   * changed or was deleted meanwhile.
   */
  putIfMatch(key: StoreKey, value: Uint8Array, etag: string): Promise<string | undefined>;
  /** Deletes `key` only if it still holds version `etag`; false when it changed or is gone. */
  deleteIfMatch(key: StoreKey, etag: string): Promise<boolean>;
}

/**
 * True when `store` offers conditional writes ({@link ConditionalStore}).
 *
 * @example
 * ```ts
 * const store = openStore("s3://locks/project");
 * if (isConditionalStore(store)) await store.putIfAbsent("/lock", bytes);
 * ```
 */
export function isConditionalStore(store: unknown): store is ConditionalStore {
  const s = store as Partial<ConditionalStore> | null | undefined;
  return typeof s?.getWithEtag === "function" && typeof s.putIfAbsent === "function" && typeof s.putIfMatch === "function" && typeof s.deleteIfMatch === "function";
}

/**
 * A {@link MemoryStore} with conditional writes: the reference the object-storage backends are tested against,
 * and the store behind `memory://` locations. Version tags are fresh quoted UUIDs on every write.
 *
 * @example
 * ```ts
 * const store = new ConditionalMemoryStore();
 * const etag = await store.putIfAbsent("/lock", bytes); // a tag
 * await store.putIfAbsent("/lock", bytes); // undefined: taken
 * await store.putIfMatch("/lock", other, etag!); // a new tag
 * ```
 */
export class ConditionalMemoryStore extends MemoryStore implements MutableStore, ConditionalStore {
  private readonly etags = new Map<StoreKey, string>();

  override async set(key: StoreKey, value: Uint8Array): Promise<void> {
    await super.set(key, value);
    this.etags.set(key, `"${randomUUID()}"`);
  }

  override async delete(key: StoreKey): Promise<boolean> {
    this.etags.delete(key);
    return super.delete(key);
  }

  async getWithEtag(key: StoreKey, options: GetOptions = {}): Promise<VersionedValue | undefined> {
    const bytes = await this.get(key, options);
    const etag = this.etags.get(key);
    return bytes === undefined || etag === undefined ? undefined : { bytes, etag };
  }

  async putIfAbsent(key: StoreKey, value: Uint8Array): Promise<string | undefined> {
    assertStoreKey(key);
    if (this.etags.has(key)) return undefined;
    return this.setNow(key, value);
  }

  async putIfMatch(key: StoreKey, value: Uint8Array, etag: string): Promise<string | undefined> {
    assertStoreKey(key);
    if (this.etags.get(key) !== etag) return undefined;
    return this.setNow(key, value);
  }

  async deleteIfMatch(key: StoreKey, etag: string): Promise<boolean> {
    assertStoreKey(key);
    if (this.etags.get(key) !== etag) return false;
    return this.delete(key);
  }

  /** Writes with no await between the check and the write, so that the check-and-set is atomic. */
  private setNow(key: StoreKey, value: Uint8Array): string {
    void super.set(key, value); // MemoryStore.set does its work synchronously before its first await
    const tag = `"${randomUUID()}"`;
    this.etags.set(key, tag);
    return tag;
  }
}
