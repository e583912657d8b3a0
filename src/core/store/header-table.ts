/**
 * Trace headers stored as Parquet and read as Apache Arrow tables. A store keeps one Parquet file per import
 * segment (`headers/part-00000.parquet`, …); {@link HeaderTable} presents them as one table of global trace
 * indices, reads only the columns asked for, merges footer statistics without reading data, and keeps
 * recently decoded columns in a byte-bounded LRU cache.
 *
 * Writing: gather columns with `HeaderColumnsBuilder`, encode them with `encodeHeaderPart`. Reading a single
 * file: `HeaderPart`. All are re-exported here.
 *
 * Arrays in the tables returned by {@link HeaderTable} are views of cached columns: treat them as read-only.
 *
 * @module
 * @example
 * ```ts
 * const table = new HeaderTable([
 *   { traceStart: 0, traceCount: 100_000, source: await store.get("headers/part-00000.parquet") },
 *   { traceStart: 100_000, traceCount: 52_311, source: await store.get("headers/part-00001.parquet") },
 * ]);
 * const t = await table.columns(["CDP", "offset"], [99_000, 101_000]);
 * (await table.statistics()).offset; // { min, max, nullCount }
 * ```
 */
import * as arrow from "apache-arrow";
import { ValidationError } from "../errors";
import { ColumnCache, type ColumnCacheUsage } from "./column-cache";
import type { ColumnArray } from "./header-columns";
import { HeaderPart, type HeaderPartOptions, type HeaderPartSource } from "./header-part";
import { mergeStatistics, type ColumnStatistics } from "./parquet-io";

export { ColumnCache, type ColumnCacheUsage } from "./column-cache";
export {
  columnKind,
  HeaderColumnsBuilder,
  TRACE_COLUMN,
  type ColumnArray,
  type ColumnKind,
  type HeaderColumns,
  type HeaderColumnsBuilderOptions,
} from "./header-columns";
export { HeaderPart, type HeaderArrowType, type HeaderPartOptions, type HeaderPartSource } from "./header-part";
export {
  encodeHeaderPart,
  HEADER_MAP_KEY,
  type ByteRangeReader,
  type ColumnStatistics,
  type EncodeHeaderPartOptions,
} from "./parquet-io";

/**
 * One part of a {@link HeaderTable}: which global traces it holds and where its bytes are.
 *
 * @example
 * ```ts
 * const entry: HeaderTablePart = { traceStart: 0, traceCount: 1000, source: bytes };
 * ```
 */
export interface HeaderTablePart {
  /** Global index of the part's first trace. */
  traceStart: number;
  /** Traces (rows) in the part. */
  traceCount: number;
  /**
   * The part's bytes, a byte-range reader over them, an opened part, or a function that finds one of those
   * when the part is first used (so that a table over many parts costs nothing until a part is read).
   */
  source: HeaderPartSource | HeaderPart | (() => Promise<HeaderPartSource | HeaderPart>);
}

/** Options of {@link HeaderTable}. */
export interface HeaderTableOptions extends HeaderPartOptions {
  /** Bound on the bytes of decoded columns kept (default 256 MiB; 0 keeps none and reads only the rows asked). */
  cacheBytes?: number;
}

const DEFAULT_CACHE_BYTES = 256 << 20;

/**
 * Trace headers of a whole store: several Parquet parts covering consecutive global trace ranges, read as one
 * Arrow table. Parts are opened (their footers read) on first use.
 *
 * @example
 * ```ts
 * const table = new HeaderTable(parts, { cacheBytes: 64 << 20 });
 * const t = await table.columns(["trace", "FieldRecord", "offset"]);
 * t.getChild("offset")?.toArray(); // Int32Array of every trace's offset
 * ```
 */
export class HeaderTable {
  /** The parts, by ascending `traceStart`. */
  readonly parts: readonly Readonly<HeaderTablePart>[];
  private readonly opened: Array<Promise<HeaderPart> | undefined>;
  private readonly cache: ColumnCache;
  /** Cache keys (part, column) read once already without the cache: the next read caches them. */
  private readonly used = new Set<string>();

  constructor(
    parts: readonly HeaderTablePart[],
    private readonly options: HeaderTableOptions = {},
  ) {
    const sorted = [...parts].sort((a, b) => a.traceStart - b.traceStart);
    sorted.forEach((part, i) => {
      if (!Number.isSafeInteger(part.traceStart) || part.traceStart < 0 || !Number.isSafeInteger(part.traceCount) || part.traceCount < 0) {
        throw new ValidationError(`parts[${i}]`, `traceStart ${part.traceStart} and traceCount ${part.traceCount} must be whole numbers >= 0`);
      }
      const previous = sorted[i - 1];
      if (previous !== undefined && part.traceStart !== previous.traceStart + previous.traceCount) {
        throw new ValidationError(
          `parts[${i}].traceStart`,
          `is ${part.traceStart}, but the part before ends at ${previous.traceStart + previous.traceCount}; parts must cover consecutive traces`,
        );
      }
    });
    const cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    if (!(cacheBytes >= 0)) throw new ValidationError("options.cacheBytes", `must be a number >= 0, not ${cacheBytes}`);
    this.parts = sorted;
    this.opened = sorted.map(() => undefined);
    this.cache = new ColumnCache(cacheBytes);
  }

  /** Global index of the first trace. */
  get traceStart(): number {
    return this.parts[0]?.traceStart ?? 0;
  }

  /** One past the global index of the last trace. */
  get traceEnd(): number {
    const last = this.parts.at(-1);
    return last === undefined ? 0 : last.traceStart + last.traceCount;
  }

  /** The `i`-th part, opened (its footer read and checked against `traceStart`/`traceCount`) on first use. */
  part(i: number): Promise<HeaderPart> {
    const entry = this.parts[i];
    if (entry === undefined) throw new ValidationError("part", `no part ${i}; there are ${this.parts.length}`);
    return (this.opened[i] ??= openPart(entry, i, this.options).catch((error: unknown) => {
      this.opened[i] = undefined;
      throw error;
    }));
  }

  /**
   * The named columns (field names, aliases or `trace`) for global traces `[start, end)` (default all), as one
   * Arrow table with one record batch per part touched. A column is Int32 when it is INT32 in every part
   * touched, else Float64.
   */
  async columns(names: readonly string[], traceRange?: readonly [number, number]): Promise<arrow.Table> {
    const [start, end] = this.checkRange(traceRange);
    const wanted = [...new Set(names)];
    const touched = this.partsIn(start, end);
    const pieces = await Promise.all(
      touched.map(async (i) => {
        const entry = this.parts[i];
        const from = Math.max(start, entry.traceStart) - entry.traceStart;
        const to = Math.min(end, entry.traceStart + entry.traceCount) - entry.traceStart;
        return this.partArrays(i, wanted, from, to);
      }),
    );
    const vectors: Record<string, arrow.Vector> = {};
    for (const [c, name] of wanted.entries()) {
      const chunks = pieces.map((piece) => piece[c]);
      const float = chunks.some((a) => !(a instanceof Int32Array));
      const datas = chunks.map((a) => arrow.makeVector(float && a instanceof Int32Array ? Float64Array.from(a) : a).data[0]);
      vectors[name] = datas.length > 0 ? new arrow.Vector(datas) : arrow.makeVector(await this.emptyArray(name));
    }
    return new arrow.Table(vectors);
  }

  /**
   * The named columns for the given global trace indices (any order, repeats allowed), as a one-batch Arrow
   * table in that order; for gathers whose traces are spread over the store.
   */
  async columnsAt(names: readonly string[], traces: ArrayLike<number>): Promise<arrow.Table> {
    const wanted = [...new Set(names)];
    const byPart = new Map<number, number[]>();
    for (let k = 0; k < traces.length; k++) {
      const t = traces[k];
      const i = Number.isInteger(t) ? this.partOf(t) : -1;
      if (i < 0) throw new ValidationError(`traces[${k}]`, `${t} is not a trace of the table [${this.traceStart}, ${this.traceEnd})`);
      const list = byPart.get(i);
      if (list === undefined) byPart.set(i, [k]);
      else list.push(k);
    }
    const partIndices = [...byPart.keys()];
    // Each part is read over the rows its traces span, the whole part only when they are spread over it.
    const spans = partIndices.map((i) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const k of byPart.get(i) ?? []) {
        lo = Math.min(lo, traces[k]);
        hi = Math.max(hi, traces[k]);
      }
      const first = this.parts[i].traceStart;
      return [lo - first, hi - first + 1] as const;
    });
    const arrays = await Promise.all(partIndices.map((i, p) => this.partArrays(i, wanted, spans[p][0], spans[p][1])));
    const vectors: Record<string, arrow.Vector> = {};
    for (const [c, name] of wanted.entries()) {
      const pieces = arrays.map((piece) => piece[c]);
      const int32 = pieces.length > 0 ? pieces.every((a) => a instanceof Int32Array) : (await this.emptyArray(name)) instanceof Int32Array;
      const out = int32 ? new Int32Array(traces.length) : new Float64Array(traces.length);
      partIndices.forEach((i, p) => {
        const source = pieces[p];
        const first = this.parts[i].traceStart + spans[p][0];
        for (const k of byPart.get(i) ?? []) out[k] = source[traces[k] - first];
      });
      vectors[name] = arrow.makeVector(out);
    }
    return new arrow.Table(vectors);
  }

  /** True when every part has a column for `name` (field name, alias or `trace`); opens the parts. */
  async hasColumn(name: string): Promise<boolean> {
    const parts = await Promise.all(this.parts.map((_, i) => this.part(i)));
    return parts.every((part) => part.hasColumn(name));
  }

  /** Min/max (and null counts) of every column over all parts, from the parts' footers only. */
  async statistics(): Promise<Record<string, ColumnStatistics>> {
    const parts = await Promise.all(this.parts.map((_, i) => this.part(i)));
    return mergeStatistics(parts.map((part) => part.statistics()));
  }

  /** How the column cache is used. */
  cacheUsage(): ColumnCacheUsage {
    return this.cache.usage();
  }

  /** Empties the column cache. */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * Rows `[from, to)` of part `i` for each name: views of whole cached columns, or a direct read of those rows
   * without the cache. Columns are cached when used again: a small read (under a quarter of the part) of
   * columns none of which was read before in this part reads only its rows (pages, where the part has a page
   * index), and the next read of any of them reads the whole columns into the cache.
   */
  private async partArrays(i: number, names: readonly string[], from: number, to: number): Promise<ColumnArray[]> {
    const part = await this.part(i);
    const columns = names.map((n) => part.columnName(n));
    const keys = columns.map((c) => `${i}\u0000${c}`);
    const firstUse = (to - from) * 4 < part.rowCount && keys.every((k) => !this.cache.has(k) && !this.used.has(k));
    if (this.cache.maxBytes === 0 || firstUse) {
      if (this.cache.maxBytes > 0) for (const k of keys) this.used.add(k);
      const arrays = await part.readArrays(columns, [from, to]);
      return columns.map((c) => arrays.get(c) as ColumnArray);
    }
    const byKey = new Map(keys.map((k, j) => [k, columns[j]]));
    const whole = await this.cache.getMany(keys, async (missing) => {
      const arrays = await part.readArrays(missing.map((k) => byKey.get(k) as string));
      return new Map(missing.map((k) => [k, arrays.get(byKey.get(k) as string) as ColumnArray]));
    });
    return whole.map((a) => (from === 0 && to === a.length ? a : a.subarray(from, to)));
  }

  /** A zero-length array of the column's type (from the first part; Float64 when there are no parts). */
  private async emptyArray(name: string): Promise<ColumnArray> {
    if (this.parts.length === 0) return new Float64Array(0);
    const part = await this.part(0);
    return part.arrowType(name) instanceof arrow.Int32 ? new Int32Array(0) : new Float64Array(0);
  }

  private checkRange(range: readonly [number, number] | undefined): [number, number] {
    if (range === undefined) return [this.traceStart, this.traceEnd];
    const [start, end] = range;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < this.traceStart || end < start || end > this.traceEnd) {
      throw new ValidationError("traceRange", `[${start}, ${end}) is not within the table's traces [${this.traceStart}, ${this.traceEnd})`);
    }
    return [start, end];
  }

  /** Indices of the parts holding any of traces `[start, end)`. */
  private partsIn(start: number, end: number): number[] {
    const out: number[] = [];
    this.parts.forEach((p, i) => {
      if (p.traceCount > 0 && p.traceStart < end && p.traceStart + p.traceCount > start) out.push(i);
    });
    return out;
  }

  /** Index of the part holding global trace `t`, or -1. */
  private partOf(t: number): number {
    let lo = 0;
    let hi = this.parts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.parts[mid];
      if (t < p.traceStart) hi = mid - 1;
      else if (t >= p.traceStart + p.traceCount) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}

async function openPart(entry: Readonly<HeaderTablePart>, i: number, options: HeaderPartOptions): Promise<HeaderPart> {
  const source = typeof entry.source === "function" ? await entry.source() : entry.source;
  const part = source instanceof HeaderPart ? source : await HeaderPart.open(source, options);
  if (part.rowCount !== entry.traceCount) {
    throw new ValidationError(`parts[${i}].traceCount`, `is ${entry.traceCount}, but the part's file holds ${part.rowCount} rows`);
  }
  const trace = part.statistics().trace;
  if (trace !== undefined && entry.traceCount > 0 && (trace.min !== entry.traceStart || trace.max !== entry.traceStart + entry.traceCount - 1)) {
    throw new ValidationError(
      `parts[${i}].traceStart`,
      `is ${entry.traceStart}, but the part's file holds traces ${trace.min}..${trace.max}; list the parts with their own trace ranges`,
    );
  }
  return part;
}
