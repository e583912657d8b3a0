/**
 * Fast redraws of a density heatmap: after a gain, clip or colormap change, and for a new gather of the same shape.
 * Plotly redraws a heatmap by mapping every cell through a d3 colour scale and PNG-encoding the result (hundreds of
 * ms for a large gather); the brick image of a `zsmooth: false | "fast"` heatmap has exactly one pixel per cell, so
 * the viewer rebuilds that image from the cells with a lookup table (a few ms), paints it on a canvas over the plot
 * (`heatmap-canvas`: no image to encode or decode), and records the cells and colour range in the figure (`data`,
 * `_fullData` and calcdata) so that later
 * plotly redraws (zoom, resize) draw the same. When anything does not match what plotly drew, it reports false and
 * the caller redraws with plotly.
 *
 * @module
 */
import type { PlotlyHTMLElement } from "plotly.js/lib/core";
import { LUT_SIZE } from "./colormaps";
import { paintCells, type AxisBox } from "./heatmap-canvas";

/** The parts of plotly's calcdata this module reads (private to plotly, checked before use). */
interface HeatmapCalc {
  trace: { uid: string; xaxis: string; yaxis: string; index: number };
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<ArrayLike<number>>;
}

interface PlotAxis extends AxisBox {
  c2p(v: number): number;
}

/**
 * Cells of a heatmap as the viewer gave them to plotly.
 *
 * @example
 * ```ts
 * const cells: HeatmapCells = { uid: "density", z: grid.z, cols: grid.cols, rows: grid.rows };
 * ```
 */
export interface HeatmapCells {
  uid: string;
  z: ArrayLike<number>[];
  cols: number;
  rows: number;
}

/**
 * RGBA pixels of `cells` coloured with `lut` between `zmin` and `zmax` (values outside saturate, NaN is
 * transparent), rows / columns flipped as requested; written into `into` when it has the right length (every
 * pixel is written), else into a new array.
 *
 * @example
 * ```ts
 * const px = colorCells(cells, -1, 1, colormapLut("gray"), false, false);
 * ```
 */
export function colorCells(cells: HeatmapCells, zmin: number, zmax: number, lut: Uint8ClampedArray, xrev: boolean, yrev: boolean, into?: Uint8ClampedArray<ArrayBuffer>): Uint8ClampedArray<ArrayBuffer> {
  const { z, cols, rows } = cells;
  const out = into !== undefined && into.length === cols * rows * 4 && into.byteOffset === 0 ? into : new Uint8ClampedArray(cols * rows * 4);
  // one store per pixel, in the platform's byte order (as the LUT's); signed words stay small integers in V8
  // (an opaque colour is a negative int32), where unsigned ones above 2^31 would be boxed numbers
  const words = new Int32Array(out.buffer, 0, cols * rows);
  const colors = opaqueWords(lut);
  const span = zmax - zmin;
  const k = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const top = LUT_SIZE - 1;
  for (let j = 0; j < rows; j++) {
    const row = z[j];
    const y = yrev ? rows - 1 - j : j;
    let p = y * cols;
    let step = 1;
    if (xrev) {
      p += cols - 1;
      step = -1;
    }
    for (let i = 0; i < cols; i++, p += step) {
      const v = row[i];
      if (v !== v) {
        words[p] = 0; // NaN: transparent
        continue;
      }
      let idx = Math.round((v - zmin) * k);
      if (idx < 0) idx = 0;
      else if (idx > top) idx = top;
      words[p] = colors[idx];
    }
  }
  return out;
}

/** Each heatmap's pixel buffer, reused from one redraw to the next (a million cells are 4 MB). */
const pixelBuffers = new WeakMap<Element, Map<string, Uint8ClampedArray<ArrayBuffer>>>();

const wordLuts = new WeakMap<Uint8ClampedArray, Int32Array>();

/** The RGBA lookup table as one opaque 32-bit word per entry (its bytes are the pixel's bytes). */
function opaqueWords(lut: Uint8ClampedArray): Int32Array {
  let words = wordLuts.get(lut);
  if (words === undefined) {
    const bytes = new Uint8ClampedArray(LUT_SIZE * 4);
    bytes.set(lut.subarray(0, LUT_SIZE * 4));
    for (let i = 3; i < bytes.length; i += 4) bytes[i] = 255;
    words = new Int32Array(bytes.buffer);
    wordLuts.set(lut, words);
  }
  return words;
}

/** What recolouring the heatmap of `cells` needs from plotly's drawing, when it is the one-pixel-per-cell image of a grid of their size. */
function heatmapTarget(gd: PlotlyHTMLElement, cells: HeatmapCells) {
  const group = Array.from(gd.querySelectorAll("g.hm")).find((g) => calcOf(g)?.trace.uid === cells.uid);
  if (group === undefined) return undefined;
  const cd0 = calcOf(group) as HeatmapCalc;
  const image = group.querySelector<SVGImageElement>("image");
  if (image === null || cd0.z.length !== cells.rows || cd0.z[0]?.length !== cells.cols) return undefined;
  const plot = gd._fullLayout?._plots?.[cd0.trace.xaxis + cd0.trace.yaxis] as { xaxis: PlotAxis; yaxis: PlotAxis } | undefined;
  if (plot === undefined) return undefined;
  const trace = gd._fullData?.[cd0.trace.index];
  if (trace === undefined || trace.uid !== cells.uid || (trace.zsmooth !== false && trace.zsmooth !== "fast")) return undefined;
  return { cd0, image, plot, trace };
}

/**
 * True when {@link recolorHeatmap} can draw `cells` (a grid of their size, uid and drawing method is on screen).
 *
 * @example
 * ```ts
 * if (panels.every((c) => canRecolor(gd, c))) panels.forEach((c) => recolorHeatmap(gd, c, -1, 1, lut, scale));
 * ```
 */
export function canRecolor(gd: PlotlyHTMLElement, cells: HeatmapCells): boolean {
  return heatmapTarget(gd, cells) !== undefined;
}

function calcOf(group: Element): HeatmapCalc | undefined {
  const data = (group as unknown as { __data__?: unknown }).__data__;
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const cd0 = data[0] as Partial<HeatmapCalc>;
  if (cd0.trace === undefined || cd0.x === undefined || cd0.y === undefined || cd0.z === undefined) return undefined;
  return cd0 as HeatmapCalc;
}

/**
 * Recolours the heatmap with uid `cells.uid` in place. Returns false (changing nothing) when plotly's image is
 * not the one-pixel-per-cell image of these cells (another drawing method, or a figure drawn from other data).
 *
 * @example
 * ```ts
 * if (!recolorHeatmap(gd, cells, -clip, clip, colormapLut("seismic"), plotlyColorscale("seismic"))) {
 *   await Plotly.restyle(gd, { zmin: [-clip], zmax: [clip] });
 * }
 * ```
 */
export function recolorHeatmap(gd: PlotlyHTMLElement, cells: HeatmapCells, zmin: number, zmax: number, lut: Uint8ClampedArray, colorscale: [number, string][]): boolean {
  const target = heatmapTarget(gd, cells);
  if (target === undefined) return false;
  const { cd0, image, plot, trace } = target;
  const n = cells.cols;
  const m = cells.rows;
  const xrev = plot.xaxis.c2p(cd0.x[cd0.x.length - 1]) < plot.xaxis.c2p(cd0.x[0]);
  const yrev = plot.yaxis.c2p(cd0.y[cd0.y.length - 1]) < plot.yaxis.c2p(cd0.y[0]);
  const rgba = colorCells(cells, zmin, zmax, lut, xrev, yrev, pixelBuffers.get(gd)?.get(cells.uid));
  let buffers = pixelBuffers.get(gd);
  if (buffers === undefined) pixelBuffers.set(gd, (buffers = new Map()));
  buffers.set(cells.uid, rgba); // the next redraw writes into it again (the canvas has copied it by then)
  if (!paintCells(gd, cells.uid, image, plot.xaxis, plot.yaxis, rgba, n, m, trace.zsmooth === "fast")) return false;
  // keep plotly's view of the figure in step, so its next redraw of this trace (a zoom, a resize) draws the same
  // cells in the same colours: the input trace, the full trace and the calcdata all get these cells
  const input = gd.data[cd0.trace.index] as Record<string, unknown> | undefined;
  if (input !== undefined) {
    input.zmin = zmin;
    input.zmax = zmax;
    input.colorscale = colorscale;
    if (input.z !== cells.z) input.z = cells.z;
  }
  trace.zmin = zmin;
  trace.zmax = zmax;
  trace.colorscale = colorscale;
  if (trace.z !== cells.z) trace.z = cells.z;
  if (cd0.z !== cells.z) (cd0 as { z: ArrayLike<ArrayLike<number>> }).z = cells.z;
  return true;
}

/**
 * True when `next` differs from the figure on screen (`drawn`) only in its heatmaps' cells and colour limits:
 * density display only, the same traces with the same grids (size, origin, spacing, smoothing) and the same
 * layout as built (`layoutKey`: plotly changes the layout object it drew in place). Then {@link recolorHeatmap} with the new cells draws it (a new gather of the same shape) in a few ms,
 * where `Plotly.react` would rebuild the heatmap through d3 colour scales and a PNG encoder.
 *
 * @example
 * ```ts
 * if (sameFrame(this.built, next)) next.cells.forEach((c, i) => recolorHeatmap(gd, c, -next.limits[i], next.limits[i], lut, colorscale));
 * ```
 */
export function sameFrame(drawn: { data: Record<string, unknown>[]; layoutKey: string; cells: HeatmapCells[] }, next: typeof drawn): boolean {
  if (drawn.data.length !== next.data.length || next.cells.length !== next.data.length || drawn.cells.length !== next.cells.length) return false;
  const geometry = ["type", "uid", "xaxis", "yaxis", "x0", "dx", "y0", "dy", "zsmooth"];
  const same = next.data.every((trace, i) => trace.type === "heatmap" && geometry.every((k) => trace[k] === drawn.data[i][k]) && next.cells[i].rows === drawn.cells[i].rows && next.cells[i].cols === drawn.cells[i].cols);
  return same && drawn.layoutKey === next.layoutKey;
}
