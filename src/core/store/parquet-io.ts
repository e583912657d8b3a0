/**
 * Parquet plumbing for header parts: loading hyparquet and hyparquet-writer (ES modules, loaded lazily with
 * `importEsm`, so that readers never load the writer), encoding {@link HeaderColumns} as one Parquet file, and
 * reading the footer: the header map stored with a part and per-column statistics merged over row groups.
 *
 * A part holds a `trace` column (INT32 while every global trace index is below 2^31, INT64 beyond) and one
 * column per header field: INT32 for integer fields up to 32 bits, INT64 for `uint32` and 64-bit integers,
 * DOUBLE for floating-point fields. Columns are REQUIRED (no nulls), SNAPPY-compressed, with min/max
 * statistics; each integer column is DELTA_BINARY_PACKED or dictionary-encoded, whichever is smaller (see
 * `column-encoding.ts`).
 *
 * @module
 */
import type * as Hyparquet from "hyparquet";
import type * as HyparquetWriter from "hyparquet-writer";
import { ValidationError } from "../errors";
import { HeaderMap } from "../segy/header-map";
import { importEsm } from "../util/esm";
import { integerEncoding, type IntegerEncoding } from "./column-encoding";
import { columnKind, INT32_MAX, TRACE_COLUMN, type ColumnKind, type HeaderColumns } from "./header-columns";

/** The hyparquet module's type. */
export type HyparquetModule = typeof Hyparquet;
/** The parsed footer of a Parquet file, as hyparquet gives it. */
export type ParquetFooter = Hyparquet.FileMetaData;

/** Key of the key-value metadata entry holding the header map as JSON. */
export const HEADER_MAP_KEY = "seisproc.header-map";

/**
 * Random access to the bytes of one file (hyparquet's `AsyncBuffer`): its length and byte ranges
 * `[start, end)`. Local files, object stores and in-memory bytes all fit.
 *
 * @example
 * ```ts
 * const reader: ByteRangeReader = { byteLength: bytes.length, slice: async (s, e) => bytes.slice(s, e).buffer };
 * ```
 */
export interface ByteRangeReader {
  /** Size of the file in bytes. */
  readonly byteLength: number;
  /** Bytes `start .. end - 1` (to the end of the file when `end` is omitted). */
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

let hyparquet: Promise<HyparquetModule> | undefined;
let writer: Promise<typeof HyparquetWriter> | undefined;

/**
 * hyparquet, loaded once. It is an ES module; Node 20.19+ could also `require()` it, but a dynamic import
 * keeps it out of the CommonJS load of the package.
 *
 * @example
 * ```ts
 * const { parquetMetadata } = await loadHyparquet();
 * ```
 */
export function loadHyparquet(): Promise<HyparquetModule> {
  return (hyparquet ??= importEsm<HyparquetModule>("hyparquet"));
}

function loadWriter(): Promise<typeof HyparquetWriter> {
  return (writer ??= importEsm<typeof HyparquetWriter>("hyparquet-writer"));
}

/** Options of {@link encodeHeaderPart}. */
export interface EncodeHeaderPartOptions {
  /** Rows per row group (default 100,000); statistics are kept per row group and merged on reading. */
  rowGroupSize?: number;
  /** Target uncompressed page size in bytes (default 1 MiB, hyparquet-writer's). */
  pageSize?: number;
  /** Compression codec (default SNAPPY; others need `compressors`, see hyparquet-writer). */
  codec?: "SNAPPY" | "UNCOMPRESSED";
}

/**
 * Writes header columns as one Parquet file: the `trace` column first, then one column per field of the map
 * in map order, with min/max statistics, SNAPPY compression and the map as JSON under the key-value metadata
 * key {@link HEADER_MAP_KEY}.
 *
 * @example
 * ```ts
 * const bytes = await encodeHeaderPart(builder.build());
 * await store.set("headers/part-00000.parquet", bytes);
 * ```
 */
export async function encodeHeaderPart(columns: HeaderColumns, options: EncodeHeaderPartOptions = {}): Promise<Uint8Array> {
  const { parquetWriteBuffer } = await loadWriter();
  const n = columns.rowCount;
  const source = columnSource((data, type) => integerEncoding(data, type, parquetWriteBuffer));
  const sources: HyparquetWriter.ColumnSource[] = [traceSource(columns.trace, n, source)];
  for (const field of columns.map.fields) {
    const values = columns.fields[field.name];
    if (values === undefined || values.length !== n) {
      throw new ValidationError(`columns.fields.${field.name}`, `must hold ${n} values (one per row), not ${values?.length ?? "none"}`);
    }
    sources.push(source(field.name, columnKind(field.type), values));
  }
  const rowGroupSize = options.rowGroupSize ?? 100_000;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) throw new ValidationError("options.rowGroupSize", `must be a whole number >= 1, not ${rowGroupSize}`);
  const buffer = parquetWriteBuffer({
    columnData: sources,
    codec: options.codec ?? "SNAPPY",
    statistics: true,
    rowGroupSize,
    pageSize: options.pageSize,
    kvMetadata: [{ key: HEADER_MAP_KEY, value: JSON.stringify({ fields: columns.map.fields }) }],
    createdBy: "seisproc (hyparquet-writer)",
  });
  return new Uint8Array(buffer);
}

type ColumnSourceOf = (name: string, kind: ColumnKind, values: Int32Array | Float64Array) => HyparquetWriter.ColumnSource;

function traceSource(trace: Float64Array, n: number, source: ColumnSourceOf): HyparquetWriter.ColumnSource {
  if (trace.length !== n) throw new ValidationError("columns.trace", `must hold ${n} values (one per row), not ${trace.length}`);
  let max = -1;
  for (let i = 0; i < n; i++) {
    const t = trace[i];
    if (!Number.isSafeInteger(t) || t < 0) throw new ValidationError(`columns.trace[${i}]`, `${t} is not a trace index (a whole number >= 0)`);
    if (t > max) max = t;
  }
  return max <= INT32_MAX ? source(TRACE_COLUMN, "int32", Int32Array.from(trace)) : source(TRACE_COLUMN, "int64", trace);
}

/** Column sources of each kind, integer encodings chosen by `encodingOf`. */
function columnSource(encodingOf: (data: Int32Array | BigInt64Array, type: "INT32" | "INT64") => IntegerEncoding): ColumnSourceOf {
  return (name, kind, values) => {
    switch (kind) {
      case "int32": {
        const data = values instanceof Int32Array ? values : Int32Array.from(values, (v, i) => checked(v, (v | 0) === v, name, i, "a 32-bit integer"));
        return { name, data, type: "INT32", nullable: false, encoding: encodingOf(data, "INT32") };
      }
      case "int64": {
        const data = BigInt64Array.from(values, (v, i) => BigInt(checked(v, Number.isSafeInteger(v), name, i, "a whole number within ±2^53")));
        return { name, data, type: "INT64", nullable: false, encoding: encodingOf(data, "INT64") };
      }
      case "double":
        return { name, data: values instanceof Float64Array ? values : Float64Array.from(values), type: "DOUBLE", nullable: false };
    }
  };
}

function checked(value: number, ok: boolean, column: string, row: number, what: string): number {
  if (!ok) throw new ValidationError(`columns.fields.${column}[${row}]`, `${value} is not ${what}, as the column's field type needs`);
  return value;
}

/**
 * Min, max and counts of one column, from the Parquet footer.
 *
 * @example
 * ```ts
 * const { min, max } = (await part.statistics()).CDP;
 * ```
 */
export interface ColumnStatistics {
  min: number;
  max: number;
  /** Nulls (always 0 in SeisProc's parts). */
  nullCount?: number;
  /** Distinct values, when the writer recorded it (then only for single-row-group files). */
  distinctCount?: number;
}

/**
 * Per-column statistics of a footer, merged over its row groups; columns without min/max are left out.
 *
 * @example
 * ```ts
 * footerStatistics(metadata).trace; // { min: 0, max: 9999, nullCount: 0 }
 * ```
 */
export function footerStatistics(metadata: ParquetFooter): Record<string, ColumnStatistics> {
  const out: Record<string, ColumnStatistics> = {};
  const incomplete = new Set<string>();
  for (const group of metadata.row_groups) {
    if (group.num_rows === 0n) continue;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined || meta.path_in_schema.length !== 1) continue;
      const name = meta.path_in_schema[0];
      const stats = meta.statistics;
      const min = toNumber(stats?.min_value ?? stats?.min);
      const max = toNumber(stats?.max_value ?? stats?.max);
      if (min === undefined || max === undefined || incomplete.has(name)) {
        incomplete.add(name);
        delete out[name];
        continue;
      }
      const nulls = stats?.null_count === undefined ? undefined : Number(stats.null_count);
      const distinct = stats?.distinct_count === undefined ? undefined : Number(stats.distinct_count);
      const prev = out[name];
      if (prev === undefined) {
        out[name] = definedOnly({ min, max, nullCount: nulls, distinctCount: distinct });
      } else {
        out[name] = definedOnly({
          min: Math.min(prev.min, min),
          max: Math.max(prev.max, max),
          nullCount: prev.nullCount === undefined || nulls === undefined ? undefined : prev.nullCount + nulls,
        });
      }
    }
  }
  return out;
}

/**
 * Merges the statistics of several parts, column by column (a column missing from a part is left out).
 *
 * @example
 * ```ts
 * mergeStatistics([a.statistics(), b.statistics()]).CDP.max;
 * ```
 */
export function mergeStatistics(parts: ReadonlyArray<Readonly<Record<string, ColumnStatistics>>>): Record<string, ColumnStatistics> {
  if (parts.length === 0) return {};
  if (parts.length === 1) return { ...parts[0] };
  const out: Record<string, ColumnStatistics> = {};
  for (const name of Object.keys(parts[0])) {
    const all = parts.map((p) => p[name]);
    if (all.some((s) => s === undefined)) continue;
    const stats = all as ColumnStatistics[];
    const nulls = stats.every((s) => s.nullCount !== undefined) ? stats.reduce((a, s) => a + (s.nullCount ?? 0), 0) : undefined;
    out[name] = definedOnly({
      min: Math.min(...stats.map((s) => s.min)),
      max: Math.max(...stats.map((s) => s.max)),
      nullCount: nulls,
    });
  }
  return out;
}

/**
 * The header map stored in a part's footer, or `undefined` when the file has none (not written by SeisProc).
 *
 * @example
 * ```ts
 * const map = footerHeaderMap(metadata) ?? HeaderMap.standard();
 * ```
 */
export function footerHeaderMap(metadata: ParquetFooter): HeaderMap | undefined {
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === HEADER_MAP_KEY);
  if (entry?.value === undefined) return undefined;
  let map = PARSED_MAPS.get(entry.value);
  if (map === undefined) {
    map = HeaderMap.fromJson(entry.value);
    if (PARSED_MAPS.size >= 16) PARSED_MAPS.clear();
    PARSED_MAPS.set(entry.value, map);
  }
  return map;
}

/** Header maps already parsed, by their JSON: every part of a store carries the same one (maps are immutable). */
const PARSED_MAPS = new Map<string, HeaderMap>();

/** `-0` (which hyparquet-writer can record as a DOUBLE minimum) becomes `0`. */
function toNumber(value: Hyparquet.Statistics["min"]): number | undefined {
  if (typeof value === "number") return value + 0;
  if (typeof value === "bigint") return Number(value);
  return undefined;
}

function definedOnly(stats: { min: number; max: number; nullCount?: number; distinctCount?: number }): ColumnStatistics {
  const out: ColumnStatistics = { min: stats.min, max: stats.max };
  if (stats.nullCount !== undefined) out.nullCount = stats.nullCount;
  if (stats.distinctCount !== undefined) out.distinctCount = stats.distinctCount;
  return out;
}
