/**
 * A least-recently-used cache of decoded header columns, bounded by bytes, shared by the parts of a
 * `HeaderTable`. Reads of the same column of the same part that are in flight at once decode it once.
 *
 * @module
 */
import type { ColumnArray } from "./header-columns";

/**
 * What the cache holds and how it has been used.
 *
 * @example
 * ```ts
 * const { hits, misses, bytes } = table.cacheUsage();
 * ```
 */
export interface ColumnCacheUsage {
  /** Columns held. */
  entries: number;
  /** Bytes held. */
  bytes: number;
  /** The bound on `bytes`. */
  maxBytes: number;
  /** Lookups answered from the cache (or from a read already in flight). */
  hits: number;
  /** Lookups that had to decode. */
  misses: number;
}

/**
 * An LRU cache of column arrays by key, bounded by their total byte length. An array larger than the bound
 * is returned but not kept.
 *
 * @example
 * ```ts
 * const cache = new ColumnCache(64 << 20);
 * const [cdp, offset] = await cache.getMany(["0/CDP", "0/offset"], (missing) => loadColumns(missing));
 * ```
 */
export class ColumnCache {
  private readonly entries = new Map<string, ColumnArray>();
  private readonly pending = new Map<string, Promise<ColumnArray>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    /** Bound on the bytes held (0 disables caching). */
    readonly maxBytes: number,
  ) {}

  /** True when `key` is held or being read (no effect on recency or counts). */
  has(key: string): boolean {
    return this.entries.has(key) || this.pending.has(key);
  }

  /** The array under `key`, marking it most recently used, or `undefined`. */
  peek(key: string): ColumnArray | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
    }
    return hit;
  }

  /**
   * The arrays under `keys`, in order: from the cache, from reads in flight, or else all missing ones from one
   * call of `load` (then kept). `load` must return an array for every key it is given.
   */
  async getMany(keys: readonly string[], load: (missing: string[]) => Promise<ReadonlyMap<string, ColumnArray>>): Promise<ColumnArray[]> {
    const found = new Map<string, ColumnArray | Promise<ColumnArray>>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const hit = this.peek(key) ?? this.pending.get(key);
      if (hit === undefined) missing.push(key);
      else {
        if (hit instanceof Promise) this.hits++;
        found.set(key, hit);
      }
    }
    if (missing.length > 0) {
      this.misses += missing.length;
      const batch = load(missing);
      for (const key of missing) {
        const one = batch.then((arrays) => {
          const value = arrays.get(key);
          if (value === undefined) throw new Error(`column cache: the loader returned no array for ${key}`);
          this.put(key, value);
          return value;
        });
        // Unhandled rejections are avoided: every promise is awaited below.
        found.set(key, one);
        this.pending.set(key, one);
        void one.then(
          () => this.pending.delete(key),
          () => this.pending.delete(key),
        );
      }
    }
    return Promise.all(keys.map((key) => found.get(key) as ColumnArray | Promise<ColumnArray>));
  }

  /** Keeps `value` under `key` (evicting the least recently used entries to stay within `maxBytes`). */
  put(key: string, value: ColumnArray): void {
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.byteLength;
    }
    if (value.byteLength > this.maxBytes) return;
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.byteLength;
    }
  }

  /** Drops everything. */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** Counts and sizes. */
  usage(): ColumnCacheUsage {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses };
  }
}
