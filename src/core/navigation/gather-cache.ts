/**
 * The gather cache: least recently used gathers, bounded by their bytes (samples, trace indices and header
 * columns), not by their count. Pinned gathers (the one on screen, the one being navigated to) are never
 * evicted; protected ones (the prefetch window) are evicted only to make room for a gather the user asked for.
 *
 * @module
 */
import type { Gather } from "../store/lazy-seismic-data";

/**
 * Bytes a gather holds in memory: samples, trace indices and header column buffers.
 *
 * @example
 * ```ts
 * gatherByteSize(await data.getGather(1)); // e.g. 1_447_680 for 240 traces × 1500 float samples + headers
 * ```
 */
export function gatherByteSize(gather: Gather): number {
  let headers = 0;
  for (const batch of gather.headers.batches) headers += batch.data.byteLength;
  return gather.samples.byteLength + gather.traceIndices.byteLength + headers;
}

/** One entry of a {@link GatherCache}. */
export interface CacheEntry {
  gather: Gather;
  /** {@link gatherByteSize} of the gather. */
  bytes: number;
  /** True when prefetch put it there. */
  prefetched: boolean;
  /** True once navigation has asked for it. */
  used: boolean;
}

/** How {@link GatherCache.put} may make room. */
export interface PutOptions {
  /** Put there by prefetch (default false). */
  prefetched?: boolean;
  /** Keys not to evict for this gather unless `force` (the prefetch window). */
  protect?: ReadonlySet<number>;
  /** Always insert: evict protected entries if needed, and go over budget if only pinned ones are left. */
  force?: boolean;
}

/**
 * An LRU cache of gathers bounded by bytes, with pinned keys.
 *
 * @example
 * ```ts
 * const cache = new GatherCache(512e6);
 * cache.pin([gather.key]);
 * cache.put(gather.key, gather, { force: true });
 * cache.get(gather.key); // the gather, now the most recently used
 * ```
 */
export class GatherCache {
  private readonly entries = new Map<number, CacheEntry>();
  private pinned = new Set<number>();
  private held = 0;
  private budget: number;
  /** Entries evicted so far. */
  evictions = 0;
  /** Prefetched entries evicted before navigation ever asked for them. */
  wastedPrefetches = 0;

  constructor(
    budgetBytes: number,
    /** Called with each evicted entry. */
    private readonly onEvict: (key: number, entry: CacheEntry) => void = () => undefined,
  ) {
    this.budget = Math.max(0, budgetBytes);
  }

  /** The bound on {@link bytes} (pinned gathers may go over it). */
  get budgetBytes(): number {
    return this.budget;
  }
  /** Bytes held. */
  get bytes(): number {
    return this.held;
  }
  /** Gathers held. */
  get size(): number {
    return this.entries.size;
  }

  /** Sets the budget and evicts least recently used, unpinned gathers until it holds; returns how many went. */
  setBudget(bytes: number): number {
    this.budget = Math.max(0, bytes);
    return this.evictUntil(() => this.held <= this.budget, () => true);
  }

  /** Replaces the set of pinned keys (never evicted). */
  pin(keys: Iterable<number>): void {
    this.pinned = new Set(keys);
  }

  /** The pinned keys. */
  pinnedKeys(): number[] {
    return [...this.pinned];
  }

  /** True when the gather is held. */
  has(key: number): boolean {
    return this.entries.has(key);
  }

  /** The entry, without changing its recency. */
  peek(key: number): CacheEntry | undefined {
    return this.entries.get(key);
  }

  /** The entry, now the most recently used; marks it used. */
  get(key: number): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.used = true;
    return entry;
  }

  /**
   * Inserts a gather as the most recently used, evicting least recently used unpinned, unprotected gathers to
   * stay within budget. Without `force`, a gather that does not fit that way is not inserted (nothing is
   * evicted for it) and `false` is returned. A key already held is only made the most recently used.
   */
  put(key: number, gather: Gather, options: PutOptions = {}): boolean {
    const held = this.entries.get(key);
    if (held !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, held);
      return true;
    }
    const bytes = gatherByteSize(gather);
    const protect = options.protect ?? new Set<number>();
    const fits = (): boolean => this.held + bytes <= this.budget;
    const freeable = (allowProtected: boolean): number => {
      let n = 0;
      for (const [k, e] of this.entries) if (!this.pinned.has(k) && (allowProtected || !protect.has(k))) n += e.bytes;
      return n;
    };
    const force = options.force === true;
    if (!fits() && !force && this.held - freeable(false) + bytes > this.budget) return false;
    this.evictUntil(fits, (k) => !protect.has(k));
    if (force) this.evictUntil(fits, () => true);
    this.entries.set(key, { gather, bytes, prefetched: options.prefetched === true, used: false });
    this.held += bytes;
    return true;
  }

  /** Drops a gather; true when it was held. */
  delete(key: number): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.remove(key, entry);
    return true;
  }

  /** Drops every gather (pinned ones too). */
  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /** The keys held, least recently used first. */
  keys(): number[] {
    return [...this.entries.keys()];
  }

  private remove(key: number, entry: CacheEntry): void {
    this.entries.delete(key);
    this.held -= entry.bytes;
  }

  private evictUntil(done: () => boolean, allowed: (key: number) => boolean): number {
    let evicted = 0;
    for (const [key, entry] of [...this.entries]) {
      if (done()) break;
      if (this.pinned.has(key) || !allowed(key)) continue;
      this.remove(key, entry);
      this.evictions++;
      if (entry.prefetched && !entry.used) this.wastedPrefetches++;
      this.onEvict(key, entry);
      evicted++;
    }
    return evicted;
  }
}
