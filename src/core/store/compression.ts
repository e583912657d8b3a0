/**
 * Chunk compression for the trace store, as a table: each entry names the Zarr v2 `filters` and `compressor`
 * metadata that zarr-python, xarray and zarrita understand, and encodes and decodes chunks to match.
 *
 * The byte shuffle is done here (numcodecs' `shuffle` filter): the WebAssembly blosc of numcodecs.js shuffles
 * with an element size of 1, which does nothing, so shuffle + LZ4 is what compresses float samples well.
 * LZ4 runs natively (lz4-napi, whose block format with a 4-byte size prefix is numcodecs' LZ4 format, byte for
 * byte) on libuv's thread pool, so chunks compress on every core; numcodecs.js's WebAssembly LZ4 spends most of
 * its time copying bytes into WebAssembly memory. Zstandard uses numcodecs.js.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { compress as lz4Compress, uncompressSync as lz4UncompressSync } from "lz4-napi";
import { importEsm } from "../util/esm";
import { bloscDeclaredLength, decodeBloscFrame, encodeBloscFrame, type BloscCompressor } from "./blosc-frame";
import { simdShuffle4 } from "./shuffle-simd";

/** Names of the compression choices. */
export type CompressionName = "lz4" | "zstd" | "none";

/** The Zarr v2 metadata of a compression choice. */
export interface ZarrV2Compression {
  filters: Array<{ id: string; elementsize?: number }> | null;
  compressor: { id: string; [key: string]: unknown } | null;
}

interface NumcodecsCodec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** The decoded length the encoded bytes declare, when the format says it up front (see ChunkCodec.declaredLength). */
  declaredLength?(data: Uint8Array): number;
}
interface NumcodecsModule {
  default: { fromConfig(config: { id: string; [key: string]: unknown }): NumcodecsCodec };
}

/**
 * numcodecs' LZ4 format (4-byte little-endian size, then an LZ4 block), natively: encoding off the main thread,
 * decoding on it (lz4-napi 2.10's asynchronous `uncompress` never frees its output: ~1.3 MB per call stayed
 * resident in a 300-call test, against none with `uncompressSync`; decoding a chunk takes about a millisecond).
 */
const NATIVE_LZ4: NumcodecsCodec = {
  encode: async (data) => new Uint8Array(await lz4Compress(Buffer.from(data.buffer, data.byteOffset, data.byteLength))),
  decode: async (data) => {
    const out = lz4UncompressSync(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

/** Zarr format 3 chunks: blosc frames (shuffled inside the frame), see blosc-frame.ts. */
function bloscFrameCodec(compressor: BloscCompressor, elementSize: number): NumcodecsCodec {
  return { encode: (data) => encodeBloscFrame(data, elementSize, compressor), decode: decodeBloscFrame, declaredLength: bloscDeclaredLength };
}

/**
 * A compression choice bound to an element size: encodes and decodes one chunk.
 *
 * @example
 * ```ts
 * const codec = await ChunkCodec.create("lz4", 4);
 * const bytes = await codec.encode(new Uint8Array(samples.buffer));
 * ```
 */
export class ChunkCodec {
  private constructor(
    /** The choice's name. */
    readonly name: CompressionName,
    /** Bytes per element, for the shuffle. */
    readonly elementSize: number,
    private readonly codec: NumcodecsCodec | null,
  ) {}

  /**
   * Loads the codec (WebAssembly, once per process). In Zarr format 3, chunks are blosc frames, which shuffle
   * inside the frame: the codec's own (outer) shuffle is then off, and `elementSize` is 1.
   */
  static async create(name: CompressionName, elementSize: number, zarrFormat: 2 | 3 = 2): Promise<ChunkCodec> {
    const metadata = compressionMetadata(name, elementSize);
    if (metadata.compressor === null) return new ChunkCodec(name, elementSize, null);
    if (zarrFormat === 3) return new ChunkCodec(name, 1, bloscFrameCodec(name === "zstd" ? "zstd" : "lz4", elementSize));
    if (name === "lz4") return new ChunkCodec(name, elementSize, NATIVE_LZ4);
    const module = await importEsm<NumcodecsModule>(`numcodecs/${metadata.compressor.id}`);
    return new ChunkCodec(name, elementSize, module.default.fromConfig(metadata.compressor));
  }

  /** The Zarr v2 `filters` and `compressor` of this codec. */
  get metadata(): ZarrV2Compression {
    return compressionMetadata(this.name, this.elementSize);
  }

  /** Shuffles and compresses one chunk's bytes. */
  async encode(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.codec === null) return bytes;
    return this.codec.encode(shuffle(bytes, this.elementSize));
  }

  /**
   * The decoded length an encoded chunk declares in its header, when the format has one where it can be read
   * without decoding (LZ4: the first 4 bytes, little-endian; none: the length itself); otherwise undefined.
   * Checking it first keeps a garbled header from making the decoder allocate and scan gigabytes.
   */
  declaredLength(bytes: Uint8Array): number | undefined {
    if (this.codec === null) return bytes.length;
    if (this.codec.declaredLength !== undefined) return this.codec.declaredLength(bytes);
    if (this.name !== "lz4") return undefined;
    return bytes.length < 4 ? -1 : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  }

  /** Decompresses and unshuffles one chunk's bytes. */
  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.codec === null) return bytes;
    const decoded = await this.codec.decode(bytes);
    return unshuffle(decoded, this.elementSize, { inPlace: decoded !== bytes }); // the decoder's output is ours to overwrite
  }
}

/**
 * The Zarr v2 metadata of a compression choice.
 *
 * @example
 * ```ts
 * compressionMetadata("lz4", 4); // { filters: [{ id: "shuffle", elementsize: 4 }], compressor: { id: "lz4", acceleration: 1 } }
 * ```
 */
export function compressionMetadata(name: CompressionName, elementSize: number): ZarrV2Compression {
  const filters = elementSize > 1 ? [{ id: "shuffle", elementsize: elementSize }] : null;
  switch (name) {
    case "lz4":
      return { filters, compressor: { id: "lz4", acceleration: 1 } };
    case "zstd":
      return { filters, compressor: { id: "zstd", level: 1 } };
    case "none":
      return { filters: null, compressor: null };
    default:
      throw new ValidationError("compression", `unknown compression "${String(name)}"; use lz4 (default), zstd or none`);
  }
}

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
  let done = 0; // elements shuffled by a fast path; the rest byte by byte below
  const simd = size === 4 && n >= 16 && options.simd !== false ? simdShuffle4() : undefined;
  if (simd !== undefined) {
    done = n - (n % 16);
    simd.shuffle(bytes, n, done, out);
  } else if (size === 4 && n % 4 === 0 && bytes.byteOffset % 4 === 0) {
    transpose4(new Uint32Array(bytes.buffer, bytes.byteOffset, n), new Uint32Array(out.buffer, 0, n), "shuffle");
    done = n;
  }
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
  const simd = size === 4 && n >= 16 && options.simd !== false ? simdShuffle4() : undefined;
  // In place when asked and whole blocks cover the elements: the SIMD path reads its input from its own memory.
  if (options.inPlace === true && simd !== undefined && n % 16 === 0) {
    simd.unshuffle(bytes, n, n, bytes);
    return bytes;
  }
  const out = new Uint8Array(bytes.length);
  let done = 0; // elements unshuffled by a fast path; the rest byte by byte below
  if (simd !== undefined) {
    done = n - (n % 16);
    simd.unshuffle(bytes, n, done, out);
  } else if (size === 4 && n % 4 === 0 && bytes.byteOffset % 4 === 0) {
    transpose4(new Uint32Array(bytes.buffer, bytes.byteOffset, n), new Uint32Array(out.buffer, 0, n), "unshuffle");
    done = n;
  }
  for (let b = 0; b < size; b++) {
    const base = b * n;
    for (let i = done, p = done * size + b; i < n; i++, p += size) out[p] = bytes[base + i];
  }
  out.set(bytes.subarray(n * size), n * size);
  return out;
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
