/**
 * Chunk compression for the trace store, as a table: each entry names the Zarr v2 `filters` and `compressor`
 * metadata that zarr-python, xarray and zarrita understand, and encodes and decodes chunks to match.
 *
 * The byte shuffle is done here (numcodecs' `shuffle` filter): the WebAssembly blosc of numcodecs.js shuffles
 * with an element size of 1, which does nothing, so shuffle + LZ4 is what compresses float samples well.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { importEsm } from "../util/esm";

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
}
interface NumcodecsModule {
  default: { fromConfig(config: { id: string; [key: string]: unknown }): NumcodecsCodec };
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

  /** Loads the codec (WebAssembly, once per process). */
  static async create(name: CompressionName, elementSize: number): Promise<ChunkCodec> {
    const metadata = compressionMetadata(name, elementSize);
    if (metadata.compressor === null) return new ChunkCodec(name, elementSize, null);
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

  /** Decompresses and unshuffles one chunk's bytes. */
  async decode(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.codec === null) return bytes;
    return unshuffle(await this.codec.decode(bytes), this.elementSize);
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

/**
 * numcodecs' byte shuffle: byte k of every element together, for k = 0..size-1.
 *
 * @example
 * ```ts
 * shuffle(Uint8Array.of(1, 2, 3, 4), 2); // [1, 3, 2, 4]
 * ```
 */
export function shuffle(bytes: Uint8Array, size: number): Uint8Array {
  if (size <= 1) return bytes;
  const n = Math.floor(bytes.length / size);
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < size; b++) {
    const base = b * n;
    for (let i = 0, p = b; i < n; i++, p += size) out[base + i] = bytes[p];
  }
  out.set(bytes.subarray(n * size), n * size);
  return out;
}

/**
 * Inverse of {@link shuffle}.
 *
 * @example
 * ```ts
 * unshuffle(Uint8Array.of(1, 3, 2, 4), 2); // [1, 2, 3, 4]
 * ```
 */
export function unshuffle(bytes: Uint8Array, size: number): Uint8Array {
  if (size <= 1) return bytes;
  const n = Math.floor(bytes.length / size);
  const out = new Uint8Array(bytes.length);
  for (let b = 0; b < size; b++) {
    const base = b * n;
    for (let i = 0, p = b; i < n; i++, p += size) out[p] = bytes[base + i];
  }
  out.set(bytes.subarray(n * size), n * size);
  return out;
}
