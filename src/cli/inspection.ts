/**
 * What `seisproc inspect` finds out about a file, as data: headers, format, byte order, revision, counts, and a
 * summary of the main trace header fields, streamed batch by batch so that memory stays bounded whatever the
 * file's size.
 *
 * @module
 */
import { textHeaderLines, type BinaryHeader, type ByteOrder, type ByteOrderSource, type SegyReader, type TextEncoding } from "../core/segy";

/**
 * The trace header fields `inspect` summarises by default (those the header map knows), in this order.
 *
 * @example
 * ```ts
 * SUMMARY_FIELDS.includes("CDP"); // true
 * ```
 */
export const SUMMARY_FIELDS: readonly string[] = [
  "TRACE_SEQUENCE_FILE", "FieldRecord", "TraceNumber", "EnergySourcePoint", "CDP", "offset", "INLINE_3D", "CROSSLINE_3D",
  "ShotPoint", "SourceX", "SourceY", "GroupX", "GroupY", "CDP_X", "CDP_Y", "SourceGroupScalar", "ElevationScalar",
  "ReceiverGroupElevation", "SourceSurfaceElevation", "DelayRecordingTime", "TRACE_SAMPLE_COUNT", "TRACE_SAMPLE_INTERVAL",
];

/**
 * Distinct values are counted up to this many per field; above it `distinct` is `null`, so memory stays bounded.
 *
 * @example
 * ```ts
 * summary.distinct ?? `more than ${MAX_DISTINCT}`;
 * ```
 */
export const MAX_DISTINCT = 100_000;

/**
 * Raw values (no scalars applied) of one trace header field over the summarised traces.
 *
 * @example
 * ```ts
 * const s: FieldSummary = { min: 1, max: 5, distinct: 5 };
 * ```
 */
export interface FieldSummary {
  /** Smallest value, or `null` when no trace was summarised. */
  min: number | null;
  /** Largest value, or `null` when no trace was summarised. */
  max: number | null;
  /** Number of distinct values, or `null` when there are more than {@link MAX_DISTINCT}. */
  distinct: number | null;
}

/**
 * Everything `inspect --json` prints (documented in docs/cli.md).
 *
 * @example
 * ```ts
 * const info: Inspection = await inspectFile(reader, { traces: 1000 });
 * info.revision; // "1.0"
 * ```
 */
export interface Inspection {
  file: string;
  fileSize: number;
  container: "segy" | "su";
  traceCount: number;
  sampleCount: number;
  sampleIntervalUs: number | null;
  firstSampleTimeMs: number;
  format: number;
  formatName: string;
  byteOrder: ByteOrder;
  byteOrderSource: ByteOrderSource;
  /** `"major.minor"` from binary header bytes 3501–3502, e.g. `"1.0"`; `"0.0"` for rev 0 and SU files. */
  revision: string;
  fixedLength: boolean;
  extendedTextHeaders: number;
  textHeaders: { index: number; encoding: TextEncoding; lines: string[] }[];
  binaryHeader: BinaryHeader;
  /** Traces the summary covers: the first `headerSummaryTraces`. */
  headerSummaryTraces: number;
  headerSummary: Record<string, FieldSummary>;
}

/**
 * Options of {@link inspectFile}.
 *
 * @example
 * ```ts
 * const options: InspectOptions = { traces: 100, fields: ["CDP"], onProgress: (d, t) => console.log(d, t) };
 * ```
 */
export interface InspectOptions {
  /** Summarise only the first `traces` traces (default: all). */
  traces?: number;
  /** Fields to summarise (default: those of {@link SUMMARY_FIELDS} the reader's header map knows). */
  fields?: readonly string[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Summarises trace header fields over traces `0 .. traces - 1`, one batch of at most 4 MiB at a time.
 *
 * @example
 * ```ts
 * const summary = await summariseHeaders(reader, ["INLINE_3D"], reader.traceCount);
 * summary.INLINE_3D; // { min: 1, max: 5, distinct: 5 }
 * ```
 */
export async function summariseHeaders(
  reader: SegyReader,
  fields: readonly string[],
  traces: number,
  options: Pick<InspectOptions, "onProgress" | "signal"> = {},
): Promise<Record<string, FieldSummary>> {
  const acc = fields.map(() => ({ min: Infinity, max: -Infinity, seen: new Set<number>() as Set<number> | null }));
  for await (const batch of reader.batches({ end: traces, batchBytes: 4 << 20, signal: options.signal })) {
    fields.forEach((name, k) => {
      const a = acc[k];
      for (const v of batch.column(name)) {
        if (v < a.min) a.min = v;
        if (v > a.max) a.max = v;
        if (a.seen !== null && a.seen.size <= MAX_DISTINCT) a.seen.add(v);
      }
      if (a.seen !== null && a.seen.size > MAX_DISTINCT) a.seen = null;
    });
    options.onProgress?.(batch.start + batch.count, traces);
  }
  const summary: Record<string, FieldSummary> = {};
  fields.forEach((name, k) => {
    const { min, max, seen } = acc[k];
    summary[name] = traces === 0 ? { min: null, max: null, distinct: 0 } : { min, max, distinct: seen === null ? null : seen.size };
  });
  return summary;
}

/**
 * Everything there is to say about an open file, as data.
 *
 * @example
 * ```ts
 * const reader = await SegyReader.open("line.sgy");
 * const info = await inspectFile(reader);
 * info.traceCount;
 * ```
 */
export async function inspectFile(reader: SegyReader, options: InspectOptions = {}): Promise<Inspection> {
  const traces = Math.min(reader.traceCount, options.traces ?? reader.traceCount);
  const fields = options.fields ?? SUMMARY_FIELDS.filter((name) => reader.headerMap.has(name));
  for (const name of fields) reader.headerMap.field(name); // unknown names: a ValidationError listing close ones
  const { major, minor } = reader.revision;
  return {
    file: reader.path,
    fileSize: reader.fileSize,
    container: reader.container,
    traceCount: reader.traceCount,
    sampleCount: reader.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs,
    firstSampleTimeMs: reader.firstSampleTimeMs,
    format: reader.format.code,
    formatName: reader.format.name,
    byteOrder: reader.byteOrder,
    byteOrderSource: reader.byteOrderSource,
    revision: `${major}.${minor}`,
    fixedLength: reader.fixedLength,
    extendedTextHeaders: Math.max(0, reader.textHeaders.length - 1),
    textHeaders: reader.textHeaders.map((t) => ({ index: t.index, encoding: t.encoding, lines: textHeaderLines(t) })),
    binaryHeader: { ...reader.binaryHeader },
    headerSummaryTraces: traces,
    headerSummary: await summariseHeaders(reader, fields, traces, options),
  };
}
