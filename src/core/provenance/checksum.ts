/**
 * Dataset checksums, algorithm `seisproc-chunked-sha256/1`. What is hashed, exactly:
 *
 * - The dataset is cut into blocks of `chunkTraces` traces (the store's chunking; the last block may be
 *   shorter). For block c, holding traces c·chunkTraces .. min(traceCount, (c+1)·chunkTraces) − 1:
 *   - `samples` = SHA-256 of those traces' decoded samples, trace after trace, each sample in the stored type
 *     (`dtype`), little-endian: exactly the bytes of `LazySeismicData.readTraces(start, rows)` (padding rows of
 *     the last Zarr chunk are not included);
 *   - `headers` = SHA-256 of the same traces' raw trace headers (`traceHeaderBytes` each, as read from the
 *     file: `LazySeismicData.readRawHeaders`), trace after trace.
 * - The dataset digest is the SHA-256 of this UTF-8 text (`\n` line ends, lowercase hex):
 *   ```
 *   seisproc-chunked-sha256/1
 *   dtype <dtype>
 *   traces <traceCount>
 *   samples <samplesPerTrace>
 *   header-bytes <traceHeaderBytes>
 *   chunk-traces <chunkTraces>
 *   <c> <samples hex> <headers hex>      (one line per block, c = 0, 1, ...)
 *   ```
 *
 * Decoded bytes are hashed, not the compressed chunks, so a change of compressor does not change a checksum;
 * any change of a sample bit, a header byte, the sample type or the shape does. Per-block digests say where two
 * datasets differ.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { SampleArray, SampleDtype } from "../segy/sample-formats";
import type { StoreKey } from "../storage/types";
import { chunkKey, STORE_KEYS, type ZarrFormat } from "../store/layout";
import type { LazySeismicData } from "../store/lazy-seismic-data";
import type { StoreMetadata } from "../store/store-metadata";

/** The name of the checksum algorithm, recorded with every checksum. */
export const CHECKSUM_ALGORITHM = "seisproc-chunked-sha256/1";

/** What a checksum's blocks follow from. */
export interface ChecksumLayout {
  dtype: SampleDtype;
  traceCount: number;
  samplesPerTrace: number;
  traceHeaderBytes: number;
  chunkTraces: number;
}

/** SHA-256 digests (hex) of one block's samples and raw headers. */
export interface BlockDigest {
  samples: string;
  headers: string;
}

/** A dataset's checksum: the digest, and the block digests it was made from. */
export interface DatasetChecksum {
  algorithm: typeof CHECKSUM_ALGORITHM;
  /** SHA-256 (hex) of the header lines and block digests. */
  digest: string;
  layout: ChecksumLayout;
  blocks: BlockDigest[];
}

/** Where two checksums of the same layout differ. */
export interface ChecksumDifference {
  /** Block (Zarr chunk row) index. */
  block: number;
  /** First and last trace of the block. */
  firstTrace: number;
  lastTrace: number;
  /** Which part differs. */
  part: "samples" | "headers";
  /** The store key of the chunk holding that part (in the Zarr format given to {@link checksumDifferences}). */
  key: StoreKey;
  expected: string;
  actual: string;
}

/**
 * The checksum layout of a store (optionally with another sample type, e.g. the float32 output of processing).
 *
 * @example
 * ```ts
 * checksumLayout(data.metadata).chunkTraces; // data.metadata.chunkTraces
 * ```
 */
export function checksumLayout(metadata: StoreMetadata, dtype: SampleDtype = metadata.dtype): ChecksumLayout {
  const { traceCount, samplesPerTrace, traceHeaderBytes, chunkTraces } = metadata;
  return { dtype, traceCount, samplesPerTrace, traceHeaderBytes, chunkTraces };
}

/**
 * Number of blocks of a layout.
 *
 * @example
 * ```ts
 * blockCount({ ...layout, traceCount: 100, chunkTraces: 32 }); // 4
 * ```
 */
export function blockCount(layout: ChecksumLayout): number {
  return Math.ceil(layout.traceCount / layout.chunkTraces);
}

/**
 * Number of traces in block `block`.
 *
 * @example
 * ```ts
 * blockRows({ ...layout, traceCount: 100, chunkTraces: 32 }, 3); // 4
 * ```
 */
export function blockRows(layout: ChecksumLayout, block: number): number {
  return Math.max(0, Math.min(layout.chunkTraces, layout.traceCount - block * layout.chunkTraces));
}

/**
 * SHA-256 (lowercase hex) of some bytes, a typed array's bytes as they lie in memory (little-endian on every
 * platform Node runs on).
 *
 * @example
 * ```ts
 * sha256Hex(new Uint8Array()); // "e3b0c442...b855"
 * ```
 */
export function sha256Hex(data: Uint8Array | SampleArray | Float32Array): string {
  return createHash("sha256").update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest("hex");
}

/**
 * The dataset checksum made of block digests.
 *
 * @example
 * ```ts
 * const checksum = combineBlockDigests(layout, blocks);
 * checksum.digest; // 64 hex digits
 * ```
 */
export function combineBlockDigests(layout: ChecksumLayout, blocks: BlockDigest[]): DatasetChecksum {
  const lines = [
    CHECKSUM_ALGORITHM,
    `dtype ${layout.dtype}`,
    `traces ${layout.traceCount}`,
    `samples ${layout.samplesPerTrace}`,
    `header-bytes ${layout.traceHeaderBytes}`,
    `chunk-traces ${layout.chunkTraces}`,
    ...blocks.map((b, i) => `${i} ${b.samples} ${b.headers}`),
  ];
  const digest = createHash("sha256").update(`${lines.join("\n")}\n`, "utf8").digest("hex");
  return { algorithm: CHECKSUM_ALGORITHM, digest, layout: { ...layout }, blocks };
}

/** Options of {@link datasetChecksum}. */
export interface DatasetChecksumOptions {
  /**
   * When true, a block that cannot be read gets the digest `unreadable: <reason>` instead of failing the whole
   * checksum (verification uses this to report every damaged block).
   */
  tolerant?: boolean;
  signal?: AbortSignal;
  /** Hears progress in blocks. */
  onProgress?: (done: number, total: number) => void;
}

/** Blocks read at the same time. */
const BLOCKS_IN_FLIGHT = 3;

/**
 * Computes a stored dataset's checksum, streaming one block at a time (a few in flight).
 *
 * @example
 * ```ts
 * const { digest } = await datasetChecksum(await LazySeismicData.open(store));
 * ```
 */
export async function datasetChecksum(data: LazySeismicData, options: DatasetChecksumOptions = {}): Promise<DatasetChecksum> {
  const layout = checksumLayout(data.metadata);
  const total = blockCount(layout);
  const blocks: BlockDigest[] = new Array<BlockDigest>(total);
  const digestOf = async (read: () => Promise<SampleArray | Uint8Array>): Promise<string> => {
    try {
      return sha256Hex(await read());
    } catch (error) {
      if (options.tolerant !== true || options.signal?.aborted === true) throw error;
      return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let b = next++; b < total; b = next++) {
      options.signal?.throwIfAborted();
      const start = b * layout.chunkTraces;
      const rows = blockRows(layout, b);
      const traces = Int32Array.from({ length: rows }, (_, i) => start + i);
      const samples = await digestOf(() => data.readTraces(start, rows, options.signal));
      const headers = await digestOf(() => data.readRawHeaders(traces, options.signal));
      blocks[b] = { samples, headers };
      options.onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOCKS_IN_FLIGHT, Math.max(1, total)) }, worker));
  return combineBlockDigests(layout, blocks);
}

/**
 * Where two checksums differ, block by block; an empty list when they agree. Checksums of different layouts
 * differ as a whole: the list then holds one entry per block of `expected` (or none when `expected` has none;
 * compare the digests too). Chunk keys are named as a store of Zarr format `zarrFormat` names them (default 2).
 *
 * @example
 * ```ts
 * const lines = checksumDifferences(recorded, current).map((d) => `${d.key}: traces ${d.firstTrace}..${d.lastTrace} ${d.part} differ`);
 * ```
 */
export function checksumDifferences(expected: DatasetChecksum, actual: DatasetChecksum, zarrFormat: ZarrFormat = 2): ChecksumDifference[] {
  const sameLayout = JSON.stringify(expected.layout) === JSON.stringify(actual.layout);
  const out: ChecksumDifference[] = [];
  expected.blocks.forEach((block, b) => {
    const other = sameLayout ? actual.blocks[b] : undefined;
    const firstTrace = b * expected.layout.chunkTraces;
    const lastTrace = firstTrace + blockRows(expected.layout, b) - 1;
    for (const part of ["samples", "headers"] as const) {
      if (other?.[part] === block[part]) continue;
      const array = part === "samples" ? STORE_KEYS.traces : STORE_KEYS.rawHeaders;
      out.push({ block: b, firstTrace, lastTrace, part, key: chunkKey(array, b, zarrFormat), expected: block[part], actual: other?.[part] ?? "(another layout)" });
    }
  });
  return out;
}
