/**
 * Chunk compression for the trace store, as a table: each entry names the Zarr v2 `filters` and `compressor`
 * metadata that zarr-python, xarray and zarrita understand, and encodes and decodes chunks to match.
 *
 * The byte shuffle (numcodecs' `shuffle` filter, in shuffle.ts) is ours: the WebAssembly blosc of numcodecs.js
 * shuffles with an element size of 1, which does nothing, so shuffle + LZ4 is what compresses float samples well.
 * Zarr format 3 chunks are blosc frames (blosc-frame.ts), shuffled inside the frame.
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
import { shuffle, unshuffle } from "./shuffle";

export { shuffle, unshuffle, type ShuffleOptions } from "./shuffle";

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
  encode: async (data) => {
    const out = await lz4Compress(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength); // the native result is ours: no copy
  },
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
   * Whether chunks are shuffled with 4-byte elements before compression, so that callers holding shuffled
   * planes already (store/sample-planes.ts) can hand them to {@link encodeShuffled}.
   */
  get takesShuffled4(): boolean {
    return this.codec !== null && this.elementSize === 4;
  }

  /** Compresses one chunk's bytes already shuffled with this codec's element size (see {@link takesShuffled4}). */
  async encodeShuffled(planes: Uint8Array): Promise<Uint8Array> {
    if (!this.takesShuffled4 || this.codec === null) throw new ValidationError("planes", `the ${this.name} codec with element size ${this.elementSize} does not compress shuffled 4-byte planes; use encode`);
    return this.codec.encode(planes);
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
