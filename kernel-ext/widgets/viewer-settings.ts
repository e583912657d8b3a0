/**
 * The gather viewer's display settings on the kernel side: defaults, validation of values that come from the
 * front end or notebook code (a bad value is refused with a {@link ViewerSettingError}, never stored), and the
 * conversions between the wire's viewport (`trace_min`…) and the core's `ViewportLimits` (`traceMin`…).
 *
 * @module
 */
import type { ViewportLimits } from "../../src/core/session/session-state";
import { ViewerSettingError } from "./errors";
import { COLORMAP_NAMES, DISPLAY_MODES, INTERPOLATIONS, type DisplayMode, type Interpolation, type Viewport } from "./protocol";

/**
 * The settings that undo / redo and sessions cover.
 *
 * @example
 * ```ts
 * const s: ViewerSettings = { ...DEFAULT_SETTINGS, gain: 2 };
 * ```
 */
export interface ViewerSettings {
  gain: number;
  clip: number;
  colormap: string;
  interpolation: Interpolation;
  display_mode: DisplayMode;
  viewport: Viewport | null;
}

/**
 * The defaults: gain 1, clip at the 99th percentile, `seismic`, no interpolation, variable density, everything
 * visible.
 *
 * @example
 * ```ts
 * new GatherViewer(data, { ...DEFAULT_SETTINGS, colormap: "gray" });
 * ```
 */
export const DEFAULT_SETTINGS: Readonly<ViewerSettings> = Object.freeze({ gain: 1, clip: 99, colormap: "seismic", interpolation: "none", display_mode: "density", viewport: null });

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/**
 * Checks one setting's value; returns it (a viewport normalised so min < max) or throws ViewerSettingError.
 *
 * @example
 * ```ts
 * checkSetting("gain", 2); // 2
 * checkSetting("colormap", "jet"); // throws: unknown colormap
 * ```
 */
export function checkSetting<K extends keyof ViewerSettings>(key: K, value: unknown): ViewerSettings[K] {
  const fail = (detail: string): never => {
    throw new ViewerSettingError(String(key), `${detail}, got ${JSON.stringify(value)}`);
  };
  switch (key) {
    case "gain":
      if (!finite(value) || value <= 0) fail("must be a finite number > 0");
      break;
    case "clip":
      if (!finite(value) || value <= 0 || value > 100) fail("must be a percentile, > 0 and <= 100");
      break;
    case "colormap":
      if (!(COLORMAP_NAMES as readonly unknown[]).includes(value)) fail(`must be one of ${COLORMAP_NAMES.join(", ")}`);
      break;
    case "interpolation":
      if (!(INTERPOLATIONS as readonly unknown[]).includes(value)) fail(`must be one of ${INTERPOLATIONS.join(", ")}`);
      break;
    case "display_mode":
      if (!(DISPLAY_MODES as readonly unknown[]).includes(value)) fail(`must be one of ${DISPLAY_MODES.join(", ")}`);
      break;
    case "viewport": {
      if (value === null) break;
      const v = value as Partial<Viewport> | undefined;
      if (typeof v !== "object" || !finite(v.trace_min) || !finite(v.trace_max) || !finite(v.time_min) || !finite(v.time_max)) fail("must be null or { trace_min, trace_max, time_min, time_max } of finite numbers");
      const w = v as Viewport;
      if (w.trace_min === w.trace_max || w.time_min === w.time_max) fail("must have a non-empty trace and time range");
      return {
        trace_min: Math.min(w.trace_min, w.trace_max),
        trace_max: Math.max(w.trace_min, w.trace_max),
        time_min: Math.min(w.time_min, w.time_max),
        time_max: Math.max(w.time_min, w.time_max),
      } as ViewerSettings[K];
    }
    default:
      fail("is not a viewer setting");
  }
  return value as ViewerSettings[K];
}

/**
 * The wire's viewport as the core's `ViewportLimits`.
 *
 * @example
 * ```ts
 * toLimits({ trace_min: 1, trace_max: 48, time_min: 0, time_max: 500 }); // { traceMin: 1, traceMax: 48, timeMin: 0, timeMax: 500 }
 * ```
 */
export function toLimits(v: Viewport): ViewportLimits {
  return { traceMin: v.trace_min, traceMax: v.trace_max, timeMin: v.time_min, timeMax: v.time_max };
}

/**
 * The core's `ViewportLimits` as the wire's viewport.
 *
 * @example
 * ```ts
 * fromLimits({ traceMin: 1, traceMax: 48, timeMin: 0, timeMax: 500 }).trace_max; // 48
 * ```
 */
export function fromLimits(v: ViewportLimits): Viewport {
  return { trace_min: v.traceMin, trace_max: v.traceMax, time_min: v.timeMin, time_max: v.timeMax };
}

/**
 * The whole extent of a gather as a viewport (brick edges: half a trace and half a sample beyond the centres),
 * which stands for "everything visible" where a viewport must be numbers (undo of a zoom reset).
 *
 * @example
 * ```ts
 * fullExtent(48, 1000, 0, 2); // { trace_min: 0.5, trace_max: 48.5, time_min: -1, time_max: 1999 }
 * ```
 */
export function fullExtent(traces: number, samples: number, t0Ms: number, dtMs: number): Viewport {
  return { trace_min: 0.5, trace_max: Math.max(1, traces) + 0.5, time_min: t0Ms - dtMs / 2, time_max: t0Ms + (Math.max(1, samples) - 0.5) * dtMs };
}

/**
 * Interpolation names as sessions store them (the seed's `"nearest"` for none) and back.
 *
 * @example
 * ```ts
 * interpolationToSession("none"); // "nearest"
 * ```
 */
export function interpolationToSession(i: Interpolation): string {
  return i === "none" ? "nearest" : i;
}

/**
 * The viewer's interpolation for a session's name (unknown names give `"none"`).
 *
 * @example
 * ```ts
 * interpolationFromSession("nearest"); // "none"
 * ```
 */
export function interpolationFromSession(name: string): Interpolation {
  return (INTERPOLATIONS as readonly string[]).includes(name) ? (name as Interpolation) : "none";
}
