/**
 * Export from a trace store through a registry of formats: SEG-Y (any revision, sample format and byte order;
 * by default the source's, which reproduces the imported file byte for byte), Seismic Unix, and trace headers
 * as CSV or Parquet. Every export is written atomically.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { encodeTextHeader } from "../segy/text-header";
import { SegyWriter } from "../segy/segy-writer";
import type { ByteOrder } from "../segy/byte-order";
import { HeaderMap } from "../segy/header-map";
import { AtomicFile } from "../util/atomic-file";
import { withCrsTextHeaders } from "../crs/segy-crs";
import { defaultLogger } from "../util/logger";
import { BATCH_TRACES, selectTraces } from "./export-selection";
import { headersParquetFormat } from "./export-headers-parquet";
import type { LazySeismicData } from "./lazy-seismic-data";

/** Options of an export. */
export interface ExportOptions {
  /** Only these gathers (by key); default all, in file order. */
  gathers?: number[];
  /** Keep only traces whose header values pass (raw values by field name). */
  filter?: (header: Record<string, number>) => boolean;
  /** SEG-Y sample format (default: the source's). */
  format?: number;
  /** Byte order (default: the source's). */
  byteOrder?: ByteOrder;
  /** SEG-Y revision (default: the source's). */
  revision?: 0 | 1 | 2;
  /** Header columns for CSV/Parquet exports (default: every field). */
  columns?: string[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One export format. */
export interface ExportFormat {
  readonly name: string;
  readonly description: string;
  write(data: LazySeismicData, path: string, options: ExportOptions): Promise<{ path: string; traceCount: number }>;
}

function segyFormat(container: "segy" | "su"): ExportFormat {
  return {
    name: container,
    description: container === "segy" ? "SEG-Y rev 0/1/2, any sample format and byte order" : "Seismic Unix (IEEE float, no file headers)",
    async write(data, path, options) {
      const source = data.metadata.source;
      const traces = await selectTraces(data, options);
      const fromSegy = source.container === "segy";
      const texts = source.textHeaders.map((t) => new Uint8Array(Buffer.from(t, "base64")));
      const byteOrder = options.byteOrder ?? source.byteOrder;
      const additionalTraceHeaders = (options.revision ?? source.revision.major) >= 2 ? source.additionalTraceHeaders : 0;
      const revision = options.revision ?? (Math.min(2, source.revision.major) as 0 | 1 | 2);
      // The dataset's CRS goes into a blank textual header card and (rev 1/2) an extended header stanza.
      const text = withCrsTextHeaders(data.metadata.crs, { textHeader: fromSegy ? texts[0] : encodeTextHeader(["C 1 EXPORTED BY SEISPROC"]), extendedTextHeaders: fromSegy ? texts.slice(1) : [] }, revision, defaultLogger());
      const writer = await SegyWriter.create(path, {
        container,
        format: container === "su" ? 5 : (options.format ?? source.format),
        byteOrder,
        revision,
        samplesPerTrace: data.samplesPerTrace,
        sampleIntervalUs: data.sampleIntervalUs ?? 0,
        textHeader: text.textHeader,
        extendedTextHeaders: text.extendedTextHeaders,
        rawBinaryHeader: fromSegy ? new Uint8Array(Buffer.from(source.binaryHeader, "base64")) : undefined,
        rawByteOrder: source.byteOrder,
        additionalTraceHeaders,
        binaryHeader: text.extendedHeaderCount === undefined ? undefined : { ExtendedHeaders: text.extendedHeaderCount },
      });
      try {
        const ns = data.samplesPerTrace;
        const size = data.metadata.traceHeaderBytes;
        for (let i = 0; i < traces.length; i += BATCH_TRACES) {
          options.signal?.throwIfAborted();
          const slice = traces.subarray(i, i + BATCH_TRACES);
          const samples = await data.readTraceSamples(slice);
          const raw = await data.readRawHeaders(slice);
          for (let k = 0; k < slice.length; k++) await writer.writeTrace(raw.subarray(k * size, (k + 1) * size), samples.subarray(k * ns, (k + 1) * ns));
          options.onProgress?.(i + slice.length, traces.length);
        }
        const result = await writer.close();
        return { path: result.path, traceCount: result.traceCount };
      } catch (error) {
        await writer.abort();
        throw error;
      }
    },
  };
}

const headersCsv: ExportFormat = {
  name: "headers-csv",
  description: "trace headers as CSV, one row per trace",
  async write(data, path, options) {
    const traces = await selectTraces(data, options);
    const names = options.columns ?? HeaderMap.standard().fields.map((f) => f.name);
    const file = await AtomicFile.create(path);
    try {
      await file.write(Buffer.from(`trace,${names.join(",")}\n`));
      for (let i = 0; i < traces.length; i += BATCH_TRACES) {
        const slice = traces.subarray(i, i + BATCH_TRACES);
        const table = await data.headers.columnsFor(names, slice);
        const columns = names.map((n) => table.getChild(n)?.toArray() as ArrayLike<number>);
        let text = "";
        for (let k = 0; k < slice.length; k++) text += `${slice[k]},${columns.map((c) => c[k]).join(",")}\n`;
        await file.write(Buffer.from(text));
      }
      await file.commit();
      return { path, traceCount: traces.length };
    } catch (error) {
      await file.abort();
      throw error;
    }
  },
};

/** Export formats by name. */
export const EXPORT_FORMATS: ReadonlyMap<string, ExportFormat> = new Map([
  ["segy", segyFormat("segy")],
  ["su", segyFormat("su")],
  ["headers-csv", headersCsv],
  ["headers-parquet", headersParquetFormat()],
]);

/**
 * Exports `data` to `path` in the named format.
 *
 * @example
 * ```ts
 * await exportDataset(data, "copy.sgy", "segy"); // the imported file, byte for byte
 * await exportDataset(data, "shots-1-2.sgy", "segy", { gathers: [1, 2], format: 5, byteOrder: "little" });
 * ```
 */
export async function exportDataset(data: LazySeismicData, path: string, format: string, options: ExportOptions = {}) {
  const exporter = EXPORT_FORMATS.get(format);
  if (exporter === undefined) throw new ValidationError("format", `unknown export format "${format}"; known: ${[...EXPORT_FORMATS.keys()].join(", ")}`);
  return exporter.write(data, path, options);
}
