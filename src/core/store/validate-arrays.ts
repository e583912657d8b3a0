/**
 * Checks of the store's Zarr arrays: the `.zarray` / `.zattrs` (or `zarr.json`) of `traces`, `raw_headers` and `time` against
 * what the metadata implies, every `traces` and `raw_headers` chunk (present, decodes, right byte length; read
 * one at a time, a few in flight, so memory stays bounded whatever the store's size), and the `time` values.
 *
 * @module
 */
import { MemoryStore } from "../storage/memory-store";
import { readJson } from "../storage/json";
import type { StoreKey } from "../storage/types";
import { ChunkCodec } from "./compression";
import { chunkKey, singleChunkKey, STORE_KEYS, zarrFormatOf } from "./layout";
import { derivedArraySpec, derivedTime, type DerivedArrayName } from "./store-derived";
import type { CheckContext } from "./validate-problems";
import { DTYPE_BYTES, writeZarrV2Array } from "./zarr-v2";
import { zarrV3ArrayDocument } from "./zarr-v3";

/** `.zarray` fields compared with what an import writes. */
const ZARRAY_FIELDS = ["zarr_format", "shape", "chunks", "dtype", "compressor", "filters", "order", "dimension_separator"] as const;
/** `zarr.json` fields (Zarr format 3) compared with what an import writes. */
const ZARR_JSON_FIELDS = ["zarr_format", "node_type", "shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs", "dimension_names"] as const;

/** Chunks read at the same time. */
const CHUNKS_IN_FLIGHT = 4;

/**
 * Checks the `.zarray` and `.zattrs` of an array against the metadata; true when they are as an import writes them.
 *
 * @example
 * ```ts
 * await checkArrayMetadata(context, "traces");
 * ```
 */
export async function checkArrayMetadata(context: CheckContext, name: DerivedArrayName): Promise<boolean> {
  const { store, metadata, problems } = context;
  const spec = derivedArraySpec(metadata, name);
  if (zarrFormatOf(metadata.importOptions) === 3) return checkZarrJson(context, name, zarrV3ArrayDocument(spec));
  const expectedStore = new MemoryStore();
  await writeZarrV2Array(expectedStore, `/${name}`, spec);
  const expected = (await readJson<Record<string, unknown>>(expectedStore, `/${name}/.zarray`)) ?? {};
  const zarrayKey: StoreKey = `/${name}/.zarray`;
  const zattrsKey: StoreKey = `/${name}/.zattrs`;
  let actual: Record<string, unknown> | undefined;
  let attrs: Record<string, unknown> | undefined;
  try {
    actual = await readJson<Record<string, unknown>>(store, zarrayKey, { signal: context.signal });
  } catch (error) {
    problems.add("array-mismatch", zarrayKey, `not readable JSON (${messageOf(error)}); it is rewritten from the metadata`, true);
    return false;
  }
  if (actual === undefined) {
    problems.add("array-missing", zarrayKey, `the ${name} array has no .zarray; it is rewritten from the metadata`, true);
    return false;
  }
  const differing = ZARRAY_FIELDS.filter((f) => JSON.stringify(actual?.[f]) !== JSON.stringify(expected[f]));
  if (differing.length > 0) {
    const what = differing.map((f) => `${f} ${JSON.stringify(actual?.[f])} (expected ${JSON.stringify(expected[f])})`).join(", ");
    problems.add("array-mismatch", zarrayKey, `disagrees with seisproc/metadata.json: ${what}`, true);
    return false;
  }
  try {
    attrs = await readJson<Record<string, unknown>>(store, zattrsKey, { signal: context.signal });
  } catch (error) {
    attrs = { unreadable: messageOf(error) };
  }
  if (attrs === undefined || JSON.stringify(attrs._ARRAY_DIMENSIONS) !== JSON.stringify(spec.dimensions)) {
    problems.add("array-missing", zattrsKey, `missing, unreadable or without _ARRAY_DIMENSIONS ${JSON.stringify(spec.dimensions)} (xarray needs them)`, true);
    return false;
  }
  return true;
}

/**
 * Reads every chunk of `traces` and `raw_headers`, decodes it and checks its length; counts what it checked.
 *
 * @example
 * ```ts
 * await checkChunks(context); // problems of kind chunk-missing / chunk-corrupt
 * ```
 */
export async function checkChunks(context: CheckContext): Promise<void> {
  const { metadata } = context;
  const chunkCount = Math.ceil(metadata.traceCount / metadata.chunkTraces);
  const format = zarrFormatOf(metadata.importOptions);
  const arrays = [
    { array: STORE_KEYS.traces, codec: await ChunkCodec.create(metadata.importOptions.compression, DTYPE_BYTES[metadata.dtype], format), rowBytes: metadata.samplesPerTrace * DTYPE_BYTES[metadata.dtype] },
    { array: STORE_KEYS.rawHeaders, codec: await ChunkCodec.create(metadata.importOptions.compression, 1, format), rowBytes: metadata.traceHeaderBytes },
  ];
  const total = chunkCount * arrays.length;
  const goodRows = new Uint8Array(chunkCount);
  // Results wait here until those of all earlier chunks are in, so that problems are listed in chunk order
  // whatever order the reads finish in; with a few reads in flight, only a few wait at a time.
  const pending = new Map<number, [kind: string, key: StoreKey, detail: string] | null>();
  let listed = 0;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = next++; job < total; job = next++) {
      context.signal?.throwIfAborted();
      const { array, codec, rowBytes } = arrays[Math.floor(job / chunkCount)];
      const chunk = job % chunkCount;
      const key = chunkKey(array, chunk, format);
      const problem = await checkChunk(context, key, codec, metadata.chunkTraces * rowBytes);
      if (problem === undefined) goodRows[chunk]++;
      pending.set(job, problem === undefined ? null : [problem[0], key, problem[1]]);
      for (let entry = pending.get(listed); entry !== undefined; entry = pending.get(listed)) {
        if (entry !== null) context.problems.add(entry[0], entry[1], entry[2], false);
        pending.delete(listed++);
      }
      context.checked.chunks++;
      context.onProgress?.({ phase: "chunks", done: ++done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, Math.max(1, total)) }, worker));
  goodRows.forEach((good, chunk) => {
    if (good === arrays.length) context.checked.traces += Math.min(metadata.chunkTraces, metadata.traceCount - chunk * metadata.chunkTraces);
  });
}

/** Checks an array's `zarr.json` (Zarr format 3) against the document an import writes. */
async function checkZarrJson(context: CheckContext, name: DerivedArrayName, expected: Record<string, unknown>): Promise<boolean> {
  const key: StoreKey = `/${name}/zarr.json`;
  let actual: Record<string, unknown> | undefined;
  try {
    actual = await readJson<Record<string, unknown>>(context.store, key, { signal: context.signal });
  } catch (error) {
    context.problems.add("array-mismatch", key, `not readable JSON (${messageOf(error)}); it is rewritten from the metadata`, true);
    return false;
  }
  if (actual === undefined) {
    context.problems.add("array-missing", key, `the ${name} array has no zarr.json; it is rewritten from the metadata`, true);
    return false;
  }
  const differing = ZARR_JSON_FIELDS.filter((f) => JSON.stringify(actual?.[f]) !== JSON.stringify(expected[f]));
  if (differing.length > 0) {
    const what = differing.map((f) => `${f} ${JSON.stringify(actual?.[f])} (expected ${JSON.stringify(expected[f])})`).join(", ");
    context.problems.add("array-mismatch", key, `disagrees with seisproc/metadata.json: ${what}`, true);
    return false;
  }
  return true;
}

/** The problem with one chunk (kind and detail), or undefined when it is sound. */
async function checkChunk(context: CheckContext, key: StoreKey, codec: ChunkCodec, expectedBytes: number): Promise<[string, string] | undefined> {
  const bytes = await context.store.get(key, { signal: context.signal });
  if (bytes === undefined) return ["chunk-missing", "the chunk is missing: its samples are lost from the store; re-import the source"];
  const declared = codec.declaredLength(bytes);
  if (declared !== undefined && declared !== expectedBytes) {
    return ["chunk-corrupt", `its ${codec.name} header declares ${declared < 0 ? "no length" : `${declared} bytes`}, not ${expectedBytes}; re-import the source`];
  }
  let decoded: Uint8Array;
  try {
    decoded = await codec.decode(bytes);
  } catch (error) {
    return ["chunk-corrupt", `does not decode (${codec.name}: ${messageOf(error)}); re-import the source`];
  }
  if (decoded.length !== expectedBytes) return ["chunk-corrupt", `decodes to ${decoded.length} bytes, not ${expectedBytes}; re-import the source`];
  return undefined;
}

/**
 * Checks the `time` coordinate: its metadata, its one chunk and its values.
 *
 * @example
 * ```ts
 * await checkTime(context); // problems of kind array-missing, array-mismatch or time-mismatch
 * ```
 */
export async function checkTime(context: CheckContext): Promise<void> {
  if (!(await checkArrayMetadata(context, "time"))) return;
  const key = singleChunkKey(STORE_KEYS.time, zarrFormatOf(context.metadata.importOptions));
  const bytes = await context.store.get(key, { signal: context.signal });
  const expected = derivedTime(context.metadata);
  if (bytes === undefined) {
    context.problems.add("time-mismatch", key, "the time chunk is missing; it is rewritten from the metadata", true);
  } else if (bytes.length !== expected.byteLength || !Buffer.from(bytes).equals(Buffer.from(expected.buffer))) {
    context.problems.add("time-mismatch", key, "the time values differ from first sample time + index × sample interval; they are rewritten", true);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
