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
 * nav.on("gather-changed", (e) => console.log(e.key, e.source, e.ms));
 * await nav.warmUp();
 * await nav.next();
 * console.log(nav.stats().hitRate);
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
