/**
 * numcodecs' byte shuffle filter (`{"id": "shuffle", "elementsize": n}`): byte k of every element together. The
 * trace store shuffles float samples before LZ4 (Zarr format 2) or inside blosc frames (format 3); 4-byte
 * elements go through WebAssembly SIMD ({@link simdShuffle4}), else a word-at-a-time transpose.
 *
 * @module
 */
import { simdShuffle4, type Shuffle4 } from "./shuffle-simd";

/** Options of {@link shuffle} and {@link unshuffle}. */
export interface ShuffleOptions {
  /** Use WebAssembly SIMD for 4-byte elements where the runtime has it (default true; false runs JavaScript only). */
  simd?: boolean;
}

/**
 * numcodecs' byte shuffle: byte k of every element together, for k = 0..size-1. 4-byte elements go through
 * WebAssembly SIMD ({@link simdShuffle4}) where available, else a word-at-a-time transpose.
 *
 * @example
 * ```ts
 * shuffle(Uint8Array.of(1, 2, 3, 4), 2); // [1, 3, 2, 4]
 * ```
 */
export function shuffle(bytes: Uint8Array, size: number, options: ShuffleOptions = {}): Uint8Array {
  if (size <= 1) return bytes;
  const n = Math.floor(bytes.length / size);
  const out = new Uint8Array(bytes.length);
  const done = fastPath("shuffle", bytes, size, n, out, simdFor(size, n, options)); // the rest byte by byte below
  for (let b = 0; b < size; b++) {
    const base = b * n;
    for (let i = done, p = done * size + b; i < n; i++, p += size) out[base + i] = bytes[p];
  }
  out.set(bytes.subarray(n * size), n * size);
  return out;
}

/**
 * Inverse of {@link shuffle}. With `inPlace`, `bytes` may be overwritten and returned (when the fast path
 * allows; otherwise a new array is returned as without it).
 *
 * @example
 * ```ts
 * unshuffle(Uint8Array.of(1, 3, 2, 4), 2); // [1, 2, 3, 4]
 * ```
 */
export function unshuffle(bytes: Uint8Array, size: number, options: ShuffleOptions & { inPlace?: boolean } = {}): Uint8Array {
  if (size <= 1) return bytes;
  const n = Math.floor(bytes.length / size);
  const simd = simdFor(size, n, options);
  // In place when asked and whole blocks cover the elements: the SIMD path reads its input from its own memory.
  if (options.inPlace === true && simd !== undefined && n % 16 === 0) {
    simd.unshuffle(bytes, n, n, bytes);
    return bytes;
  }
  const out = new Uint8Array(bytes.length);
  const done = fastPath("unshuffle", bytes, size, n, out, simd); // the rest byte by byte below
  for (let b = 0; b < size; b++) {
    const base = b * n;
    for (let i = done, p = done * size + b; i < n; i++, p += size) out[p] = bytes[base + i];
  }
  out.set(bytes.subarray(n * size), n * size);
  return out;
}

/** The WebAssembly SIMD kernels when they apply: 4-byte elements, at least one 16-element block, not turned off. */
function simdFor(size: number, n: number, options: ShuffleOptions): Shuffle4 | undefined {
  return size === 4 && n >= 16 && options.simd !== false ? simdShuffle4() : undefined;
}

/**
 * Shuffles or unshuffles the elements a fast path covers from `bytes` into `out` (WebAssembly SIMD in whole
 * 16-element blocks, else the word-at-a-time transpose for aligned 4-byte elements); returns how many that was.
 */
function fastPath(direction: "shuffle" | "unshuffle", bytes: Uint8Array, size: number, n: number, out: Uint8Array, simd: Shuffle4 | undefined): number {
  if (simd !== undefined) {
    const blocks = n - (n % 16);
    simd[direction](bytes, n, blocks, out);
    return blocks;
  }
  if (size === 4 && n % 4 === 0 && bytes.byteOffset % 4 === 0) {
    transpose4(new Uint32Array(bytes.buffer, bytes.byteOffset, n), new Uint32Array(out.buffer, 0, n), direction);
    return n;
  }
  return 0;
}

/**
 * The 4-byte shuffle a word at a time (n elements, n a multiple of 4, little-endian words): each step transposes
 * a 4 × 4 block of bytes, four elements against four bytes of each of the four planes. The transpose is its own
 * inverse; only which side is planar differs. Four times fewer loads and stores than byte by byte.
 */
function transpose4(src: Uint32Array, dst: Uint32Array, direction: "shuffle" | "unshuffle"): void {
  const q = src.length >>> 2;
  if (direction === "unshuffle") {
    for (let j = 0; j < q; j++) {
      const a = src[j], b = src[q + j], c = src[2 * q + j], d = src[3 * q + j];
      const o = 4 * j;
      dst[o] = (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | (d << 24);
      dst[o + 1] = ((a >>> 8) & 0xff) | (b & 0xff00) | ((c & 0xff00) << 8) | ((d & 0xff00) << 16);
      dst[o + 2] = ((a >>> 16) & 0xff) | ((b >>> 8) & 0xff00) | (c & 0xff0000) | ((d & 0xff0000) << 8);
      dst[o + 3] = (a >>> 24) | ((b >>> 16) & 0xff00) | ((c >>> 8) & 0xff0000) | (d & 0xff000000);
    }
    return;
  }
  for (let j = 0; j < q; j++) {
    const o = 4 * j;
    const a = src[o], b = src[o + 1], c = src[o + 2], d = src[o + 3];
    dst[j] = (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | (d << 24);
    dst[q + j] = ((a >>> 8) & 0xff) | (b & 0xff00) | ((c & 0xff00) << 8) | ((d & 0xff00) << 16);
    dst[2 * q + j] = ((a >>> 16) & 0xff) | ((b >>> 8) & 0xff00) | (c & 0xff0000) | ((d & 0xff0000) << 8);
    dst[3 * q + j] = (a >>> 24) | ((b >>> 16) & 0xff00) | ((c >>> 8) & 0xff0000) | (d & 0xff000000);
  }
}
