/**
 * RGBA pixels as an image URL the browser shows at once: an uncompressed 32-bit BMP (with its alpha channel) in
 * a blob, instead of a PNG data URL. Encoding a PNG (`canvas.toDataURL`) and decoding it again took most of a
 * heatmap recolour (~20 ms each way for a million cells); a BMP is a header and a byte swizzle, and the browser
 * decodes it without inflating anything. Each image element keeps one URL: the previous one is revoked. The viewer's
 * redraws paint on a canvas instead (`heatmap-canvas`, no decode at all); this puts the canvas's pixels back into
 * plotly's image when plotly takes the picture over without redrawing it (a pan).
 *
 * @module
 */

const FILE_HEADER = 14;
const V4_HEADER = 108;
/** Where the pixels start: after both headers, rounded up to a word so that they can be written as words. */
const PIXELS_AT = 124;
const urls = new WeakMap<Element, string>();

/**
 * A BMP file (BITMAPV4HEADER, 32 bits per pixel, BGRA bit fields, top-down) of `width` × `height` RGBA pixels.
 *
 * @example
 * ```ts
 * const bytes = rgbaToBmp(Uint8ClampedArray.of(255, 0, 0, 255), 1, 1); // one opaque red pixel
 * ```
 */
export function rgbaToBmp(rgba: Uint8ClampedArray, width: number, height: number): Uint8Array<ArrayBuffer> {
  const pixels = width * height;
  const out = new Uint8Array(PIXELS_AT + pixels * 4);
  const view = new DataView(out.buffer);
  view.setUint8(0, 0x42); // "BM"
  view.setUint8(1, 0x4d);
  view.setUint32(2, out.length, true);
  view.setUint32(10, PIXELS_AT, true);
  view.setUint32(FILE_HEADER, V4_HEADER, true);
  view.setInt32(18, width, true);
  view.setInt32(22, -height, true); // negative: rows top to bottom, like ImageData
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 32, true); // bits per pixel
  view.setUint32(30, 3, true); // BI_BITFIELDS
  view.setUint32(34, pixels * 4, true);
  view.setInt32(38, 2835, true); // 72 dpi
  view.setInt32(42, 2835, true);
  view.setUint32(54, 0x00ff0000, true); // red mask
  view.setUint32(58, 0x0000ff00, true); // green
  view.setUint32(62, 0x000000ff, true); // blue
  view.setUint32(66, 0xff000000, true); // alpha
  view.setUint32(70, 0x73524742, true); // "sRGB"
  // RGBA bytes read as little-endian words are ABGR; the file wants ARGB: swap red and blue
  const source = new Uint32Array(rgba.buffer, rgba.byteOffset, pixels);
  const target = new Uint32Array(out.buffer, PIXELS_AT, pixels);
  for (let i = 0; i < pixels; i++) {
    const x = source[i];
    target[i] = (x & 0xff00ff00) | ((x & 0xff) << 16) | ((x >>> 16) & 0xff);
  }
  return out;
}

/**
 * Shows `width` × `height` RGBA pixels in an SVG `<image>` (as its `href`), revoking the URL it showed before.
 *
 * @example
 * ```ts
 * showPixels(group.querySelector("image")!, colorCells(cells, -1, 1, lut, false, false), cells.cols, cells.rows);
 * ```
 */
export function showPixels(image: Element, rgba: Uint8ClampedArray, width: number, height: number): void {
  const url = URL.createObjectURL(new Blob([rgbaToBmp(rgba, width, height)], { type: "image/bmp" }));
  const previous = urls.get(image);
  // xlink:href, as plotly sets it: a plain href would win over plotly's own later updates of this element
  image.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", url);
  urls.set(image, url);
  if (previous !== undefined) URL.revokeObjectURL(previous);
}
