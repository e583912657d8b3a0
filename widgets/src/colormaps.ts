/**
 * Colormaps as data: colour stops (position 0..1, RGB 0..255), turned into a plotly `colorscale` for the heatmap
 * and into a lookup table for the viewer's fast recolouring, from the same stops, so both give the same colours.
 *
 * @module
 */
import { COLORMAP_NAMES, type ColormapName } from "../../kernel-ext/widgets/protocol";

/** One colour stop: position 0..1 and red, green, blue 0..255. */
export type ColorStop = readonly [position: number, r: number, g: number, b: number];

function hexStops(hex: readonly string[]): ColorStop[] {
  return hex.map((h, i) => [i / (hex.length - 1), parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)] as const);
}

/**
 * The colormaps, by name. `seismic` and `bwr` follow matplotlib's segment data, `RdBu` and `viridis` matplotlib's
 * colours at even steps.
 *
 * @example
 * ```ts
 * COLORMAPS.seismic[2]; // [0.5, 255, 255, 255]: white in the middle
 * ```
 */
export const COLORMAPS: Readonly<Record<ColormapName, readonly ColorStop[]>> = {
  seismic: [
    [0, 0, 0, 77],
    [0.25, 0, 0, 255],
    [0.5, 255, 255, 255],
    [0.75, 255, 0, 0],
    [1, 128, 0, 0],
  ],
  gray: [
    [0, 0, 0, 0],
    [1, 255, 255, 255],
  ],
  gray_r: [
    [0, 255, 255, 255],
    [1, 0, 0, 0],
  ],
  bwr: [
    [0, 0, 0, 255],
    [0.5, 255, 255, 255],
    [1, 255, 0, 0],
  ],
  RdBu: hexStops(["#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"]),
  viridis: hexStops(["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"]),
};

/**
 * The stops of `name`, or of the default colormap (`seismic`) when the name is unknown.
 *
 * @example
 * ```ts
 * colormapStops("gray").length; // 2
 * ```
 */
export function colormapStops(name: string): readonly ColorStop[] {
  return (COLORMAPS as Record<string, readonly ColorStop[]>)[name] ?? COLORMAPS[COLORMAP_NAMES[0]];
}

/**
 * A plotly colorscale (`[[position, "rgb(r,g,b)"], …]`).
 *
 * @example
 * ```ts
 * plotlyColorscale("bwr")[0]; // [0, "rgb(0,0,255)"]
 * ```
 */
export function plotlyColorscale(name: string): [number, string][] {
  return colormapStops(name).map(([p, r, g, b]) => [p, `rgb(${r},${g},${b})`]);
}

/** Entries of a lookup table. */
export const LUT_SIZE = 4096;

/**
 * A lookup table of `LUT_SIZE` (4096) RGBA colours (alpha 255), interpolated linearly between the stops as plotly does.
 * Entry `i` is the colour of normalised value `i / (LUT_SIZE - 1)`. Built once per colormap and shared: read it, do
 * not change it.
 *
 * @example
 * ```ts
 * const lut = colormapLut("gray");
 * lut.subarray(0, 4); // [0, 0, 0, 255]
 * ```
 */
export function colormapLut(name: string): Uint8ClampedArray {
  let lut = luts.get(name);
  if (lut === undefined) {
    lut = buildLut(name);
    luts.set(name, lut);
  }
  return lut;
}

/** Lookup tables built so far, by colormap name (each redraw wants one; building it takes a couple of ms). */
const luts = new Map<string, Uint8ClampedArray>();

function buildLut(name: string): Uint8ClampedArray {
  const stops = colormapStops(name);
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  let s = 0;
  for (let i = 0; i < LUT_SIZE; i++) {
    const v = i / (LUT_SIZE - 1);
    while (s < stops.length - 2 && v > stops[s + 1][0]) s++;
    // indexed reads, not destructuring: this runs once per colormap, in the first draw, before the JIT warms up
    const a = stops[s];
    const b = stops[Math.min(s + 1, stops.length - 1)];
    const f = b[0] > a[0] ? Math.min(1, Math.max(0, (v - a[0]) / (b[0] - a[0]))) : 0;
    lut[i * 4] = Math.round(a[1] + f * (b[1] - a[1]));
    lut[i * 4 + 1] = Math.round(a[2] + f * (b[2] - a[2]));
    lut[i * 4 + 2] = Math.round(a[3] + f * (b[3] - a[3]));
    lut[i * 4 + 3] = 255;
  }
  return lut;
}
