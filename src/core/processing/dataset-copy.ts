/**
 * Copying the parts of a trace store that processing leaves alone, byte for byte: the raw trace headers
 * (`raw_headers`), the header Parquet parts, the `time` coordinate, the gather index and gather order. Raw
 * header chunks are decoded on the way to hash each block's headers (the checksum of input and output alike).
 *
 * @module
 */
import type { ReadableStore, MutableStore, StoreKey } from "../storage/types";
import { ChunkCodec } from "../store/compression";
import { chunkKey, headerPartKey, metadataKeys, singleChunkKey, STORE_KEYS, zarrFormatOf } from "../store/layout";
import { gatherOrderKeys } from "../store/store-derived";
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { blockRows, checksumLayout, sha256Hex } from "../provenance/checksum";
import { ProcessingError } from "./errors";

/**
 * The input's storage, which {@link LazySeismicData} keeps to itself: processing copies whole files from it.
 * Throws a ProcessingError when the dataset does not carry one.
 *
 * @example
 * ```ts
 * const bytes = await storeOf(data).get("/seisproc/gathers.json");
 * ```
 */
export function storeOf(data: LazySeismicData): ReadableStore {
  return data.store;
}

/** Options of {@link copyUnprocessedParts}. */
export interface CopyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Copies in flight at a time. */
const COPIES_IN_FLIGHT = 4;

/**
 * Copies every part of `input` except the samples, its metadata and its markers into `output`, and returns the
 * SHA-256 (hex) of each block's raw trace headers.
 *
 * @example
 * ```ts
 * const headerDigests = await copyUnprocessedParts(data, outputStore);
 * ```
 */
export async function copyUnprocessedParts(input: LazySeismicData, output: MutableStore, options: CopyOptions = {}): Promise<string[]> {
  const source = storeOf(input);
  const { metadata } = input;
  const layout = checksumLayout(metadata);
  const chunkCount = Math.ceil(metadata.traceCount / metadata.chunkTraces);
  const format = zarrFormatOf(metadata.importOptions);
  const codec = await ChunkCodec.create(metadata.importOptions.compression, 1, format);
  const plain: StoreKey[] = [
    ...metadataKeys(STORE_KEYS.rawHeaders, format, "array"),
    ...metadataKeys(STORE_KEYS.time, format, "array"),
    singleChunkKey(STORE_KEYS.time, format),
    ...Array.from({ length: metadata.segmentCount }, (_, s) => headerPartKey(s)),
    STORE_KEYS.gathers,
  ];
  if (!input.gatherIndex.sorted) plain.push(...gatherOrderKeys(format));
  const digests = new Array<string>(chunkCount);
  const total = plain.length + chunkCount;
  let done = 0;
  let next = 0;
  const copy = async (key: StoreKey): Promise<Uint8Array> => {
    const bytes = await source.get(key, { signal: options.signal });
    if (bytes === undefined) throw new ProcessingError(`the input store lacks ${key}; run seisproc validate on it (and --repair where it can)`, { dataset: input.name });
    await output.set(key, bytes);
    return bytes;
  };
  const worker = async (): Promise<void> => {
    for (let job = next++; job < total; job = next++) {
      options.signal?.throwIfAborted();
      if (job < plain.length) {
        await copy(plain[job]);
      } else {
        const c = job - plain.length;
        const decoded = await codec.decode(await copy(chunkKey(STORE_KEYS.rawHeaders, c, format)));
        const length = blockRows(layout, c) * metadata.traceHeaderBytes;
        if (decoded.length < length) {
          throw new ProcessingError(`raw header chunk ${c} decodes to ${decoded.length} bytes, fewer than the ${length} its traces need; run seisproc validate on the input`, { dataset: input.name });
        }
        digests[c] = sha256Hex(decoded.subarray(0, length));
      }
      options.onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPIES_IN_FLIGHT, Math.max(1, total)) }, worker));
  return digests;
}
