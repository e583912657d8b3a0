/**
 * Fast recolouring of a drawn density heatmap after a gain, clip or colormap change. Plotly redraws a heatmap by
 * mapping every cell through a d3 colour scale and PNG-encoding the result (hundreds of ms for a large gather);
 * the brick image of a `zsmooth: false | "fast"` heatmap has exactly one pixel per cell, so the viewer rebuilds
 * that image from the same cells with a lookup table (a few ms) and swaps it in, and records the new colour range
 * in the figure (`data` and `_fullData`) so that later plotly redraws (zoom, resize) use it too. When anything
 * does not match what plotly drew, it reports false and the caller falls back to `Plotly.restyle`.
 *
 * @module
 */
import type { PlotlyHTMLElement } from "plotly.js/lib/core";
import { LUT_SIZE } from "./colormaps";

/** The parts of plotly's calcdata this module reads (private to plotly, checked before use). */
interface HeatmapCalc {
  trace: { uid: string; xaxis: string; yaxis: string; index: number };
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<ArrayLike<number>>;
}

interface PlotAxis {
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
 * transparent), rows / columns flipped as requested.
 *
 * @example
 * ```ts
 * const px = colorCells(cells, -1, 1, colormapLut("gray"), false, false);
 * ```
 */
export function colorCells(cells: HeatmapCells, zmin: number, zmax: number, lut: Uint8ClampedArray, xrev: boolean, yrev: boolean): Uint8ClampedArray {
  const { z, cols, rows } = cells;
  const out = new Uint8ClampedArray(cols * rows * 4);
  const span = zmax - zmin;
  const k = span > 0 ? (LUT_SIZE - 1) / span : 0;
  const top = LUT_SIZE - 1;
  for (let j = 0; j < rows; j++) {
    const row = z[j];
    const y = yrev ? rows - 1 - j : j;
    let p = y * cols * 4;
    let step = 4;
    if (xrev) {
      p += (cols - 1) * 4;
      step = -4;
    }
    for (let i = 0; i < cols; i++, p += step) {
      const v = row[i];
      if (v !== v) continue; // NaN: transparent
      let idx = Math.round((v - zmin) * k);
      if (idx < 0) idx = 0;
      else if (idx > top) idx = top;
      const l = idx * 4;
      out[p] = lut[l];
      out[p + 1] = lut[l + 1];
      out[p + 2] = lut[l + 2];
      out[p + 3] = 255;
    }
  }
  return out;
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
  const group = Array.from(gd.querySelectorAll("g.hm")).find((g) => calcOf(g)?.trace.uid === cells.uid);
  if (group === undefined) return false;
  const cd0 = calcOf(group) as HeatmapCalc;
  const image = group.querySelector("image");
  if (image === null || cd0.z.length !== cells.rows || cd0.z[0]?.length !== cells.cols) return false;
  const plot = gd._fullLayout?._plots?.[cd0.trace.xaxis + cd0.trace.yaxis] as { xaxis: PlotAxis; yaxis: PlotAxis } | undefined;
  if (plot === undefined) return false;
  const trace = gd._fullData?.[cd0.trace.index];
  if (trace === undefined || trace.uid !== cells.uid || (trace.zsmooth !== false && trace.zsmooth !== "fast")) return false;
  const n = cells.cols;
  const m = cells.rows;
  const xrev = plot.xaxis.c2p(cd0.x[cd0.x.length - 1]) < plot.xaxis.c2p(cd0.x[0]);
  const yrev = plot.yaxis.c2p(cd0.y[cd0.y.length - 1]) < plot.yaxis.c2p(cd0.y[0]);
  const canvas = document.createElement("canvas");
  canvas.width = n;
  canvas.height = m;
  const context = canvas.getContext("2d");
  if (context === null) return false;
  const imageData = context.createImageData(n, m);
  imageData.data.set(colorCells(cells, zmin, zmax, lut, xrev, yrev));
  context.putImageData(imageData, 0, 0);
  image.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", canvas.toDataURL("image/png"));
  // keep plotly's view of the figure in step, so its next redraw of this trace draws the same colours
  const input = gd.data[cd0.trace.index];
  if (input !== undefined) {
    input.zmin = zmin;
    input.zmax = zmax;
    input.colorscale = colorscale;
  }
  trace.zmin = zmin;
  trace.zmax = zmax;
  trace.colorscale = colorscale;
  return true;
}
