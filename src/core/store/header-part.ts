/**
 * One Parquet file of trace headers (a store keeps one per import segment), read column by column into
 * Apache Arrow tables. Opening reads the footer only; statistics come from it; reading columns fetches and
 * decodes only those columns' chunks, and only the row groups a row range touches.
 *
 * @module
 */
import * as arrow from "apache-arrow";
import { ValidationError } from "../errors";
import { HeaderMap } from "../segy/header-map";
import type { ColumnArray } from "./header-columns";
import {
  footerHeaderMap,
  footerStatistics,
  loadHyparquet,
  type ByteRangeReader,
  type ColumnStatistics,
  type HyparquetModule,
  type ParquetFooter,
} from "./parquet-io";

/** Where a part's bytes come from: the whole file in memory, or a byte-range reader. */
export type HeaderPartSource = Uint8Array | ArrayBuffer | ByteRangeReader;

/** Options of {@link HeaderPart.open}. */
export interface HeaderPartOptions {
  /**
   * Bytes to fetch from the end of the file at first. The default, 8, fetches the footer's length and then
   * exactly the footer (two small requests, no data bytes). From high-latency stores give about 32 KiB, which
   * holds the footer of a standard-map part, to open it in one request (the tail of the data comes along).
   */
  initialFetchSize?: number;
}

/** Arrow type of a column: Int32 for INT32 columns, Float64 for the rest. */
export type HeaderArrowType = arrow.Int32 | arrow.Float64;

const DEFAULT_INITIAL_FETCH = 8;

/**
 * One header part: a Parquet file with a `trace` column and one column per header field.
 *
 * @example
 * ```ts
 * const part = await HeaderPart.open(bytes);
 * const table = await part.readColumns(["trace", "CDP", "offset"], [0, 1000]);
 * table.getChild("CDP")?.get(0);
 * part.statistics().offset; // { min, max, nullCount }
 * ```
 */
export class HeaderPart {
  private stats: Record<string, ColumnStatistics> | undefined;

  private constructor(
    private readonly file: ByteRangeReader,
    private readonly lib: HyparquetModule,
    /** The parsed footer. */
    readonly footer: ParquetFooter,
    /** The header map stored with the part (the standard map if the file has none). */
    readonly map: HeaderMap,
    /** Column names in file order (`trace` first). */
    readonly columnNames: readonly string[],
    private readonly types: ReadonlyMap<string, "INT32" | "INT64" | "DOUBLE" | "FLOAT">,
  ) {}

  /** Reads the footer of a part. */
  static async open(source: HeaderPartSource, options: HeaderPartOptions = {}): Promise<HeaderPart> {
    const lib = await loadHyparquet();
    const file = asReader(source);
    let footer: ParquetFooter;
    try {
      footer = await lib.parquetMetadataAsync(file, { initialFetchSize: Math.max(8, options.initialFetchSize ?? DEFAULT_INITIAL_FETCH) });
    } catch (cause) {
      throw new ValidationError("headerPart", `is not a readable Parquet file: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const types = new Map<string, "INT32" | "INT64" | "DOUBLE" | "FLOAT">();
    for (const element of footer.schema.slice(1)) {
      const type = element.type;
      if (element.num_children !== undefined || (type !== "INT32" && type !== "INT64" && type !== "DOUBLE" && type !== "FLOAT")) {
        throw new ValidationError(`headerPart.columns.${element.name}`, `has type ${type ?? "group"}; header parts hold numeric columns only`);
      }
      types.set(element.name, type);
    }
    return new HeaderPart(file, lib, footer, footerHeaderMap(footer) ?? HeaderMap.standard(), [...types.keys()], types);
  }

  /** Number of rows (traces). */
  get rowCount(): number {
    return Number(this.footer.num_rows);
  }

  /** The file's column name for `name` (a field name or alias of the part's map, or `trace`). */
  columnName(name: string): string {
    if (this.types.has(name)) return name;
    const canonical = this.map.field(name).name;
    if (!this.types.has(canonical)) throw new ValidationError("headerField", `the header part has no column "${canonical}"`);
    return canonical;
  }

  /** True when the part has a column for `name` (field name, alias or `trace`). */
  hasColumn(name: string): boolean {
    return this.types.has(name) || (this.map.has(name) && this.types.has(this.map.field(name).name));
  }

  /** The Arrow type `readColumns` gives the column called `name`. */
  arrowType(name: string): HeaderArrowType {
    return this.types.get(this.columnName(name)) === "INT32" ? new arrow.Int32() : new arrow.Float64();
  }

  /** Min/max (and null counts) of every column, from the footer: no data is read. */
  statistics(): Record<string, ColumnStatistics> {
    this.stats ??= footerStatistics(this.footer);
    return { ...this.stats };
  }

  /**
   * Reads the named columns (field names, aliases or `trace`) for rows `[start, end)` (default all) into an
   * Arrow table whose columns are named as asked: Int32 vectors for INT32 columns, Float64 for the others.
   */
  async readColumns(names: readonly string[], rows?: readonly [number, number]): Promise<arrow.Table> {
    const [start, end] = checkRows(rows, this.rowCount);
    const wanted = [...new Set(names)];
    const arrays = await this.readArrays(wanted.map((n) => this.columnName(n)), [start, end]);
    const vectors: Record<string, arrow.Vector> = {};
    for (const name of wanted) vectors[name] = arrow.makeVector(arrays.get(this.columnName(name)) as ColumnArray);
    return new arrow.Table(vectors);
  }

  /**
   * Reads columns (file column names) for rows `[start, end)` as typed arrays: `Int32Array` for INT32 columns,
   * `Float64Array` for the others. The building block of `readColumns` and of `HeaderTable`'s cache.
   */
  async readArrays(columns: readonly string[], rows?: readonly [number, number]): Promise<Map<string, ColumnArray>> {
    const [start, end] = checkRows(rows, this.rowCount);
    const out = new Map<string, ColumnArray>();
    for (const name of columns) {
      const type = this.types.get(name);
      if (type === undefined) throw new ValidationError("headerField", `the header part has no column "${name}"`);
      out.set(name, type === "INT32" ? new Int32Array(end - start) : new Float64Array(end - start));
    }
    if (end === start || out.size === 0) return out;
    await this.lib.parquetRead({
      file: this.file,
      metadata: this.footer,
      columns: [...out.keys()],
      rowStart: start,
      rowEnd: end,
      useOffsetIndex: true,
      utf8: false,
      onChunk: (chunk) => {
        const target = out.get(chunk.columnName);
        if (target !== undefined) copyChunk(chunk.columnData as ArrayLike<unknown>, chunk.rowStart, target, start, end);
      },
    });
    return out;
  }
}

/** Copies the rows of a decoded chunk (starting at row `chunkStart`) that fall in `[start, end)` into `target`. */
function copyChunk(values: ArrayLike<unknown>, chunkStart: number, target: ColumnArray, start: number, end: number): void {
  const from = Math.max(start, chunkStart);
  const to = Math.min(end, chunkStart + values.length);
  if (to <= from) return;
  const offset = from - chunkStart;
  // Typed arrays of a compatible type copy in one go; dictionary-decoded (plain arrays) and INT64
  // (BigInt64Array) chunks value by value.
  const direct = target instanceof Int32Array ? values instanceof Int32Array : values instanceof Float64Array || values instanceof Int32Array || values instanceof Float32Array;
  if (direct) {
    target.set((values as ColumnArray | Float32Array).subarray(offset, offset + to - from), from - start);
    return;
  }
  for (let i = from; i < to; i++) target[i - start] = Number(values[i - chunkStart]);
}

function checkRows(rows: readonly [number, number] | undefined, rowCount: number): [number, number] {
  if (rows === undefined) return [0, rowCount];
  const [start, end] = rows;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > rowCount) {
    throw new ValidationError("rows", `[${start}, ${end}) is not a row range within [0, ${rowCount})`);
  }
  return [start, end];
}

/** A byte-range reader over the source; bytes in memory are sliced without a copy of the whole. */
function asReader(source: HeaderPartSource): ByteRangeReader {
  if (source instanceof ArrayBuffer) return { byteLength: source.byteLength, slice: (s, e) => source.slice(s, e) };
  if (source instanceof Uint8Array) {
    const bytes = source;
    return {
      byteLength: bytes.byteLength,
      slice: (s, e = bytes.byteLength) => {
        const copy = new Uint8Array(Math.max(0, Math.min(e, bytes.byteLength) - s));
        copy.set(bytes.subarray(s, s + copy.length));
        return copy.buffer;
      },
    };
  }
  const reader = source;
  return { byteLength: reader.byteLength, slice: (s, e) => reader.slice(s, e ?? reader.byteLength) };
}
