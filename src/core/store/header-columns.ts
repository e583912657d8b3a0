/**
 * Trace header values as columns: one typed array per header field plus the global trace index, gathered
 * from {@link TraceBatch}es (or plain header objects) by {@link HeaderColumnsBuilder}, ready to be written
 * as one Parquet part by `encodeHeaderPart`.
 *
 * Integer fields up to 32 bits (`int8` … `int32`, `uint16`) are held in `Int32Array`s; `uint32`, 64-bit
 * and floating-point fields in `Float64Array`s (64-bit integers are exact up to 2^53, as everywhere in
 * SeisProc).
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { ByteOrder } from "../segy/byte-order";
import { readField, type FieldType, type HeaderField } from "../segy/header-field";
import { HeaderMap, type TraceHeader } from "../segy/header-map";
import type { TraceBatch, TraceHeaders } from "../segy/trace-batch";

/** A column's values: `Int32Array` for small integer fields, `Float64Array` for the rest. */
export type ColumnArray = Int32Array | Float64Array;

/**
 * How a header field is stored: `int32` (Parquet INT32, Arrow Int32), `int64` (Parquet INT64, Arrow Float64)
 * or `double` (Parquet DOUBLE, Arrow Float64).
 */
export type ColumnKind = "int32" | "int64" | "double";

/** Name of the global trace index column, present in every header part. */
export const TRACE_COLUMN = "trace";

/** Largest trace index the `trace` column stores as INT32; beyond it the column is INT64. */
export const INT32_MAX = 2147483647;

const KIND_OF_TYPE: Readonly<Record<FieldType, ColumnKind>> = {
  int8: "int32",
  uint8: "int32",
  int16: "int32",
  uint16: "int32",
  int32: "int32",
  uint32: "int64",
  int64: "int64",
  uint64: "int64",
  float32: "double",
  float64: "double",
};

/**
 * The storage kind of a header field type.
 *
 * @example
 * ```ts
 * columnKind("int16"); // "int32"
 * columnKind("uint32"); // "int64"
 * ```
 */
export function columnKind(type: FieldType): ColumnKind {
  return KIND_OF_TYPE[type];
}

/**
 * The header values of consecutive rows (traces) of one part: the global trace index of each row and one
 * array per field of `map`, all `rowCount` long.
 *
 * @example
 * ```ts
 * const columns: HeaderColumns = builder.build();
 * columns.fields.CDP[0]; // CDP number of the part's first trace
 * ```
 */
export interface HeaderColumns {
  /** The header map the fields come from; it is stored with the part. */
  readonly map: HeaderMap;
  /** Number of rows. */
  readonly rowCount: number;
  /** Global trace index of each row (0-based, in the store). */
  readonly trace: Float64Array;
  /** One array per field of `map`, by canonical field name: `Int32Array` for `int32` kinds, else `Float64Array`. */
  readonly fields: Readonly<Record<string, ColumnArray>>;
}

/** Options of {@link HeaderColumnsBuilder}. */
export interface HeaderColumnsBuilderOptions {
  /** The fields to gather (default the standard map); batches must have been read with a map holding them. */
  map?: HeaderMap;
  /**
   * Byte order of the batches' raw headers (`reader.byteOrder`). Given, `add` reads the fields straight from
   * the raw header bytes with `map`, column by column (about 10× faster), and checks the first trace of each
   * batch against the batch's own reading. Omitted, `add` goes through `batch.header(i)`.
   */
  byteOrder?: ByteOrder;
  /** Added to each batch's `start` to give global trace indices: the first trace of the segment. Default 0. */
  traceOffset?: number;
  /** Rows to allocate room for at first (default 4096); columns double when full. */
  initialCapacity?: number;
}

/**
 * Gathers the header values of traces into growable columns, from {@link TraceBatch}es or header objects,
 * without keeping raw bytes: memory is 4 or 8 bytes per field per trace of the part being built.
 *
 * @example
 * ```ts
 * const builder = new HeaderColumnsBuilder({ map: reader.headerMap, byteOrder: reader.byteOrder });
 * for await (const batch of reader.batches({ start: 0, end: 100_000 })) builder.add(batch);
 * const bytes = await encodeHeaderPart(builder.build());
 * ```
 */
export class HeaderColumnsBuilder {
  /** The fields gathered. */
  readonly map: HeaderMap;
  private readonly traceOffset: number;
  private readonly initialCapacity: number;
  private readonly littleEndian: boolean | undefined;
  private readonly fieldList: readonly HeaderField[];
  private capacity = 0;
  private length = 0;
  private nextTrace: number;
  private trace = new Float64Array(0);
  private columns: ColumnArray[] = [];

  constructor(options: HeaderColumnsBuilderOptions = {}) {
    this.map = options.map ?? HeaderMap.standard();
    this.traceOffset = options.traceOffset ?? 0;
    this.initialCapacity = Math.max(1, options.initialCapacity ?? 4096);
    this.nextTrace = this.traceOffset;
    this.littleEndian = options.byteOrder === undefined ? undefined : options.byteOrder === "little";
    if (!Number.isSafeInteger(this.traceOffset) || this.traceOffset < 0) {
      throw new ValidationError("options.traceOffset", `must be a whole number >= 0, not ${this.traceOffset}`);
    }
    this.fieldList = this.map.fields;
    for (const field of this.fieldList) {
      if (field.name === TRACE_COLUMN) {
        throw new ValidationError("headerMap", `a field may not be called "${TRACE_COLUMN}": that is the trace index column; rename the field`);
      }
    }
    this.reset();
  }

  /** Rows gathered so far. */
  get rowCount(): number {
    return this.length;
  }

  /**
   * Adds every trace of a batch: all fields of the builder's map. Global trace indices are
   * `traceOffset + batch.start + i`.
   */
  add(batch: TraceHeaders): void {
    if (batch.count === 0) return;
    this.reserve(this.length + batch.count);
    if (this.littleEndian === undefined) this.addByHeader(batch);
    else this.addRaw(batch, this.littleEndian);
    for (let i = 0; i < batch.count; i++) this.trace[this.length + i] = this.traceOffset + batch.start + i;
    this.length += batch.count;
    this.nextTrace = this.traceOffset + batch.start + batch.count;
  }

  /** Through the batch's own header reading: any map and byte order, one object per trace. */
  private addByHeader(batch: TraceHeaders): void {
    const fields = this.fieldList;
    for (let i = 0; i < batch.count; i++) {
      const header = batch.header(i);
      const row = this.length + i;
      for (let f = 0; f < fields.length; f++) {
        const value = header[fields[f].name];
        if (value === undefined) throw missingField(fields[f].name);
        this.columns[f][row] = value;
      }
    }
  }

  /** Straight from the raw bytes, one field at a time over all traces; the first trace is checked. */
  private addRaw(batch: TraceHeaders, littleEndian: boolean): void {
    const { rawHeaders, headerBytes, count } = batch;
    const view = new DataView(rawHeaders.buffer, rawHeaders.byteOffset, rawHeaders.byteLength);
    const check = batch.header(0);
    this.fieldList.forEach((field, f) => {
      const out = this.columns[f];
      const row = this.length;
      const at = field.byte - 1;
      const expected = check[field.name];
      if (expected === undefined) throw missingField(field.name);
      if (!Object.is(readField(view, field, littleEndian), expected)) {
        throw new ValidationError(
          "options.byteOrder",
          `field "${field.name}" of trace ${batch.start} reads ${readField(view, field, littleEndian)} with the builder's map and byte order but ${expected} with the batch's; use the reader's headerMap and byteOrder`,
        );
      }
      switch (field.type) {
        case "int16":
          for (let i = 0; i < count; i++) out[row + i] = view.getInt16(i * headerBytes + at, littleEndian);
          return;
        case "int32":
          for (let i = 0; i < count; i++) out[row + i] = view.getInt32(i * headerBytes + at, littleEndian);
          return;
        case "uint16":
          for (let i = 0; i < count; i++) out[row + i] = view.getUint16(i * headerBytes + at, littleEndian);
          return;
        default: {
          for (let i = 0; i < count; i++) out[row + i] = readField(view, field, littleEndian, 1 - i * headerBytes);
        }
      }
    });
  }

  /**
   * Adds one trace from header values by canonical field name (missing fields are 0, as in a zeroed header).
   * `trace` is its global index (default: one past the previous trace's, across `build` calls, or `traceOffset`
   * for the very first).
   */
  addHeader(header: Readonly<TraceHeader>, trace?: number): void {
    const index = trace ?? this.nextTrace;
    if (!Number.isSafeInteger(index) || index < 0) throw new ValidationError("trace", `must be a whole number >= 0, not ${index}`);
    const fields = this.fieldList;
    for (const field of fields) {
      const value = header[field.name] ?? 0;
      const kind = KIND_OF_TYPE[field.type];
      if (kind === "int32" ? (value | 0) !== value : kind === "int64" ? !Number.isSafeInteger(value) : typeof value !== "number") {
        throw new ValidationError(`header.${field.name}`, `${value} does not fit the ${field.type} field; give a whole number in range`);
      }
    }
    this.reserve(this.length + 1);
    const row = this.length++;
    this.trace[row] = index;
    this.nextTrace = index + 1;
    for (let f = 0; f < fields.length; f++) this.columns[f][row] = header[fields[f].name] ?? 0;
  }

  /** Hands over the gathered columns (trimmed to size) and empties the builder for the next part; trace numbering goes on. */
  build(): HeaderColumns {
    const n = this.length;
    const trim = <T extends ColumnArray>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    const fields: Record<string, ColumnArray> = {};
    this.fieldList.forEach((field, f) => (fields[field.name] = trim(this.columns[f])));
    const out: HeaderColumns = { map: this.map, rowCount: n, trace: trim(this.trace), fields };
    this.reset();
    return out;
  }

  private reset(): void {
    this.length = 0;
    this.capacity = 0;
    this.trace = new Float64Array(0);
    this.columns = this.fieldList.map((field) => (KIND_OF_TYPE[field.type] === "int32" ? new Int32Array(0) : new Float64Array(0)));
  }

  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2, this.initialCapacity);
    const grow = <T extends ColumnArray>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.trace = grow(this.trace, (c) => new Float64Array(c));
    this.columns = this.columns.map((a) => (a instanceof Int32Array ? grow(a, (c) => new Int32Array(c)) : grow(a, (c) => new Float64Array(c))));
    this.capacity = capacity;
  }
}

function missingField(name: string): ValidationError {
  return new ValidationError(
    "batch",
    `the batch's header map has no field "${name}"; read the file with the same header map as the builder's`,
  );
}
