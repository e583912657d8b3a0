/**
 * Header fields as data: a name, a 1-based byte position, a binary type and a description. Binary headers,
 * trace headers and user maps are all lists of these, read and written by the two functions here.
 *
 * @module
 */
import { ValidationError } from "../errors";

/** Binary types a header field can have. */
export type FieldType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "float32" | "float64";

/** Size in bytes of each {@link FieldType}. */
export const FIELD_TYPE_SIZE: Readonly<Record<FieldType, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
};

/** One field of a header. */
export interface HeaderField {
  /** Canonical name (segyio's for standard fields), e.g. `"CDP"`. */
  readonly name: string;
  /** 1-based byte position within the header (trace header) or the file (binary header, 3201–3600). */
  readonly byte: number;
  /** Binary type. */
  readonly type: FieldType;
  /** What the field means. */
  readonly description: string;
  /** Other names that refer to this field (Seismic Unix names, SEG-Y spec names). */
  readonly aliases?: readonly string[];
}

/**
 * Reads one field from `view`, whose byte 0 is the field table's byte 1 (or `base` for binary headers).
 * 64-bit integers come back as numbers (exact up to 2^53).
 *
 * @example
 * ```ts
 * readField(view, { name: "CDP", byte: 21, type: "int32", description: "" }, false); // the CDP number
 * ```
 */
export function readField(view: DataView, field: HeaderField, littleEndian: boolean, base = 1): number {
  const at = field.byte - base;
  switch (field.type) {
    case "int8":
      return view.getInt8(at);
    case "uint8":
      return view.getUint8(at);
    case "int16":
      return view.getInt16(at, littleEndian);
    case "uint16":
      return view.getUint16(at, littleEndian);
    case "int32":
      return view.getInt32(at, littleEndian);
    case "uint32":
      return view.getUint32(at, littleEndian);
    case "int64":
      return Number(view.getBigInt64(at, littleEndian));
    case "uint64":
      return Number(view.getBigUint64(at, littleEndian));
    case "float32":
      return view.getFloat32(at, littleEndian);
    case "float64":
      return view.getFloat64(at, littleEndian);
  }
}

const INTEGER_RANGE: Partial<Record<FieldType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * Writes one field into `view`; integers must be whole and in the type's range, or a {@link ValidationError}
 * names the field and the range.
 *
 * @example
 * ```ts
 * writeField(view, { name: "CDP", byte: 21, type: "int32", description: "" }, 1001, false);
 * ```
 */
export function writeField(view: DataView, field: HeaderField, value: number, littleEndian: boolean, base = 1): void {
  const at = field.byte - base;
  const range = INTEGER_RANGE[field.type];
  if (range !== undefined && (!Number.isInteger(value) || value < range[0] || value > range[1])) {
    throw new ValidationError(
      `header.${field.name}`,
      `${value} does not fit the field (${field.type} at byte ${field.byte}, ${range[0]}..${range[1]}); give a whole number in range`,
    );
  }
  switch (field.type) {
    case "int8":
      return view.setInt8(at, value);
    case "uint8":
      return view.setUint8(at, value);
    case "int16":
      return view.setInt16(at, value, littleEndian);
    case "uint16":
      return view.setUint16(at, value, littleEndian);
    case "int32":
      return view.setInt32(at, value, littleEndian);
    case "uint32":
      return view.setUint32(at, value, littleEndian);
    case "int64":
      return view.setBigInt64(at, BigInt(value), littleEndian);
    case "uint64":
      return view.setBigUint64(at, BigInt(value), littleEndian);
    case "float32":
      return view.setFloat32(at, value, littleEndian);
    case "float64":
      return view.setFloat64(at, value, littleEndian);
  }
}

/**
 * Reverses the bytes of every listed field in place (changing a header's byte order). Bytes covered by no
 * field are left as they are.
 *
 * @example
 * ```ts
 * swapFields(rawHeader, STANDARD_TRACE_FIELDS);
 * ```
 */
export function swapFields(bytes: Uint8Array, fields: readonly HeaderField[], base = 1): void {
  for (const field of fields) {
    const size = FIELD_TYPE_SIZE[field.type];
    const at = field.byte - base;
    for (let i = 0, j = size - 1; i < j; i++, j--) {
      const t = bytes[at + i];
      bytes[at + i] = bytes[at + j];
      bytes[at + j] = t;
    }
  }
}
