/**
 * Plotly heatmaps placed but not painted, part of the custom plotly bundle. The viewer paints its heatmap cells on
 * a canvas over the plot (`heatmap-canvas`); when it draws a figure with `Plotly.react`, plotly's own painting of
 * the same cells is wasted work: a colour lookup per cell, a PNG encoding of the image, and the browser decoding
 * that PNG again before it can show it (tens of ms of a first draw of a 480 × 2000 gather).
 *
 * {@link withHeatmapsUnpainted} runs a plotly call during which the heatmaps the caller names are drawn by plotly's
 * own heatmap plot from a one-cell stand-in of their calcdata: the same cell edges, so plotly computes the same image
 * placement (the `<image>` element's x, y, width and height, which the canvas copies), but a 1 × 1 transparent
 * image instead of the cells, which is then taken out (the image shows nothing, and the browser has nothing to
 * decode before the canvas's picture is on screen). The trace groups are bound to the real calcdata again, so that
 * hover, the viewer's recolouring and plotly's later redraws (a zoom, a pan, which run outside this window and
 * paint the cells as usual) see the real cells. Only heatmaps plotly would draw one pixel per cell are taken over;
 * any other heatmap, and every call outside the window, goes to plotly's plot unchanged.
 *
 * @module
 */
import heatmap from "plotly.js/lib/heatmap";
import supportsPixelatedImage from "plotly.js/src/lib/supports_pixelated_image";

/** The part of a heatmap's calcdata this module reads or writes. */
interface HeatmapCalc {
  trace: { uid: string; zsmooth: false | "fast" | "best"; xgap?: number; ygap?: number; _islinear?: boolean };
  z: unknown;
  node3?: { node(): Element | null };
}

type HeatmapPlot = (gd: HTMLElement, plotinfo: unknown, cdheatmaps: HeatmapCalc[][], layer: unknown) => void;

const heatmapModule = heatmap as { plot: HeatmapPlot };
const plotCells: HeatmapPlot = heatmapModule.plot;
const unpainted = new WeakMap<HTMLElement, Set<string>>();
const XLINK = "http://www.w3.org/1999/xlink";
/** One cell with no value: plotly paints it transparent. */
const NO_CELLS = [[undefined]];

/** True when plotly would draw `trace` as an image of one pixel per cell (its "fast" drawing method). */
function onePixelPerCell(trace: HeatmapCalc["trace"]): boolean {
  if (trace.zsmooth === "fast") return true;
  return trace.zsmooth === false && trace._islinear === true && !trace.xgap && !trace.ygap && supportsPixelatedImage();
}

function plot(gd: HTMLElement, plotinfo: unknown, cdheatmaps: HeatmapCalc[][], layer: unknown): void {
  const uids = unpainted.get(gd);
  if (uids === undefined || !cdheatmaps.every((cd) => uids.has(cd[0].trace.uid) && onePixelPerCell(cd[0].trace))) {
    plotCells(gd, plotinfo, cdheatmaps, layer);
    return;
  }
  const standIns = cdheatmaps.map((cd) => [{ ...cd[0], z: NO_CELLS }]);
  plotCells(gd, plotinfo, standIns, layer);
  // plotly bound its trace groups and images to the stand-ins: bind them to the real calcdata
  standIns.forEach((standIn, i) => {
    const real = cdheatmaps[i];
    const node3 = standIn[0].node3;
    const group = node3?.node() as (Element & { __data__?: unknown }) | null | undefined;
    if (node3 === undefined || group == null) return;
    real[0].node3 = node3;
    group.__data__ = real;
    const image = group.querySelector("image") as (Element & { __data__?: unknown }) | null;
    if (image === null) return;
    image.__data__ = real[0];
    image.removeAttributeNS(XLINK, "href"); // plotly's transparent pixel: nothing to show, nothing to decode
  });
}

heatmapModule.plot = plot;

/**
 * Runs `draw` (a plotly call on `gd`) with the heatmaps of `uids` placed by plotly but not painted: their images
 * stand where the cells go and show nothing. The caller paints the cells (on the canvas over the plot)
 * once `draw` is done. With no uids it just runs `draw`.
 *
 * @example
 * ```ts
 * await withHeatmapsUnpainted(gd, ["density"], () => Plotly.react(gd, data, layout, config));
 * recolorHeatmap(gd, cells, -limit, limit, lut, colorscale); // paints the cells on the canvas
 * ```
 */
export async function withHeatmapsUnpainted<T>(gd: HTMLElement, uids: string[], draw: () => Promise<T>): Promise<T> {
  if (uids.length === 0) return draw();
  unpainted.set(gd, new Set(uids));
  try {
    return await draw();
  } finally {
    unpainted.delete(gd);
  }
}
