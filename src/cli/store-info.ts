/**
 * What `seisproc info` shows of a trace store: its metadata, layout, gather index, header statistics (from the
 * Parquet footers only) and sizes on disk, gathered into one object and printed as a report.
 *
 * @module
 */
import { SAMPLE_FORMATS } from "../core/segy";
import type { LocatedStore } from "../core/cloud";
import { zarrFormatOf, type LazySeismicData } from "../core/store";
import { DTYPE_BYTES } from "../core/store/zarr-v2";
import type { CommandIo } from "./command";
import { formatBytes, storeSizes, type StoreSizes } from "./store-path";

/** Header fields whose statistics `info` shows (those the store has), besides the gather keys. */
const MAIN_FIELDS = ["FieldRecord", "TraceNumber", "CDP", "offset", "INLINE_3D", "CROSSLINE_3D", "SourceX", "SourceY", "GroupX", "GroupY", "ShotPoint"];

/**
 * What `seisproc info --json` prints (keys documented in docs/cli.md).
 *
 * @example
 * ```ts
 * const info: StoreInfo = await storeInfo("line.seis", store, data);
 * info.gathers.count;
 * ```
 */
export interface StoreInfo {
  store: string;
  formatVersion: number;
  /** The Zarr format of the store's group and arrays (2 or 3). */
  zarrFormat: 2 | 3;
  createdAt: string;
  source: { path: string; size: number; sha256: string; container: "segy" | "su"; format: number; formatName: string; byteOrder: "big" | "little"; revision: string };
  traceCount: number;
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  firstSampleTimeMs: number;
  dtype: string;
  chunking: { chunkTraces: number; chunks: number; segmentTraces: number; segments: number };
  compression: string;
  gathers: { key: string; secondaryKey: string | null; count: number; sorted: boolean; duplicateTraces: number; missingTraces: number };
  headerStatistics: Record<string, { min: number; max: number }>;
  sizes: StoreSizes;
  compressionRatio: number | null;
}

/**
 * Gathers the information on an opened store.
 *
 * @example
 * ```ts
 * const { store, data } = await openCompleteStore("line.seis");
 * const info = await storeInfo("line.seis", store, data);
 * ```
 */
export async function storeInfo(dir: string, store: LocatedStore, data: LazySeismicData): Promise<StoreInfo> {
  const m = data.metadata;
  const index = data.gatherIndex;
  const all = await data.headers.statistics();
  const fields = [...new Set([index.key, ...(index.secondaryKey === null ? [] : [index.secondaryKey]), ...MAIN_FIELDS])];
  const headerStatistics: StoreInfo["headerStatistics"] = {};
  for (const field of fields) {
    const stats = all[field];
    if (stats !== undefined) headerStatistics[field] = { min: stats.min, max: stats.max };
  }
  const sizes = await storeSizes(store);
  const raw = m.traceCount * m.samplesPerTrace * DTYPE_BYTES[m.dtype];
  return {
    store: dir,
    formatVersion: m.formatVersion,
    zarrFormat: zarrFormatOf(m.importOptions),
    createdAt: m.createdAt,
    source: {
      path: m.source.path,
      size: m.source.size,
      sha256: m.source.sha256,
      container: m.source.container,
      format: m.source.format,
      formatName: SAMPLE_FORMATS.get(m.source.format)?.name ?? "unknown",
      byteOrder: m.source.byteOrder,
      revision: `${m.source.revision.major}.${m.source.revision.minor}`,
    },
    traceCount: m.traceCount,
    samplesPerTrace: m.samplesPerTrace,
    sampleIntervalUs: m.sampleIntervalUs,
    firstSampleTimeMs: m.source.firstSampleTimeMs,
    dtype: m.dtype,
    chunking: { chunkTraces: m.chunkTraces, chunks: Math.ceil(m.traceCount / m.chunkTraces), segmentTraces: m.segmentTraces, segments: m.segmentCount },
    compression: m.importOptions.compression,
    gathers: { key: index.key, secondaryKey: index.secondaryKey, count: index.keys.length, sorted: index.sorted, duplicateTraces: index.duplicateTraces, missingTraces: index.missingTraces },
    headerStatistics,
    sizes,
    compressionRatio: sizes.traces > 0 ? Math.round((raw / sizes.traces) * 1000) / 1000 : null,
  };
}

/**
 * Prints the information as a report.
 *
 * @example
 * ```ts
 * printStoreInfo(info, io);
 * ```
 */
export function printStoreInfo(info: StoreInfo, io: CommandIo): void {
  const n = (v: number): string => v.toLocaleString("en-US");
  const s = info.source;
  const container = s.container === "su" ? "Seismic Unix" : `SEG-Y rev ${s.revision}`;
  const interval = info.sampleIntervalUs === null ? "unknown interval" : `${n(info.sampleIntervalUs)} µs`;
  const g = info.gathers;
  const lines = [
    `store         ${info.store} (format version ${info.formatVersion}, Zarr format ${info.zarrFormat}, created ${info.createdAt})`,
    `source        ${s.path}`,
    `              ${n(s.size)} bytes, sha256 ${s.sha256}`,
    `              ${container}, format ${s.format} (${s.formatName}), ${s.byteOrder}-endian`,
    `traces        ${n(info.traceCount)} × ${n(info.samplesPerTrace)} samples at ${interval}, first sample at ${info.firstSampleTimeMs} ms, stored as ${info.dtype}`,
    `chunks        ${n(info.chunking.chunkTraces)} traces per chunk (${n(info.chunking.chunks)} chunks), ${n(info.chunking.segmentTraces)} per import segment (${n(info.chunking.segments)})`,
    `compression   ${info.compression}${info.compressionRatio === null ? "" : `, ratio ${info.compressionRatio.toFixed(2)}`}`,
    `gathers       ${n(g.count)} by ${g.key}${g.secondaryKey === null ? "" : `, ordered by ${g.secondaryKey}`}${g.sorted ? " (file in gather order)" : " (through gather_order)"}, ` +
      `${n(g.duplicateTraces)} duplicate and ${n(g.missingTraces)} missing traces`,
    ...statisticsLines(info.headerStatistics, n),
    `on disk       ${formatBytes(info.sizes.total)}: samples ${formatBytes(info.sizes.traces)}, raw headers ${formatBytes(info.sizes.rawHeaders)}, ` +
      `header values ${formatBytes(info.sizes.headers)}, other ${formatBytes(info.sizes.other)}`,
  ];
  io.out(`${lines.join("\n")}\n`);
}

/** The header statistics as a table: field, min and max in aligned columns. */
function statisticsLines(stats: StoreInfo["headerStatistics"], n: (v: number) => string): string[] {
  const rows = Object.entries(stats).map(([field, { min, max }]) => [field, n(min), n(max)]);
  const width = (i: number, title: string): number => Math.max(title.length, ...rows.map((r) => r[i].length));
  const [wf, wmin, wmax] = [width(0, "field"), width(1, "min"), width(2, "max")];
  const line = (r: string[]): string => `${r[0].padEnd(wf)}  ${r[1].padStart(wmin)}  ${r[2].padStart(wmax)}`;
  return [`headers       ${line(["field", "min", "max"])}`, ...rows.map((r) => `              ${line(r)}`)];
}
