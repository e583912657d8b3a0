/**
 * What a {@link GatherNavigator} reports: its cache statistics (as data, for a viewer's status bar) and its
 * typed events.
 *
 * @module
 */
import type { Gather } from "../store/lazy-seismic-data";

/** Where a gather shown by navigation came from. */
export type GatherSourceKind = "cache" | "prefetch" | "store";

/** The state of prefetching. */
export interface PrefetchStats {
  enabled: boolean;
  /** Gathers prefetched on each side of the current one (1–5). */
  depth: number;
  /** Prefetch reads allowed in flight at once. */
  concurrency: number;
  /** Waiting for a free slot. */
  queued: number;
  /** Reads in flight (prefetches, and navigation requests now only in the prefetch window). */
  running: number;
  /** Prefetched gathers put in the cache. */
  completed: number;
  /** Reads cancelled because navigation made them stale (aborted at the store), plus queued ones dropped. */
  cancelled: number;
  /** Prefetch reads that failed (not counting cancellations). */
  failed: number;
  /** Prefetched gathers not kept because the cache was full of more wanted ones. */
  dropped: number;
  /** Navigation requests answered by a gather that prefetch had put in the cache. */
  hits: number;
}

/** Statistics of a gather navigator's cache, as data. */
export interface CacheStats {
  /** Gathers held. */
  entries: number;
  /** Bytes held (samples, trace indices, header columns). */
  bytes: number;
  /** The byte budget now (pinned gathers may go over it). */
  budgetBytes: number;
  /** `"fixed"` or `"adaptive"` (follows available memory). */
  budgetKind: "fixed" | "adaptive";
  /** Memory available to the process at the last look, for adaptive budgets. */
  availableBytes: number | null;
  /** Keys never evicted: the gather on screen and the one being navigated to. */
  pinned: number[];
  /** Navigation requests answered from the cache. */
  hits: number;
  /** Navigation requests that had to read the store. */
  misses: number;
  /** Navigation requests that joined a prefetch read already in flight. */
  joined: number;
  /** `hits / (hits + misses + joined)`, 0 before any request. */
  hitRate: number;
  /** Gathers evicted. */
  evictions: number;
  /** Prefetched gathers evicted before navigation asked for them. */
  wastedPrefetches: number;
  /** True while the navigator is suspended (its dataset not active): no prefetch, only pinned gathers kept. */
  suspended: boolean;
  prefetch: PrefetchStats;
  /** The warm-up, once done. */
  warmUp: WarmUpReport | null;
  /** The gather navigated to, or null before the first navigation. */
  current: { key: number; index: number } | null;
}

/** What {@link GatherNavigator.warmUp} did. */
export interface WarmUpReport {
  /** Gathers in the cache after the warm-up. */
  gathers: number;
  /** Bytes in the cache after the warm-up. */
  bytes: number;
  /** Milliseconds it took. */
  ms: number;
}

/** Payload of `gather-changed`: a new gather is on screen. */
export interface GatherChangedEvent {
  key: number;
  index: number;
  gather: Gather;
  /** The gather shown before, or null. */
  previousKey: number | null;
  /** Where it came from. */
  source: GatherSourceKind;
  /** Milliseconds from the navigation request to this event. */
  ms: number;
}

/** The events of a {@link GatherNavigator}. */
export interface GatherNavigatorEvents {
  /** A new gather is on screen (the one navigation asked for last). */
  "gather-changed": GatherChangedEvent;
  /** Navigation asked for a gather that is not in the cache; `gather-changed` follows when it arrives. */
  "gather-loading": { key: number; index: number };
  /** The statistics changed (at most once per turn of the event loop). */
  "cache-stats": CacheStats;
  /** A prefetch read failed (cancellations are not failures). */
  "prefetch-failed": { key: number; error: unknown };
}
