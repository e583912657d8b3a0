/**
 * Pixel statistics of a screenshot region, for checking that a drawn gather looks like a seismic section
 * (many colours, not blank, both polarities) and that display changes change it.
 *
 * @module
 */
import type { RgbaImage } from "./png";

/** A rectangle in image pixels. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a region looks like. */
export interface RegionStats {
  pixels: number;
  /** Distinct colours after quantising each channel to 5 bits. */
  distinctColours: number;
  /** Fraction of pixels that are not (near) white. */
  nonWhite: number;
  /** Fraction clearly red (r > b + 60) and clearly blue (b > r + 60). */
  reddish: number;
  bluish: number;
  /** Fraction of pixels whose channels differ by more than 12 (not grey). */
  coloured: number;
  /** Fraction of pixels near black (all channels < 40). */
  dark: number;
  /** Mean absolute luminance difference between vertically adjacent pixels (structure in time). */
  verticalVariation: number;
  /** Mean absolute luminance difference between horizontally adjacent pixels. */
  horizontalVariation: number;
}

function lum(d: Uint8Array, i: number): number {
  return 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
}

/** Statistics of `region` of `image`. */
export function regionStats(image: RgbaImage, region: Region): RegionStats {
  const { data, width } = image;
  const colours = new Set<number>();
  let n = 0;
  let nonWhite = 0;
  let reddish = 0;
  let bluish = 0;
  let coloured = 0;
  let dark = 0;
  let vsum = 0;
  let hsum = 0;
  const x1 = Math.min(image.width, region.x + region.width);
  const y1 = Math.min(image.height, region.y + region.height);
  for (let y = Math.max(0, region.y); y < y1; y++) {
    for (let x = Math.max(0, region.x); x < x1; x++) {
      const i = (y * width + x) * 4;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      n++;
      colours.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
      if (r < 245 || g < 245 || b < 245) nonWhite++;
      if (r > b + 60) reddish++;
      if (b > r + 60) bluish++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 12) coloured++;
      if (r < 40 && g < 40 && b < 40) dark++;
      if (y + 1 < y1) vsum += Math.abs(lum(data, i) - lum(data, i + width * 4));
      if (x + 1 < x1) hsum += Math.abs(lum(data, i) - lum(data, i + 4));
    }
  }
  if (n === 0) throw new Error("the region lies outside the image");
  return {
    pixels: n,
    distinctColours: colours.size,
    nonWhite: nonWhite / n,
    reddish: reddish / n,
    bluish: bluish / n,
    coloured: coloured / n,
    dark: dark / n,
    verticalVariation: vsum / n,
    horizontalVariation: hsum / n,
  };
}

/** Mean absolute difference per channel between the same region of two images of equal size. */
export function meanAbsDifference(a: RgbaImage, b: RgbaImage, region: Region): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error("images differ in size");
  let sum = 0;
  let n = 0;
  const x1 = Math.min(a.width, region.x + region.width);
  const y1 = Math.min(a.height, region.y + region.height);
  for (let y = Math.max(0, region.y); y < y1; y++) {
    for (let x = Math.max(0, region.x); x < x1; x++) {
      const i = (y * a.width + x) * 4;
      sum += Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]);
      n += 3;
    }
  }
  if (n === 0) throw new Error("the region lies outside the images");
  return sum / n;
}
