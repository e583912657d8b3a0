/**
 * IBM System/360 single-precision floats (SEG-Y format 1) to and from IEEE-754 binary32.
 *
 * An IBM float is sign × 0.mantissa × 16^(exponent − 64) with a 24-bit mantissa. Decoding computes that value
 * exactly in binary64 (a 24-bit integer times a power of two always fits) and rounds once to binary32, so
 * non-normalised values (leading hex digit 0) decode exactly too.
 *
 * @module
 */

/** `SCALE[b]` = ±2^(4·(e − 64) − 24) for the top byte `b` = sign bit and 7-bit exponent `e`. */
const SCALE: Float64Array = (() => {
  const table = new Float64Array(256);
  for (let b = 0; b < 256; b++) {
    const exponent = b & 0x7f;
    const magnitude = Math.pow(2, 4 * (exponent - 64) - 24);
    table[b] = b & 0x80 ? -magnitude : magnitude;
  }
  return table;
})();

/**
 * The value of one IBM float given as its 32-bit pattern, exact as a JavaScript number (binary64).
 *
 * @example
 * ```ts
 * ibmToNumber(0x41100000); // 1
 * ibmToNumber(0xc276a000); // -118.625
 * ```
 */
export function ibmToNumber(bits: number): number {
  return (bits & 0xffffff) * SCALE[bits >>> 24];
}

/**
 * Decodes `count` IBM floats from `bytes` at `byteOffset` into `out` (rounded once to binary32).
 *
 * @example
 * ```ts
 * const out = new Float32Array(1);
 * decodeIbm(Uint8Array.of(0x41, 0x10, 0, 0), 0, 1, false, out); // out[0] === 1
 * ```
 */
export function decodeIbm(
  bytes: Uint8Array,
  byteOffset: number,
  count: number,
  littleEndian: boolean,
  out: Float32Array,
  outOffset = 0,
): void {
  if (((bytes.byteOffset + byteOffset) & 3) === 0 && HOST_LITTLE_ENDIAN) {
    decodeIbmAligned(new Uint32Array(bytes.buffer, bytes.byteOffset + byteOffset, count), littleEndian, out, outOffset);
    return;
  }
  let p = byteOffset;
  if (littleEndian) {
    for (let i = 0; i < count; i++, p += 4) {
      out[outOffset + i] = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)) * SCALE[bytes[p + 3]];
    }
  } else {
    for (let i = 0; i < count; i++, p += 4) {
      out[outOffset + i] = ((bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3]) * SCALE[bytes[p]];
    }
  }
}

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The fast path: whole 32-bit words on a little-endian host (one load per sample instead of four). */
function decodeIbmAligned(words: Uint32Array, littleEndian: boolean, out: Float32Array, outOffset: number): void {
  const count = words.length;
  if (littleEndian) {
    for (let i = 0; i < count; i++) {
      const x = words[i];
      out[outOffset + i] = (x & 0xffffff) * SCALE[x >>> 24];
    }
  } else {
    for (let i = 0; i < count; i++) {
      const x = words[i];
      out[outOffset + i] = (((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) * SCALE[x & 0xff];
    }
  }
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/**
 * The normalised IBM float bit pattern nearest to `value` (round to nearest, ties to even). Zero, NaN and
 * values too small for IBM give 0 (NaN has no IBM form); values too large saturate at the largest magnitude.
 *
 * Every binary32 value in IBM range converts exactly (IBM's 24-bit mantissa holds binary32's 24 significant
 * bits except when the hex normalisation shifts in up to 3 leading zero bits, where rounding can occur).
 *
 * @example
 * ```ts
 * numberToIbm(1); // 0x41100000
 * ```
 */
export function numberToIbm(value: number): number {
  if (value === 0 || Number.isNaN(value)) return Object.is(value, -0) ? 0x80000000 : 0;
  const sign = value < 0 ? 0x80000000 : 0;
  const magnitude = Math.abs(value);
  if (!Number.isFinite(magnitude)) return (sign | 0x7fffffff) >>> 0;
  // Find e with 16^(e-64) > magnitude >= 16^(e-65), i.e. mantissa fraction in [1/16, 1).
  let exponent = Math.floor(Math.log2(magnitude) / 4) + 65;
  let fraction = magnitude / Math.pow(16, exponent - 64);
  if (fraction >= 1) {
    exponent += 1;
    fraction /= 16;
  } else if (fraction < 1 / 16) {
    exponent -= 1;
    fraction *= 16;
  }
  let mantissa = roundHalfEven(fraction * 0x1000000);
  if (mantissa === 0x1000000) {
    mantissa = 0x100000;
    exponent += 1;
  }
  if (exponent > 127) return (sign | 0x7fffffff) >>> 0;
  if (exponent < 0) {
    // Denormalise into exponent 0 so that tiny values keep what precision they can.
    mantissa = roundHalfEven(magnitude / Math.pow(16, -64) * 0x1000000);
    exponent = 0;
    if (mantissa === 0) return sign >>> 0;
  }
  return (sign | (exponent << 24) | mantissa) >>> 0;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Encodes `count` values from `samples` as IBM floats into `bytes` at `byteOffset`.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(4);
 * encodeIbm(Float32Array.of(1), 0, 1, false, bytes, 0); // bytes = 41 10 00 00
 * ```
 */
export function encodeIbm(
  samples: ArrayLike<number>,
  sampleOffset: number,
  count: number,
  littleEndian: boolean,
  bytes: Uint8Array,
  byteOffset: number,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    F32[0] = samples[sampleOffset + i];
    view.setUint32(byteOffset + 4 * i, fastFloat32ToIbm(U32[0]), littleEndian);
  }
}

/** Binary32 bit pattern to IBM bit pattern; integer-only fast path for normal numbers, exact rounding. */
function fastFloat32ToIbm(bits: number): number {
  const sign = bits & 0x80000000;
  const biased = (bits >>> 23) & 0xff;
  if (biased === 0 || biased === 0xff) return numberToIbm(F32[0]);
  // value = 1.f × 2^(biased − 127) = (0x800000 | f) × 2^(biased − 150)
  const e2 = biased - 127 + 1; // value = 0.1f × 2^e2
  const hexExponent = Math.ceil(e2 / 4); // value = 0.m × 16^hexExponent
  const shift = 4 * hexExponent - e2; // 0..3 leading zero bits in the IBM mantissa
  let mantissa = (bits & 0x7fffff) | 0x800000;
  if (shift > 0) {
    const dropped = mantissa & ((1 << shift) - 1);
    mantissa >>>= shift;
    const half = 1 << (shift - 1);
    if (dropped > half || (dropped === half && (mantissa & 1) === 1)) mantissa += 1;
    if (mantissa === 0x1000000) return numberToIbm(F32[0]);
  }
  const exponent = hexExponent + 64;
  if (exponent < 0 || exponent > 127) return numberToIbm(F32[0]);
  return (sign | (exponent << 24) | mantissa) >>> 0;
}
