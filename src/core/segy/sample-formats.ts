/**
 * The SEG-Y sample formats as a table: one entry per format code with its size, its JavaScript array type and
 * its decoder and encoder. Readers and writers look formats up here instead of switching on codes.
 *
 * @module
 */
import { SegyFormatError } from "../errors";
import { decodeIbm, encodeIbm } from "./ibm-float";

/** A typed array holding decoded samples, in the type that keeps them exact. */
export type SampleArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Names of the sample types, as numpy spells them. */
export type SampleDtype =
  | "float32"
  | "float64"
  | "int8"
  | "int16"
  | "int32"
  | "uint8"
  | "uint16"
  | "uint32"
  | "int64"
  | "uint64";

/** One SEG-Y sample format. */
export interface SampleFormat {
  /** SEG-Y format code (binary header bytes 3225–3226). */
  readonly code: number;
  /** Human-readable name, e.g. `"4-byte IBM float"`. */
  readonly name: string;
  /** Bytes per sample in the file. */
  readonly bytesPerSample: number;
  /** Type of the decoded samples. */
  readonly dtype: SampleDtype;
  /** Allocates an array of `length` decoded samples. */
  allocate(length: number): SampleArray;
  /** Decodes `count` samples from `bytes` at `byteOffset` into `out` at `outOffset`. */
  decode(bytes: Uint8Array, byteOffset: number, count: number, littleEndian: boolean, out: SampleArray, outOffset: number): void;
  /** Encodes `count` samples from `samples` at `sampleOffset` into `bytes` at `byteOffset`. */
  encode(samples: ArrayLike<number | bigint>, sampleOffset: number, count: number, littleEndian: boolean, bytes: Uint8Array, byteOffset: number): void;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** A constructor of one of the {@link SampleArray} types. */
export interface SampleArrayConstructor {
  new (length: number): SampleArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): SampleArray;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * The array type of each sample type, for allocating or viewing decoded samples.
 *
 * @example
 * ```ts
 * new SAMPLE_ARRAY_TYPES.int16(10); // Int16Array(10)
 * SAMPLE_ARRAY_TYPES.float64.BYTES_PER_ELEMENT; // 8
 * ```
 */
export const SAMPLE_ARRAY_TYPES: Readonly<Record<SampleDtype, SampleArrayConstructor>> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
};

/** Copies `count` items of `size` bytes, reversing each item's bytes when the orders differ. */
function copyOrdered(src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, count: number, size: number, swap: boolean): void {
  if (!swap || size === 1) {
    dst.set(src.subarray(srcOffset, srcOffset + count * size), dstOffset);
    return;
  }
  let s = srcOffset;
  let d = dstOffset;
  const end = srcOffset + count * size;
  if (size === 2) {
    for (; s < end; s += 2, d += 2) {
      dst[d] = src[s + 1];
      dst[d + 1] = src[s];
    }
  } else if (size === 4 && ((src.byteOffset + srcOffset) & 3) === 0 && ((dst.byteOffset + dstOffset) & 3) === 0) {
    const from = new Uint32Array(src.buffer, src.byteOffset + srcOffset, count);
    const to = new Uint32Array(dst.buffer, dst.byteOffset + dstOffset, count);
    for (let i = 0; i < count; i++) {
      const x = from[i];
      to[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
    }
  } else if (size === 4) {
    for (; s < end; s += 4, d += 4) {
      dst[d] = src[s + 3];
      dst[d + 1] = src[s + 2];
      dst[d + 2] = src[s + 1];
      dst[d + 3] = src[s];
    }
  } else {
    for (; s < end; s += size, d += size) {
      for (let k = 0; k < size; k++) dst[d + k] = src[s + size - 1 - k];
    }
  }
}

function bytesOf(array: SampleArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** A format whose file bytes are a plain fixed-size machine type in some byte order. */
function machineFormat(code: number, name: string, dtype: SampleDtype, size: number): SampleFormat {
  const Ctor = SAMPLE_ARRAY_TYPES[dtype];
  return {
    code,
    name,
    bytesPerSample: size,
    dtype,
    allocate: (length) => new Ctor(length),
    decode(bytes, byteOffset, count, littleEndian, out, outOffset) {
      copyOrdered(bytes, byteOffset, bytesOf(out), outOffset * size, count, size, littleEndian !== HOST_LITTLE_ENDIAN);
    },
    encode(samples, sampleOffset, count, littleEndian, bytes, byteOffset) {
      let typed: SampleArray;
      if (samples instanceof Ctor) {
        typed = (samples as SampleArray).subarray(sampleOffset, sampleOffset + count);
      } else {
        typed = new Ctor(count);
        const bigint = dtype === "int64" || dtype === "uint64";
        for (let i = 0; i < count; i++) {
          const v = samples[sampleOffset + i];
          (typed as unknown as (number | bigint)[])[i] = bigint ? toBigInt(v) : toNumber(v, dtype);
        }
      }
      copyOrdered(bytesOf(typed), 0, bytes, byteOffset, count, size, littleEndian !== HOST_LITTLE_ENDIAN);
    },
  };
}

function toBigInt(v: number | bigint): bigint {
  return typeof v === "bigint" ? v : BigInt(Math.round(v));
}

function toNumber(v: number | bigint, dtype: SampleDtype): number {
  const n = Number(v);
  return dtype.startsWith("float") ? n : Math.round(n);
}

/** 3-byte two's-complement (format 7) or unsigned (format 15) integers, decoded into 32-bit arrays. */
function int24Format(code: number, signed: boolean): SampleFormat {
  return {
    code,
    name: signed ? "3-byte two's complement integer" : "3-byte unsigned integer",
    bytesPerSample: 3,
    dtype: signed ? "int32" : "uint32",
    allocate: (length) => (signed ? new Int32Array(length) : new Uint32Array(length)),
    decode(bytes, byteOffset, count, littleEndian, out, outOffset) {
      const target = out as Int32Array | Uint32Array;
      let p = byteOffset;
      for (let i = 0; i < count; i++, p += 3) {
        const v = littleEndian
          ? bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16)
          : (bytes[p] << 16) | (bytes[p + 1] << 8) | bytes[p + 2];
        target[outOffset + i] = signed ? (v << 8) >> 8 : v;
      }
    },
    encode(samples, sampleOffset, count, littleEndian, bytes, byteOffset) {
      let p = byteOffset;
      for (let i = 0; i < count; i++, p += 3) {
        const v = Math.round(Number(samples[sampleOffset + i])) & 0xffffff;
        if (littleEndian) {
          bytes[p] = v & 0xff;
          bytes[p + 1] = (v >> 8) & 0xff;
          bytes[p + 2] = v >> 16;
        } else {
          bytes[p] = v >> 16;
          bytes[p + 1] = (v >> 8) & 0xff;
          bytes[p + 2] = v & 0xff;
        }
      }
    },
  };
}

const IBM_FLOAT: SampleFormat = {
  code: 1,
  name: "4-byte IBM float",
  bytesPerSample: 4,
  dtype: "float32",
  allocate: (length) => new Float32Array(length),
  decode(bytes, byteOffset, count, littleEndian, out, outOffset) {
    decodeIbm(bytes, byteOffset, count, littleEndian, out as Float32Array, outOffset);
  },
  encode(samples, sampleOffset, count, littleEndian, bytes, byteOffset) {
    const numbers = samples instanceof Float32Array || samples instanceof Float64Array ? samples : Float64Array.from(samples as ArrayLike<number>, Number);
    encodeIbm(numbers, sampleOffset, count, littleEndian, bytes, byteOffset);
  },
};

/** Every sample format SeisProc reads and writes, by SEG-Y code. Format 4 (fixed point with gain) is not here. */
export const SAMPLE_FORMATS: ReadonlyMap<number, SampleFormat> = new Map<number, SampleFormat>([
  [1, IBM_FLOAT],
  [2, machineFormat(2, "4-byte two's complement integer", "int32", 4)],
  [3, machineFormat(3, "2-byte two's complement integer", "int16", 2)],
  [5, machineFormat(5, "4-byte IEEE float", "float32", 4)],
  [6, machineFormat(6, "8-byte IEEE float", "float64", 8)],
  [7, int24Format(7, true)],
  [8, machineFormat(8, "1-byte two's complement integer", "int8", 1)],
  [9, machineFormat(9, "8-byte two's complement integer", "int64", 8)],
  [10, machineFormat(10, "4-byte unsigned integer", "uint32", 4)],
  [11, machineFormat(11, "2-byte unsigned integer", "uint16", 2)],
  [12, machineFormat(12, "8-byte unsigned integer", "uint64", 8)],
  [15, int24Format(15, false)],
  [16, machineFormat(16, "1-byte unsigned integer", "uint8", 1)],
]);

/**
 * The sample format of a SEG-Y code, or a {@link SegyFormatError} saying which codes are supported.
 *
 * @example
 * ```ts
 * sampleFormat(5).bytesPerSample; // 4
 * sampleFormat(4); // throws: format 4 (fixed point with gain) is obsolete and not supported
 * ```
 */
export function sampleFormat(code: number, where: { file: string; byteOffset?: number } = { file: "<format>" }): SampleFormat {
  const format = SAMPLE_FORMATS.get(code);
  if (format !== undefined) return format;
  const known = [...SAMPLE_FORMATS.keys()].join(", ");
  const detail =
    code === 4
      ? "sample format 4 (4-byte fixed point with gain) is obsolete and not supported; convert the file with the tool that wrote it"
      : `unknown sample format code ${code}; supported codes are ${known}. If the file is little-endian or not SEG-Y, say so with the byte-order option`;
  throw new SegyFormatError("unsupported-format", detail, where);
}

/**
 * Converts decoded samples of any type to float32 (round to nearest), as most processing wants them.
 *
 * @example
 * ```ts
 * toFloat32(Int16Array.of(1, -2)); // Float32Array [1, -2]
 * ```
 */
export function toFloat32(samples: SampleArray): Float32Array {
  if (samples instanceof Float32Array) return samples;
  const out = new Float32Array(samples.length);
  if (samples instanceof BigInt64Array || samples instanceof BigUint64Array) {
    for (let i = 0; i < samples.length; i++) out[i] = Number(samples[i]);
  } else {
    out.set(samples);
  }
  return out;
}
