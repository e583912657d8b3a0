/**
 * Blocks cut ahead of the request: once prefetch has a neighbour of the gather on screen in the navigator's cache,
 * the viewer cuts it to the screen resolution the front end asked for last (the same {@link gatherBlock} a request
 * would run, a few ms for a large gather), one block per turn of the event loop while the kernel is idle, so that
 * the request for the next gather finds its reply ready. Only the nearest neighbours are kept (a few MB at most);
 * a new cut, another dataset or a comparison forgets them.
 *
 * @module
 */
import type { GatherNavigator } from "../../src/core/navigation/gather-navigator";
import type { Gather } from "../../src/core/store/lazy-seismic-data";
import { gatherBlock, type SampleBlock, type TimeAxis } from "./gather-block";

/** The whole-gather cut a front end asks for (its plot's size). */
export interface ScreenCut {
  maxTraces: number;
  maxSamples: number;
}

/** What blocks are cut from: the navigator of the dataset shown and its geometry. */
export interface AheadSource {
  nav: GatherNavigator;
  samplesPerTrace: number;
  axis: TimeAxis;
}

/** Neighbours cut ahead, nearest (in the direction of travel) first. */
const OFFSETS = [1, -1, 2, -2];

/**
 * The blocks cut ahead for one viewer.
 *
 * @example
 * ```ts
 * const ahead = new BlocksAhead(() => ({ nav, samplesPerTrace: data.samplesPerTrace, axis: timeAxis(data) }));
 * nav.on("cache-stats", () => ahead.schedule());
 * ahead.wanted({ maxTraces: 1024, maxSamples: 506 });            // what the front end asked for
 * const block = ahead.take(gather, { maxTraces: 1024, maxSamples: 506 }) ?? gatherBlock(gather, …);
 * ```
 */
export class BlocksAhead {
  private readonly blocks = new Map<number, { cut: string; gather: Gather; block: SampleBlock }>();
  private cut: ScreenCut | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `source` says what to cut from now, or undefined when nothing should be cut ahead (comparison mode). */
  constructor(private readonly source: () => AheadSource | undefined) {}

  /** The front end asked for whole gathers cut as `cut`: the neighbours are cut that way from now on. */
  wanted(cut: ScreenCut): void {
    if (this.cut !== undefined && cutKey(this.cut) === cutKey(cut)) return;
    this.cut = { maxTraces: cut.maxTraces, maxSamples: cut.maxSamples };
    this.blocks.clear();
    this.schedule();
  }

  /** The block of `gather` cut as `cut`, when it was cut ahead; it is handed over (not kept here). */
  take(gather: Gather, cut: ScreenCut): SampleBlock | undefined {
    const entry = this.blocks.get(gather.key);
    if (entry === undefined || entry.gather !== gather || entry.cut !== cutKey(cut)) return undefined;
    this.blocks.delete(gather.key);
    return entry.block;
  }

  /** Keys whose blocks are ready. */
  keys(): number[] {
    return Array.from(this.blocks.keys());
  }

  /** Looks for a neighbour to cut, in a later turn of the event loop (call it when the cache changed). */
  schedule(): void {
    if (this.timer !== undefined || this.stopped || this.cut === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.cutOne();
    }, 0);
    this.timer.unref();
  }

  /** Forgets every block (another dataset is shown). */
  clear(): void {
    this.blocks.clear();
  }

  /** Forgets everything and cuts nothing more. */
  dispose(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.blocks.clear();
  }

  /** Cuts the nearest cached neighbour that has no block yet, then looks again in the next turn. */
  private cutOne(): void {
    const s = this.source();
    const cut = this.cut;
    const at = s?.nav.position()?.index;
    if (s === undefined || cut === undefined || at === undefined) return this.clear();
    const keys = s.nav.gatherKeys();
    const near = OFFSETS.map((d) => at + d)
      .filter((i) => i >= 0 && i < keys.length)
      .map((i) => keys[i]);
    for (const k of Array.from(this.blocks.keys())) if (!near.includes(k)) this.blocks.delete(k);
    const key = cutKey(cut);
    const next = near.find((k) => !this.blocks.has(k) && s.nav.isCached(k));
    const ahead = next === undefined ? undefined : s.nav.peek(next);
    if (next === undefined || ahead === undefined) return;
    void ahead.gather.then(
      (gather) => {
        if (this.stopped || this.cut === undefined || cutKey(this.cut) !== key || this.blocks.has(next)) return;
        this.blocks.set(next, { cut: key, gather, block: gatherBlock(gather, s.samplesPerTrace, s.axis, cut) });
        this.schedule();
      },
      () => undefined,
    );
  }
}

function cutKey(cut: ScreenCut): string {
  return `${Math.floor(cut.maxTraces)}x${Math.floor(cut.maxSamples)}`;
}
