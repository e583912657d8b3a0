/**
 * The small interfaces commands act on, so that commands depend on no viewer or navigator: anything with a
 * `gain`, a `viewport`, a gather to show, or a way to go to a gather will do (a plain object in tests, the
 * session, the viewer's model in the notebook).
 *
 * @module
 */
import type { ViewportLimits } from "../session/session-state";

/** Something with a display gain. */
export interface GainTarget {
  /** Display gain, a factor > 0. */
  gain: number;
}

/** Something with a visible window. */
export interface ViewportTarget {
  /** The visible window; commands assign a fresh object and never change the one they read. */
  viewport: ViewportLimits;
}

/** A view's state: its gain and its visible window. */
export type ViewState = GainTarget & ViewportTarget;

/** Something that shows one gather and can go to another (a navigator). */
export interface GatherNavigationTarget {
  /** The key of the gather shown, or null when none is. */
  readonly currentGatherKey: number | null;
  /** Shows the gather with this key. */
  goTo(key: number): Promise<void>;
}

/** Something that displays a gather. */
export interface GatherDisplayTarget<G> {
  /** The gather displayed, or undefined when none is. */
  readonly displayedGather: G | undefined;
  /** Displays `gather`. */
  showGather(gather: G): void | Promise<void>;
}

/** A processor applied to one gather: returns a new gather and never changes its input. */
export interface GatherProcessor<G> {
  /** Its name, for descriptions (e.g. `"AGC 500 ms"`). */
  readonly name: string;
  /** Processes one gather. */
  apply(gather: G): G | Promise<G>;
}
