/**
 * A faster colour function for plotly's heatmap, part of the custom plotly bundle. Plotly paints a heatmap cell by
 * cell through a d3 polylinear scale that allocates an array per cell (~0.4 µs each: 100 ms for a 480 × 500 screen
 * of cells). Its heatmap asks for that scale through `makeColorScaleFuncFromTrace(trace, { noNumericCheck: true,
 * returnArray: true })`; this module replaces that one case, before the heatmap module is loaded, with a 4096-entry
 * lookup table built from the same colour stops, domain and clamping (colours equal to plotly's within one level
 * in 255), returning shared arrays. Everything else (calc, axes, image placement, hover, colorbar) stays plotly's.
 * Every other use of colour scales is left to the original.
 *
 * Import it after `plotly.js/lib/core` and before `plotly.js/lib/heatmap`.
 *
 * @module
 */
import colorscale from "plotly.js/src/components/colorscale"; // the CommonJS exports object itself (a namespace import would be read-only)
import tinycolor from "tinycolor2";

type Rgba = [number, number, number, number];
type ScaleFunction = ((v: number) => Rgba) & { domain(): number[]; range(): unknown[] };

/** Entries of the lookup table. */
export const PLOTLY_LUT_SIZE = 4096;

/**
 * A lookup-table scale equivalent to d3's clamped polylinear scale from `domain` (monotonic) to `colors`.
 *
 * @example
 * ```ts
 * lutScale([-1, 0, 1], ["rgb(0,0,255)", "rgb(255,255,255)", "rgb(255,0,0)"])(0.5); // [255, 128, 128, 1]
 * ```
 */
export function lutScale(domain: number[], colors: unknown[]): (v: number) => Rgba {
  const n = domain.length;
  const d0 = domain[0];
  const d1 = domain[n - 1];
  const top = PLOTLY_LUT_SIZE - 1;
  // built on the first call: a heatmap the viewer paints itself (plotly-heatmap-unpainted) never calls it
  let table: Rgba[] | undefined;
  const build = (): Rgba[] => {
    const stops: Rgba[] = colors.map((c) => {
      const rgb = tinycolor(c as string).toRgb();
      return [rgb.r, rgb.g, rgb.b, rgb.a];
    });
    const built: Rgba[] = new Array(PLOTLY_LUT_SIZE);
    let seg = 0;
    const ascending = d1 >= d0;
    for (let k = 0; k < PLOTLY_LUT_SIZE; k++) {
      const v = d0 + ((d1 - d0) * k) / top;
      while (seg < n - 2 && (ascending ? v > domain[seg + 1] : v < domain[seg + 1])) seg++;
      const a = domain[seg];
      const b = domain[Math.min(seg + 1, n - 1)];
      const f = b !== a ? Math.min(1, Math.max(0, (v - a) / (b - a))) : 0;
      const c0 = stops[seg];
      const c1 = stops[Math.min(seg + 1, n - 1)];
      built[k] = [Math.round(c0[0] + f * (c1[0] - c0[0])), Math.round(c0[1] + f * (c1[1] - c0[1])), Math.round(c0[2] + f * (c1[2] - c0[2])), c0[3] + f * (c1[3] - c0[3])];
    }
    return built;
  };
  if (!(d1 !== d0) || !Number.isFinite(d0) || !Number.isFinite(d1)) return () => (table ??= build())[0];
  const scale = top / (d1 - d0);
  return (v: number) => {
    const k = Math.round((v - d0) * scale);
    return (table ??= build())[k < 0 ? 0 : k > top ? top : k];
  };
}

const original = colorscale.makeColorScaleFuncFromTrace;

/** The replacement: the lookup table for the heatmap's case, the original for every other. */
function makeColorScaleFuncFromTrace(trace: unknown, opts?: { noNumericCheck?: boolean; returnArray?: boolean }): ScaleFunction {
  const fallback = original(trace, opts) as ScaleFunction;
  if (opts?.noNumericCheck !== true || opts.returnArray !== true) return fallback;
  const { domain, range } = colorscale.extractScale(trace) as { domain: number[]; range: unknown[] };
  if (domain.length < 2 || domain.length !== range.length) return fallback;
  const fast = lutScale(domain, range) as ScaleFunction;
  fast.domain = fallback.domain;
  fast.range = fallback.range;
  return fast;
}

colorscale.makeColorScaleFuncFromTrace = makeColorScaleFuncFromTrace;
