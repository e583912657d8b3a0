/**
 * Gather navigation: {@link GatherNavigator} moves through one dataset's gathers with a byte-bounded LRU cache
 * (fixed or memory-adaptive budget), warm-up, statistics as data and as events, and parallel prefetch of the
 * neighbours that favours the direction of travel and cancels stale reads down to the store. Also the small
 * {@link TypedEmitter} that gives the engine its typed events.
 *
 * @module
 * @example
 * ```ts
 * import { FileSystemStore, GatherNavigator, LazySeismicData } from "seisproc";
 * const nav = new GatherNavigator(await LazySeismicData.open(new FileSystemStore("line.seis")), { budget: 256e6 });
 * const shown: number[] = [];
 * nav.on("gather-changed", (e) => shown.push(e.key)); // e.source, e.ms: where it came from, how long it took
 * await nav.warmUp();
 * await nav.next();
 * const hitRate = nav.stats().hitRate;
 * ```
 */
export * from "./errors";
export * from "./gather-cache";
export * from "./gather-navigator";
export * from "./gather-reads";
export * from "./memory-budget";
export * from "./navigator-events";
export * from "./prefetch-plan";
export * from "./typed-emitter";
