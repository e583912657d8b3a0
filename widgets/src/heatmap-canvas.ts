/**
 * Heatmap cells painted on a `<canvas>` laid over plotly's plot area, in place of plotly's heatmap `<image>`:
 * `putImageData` of the colour-mapped cells and one scaled `drawImage` to where plotly put its image, so that a
 * recolour or a swapped gather costs no image encoding and no image decoding (an image URL, even an uncompressed
 * bitmap, is decoded again before it shows: ~40 ms for a million cells). Plotly still owns the figure: its axes,
 * hover, zoom and pan, and its own copy of the cells (kept in step by `fast-recolor`).
 *
 * The canvas covers the plot area of the heatmap's axes (their `_offset` / `_length`), above plotly's main SVG and
 * below its top layer (zoom box, info layer), and lets the pointer through. Plotly's image stays in the SVG, hidden.
 * The canvas stands in for it only while plotly leaves that image alone: a mutation observer hands the picture back
 * as soon as plotly redraws the image (zoom, resize, Plotly.react), removes it, or moves the plot under it (a pan
 * or wheel-zoom preview transforms the plot group), putting the canvas's pixels into the image first in that last
 * case, since plotly did not redraw them.
 *
 * @module
 */
import type { PlotlyHTMLElement } from "plotly.js/lib/core";
import { showPixels } from "./bitmap-url";

/** The part of a plotly axis this module reads: its place in the plot, in CSS pixels. */
export interface AxisBox {
  _offset: number;
  _length: number;
}

/** One canvas standing in for one heatmap image. */
interface Overlay {
  uid: string;
  canvas: HTMLCanvasElement;
  /** The cells, one pixel each (drawn scaled onto `canvas`). */
  cells: HTMLCanvasElement;
  image: SVGImageElement;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

interface Overlays {
  byUid: Map<string, Overlay>;
  observer: MutationObserver;
}

/** Attributes plotly sets when it redraws a heatmap image. */
const IMAGE_ATTRIBUTES = new Set(["href", "x", "y", "width", "height"]);
const figures = new WeakMap<Element, Overlays>();

/** Class of the overlay canvases (tests look for it). */
export const HEATMAP_CANVAS_CLASS = "sp-heatmap-canvas";

function overlaysOf(gd: PlotlyHTMLElement): Overlays {
  let o = figures.get(gd);
  if (o === undefined) {
    const created: Overlays = { byUid: new Map(), observer: new MutationObserver((records) => onMutations(created, records)) };
    figures.set(gd, created);
    o = created;
  }
  return o;
}

function onMutations(o: Overlays, records: MutationRecord[]): void {
  for (const overlay of Array.from(o.byUid.values())) {
    const { image } = overlay;
    if (!image.isConnected) {
      release(o, overlay, false);
      continue;
    }
    for (const r of records) {
      if (r.type !== "attributes" || !(r.target instanceof SVGElement)) continue;
      if (r.target === image && IMAGE_ATTRIBUTES.has(r.attributeName ?? "")) {
        release(o, overlay, false); // plotly drew the image again, from the cells fast-recolor gave it
        break;
      }
      if (r.attributeName === "transform" && r.target !== image && r.target.contains(image)) {
        release(o, overlay, true); // plotly moves the plot under the canvas (pan / wheel zoom preview)
        break;
      }
    }
  }
}

/** Hands the picture back to plotly's image; `restore` puts the canvas's pixels into it first. */
function release(o: Overlays, overlay: Overlay, restore: boolean): void {
  o.byUid.delete(overlay.uid);
  if (o.byUid.size === 0) o.observer.disconnect();
  if (restore && overlay.image.isConnected) showPixels(overlay.image, overlay.rgba, overlay.width, overlay.height);
  overlay.image.removeAttribute("visibility");
  overlay.canvas.remove();
}

function numberAttribute(el: Element, name: string): number {
  return Number(el.getAttribute(name));
}

/**
 * Shows `width` × `height` RGBA cells (one per pixel of plotly's image of the heatmap `uid`) on a canvas over the
 * plot area of `xaxis` × `yaxis`, exactly where plotly's `image` is, and hides that image. `smooth` scales them
 * bilinearly (plotly's `zsmooth: "fast"`), else nearest-neighbour (its pixelated image for `zsmooth: false`).
 * Returns false (nothing changed) when the image has no place on screen or plotly's paper is missing.
 *
 * @example
 * ```ts
 * paintCells(gd, "density", image, plot.xaxis, plot.yaxis, colorCells(cells, -1, 1, lut, false, false), cells.cols, cells.rows, false);
 * ```
 */
export function paintCells(
  gd: PlotlyHTMLElement,
  uid: string,
  image: SVGImageElement,
  xaxis: AxisBox,
  yaxis: AxisBox,
  rgba: Uint8ClampedArray<ArrayBuffer>,
  width: number,
  height: number,
  smooth: boolean,
): boolean {
  const paper = gd.querySelector(".svg-container > svg.main-svg");
  const x = numberAttribute(image, "x");
  const y = numberAttribute(image, "y");
  const w = numberAttribute(image, "width");
  const hgt = numberAttribute(image, "height");
  const box = [xaxis._offset, yaxis._offset, xaxis._length, yaxis._length];
  if (paper === null || ![x, y, w, hgt, ...box].every(Number.isFinite) || w <= 0 || hgt <= 0 || box[2] <= 0 || box[3] <= 0) return false;
  const o = overlaysOf(gd);
  onMutations(o, o.observer.takeRecords()); // what plotly did since the observer last ran comes first
  let overlay = o.byUid.get(uid);
  if (overlay !== undefined && overlay.image !== image) {
    release(o, overlay, false);
    overlay = undefined;
  }
  if (overlay === undefined) {
    const canvas = document.createElement("canvas");
    canvas.className = HEATMAP_CANVAS_CLASS;
    canvas.dataset.uid = uid;
    canvas.style.position = "absolute";
    canvas.style.pointerEvents = "none";
    overlay = { uid, canvas, cells: document.createElement("canvas"), image, rgba, width, height };
    if (o.byUid.size === 0) o.observer.observe(gd, { subtree: true, childList: true, attributes: true });
    o.byUid.set(uid, overlay);
  }
  overlay.rgba = rgba;
  overlay.width = width;
  overlay.height = height;
  const { canvas, cells } = overlay;
  // above plotly's paper (axes, heatmap, drag layer), below its top paper (zoom box, info layer)
  if (canvas.parentNode !== paper.parentNode) paper.after(canvas); // (a second panel's canvas may sit in between)
  const ratio = window.devicePixelRatio || 1;
  const [left, top, cssW, cssH] = box;
  canvas.style.left = `${left}px`;
  canvas.style.top = `${top}px`;
  canvas.style.width = `${cssW}px`;
  canvas.style.height = `${cssH}px`;
  const backW = Math.max(1, Math.round(cssW * ratio));
  const backH = Math.max(1, Math.round(cssH * ratio));
  if (canvas.width !== backW) canvas.width = backW;
  if (canvas.height !== backH) canvas.height = backH;
  if (cells.width !== width) cells.width = width;
  if (cells.height !== height) cells.height = height;
  const cellCtx = cells.getContext("2d");
  const ctx = canvas.getContext("2d");
  if (cellCtx === null || ctx === null) {
    release(o, overlay, false);
    return false;
  }
  cellCtx.putImageData(new ImageData(rgba, width, height), 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, backW, backH);
  ctx.setTransform(backW / cssW, 0, 0, backH / cssH, 0, 0);
  ctx.imageSmoothingEnabled = smooth;
  ctx.imageSmoothingQuality = "low";
  ctx.drawImage(cells, x, y, w, hgt);
  image.setAttribute("visibility", "hidden");
  return true;
}
