/**
 * `GatherNavigator`: moves through the gathers of one dataset (next, previous, jump) with a byte-bounded LRU
 * cache and parallel prefetch of the neighbours, favouring the direction of travel. Requests that navigation
 * makes stale are cancelled through an `AbortSignal` down to the store's reads. The gather on screen and the one
 * being navigated to are pinned: prefetch never evicts them.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { Gather } from "../store/lazy-seismic-data";
import { defaultLogger, type Logger } from "../util/logger";
import { NavigationCancelledError, NavigatorError } from "./errors";
import { GatherCache } from "./gather-cache";
import { GatherReads, type GatherRead, type GatherSource } from "./gather-reads";
import { budgetBytes, normalizeBudget, systemMemoryProbe, type CacheBudget, type MemoryProbe, type NormalizedBudget } from "./memory-budget";
import type { CacheStats, GatherNavigatorEvents, GatherSourceKind, WarmUpReport } from "./navigator-events";
import { checkPrefetchDepth, prefetchPlan, type TravelDirection } from "./prefetch-plan";
import { TypedEmitter } from "./typed-emitter";

/** Options of a {@link GatherNavigator}. */
export interface GatherNavigatorOptions {
  /** Bytes the cache may hold, or a budget policy (default: adaptive, a quarter of available memory). */
  budget?: CacheBudget | number;
  /** Prefetch neighbouring gathers (default true). */
  prefetch?: boolean;
  /** Gathers prefetched on each side, 1–5 (default 2). */
  prefetchDepth?: number;
  /** Prefetch reads in flight at once, 1–16 (default 2). */
  prefetchConcurrency?: number;
  /** Header columns read with each gather (default: the store's default set). */
  columns?: string[];
  /** Where adaptive budgets look at memory (default: the system and its cgroup limits). */
  memoryProbe?: MemoryProbe;
  /** How often an adaptive budget is re-evaluated, in ms (default 2000; 0: only on {@link GatherNavigator.refreshBudget}). */
  budgetRefreshMs?: number;
  /** Where messages go (default: the library's logger). */
  logger?: Logger;
}

const DEFAULT_DEPTH = 2;
const DEFAULT_CONCURRENCY = 2;

/**
 * Navigation through one dataset's gathers, with cache, prefetch and statistics.
 *
 * @example
 * ```ts
 * const data = await LazySeismicData.open(new FileSystemStore("line.seis"));
 * const nav = new GatherNavigator(data, { budget: 512e6, prefetchDepth: 3 });
 * nav.on("gather-changed", (e) => draw(e.gather));
 * nav.on("cache-stats", (s) => status(`${s.entries} gathers, hit rate ${Math.round(s.hitRate * 100)} %`));
 * await nav.warmUp();
 * await nav.next();
 * await nav.goTo(120);
 * nav.dispose();
 * ```
 */
export class GatherNavigator extends TypedEmitter<GatherNavigatorEvents> {
  private readonly keys: readonly number[];
  private readonly positions: Map<number, number>;
  private readonly cache: GatherCache;
  private readonly reads: GatherReads;
  private readonly probe: MemoryProbe;
  private readonly refreshMs: number;
  private readonly logger: Logger;
  private budget: NormalizedBudget;
  private availableBytes: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private queue: number[] = [];
  private window = new Set<number>();
  private target: number | undefined;
  private shown: { key: number; index: number; gather: Gather } | undefined;
  private direction: TravelDirection = 1;
  private depth: number;
  private concurrency: number;
  private prefetchOn: boolean;
  private suspended = false;
  private disposed = false;
  private statsPending = false;
  private idleWaiters: Array<() => void> = [];
  private warmUpReport: WarmUpReport | null = null;
  private lastGatherBytes = 0;
  /** Navigation requests waiting for their gather. */
  private navigating = 0;
  private readonly counts = { hits: 0, misses: 0, joined: 0, completed: 0, dropped: 0, failed: 0, unqueued: 0, prefetchHits: 0 };

  constructor(source: GatherSource, options: GatherNavigatorOptions = {}) {
    super();
    this.keys = source.gatherKeys();
    this.positions = new Map(this.keys.map((k, i) => [k, i]));
    this.reads = new GatherReads(source, options.columns, {
      loaded: (read, gather) => this.loaded(read, gather),
      failed: (read, error) => this.loadFailed(read, error),
      settled: () => {
        this.pump();
        this.statsChanged();
      },
    });
    this.probe = options.memoryProbe ?? systemMemoryProbe;
    this.refreshMs = options.budgetRefreshMs ?? 2000;
    this.logger = options.logger ?? defaultLogger();
    this.depth = checkPrefetchDepth(options.prefetchDepth ?? DEFAULT_DEPTH);
    this.concurrency = checkConcurrency(options.prefetchConcurrency ?? DEFAULT_CONCURRENCY);
    this.prefetchOn = options.prefetch ?? true;
    this.budget = normalizeBudget(options.budget ?? { kind: "adaptive" });
    this.cache = new GatherCache(0);
    this.refreshBudget();
    this.startTimer();
  }

  /** Number of gathers. */
  get gatherCount(): number {
    return this.keys.length;
  }

  /** Gather keys, ascending. */
  gatherKeys(): readonly number[] {
    return this.keys;
  }

  /** The gather on screen (the last one `gather-changed` announced), or undefined before the first. */
  current(): Gather | undefined {
    return this.shown?.gather;
  }

  /** The gather navigation asked for last (it may still be loading), or undefined before the first request. */
  position(): { key: number; index: number } | undefined {
    return this.target === undefined ? undefined : { key: this.keys[this.target], index: this.target };
  }

  /**
   * The gather with key `key` when the cache holds it or a read of it is in flight (prefetch's or navigation's),
   * without navigating there: no hit or miss is counted, the LRU order and the prefetch window stay as they are.
   * Undefined when having it would take a new read. `source` says where it comes from: `"prefetch"` for a
   * prefetched gather not yet navigated to (or its read in flight), `"cache"` for one navigation had before.
   * A read in flight may still be cancelled by later navigation (its promise then rejects with
   * NavigationCancelledError).
   *
   * @example
   * ```ts
   * const ahead = nav.peek(key);
   * const gather = ahead !== undefined ? await ahead.gather : await data.getGather(key);
   * ```
   */
  peek(key: number): { gather: Promise<Gather>; source: GatherSourceKind } | undefined {
    if (this.disposed) return undefined;
    const cached = this.cache.peek(key);
    if (cached !== undefined) return { gather: Promise.resolve(cached.gather), source: cached.prefetched && !cached.used ? "prefetch" : "cache" };
    const read = this.reads.get(key);
    if (read !== undefined) return { gather: read.promise, source: read.prefetch ? "prefetch" : "store" };
    return undefined;
  }

  /** True when there is a gather after the one navigated to. */
  hasNext(): boolean {
    return this.keys.length > 0 && (this.target ?? -1) < this.keys.length - 1;
  }

  /** True when there is a gather before the one navigated to. */
  hasPrevious(): boolean {
    return (this.target ?? 0) > 0;
  }

  /** The next gather (the first before any navigation; the last stays the last). */
  next(): Promise<Gather> {
    return this.goToIndex(this.target === undefined ? 0 : Math.min(this.target + 1, this.keys.length - 1));
  }

  /** The previous gather (the first stays the first). */
  previous(): Promise<Gather> {
    return this.goToIndex(this.target === undefined ? 0 : Math.max(this.target - 1, 0));
  }

  /** The first gather. */
  first(): Promise<Gather> {
    return this.goToIndex(0);
  }

  /** The last gather. */
  last(): Promise<Gather> {
    return this.goToIndex(this.keys.length - 1);
  }

  /** The gather with key `key`; a key the dataset lacks is a NavigatorError naming the range. */
  goTo(key: number): Promise<Gather> {
    const index = this.positions.get(key);
    if (index === undefined) {
      const range = this.keys.length === 0 ? "the dataset has no gathers" : `keys run from ${this.keys[0]} to ${this.keys[this.keys.length - 1]}`;
      return Promise.reject(new NavigatorError(`no gather with key ${key}; ${range}`));
    }
    return this.goToIndex(index);
  }

  /**
   * The `index`-th gather (0-based, in key order). Resolves when it is loaded; `gather-changed` fires then if it
   * is still the gather navigation wants. Rejects with NavigationCancelledError when later navigation made the
   * request stale and it was cancelled.
   */
  async goToIndex(index: number): Promise<Gather> {
    this.assertOpen();
    if (!Number.isInteger(index) || index < 0 || index >= this.keys.length) {
      throw new NavigatorError(this.keys.length === 0 ? "the dataset has no gathers" : `gather position ${index} is out of range; positions run from 0 to ${this.keys.length - 1}`);
    }
    const started = performance.now();
    const key = this.keys[index];
    if (this.target !== undefined && index !== this.target) this.direction = index > this.target ? 1 : -1;
    this.target = index;
    this.cache.pin(this.pinnedKeys());
    const cached = this.cache.peek(key);
    if (cached !== undefined) {
      this.counts.hits++;
      if (cached.prefetched && !cached.used) this.counts.prefetchHits++;
      this.cache.get(key);
      this.show(index, cached.gather, "cache", started);
      this.plan();
      return cached.gather;
    }
    let task = this.reads.get(key);
    let from: GatherSourceKind;
    if (task !== undefined) {
      this.counts.joined++;
      task.foreground = true;
      from = "prefetch";
    } else {
      this.counts.misses++;
      task = this.reads.start(key, false);
      from = "store";
    }
    this.emit("gather-loading", { key, index });
    this.plan();
    let gather: Gather;
    this.navigating++;
    try {
      gather = await task.promise;
    } catch (error) {
      this.navigating--;
      this.pump();
      if (task.controller.signal.aborted) throw new NavigationCancelledError(key, { cause: error });
      throw error;
    }
    this.navigating--;
    if (!this.disposed && this.target === index && this.shown?.index !== index) {
      this.show(index, gather, from, started);
      this.plan(); // the gather shown before is no longer pinned: the window may widen
    }
    this.pump(); // settles idle() once nothing is left in flight
    return gather;
  }

  /**
   * Loads the starting gather (`key`, else the one navigated to, else the first) and its prefetch window, and
   * resolves when prefetching has settled.
   */
  async warmUp(key?: number): Promise<WarmUpReport> {
    const t0 = performance.now();
    if (key !== undefined) await this.goTo(key);
    else await this.goToIndex(this.target ?? 0);
    await this.idle();
    this.warmUpReport = { gathers: this.cache.size, bytes: this.cache.bytes, ms: performance.now() - t0 };
    this.statsChanged();
    return this.warmUpReport;
  }

  /** Resolves when no read is in flight or queued and every navigation request has been answered. */
  idle(): Promise<void> {
    if (this.disposed || this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Sets how many gathers are prefetched on each side (1–5). */
  setPrefetchDepth(depth: number): void {
    this.depth = checkPrefetchDepth(depth);
    this.plan();
  }

  /** Turns prefetch on or off; off cancels the prefetch reads in flight. */
  setPrefetchEnabled(enabled: boolean): void {
    this.prefetchOn = enabled;
    this.plan();
  }

  /** Sets how many prefetch reads may be in flight at once (1–16). */
  setPrefetchConcurrency(concurrency: number): void {
    this.concurrency = checkConcurrency(concurrency);
    this.pump();
  }

  /** Replaces the cache budget (bytes, or a policy); a smaller one evicts at once. */
  setBudget(budget: CacheBudget | number): void {
    this.budget = normalizeBudget(budget);
    this.startTimer();
    this.refreshBudget();
    this.plan();
  }

  /**
   * Re-evaluates the budget (an adaptive one looks at available memory again) and evicts down to it; returns
   * the budget in bytes. Runs by itself every `budgetRefreshMs` for adaptive budgets.
   */
  refreshBudget(): number {
    let bytes = 0;
    if (!this.suspended) {
      const snapshot = this.budget.kind === "adaptive" ? this.probe() : undefined;
      this.availableBytes = snapshot?.availableBytes ?? null;
      bytes = budgetBytes(this.budget, this.cache.bytes, () => snapshot ?? this.probe());
    }
    if (bytes !== this.cache.budgetBytes) {
      this.cache.setBudget(bytes);
      this.statsChanged();
    }
    return bytes;
  }

  /**
   * Shrinks to a small footprint while the dataset is not active: prefetch stops (reads in flight are
   * cancelled) and only the gather on screen stays cached. Navigation still works, reading from the store.
   */
  suspend(): void {
    if (this.disposed || this.suspended) return;
    this.suspended = true;
    this.refreshBudget();
    this.plan();
  }

  /** Undoes {@link suspend}: the budget comes back and the prefetch window refills. */
  resume(): void {
    if (this.disposed || !this.suspended) return;
    this.suspended = false;
    this.refreshBudget();
    this.plan();
  }

  /** True while suspended. */
  get isSuspended(): boolean {
    return this.suspended;
  }

  /** The statistics now. */
  stats(): CacheStats {
    const { hits, misses, joined } = this.counts;
    const requests = hits + misses + joined;
    return {
      entries: this.cache.size,
      bytes: this.cache.bytes,
      budgetBytes: this.cache.budgetBytes,
      budgetKind: this.budget.kind,
      availableBytes: this.availableBytes,
      pinned: this.cache.pinnedKeys(),
      hits,
      misses,
      joined,
      hitRate: requests === 0 ? 0 : hits / requests,
      evictions: this.cache.evictions,
      wastedPrefetches: this.cache.wastedPrefetches,
      suspended: this.suspended,
      prefetch: {
        enabled: this.prefetchOn,
        depth: this.depth,
        concurrency: this.concurrency,
        queued: this.queue.length,
        running: this.reads.background(),
        completed: this.counts.completed,
        cancelled: this.reads.cancelled + this.counts.unqueued,
        failed: this.counts.failed,
        dropped: this.counts.dropped,
        hits: this.counts.prefetchHits,
      },
      warmUp: this.warmUpReport,
      current: this.position() ?? null,
    };
  }

  /** True when the gather is in the cache. */
  isCached(key: number): boolean {
    return this.cache.has(key);
  }

  /** Cancels every read, empties the cache, stops timers and removes listeners; the navigator is unusable after. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reads.cancelAll();
    this.queue = [];
    this.window.clear();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.cache.clear();
    this.shown = undefined;
    this.settleIdle();
    this.removeAllListeners();
  }

  private assertOpen(): void {
    if (this.disposed) throw new NavigatorError("this navigator was disposed; make a new one (or ask the DatasetNavigator for the active dataset's)");
  }

  private pinnedKeys(): number[] {
    const keys: number[] = [];
    if (this.shown !== undefined) keys.push(this.shown.key);
    if (this.target !== undefined && this.keys[this.target] !== this.shown?.key) keys.push(this.keys[this.target]);
    return keys;
  }

  private show(index: number, gather: Gather, from: GatherSourceKind, started: number): void {
    if (this.shown?.index === index) return;
    const previousKey = this.shown?.key ?? null;
    this.shown = { key: this.keys[index], index, gather };
    this.cache.pin(this.pinnedKeys());
    // The gather shown before is no longer pinned: trim to the budget if pinning had let the cache go over it.
    if (this.cache.bytes > this.cache.budgetBytes) this.cache.setBudget(this.cache.budgetBytes);
    this.emit("gather-changed", { key: this.keys[index], index, gather, previousKey, source: from, ms: performance.now() - started });
    this.statsChanged();
  }

  private loaded(task: GatherRead, gather: Gather): void {
    if (this.disposed || task.controller.signal.aborted) return;
    const isTarget = this.target !== undefined && this.keys[this.target] === task.key;
    const inserted = this.cache.put(task.key, gather, { prefetched: !isTarget, protect: this.window, force: isTarget });
    this.lastGatherBytes = this.cache.peek(task.key)?.bytes ?? this.lastGatherBytes;
    if (task.prefetch) {
      if (inserted) this.counts.completed++;
      else this.counts.dropped++;
    }
  }

  private loadFailed(task: GatherRead, error: unknown): void {
    if (this.disposed || task.controller.signal.aborted || task.foreground) return;
    this.counts.failed++;
    this.logger.log("warn", `prefetch of gather ${task.key} failed`, { error: error instanceof Error ? error.message : String(error) });
    this.emit("prefetch-failed", { key: task.key, error });
  }

  /** Bytes of a typical gather: the cache's mean, else the last one loaded (0 before any). */
  private typicalGatherBytes(): number {
    return this.cache.size > 0 ? this.cache.bytes / this.cache.size : this.lastGatherBytes;
  }

  /** Works out the prefetch window around the gather navigated to, cancels stale reads, queues the rest. */
  private plan(): void {
    if (this.disposed || this.target === undefined) return;
    const targetKey = this.keys[this.target];
    let order: number[] = [];
    if (this.prefetchOn && !this.suspended) {
      order = prefetchPlan(this.target, this.direction, this.depth, this.keys.length).map((slot) => this.keys[slot.position]);
      const each = this.typicalGatherBytes();
      if (each > 0) order = order.slice(0, Math.max(0, Math.floor(this.cache.budgetBytes / each) - this.pinnedKeys().length));
    }
    this.window = new Set(order);
    for (const read of this.reads.all()) {
      if (read.key === targetKey) continue;
      if (this.window.has(read.key)) read.foreground = false;
      else this.reads.cancel(read);
    }
    this.counts.unqueued += this.queue.filter((k) => !this.window.has(k)).length;
    this.queue = order.filter((k) => !this.cache.has(k) && !this.reads.has(k));
    this.pump();
    this.statsChanged();
  }

  /** Starts queued prefetch reads while there are free slots. */
  private pump(): void {
    if (this.disposed) return;
    let running = this.reads.background();
    while (running < this.concurrency && this.queue.length > 0 && !this.suspended) {
      const key = this.queue.shift() as number;
      if (this.cache.has(key) || this.reads.has(key)) continue;
      this.reads.start(key, true);
      running++;
    }
    if (this.isIdle()) this.settleIdle();
  }

  private isIdle(): boolean {
    return this.reads.size === 0 && this.queue.length === 0 && this.navigating === 0;
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private startTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.budget.kind !== "adaptive" || this.refreshMs <= 0 || this.disposed) return;
    this.timer = setInterval(() => {
      const before = this.cache.budgetBytes;
      if (this.refreshBudget() !== before) this.plan();
    }, this.refreshMs);
    this.timer.unref();
  }

  private statsChanged(): void {
    if (this.statsPending || this.listenerCount("cache-stats") === 0) return;
    this.statsPending = true;
    queueMicrotask(() => {
      this.statsPending = false;
      if (!this.disposed) this.emit("cache-stats", this.stats());
    });
  }
}

function checkConcurrency(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new ValidationError("prefetchConcurrency", `must be a whole number from 1 to 16, got ${n}`);
  return n;
}
