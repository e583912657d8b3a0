/**
 * The parts of a trace store that can be derived again from others, in the store's Zarr format (2 or 3): the
 * Zarr metadata of the `traces` and `raw_headers` arrays and of the group (from `seisproc/metadata.json`), the
 * `time` coordinate (from the metadata), and the gather index (from the header key columns). {@link validateStore} compares a store with
 * them; {@link repairStore} writes them back.
 *
 * @module
 */
import type { MutableStore, ReadableStore, StoreKey } from "../storage/types";
import { writeJson } from "../storage/json";
import { compressionMetadata } from "./compression";
import { writeConsolidatedMetadata } from "./consolidated";
import { buildGatherIndex, type GatherIndex } from "./gather-index";
import { readHeaderSegmentColumns } from "./header-segments";
import { metadataKeys, singleChunkKey, STORE_KEYS, storeFormatVersion, zarrFormatOf, type ZarrFormat } from "./layout";
import type { StoreMetadata } from "./store-metadata";
import { DTYPE_BYTES, type ZarrV2ArraySpec } from "./zarr-v2";
import { readAttributes, writeZarrArray, zarrV3GroupDocument } from "./zarr-v3";

/** The arrays whose Zarr metadata follows from `seisproc/metadata.json`. */
export type DerivedArrayName = "traces" | "raw_headers" | "time";

/**
 * The array spec an import writes for one of the store's fixed arrays, from the store's metadata (in Zarr v2
 * terms; {@link writeZarrArray} writes it in either format).
 *
 * @example
 * ```ts
 * derivedArraySpec(metadata, "traces").shape; // [metadata.traceCount, metadata.samplesPerTrace]
 * ```
 */
export function derivedArraySpec(metadata: StoreMetadata, name: DerivedArrayName): ZarrV2ArraySpec {
  const { traceCount: n, samplesPerTrace: ns, chunkTraces } = metadata;
  const compression = metadata.importOptions.compression;
  switch (name) {
    case "traces":
      return {
        shape: [n, ns],
        chunks: [chunkTraces, ns],
        dtype: metadata.dtype,
        compression: compressionMetadata(compression, DTYPE_BYTES[metadata.dtype]),
        dimensions: ["trace", "sample"],
        attributes: { coordinates: "time", long_name: "seismic amplitude" },
      };
    case "raw_headers":
      return {
        shape: [n, metadata.traceHeaderBytes],
        chunks: [chunkTraces, metadata.traceHeaderBytes],
        dtype: "uint8",
        compression: compressionMetadata(compression, 1),
        dimensions: ["trace", "header_byte"],
      };
    case "time":
      return {
        shape: [ns],
        chunks: [ns],
        dtype: "float64",
        compression: { filters: null, compressor: null },
        dimensions: ["sample"],
        attributes:
          metadata.sampleIntervalUs === null
            ? { units: "1", long_name: "sample index (the file gives no sample interval)" }
            : { units: "ms", long_name: "two-way time" },
      };
  }
}

/**
 * The values of the `time` coordinate (ms): first sample time plus the sample interval times the index.
 *
 * @example
 * ```ts
 * derivedTime(metadata)[1]; // metadata.source.firstSampleTimeMs + metadata.sampleIntervalUs / 1000
 * ```
 */
export function derivedTime(metadata: StoreMetadata): Float64Array {
  const time = new Float64Array(metadata.samplesPerTrace);
  // Without a known interval the coordinate is the sample index, not a constant time (see the attributes).
  if (metadata.sampleIntervalUs === null) {
    for (let i = 0; i < time.length; i++) time[i] = i;
    return time;
  }
  const dt = metadata.sampleIntervalUs / 1000;
  for (let i = 0; i < time.length; i++) time[i] = metadata.source.firstSampleTimeMs + i * dt;
  return time;
}

/**
 * The `seisproc` attributes of the root group's `.zattrs`, as an import writes them.
 *
 * @example
 * ```ts
 * derivedGroupAttributes(metadata, true).complete; // true
 * ```
 */
export function derivedGroupAttributes(metadata: StoreMetadata, complete: boolean): Record<string, unknown> {
  const base = { formatVersion: storeFormatVersion(zarrFormatOf(metadata.importOptions)), complete };
  if (!complete) return base;
  const { traceCount, samplesPerTrace, sampleIntervalUs } = metadata;
  return { ...base, traceCount, samplesPerTrace, sampleIntervalUs, gatherKey: metadata.importOptions.gatherKey };
}

/**
 * Writes the root group (`.zgroup`, and `.zattrs` with the derived `seisproc` attributes merged into what is there);
 * for a complete store, then the consolidated metadata (`.zmetadata`) of the group and every array.
 *
 * @example
 * ```ts
 * await writeDerivedGroup(store, metadata, true);
 * ```
 */
export async function writeDerivedGroup(store: MutableStore, metadata: StoreMetadata, complete: boolean): Promise<void> {
  const format = zarrFormatOf(metadata.importOptions);
  const previous = await readAttributes(store, "", format);
  const seisproc = typeof previous.seisproc === "object" && previous.seisproc !== null ? (previous.seisproc as Record<string, unknown>) : {};
  const attributes = { ...previous, seisproc: { ...seisproc, ...derivedGroupAttributes(metadata, complete) } };
  if (format === 3) {
    await writeJson(store, STORE_KEYS.zarrJson, zarrV3GroupDocument(attributes));
  } else {
    await writeJson(store, STORE_KEYS.group, { zarr_format: 2 });
    await writeJson(store, STORE_KEYS.groupAttrs, attributes);
  }
  if (complete) await writeConsolidatedMetadata(store, format);
}

/**
 * Writes the `time` coordinate array (metadata and its one chunk).
 *
 * @example
 * ```ts
 * await writeDerivedTime(store, metadata);
 * ```
 */
export async function writeDerivedTime(store: MutableStore, metadata: StoreMetadata): Promise<void> {
  const format = zarrFormatOf(metadata.importOptions);
  await writeZarrArray(store, STORE_KEYS.time, derivedArraySpec(metadata, "time"), format);
  const time = derivedTime(metadata);
  await store.set(singleChunkKey(STORE_KEYS.time, format), new Uint8Array(time.buffer));
}

/**
 * Reads the gather key column (and the secondary key column, when the store has one) of every trace from the
 * header parts. Throws a StorageError or ValidationError when a part is missing or unreadable.
 *
 * @example
 * ```ts
 * const { keys, secondary } = await readKeyColumns(store, metadata);
 * ```
 */
export async function readKeyColumns(
  store: ReadableStore,
  metadata: StoreMetadata,
  signal?: AbortSignal,
  onSegment?: (done: number, total: number) => void,
): Promise<{ keys: Float64Array; secondary: Float64Array | null }> {
  const { gatherKey, secondaryKey } = metadata.importOptions;
  const names = secondaryKey === null ? [gatherKey] : [gatherKey, secondaryKey];
  const keys = new Float64Array(metadata.traceCount);
  const secondary = secondaryKey === null ? null : new Float64Array(metadata.traceCount);
  for (let segment = 0; segment < metadata.segmentCount; segment++) {
    signal?.throwIfAborted();
    const columns = await readHeaderSegmentColumns(store, segment, names);
    keys.set(columns[0], segment * metadata.segmentTraces);
    secondary?.set(columns[1], segment * metadata.segmentTraces);
    onSegment?.(segment + 1, metadata.segmentCount);
  }
  return { keys, secondary };
}

/**
 * Builds the gather index again from the header parts, as an import does.
 *
 * @example
 * ```ts
 * const { index, order } = await deriveGatherIndex(store, metadata);
 * ```
 */
export async function deriveGatherIndex(
  store: ReadableStore,
  metadata: StoreMetadata,
  signal?: AbortSignal,
  onSegment?: (done: number, total: number) => void,
): Promise<{ index: GatherIndex; order: Int32Array | null }> {
  const { keys, secondary } = await readKeyColumns(store, metadata, signal, onSegment);
  return buildGatherIndex(metadata.importOptions.gatherKey, keys, metadata.importOptions.secondaryKey, secondary);
}

/**
 * Keys of the `gather_order` array (metadata and its one chunk) in a store of Zarr format `zarrFormat`.
 *
 * @example
 * ```ts
 * gatherOrderKeys(3); // ["/gather_order/zarr.json", "/gather_order/c/0"]
 * ```
 */
export function gatherOrderKeys(zarrFormat: ZarrFormat): StoreKey[] {
  return [...metadataKeys(STORE_KEYS.gatherOrder, zarrFormat, "array"), singleChunkKey(STORE_KEYS.gatherOrder, zarrFormat)];
}

/**
 * Writes `seisproc/gathers.json` and, for an unsorted file, the `gather_order` array (in the store's Zarr
 * format); a stale `gather_order` of a sorted file is deleted.
 *
 * @example
 * ```ts
 * await writeGatherIndexFiles(store, index, order);
 * ```
 */
export async function writeGatherIndexFiles(store: MutableStore, index: GatherIndex, order: Int32Array | null, zarrFormat: ZarrFormat = 2): Promise<void> {
  if (order === null) {
    for (const key of gatherOrderKeys(zarrFormat)) await store.delete(key);
  } else {
    const spec: ZarrV2ArraySpec = { shape: [order.length], chunks: [order.length], dtype: "int32", compression: { filters: null, compressor: null }, dimensions: ["gather_position"] };
    await writeZarrArray(store, STORE_KEYS.gatherOrder, spec, zarrFormat);
    await store.set(singleChunkKey(STORE_KEYS.gatherOrder, zarrFormat), new Uint8Array(order.buffer, order.byteOffset, order.byteLength));
  }
  await writeJson(store, STORE_KEYS.gathers, index);
}
