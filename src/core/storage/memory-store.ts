/**
 * A store held in memory: for tests, small scratch data and as the reference the other backends are checked
 * against. Values are copied on the way in and out, so no caller can change stored bytes behind the store's back.
 *
 * @module
 */
import { assertStoreKey, resolveRange, type GetOptions, type MutableStore, type RangeQuery, type StoreKey } from "./types";

/**
 * A {@link MutableStore} backed by a `Map`. Keys follow the same rules as on disk (checked by
 * {@link assertStoreKey}); unlike a file system it may hold both `"/a"` and `"/a/b"`.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.set("/meta.json", new TextEncoder().encode("{}"));
 * const bytes = await store.get("/meta.json"); // a copy
 * const keys: string[] = [];
 * for await (const key of store.list("/")) keys.push(key);
 * ```
 */
export class MemoryStore implements MutableStore {
  private readonly values = new Map<StoreKey, Uint8Array>();

  /** Reads a value (a copy), or `undefined`. */
  async get(key: StoreKey, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    options.signal?.throwIfAborted();
    assertStoreKey(key);
    return this.values.get(key)?.slice();
  }

  /** Reads part of a value (a copy), or `undefined`. */
  async getRange(key: StoreKey, range: RangeQuery, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    options.signal?.throwIfAborted();
    assertStoreKey(key);
    const value = this.values.get(key);
    if (value === undefined) return undefined;
    const { start, end } = resolveRange(range, value.length);
    return value.slice(start, end);
  }

  /** Stores a copy of `value`. */
  async set(key: StoreKey, value: Uint8Array): Promise<void> {
    assertStoreKey(key);
    this.values.set(key, new Uint8Array(value)); // a plain copy: Buffer#slice would share memory
  }

  /** Removes a value; true when there was one. */
  async delete(key: StoreKey): Promise<boolean> {
    assertStoreKey(key);
    return this.values.delete(key);
  }

  /** Keys starting with `prefix`, sorted. */
  async *list(prefix: StoreKey = "/"): AsyncIterable<StoreKey> {
    assertStoreKey(prefix, "prefix", true);
    const keys = [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
    yield* keys;
  }

  /** The byte length of a value, or `undefined`. */
  async size(key: StoreKey): Promise<number | undefined> {
    assertStoreKey(key);
    return this.values.get(key)?.length;
  }
}
