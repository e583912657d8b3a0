/**
 * Dataset metadata extraction: what a registry keeps about every dataset, in memory or not — a few hundred
 * bytes taken from the store's metadata and gather index, enough to list, describe and compare datasets
 * without their samples.
 *
 * @module
 */
import { DTYPE_BYTES } from "../store/zarr-v2";
import type { LazySeismicData } from "../store/lazy-seismic-data";

/** What the registry knows about a dataset without reading its samples. */
export interface DatasetInfo {
  /** The registry's id (the dataset's persistent UUID, or one derived from it for a copy elsewhere). */
  id: string;
  name: string;
  /** Where it is (a store directory or URL). */
  location: string;
  /** When it was added to the registry (ISO 8601). */
  addedAt: string;
  traceCount: number;
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  /** `samplesPerTrace × sampleIntervalUs / 1000`, or null without a sample interval. */
  recordLengthMs: number | null;
  /** Stored sample type, e.g. `"float32"`. */
  dtype: string;
  /** Bytes of all samples, as held in memory if the whole dataset were read. */
  sampleBytes: number;
  /** Header field that defines gathers. */
  gatherKey: string;
  gatherCount: number;
  firstGatherKey: number | null;
  lastGatherKey: number | null;
  tracesPerGather: { min: number; max: number };
  /** The SEG-Y or SU file it was imported from. */
  source: { path: string; size: number; sha256: string; container: string; format: number };
  /** When the store was made (ISO 8601). */
  createdAt: string;
  crs: unknown;
}

/**
 * Extracts a dataset's metadata.
 *
 * @example
 * ```ts
 * const info = datasetInfo(data, { id: data.id, location: "line.seis", name: "line" });
 * info.gatherCount; info.sampleBytes;
 * ```
 */
export function datasetInfo(data: LazySeismicData, where: { id: string; location: string; name: string; addedAt?: string }): DatasetInfo {
  const m = data.metadata;
  const keys = data.gatherKeys();
  const counts = data.gatherIndex.counts;
  let min = Infinity;
  let max = 0;
  for (const c of counts) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return {
    id: where.id,
    name: where.name,
    location: where.location,
    addedAt: where.addedAt ?? new Date().toISOString(),
    traceCount: m.traceCount,
    samplesPerTrace: m.samplesPerTrace,
    sampleIntervalUs: m.sampleIntervalUs,
    recordLengthMs: m.sampleIntervalUs === null ? null : (m.samplesPerTrace * m.sampleIntervalUs) / 1000,
    dtype: m.dtype,
    sampleBytes: m.traceCount * m.samplesPerTrace * DTYPE_BYTES[m.dtype],
    gatherKey: data.gatherIndex.key,
    gatherCount: keys.length,
    firstGatherKey: keys.length === 0 ? null : keys[0],
    lastGatherKey: keys.length === 0 ? null : keys[keys.length - 1],
    tracesPerGather: counts.length === 0 ? { min: 0, max: 0 } : { min, max },
    source: { path: m.source.path, size: m.source.size, sha256: m.source.sha256, container: m.source.container, format: m.source.format },
    createdAt: m.createdAt,
    crs: m.crs,
  };
}
