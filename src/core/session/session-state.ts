/**
 * What a viewing session is (the seed's `SessionState`): where the viewer looks (viewport, current dataset and
 * gather), how it draws (gain, colormap, interpolation), how traces are sorted, and how panels are laid out.
 * Plain JSON-ready data, so that it can be saved to a file or embedded in notebook metadata as it is.
 *
 * @module
 */
import type { JsonObject } from "../project/json-value";

/** The session format this SeisProc writes (and the newest it reads). */
export const SESSION_FORMAT_VERSION = 1;

/** The visible window: a time range (milliseconds) and a trace range (trace positions within the gather). */
export interface ViewportLimits {
  /** First visible time, ms. */
  timeMin: number;
  /** Last visible time, ms (> timeMin). */
  timeMax: number;
  /** First visible trace position. */
  traceMin: number;
  /** Last visible trace position (> traceMin). */
  traceMax: number;
}

/** A viewing session. */
export interface SessionState {
  /** The visible window. */
  viewport: ViewportLimits;
  /** Display gain, a factor > 0 (1 = as stored). */
  gain: number;
  /** The colormap's name, e.g. `"seismic"`, `"gray"`. */
  colormap: string;
  /** How samples are drawn between grid points, e.g. `"nearest"`, `"bilinear"`. */
  interpolation: string;
  /** The dataset shown (its UUID), or null. */
  currentDatasetId: string | null;
  /** The key of the gather shown (as in `getGather(key)`; the seed's `current_gather_id`), or null. */
  currentGatherKey: number | null;
  /** Header fields the traces are sorted by, most significant first. */
  sortKeys: string[];
  /** Panel layout, as the viewer defines it. */
  panelLayout: JsonObject;
}

/**
 * A fresh default session: the seed's defaults (0–1000 ms, traces 0–100, gain 1, colormap `"seismic"`), no
 * dataset or gather, no sort keys, an empty layout.
 *
 * @example
 * ```ts
 * const state = defaultSessionState();
 * state.colormap; // "seismic"
 * ```
 */
export function defaultSessionState(): SessionState {
  return {
    viewport: { timeMin: 0, timeMax: 1000, traceMin: 0, traceMax: 100 },
    gain: 1,
    colormap: "seismic",
    interpolation: "nearest",
    currentDatasetId: null,
    currentGatherKey: null,
    sortKeys: [],
    panelLayout: {},
  };
}
