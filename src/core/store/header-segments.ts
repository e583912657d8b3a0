/**
 * The store's trace headers: one Parquet part per import segment (`headers/part-NNNNN.parquet`), written as the
 * import goes and read as one Arrow table through {@link HeaderTable}, a column subset at a time, footers
 * (statistics) by byte range where the store can read ranges.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { ByteOrder } from "../segy/byte-order";
import type { HeaderMap } from "../segy/header-map";
import { StorageError } from "../errors";
import type { ReadableStore, StoreKey, WritableStore } from "../storage/types";
import { HeaderColumnsBuilder } from "./header-columns";
import { HeaderPart } from "./header-part";
import { HeaderTable, type HeaderTablePart } from "./header-table";
import { headerPartKey } from "./layout";
import { encodeHeaderPart, type ByteRangeReader, type ColumnStatistics } from "./parquet-io";

/**
 * A builder for one import segment's header part: add each batch as it is read, then {@link writeHeaderSegment}.
 *
 * @example
 * ```ts
 * const builder = headerSegmentBuilder(reader.headerMap, reader.byteOrder);
 * builder.add(batch);
 * ```
 */
export function headerSegmentBuilder(map: HeaderMap, byteOrder: ByteOrder): HeaderColumnsBuilder {
  return new HeaderColumnsBuilder({ map, byteOrder });
}

/**
 * Writes the header part of one import segment from its builder.
 *
 * @example
 * ```ts
 * await writeHeaderSegment(store, 0, builder);
 * ```
 */
export async function writeHeaderSegment(store: WritableStore, segment: number, builder: HeaderColumnsBuilder): Promise<void> {
  await store.set(headerPartKey(segment), await encodeHeaderPart(builder.build()));
}

/**
 * Reads some columns of one segment's part as float64 arrays (for the gather index).
 *
 * @example
 * ```ts
 * const [keys] = await readHeaderSegmentColumns(store, 0, ["FieldRecord"]);
 * ```
 */
export async function readHeaderSegmentColumns(store: ReadableStore, segment: number, names: readonly string[]): Promise<Float64Array[]> {
  const key = headerPartKey(segment);
  const bytes = await store.get(key);
  if (bytes === undefined) throw new StorageError("header part missing; run seisproc validate --repair", { store: "store", key, operation: "get", transient: false });
  const part = await HeaderPart.open(bytes);
  const arrays = await part.readArrays(names);
  return names.map((name) => Float64Array.from(arrays.get(part.columnName(name)) ?? arrays.get(name) ?? []));
}

function rangeReader(store: ReadableStore, key: StoreKey, size: number): ByteRangeReader {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const bytes = store.getRange === undefined ? (await store.get(key))?.subarray(start, end) : await store.getRange(key, { offset: start, length: end - start });
      if (bytes === undefined) throw new StorageError("header part missing", { store: "store", key, operation: "get", transient: false });
      return bytes.slice().buffer as ArrayBuffer;
    },
  };
}

/**
 * All header parts of a store as one table, opened on first use.
 *
 * @example
 * ```ts
 * const headers = new HeaderSegments(store, metadata.segmentCount, metadata.segmentTraces, metadata.traceCount);
 * (await headers.columns(["offset"])).getChild("offset");
 * ```
 */
export class HeaderSegments {
  private table: Promise<HeaderTable> | undefined;

  constructor(
    private readonly store: ReadableStore & { size?(key: StoreKey): Promise<number | undefined> },
    private readonly segmentCount: number,
    private readonly segmentTraces: number,
    private readonly traceCount: number,
  ) {}

  /** The underlying table (parts opened lazily). */
  async headerTable(): Promise<HeaderTable> {
    return (this.table ??= this.open());
  }

  /** Columns for all traces, or a range `[start, end)`. */
  async columns(names: readonly string[], range?: readonly [number, number]): Promise<Table> {
    return (await this.headerTable()).columns(await this.known(names), range);
  }

  /** Columns for the given traces, in that order; unknown names are left out. */
  async columnsFor(names: readonly string[], traces: ArrayLike<number>): Promise<Table> {
    return (await this.headerTable()).columnsAt(await this.known(names), traces);
  }

  /** Min, max and null counts per column, from the Parquet footers only. */
  async statistics(): Promise<Record<string, ColumnStatistics>> {
    return (await this.headerTable()).statistics();
  }

  /** The names that are columns. Every part of a store is written with one header map, so part 0 answers. */
  private async known(names: readonly string[]): Promise<string[]> {
    const table = await this.headerTable();
    if (table.parts.length === 0) return [];
    const first = await table.part(0);
    return names.filter((name) => first.hasColumn(name));
  }

  /** Finds every part's size (all at once: one request each, which a cold open waits for) and builds the table. */
  private async open(): Promise<HeaderTable> {
    const parts = await Promise.all(
      Array.from({ length: this.segmentCount }, async (_, s): Promise<HeaderTablePart> => {
        const key = headerPartKey(s);
        const traceStart = s * this.segmentTraces;
        const traceCount = Math.min(this.segmentTraces, this.traceCount - traceStart);
        const size = this.store.size === undefined ? undefined : await this.store.size(key);
        const source = size === undefined ? await this.store.get(key) : rangeReader(this.store, key, size);
        if (source === undefined) throw new StorageError("header part missing; run seisproc validate --repair", { store: "store", key, operation: "get", transient: false });
        return { traceStart, traceCount, source };
      }),
    );
    return new HeaderTable(parts);
  }
}
