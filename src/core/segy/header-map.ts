/**
 * Trace header maps: which field lives at which byte. The standard map is {@link STANDARD_TRACE_FIELDS};
 * users bring their own byte locations as JSON, either a whole map or overrides of the standard one.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { FIELD_TYPE_SIZE, readField, writeField, type FieldType, type HeaderField } from "./header-field";
import { STANDARD_TRACE_FIELDS, TRACE_HEADER_BYTES } from "./trace-fields";

/** Trace header values by canonical field name. */
export type TraceHeader = Record<string, number>;

/**
 * A user's header map as JSON: either `{ "fields": [ {name, byte, type, description?, aliases?}, ... ] }`
 * (a whole map), or `{ "overrides": { "INLINE_3D": { "byte": 9 }, "MyKey": { "byte": 233, "type": "int32" } } }`
 * (changes to the standard map; new names are added).
 */
export interface HeaderMapJson {
  fields?: Array<Partial<HeaderField> & { name: string; byte: number }>;
  overrides?: Record<string, { byte?: number; type?: FieldType; description?: string; aliases?: string[] }>;
}

const SCALED_BY_COORDINATE = ["SourceX", "SourceY", "GroupX", "GroupY", "CDP_X", "CDP_Y"];
const SCALED_BY_ELEVATION = [
  "ReceiverGroupElevation",
  "SourceSurfaceElevation",
  "SourceDepth",
  "ReceiverDatumElevation",
  "SourceDatumElevation",
  "SourceWaterDepth",
  "GroupWaterDepth",
];
const SCALED_BY_TIME = [
  "SourceUpholeTime",
  "GroupUpholeTime",
  "SourceStaticCorrection",
  "GroupStaticCorrection",
  "TotalStaticApplied",
  "LagTimeA",
  "LagTimeB",
  "DelayRecordingTime",
  "MuteTimeStart",
  "MuteTimeEND",
];

/**
 * Applies a SEG-Y scalar: positive multiplies, negative divides by its absolute value, 0 means 1.
 *
 * @example
 * ```ts
 * applyScalar(123456, -100); // 1234.56
 * ```
 */
export function applyScalar(value: number, scalar: number): number {
  if (scalar > 0) return value * scalar;
  if (scalar < 0) return value / -scalar;
  return value;
}

/**
 * A trace header map: reads and writes trace headers by field name.
 *
 * @example
 * ```ts
 * const map = HeaderMap.standard().withOverrides({ overrides: { INLINE_3D: { byte: 9 } } });
 * map.field("iline").byte; // 9 (aliases work too)
 * ```
 */
export class HeaderMap {
  /** The fields, in the order given. */
  readonly fields: readonly HeaderField[];
  private readonly byName: ReadonlyMap<string, HeaderField>;

  private constructor(fields: readonly HeaderField[]) {
    const byName = new Map<string, HeaderField>();
    for (const [i, field] of fields.entries()) {
      validateField(field, `headerMap.fields[${i}]`);
      for (const key of [field.name, ...(field.aliases ?? [])]) {
        const other = byName.get(key);
        if (other !== undefined && other !== field) {
          throw new ValidationError(`headerMap.fields[${i}]`, `name "${key}" is used by two fields; give each field its own name`);
        }
        byName.set(key, field);
      }
    }
    this.fields = Object.freeze([...fields]);
    this.byName = byName;
  }

  /** The standard SEG-Y rev 1/2 trace header map. */
  static standard(): HeaderMap {
    return STANDARD;
  }

  /** A map of exactly these fields. */
  static of(fields: readonly HeaderField[]): HeaderMap {
    return new HeaderMap(fields);
  }

  /**
   * A map from JSON (see {@link HeaderMapJson}); overrides apply to the standard map.
   *
   * @example
   * ```ts
   * HeaderMap.fromJson('{"overrides": {"CDP": {"byte": 189}}}');
   * ```
   */
  static fromJson(json: string | HeaderMapJson): HeaderMap {
    let parsed: HeaderMapJson;
    try {
      parsed = typeof json === "string" ? (JSON.parse(json) as HeaderMapJson) : json;
    } catch (cause) {
      throw new ValidationError("headerMap", "is not valid JSON; see docs/header-maps.md for the format", { cause });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new ValidationError("headerMap", 'must be an object with "fields" or "overrides"');
    }
    let map = STANDARD;
    if (parsed.fields !== undefined) {
      if (!Array.isArray(parsed.fields)) throw new ValidationError("headerMap.fields", "must be an array of fields");
      map = HeaderMap.of(
        parsed.fields.map((field, i) => {
          requireObject(field, `headerMap.fields[${i}]`, '{"name": "shot", "byte": 9, "type": "int32"}');
          return { name: field.name, byte: field.byte, type: field.type ?? "int32", description: field.description ?? "", aliases: field.aliases ?? [] };
        }),
      );
    }
    return parsed.overrides === undefined ? map : map.withOverrides(parsed);
  }

  /** A copy of this map with some fields moved, retyped or added. */
  withOverrides(json: Pick<HeaderMapJson, "overrides">): HeaderMap {
    const overrides = json.overrides ?? {};
    for (const [name, change] of Object.entries(overrides)) requireObject(change, `headerMap.overrides.${name}`, '{"byte": 9}');
    const fields = this.fields.map((field) => {
      const change = overrides[field.name] ?? (field.aliases ?? []).map((a) => overrides[a]).find((c) => c !== undefined);
      return change === undefined ? field : { ...field, ...definedOnly(change) };
    });
    for (const [name, change] of Object.entries(overrides)) {
      if (this.byName.has(name)) continue;
      if (change.byte === undefined) {
        throw new ValidationError(`headerMap.overrides.${name}`, "a new field needs a byte position");
      }
      fields.push({ name, byte: change.byte, type: change.type ?? "int32", description: change.description ?? "", aliases: change.aliases ?? [] });
    }
    return new HeaderMap(fields);
  }

  /** The field called `name` (canonical name or alias), or a {@link ValidationError} listing close names. */
  field(name: string): HeaderField {
    const field = this.byName.get(name);
    if (field !== undefined) return field;
    const lower = name.toLowerCase();
    const near = [...this.byName.keys()].filter((k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()));
    const hint = near.length > 0 ? `; did you mean ${near.slice(0, 5).join(", ")}?` : "; list the fields with HeaderMap.standard().fields";
    throw new ValidationError("headerField", `no trace header field "${name}"${hint}`);
  }

  /** True when `name` is a field or alias of this map. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Reads every field of one raw trace header (bytes in the file's order) into an object of raw values. */
  read(raw: Uint8Array, littleEndian: boolean): TraceHeader {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: TraceHeader = {};
    for (const field of this.fields) out[field.name] = readField(view, field, littleEndian);
    return out;
  }

  /** Reads one field of a raw trace header. */
  readOne(raw: Uint8Array, name: string, littleEndian: boolean): number {
    return readField(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), this.field(name), littleEndian);
  }

  /** Writes the given values (by name or alias) into a raw trace header; other bytes are left as they are. */
  write(raw: Uint8Array, values: Readonly<Record<string, number>>, littleEndian: boolean): void {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (const [name, value] of Object.entries(values)) writeField(view, this.field(name), value, littleEndian);
  }
}

/**
 * Trace header values with the SEG-Y scalars applied: coordinates by `SourceGroupScalar`, elevations and depths
 * by `ElevationScalar`, times in bytes 95–114 by `ScalarTraceHeader`. The raw header is not changed.
 *
 * @example
 * ```ts
 * scaleHeader({ SourceX: 123456, SourceGroupScalar: -100 }).SourceX; // 1234.56
 * ```
 */
export function scaleHeader(header: Readonly<TraceHeader>): TraceHeader {
  const out: TraceHeader = { ...header };
  const groups: Array<[string, string[]]> = [
    ["SourceGroupScalar", SCALED_BY_COORDINATE],
    ["ElevationScalar", SCALED_BY_ELEVATION],
    ["ScalarTraceHeader", SCALED_BY_TIME],
  ];
  for (const [scalarName, names] of groups) {
    const scalar = header[scalarName] ?? 0;
    for (const name of names) if (name in out) out[name] = applyScalar(out[name], scalar);
  }
  return out;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Malformed JSON (null, a number where an object belongs) must give a ValidationError, not a TypeError. */
function requireObject(value: unknown, key: string, example: string): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(key, `must be an object such as ${example}, not ${JSON.stringify(value)}`);
  }
}

function validateField(field: HeaderField, key: string): void {
  if (typeof field.name !== "string" || field.name === "") throw new ValidationError(`${key}.name`, "must be a non-empty string");
  if (field.aliases !== undefined && (!Array.isArray(field.aliases) || !field.aliases.every((a) => typeof a === "string" && a !== ""))) {
    throw new ValidationError(`${key}.aliases`, `must be a list of names, such as ["iline"]`);
  }
  // Own keys only: "toString" or "constructor" are not types.
  const size = Object.hasOwn(FIELD_TYPE_SIZE, field.type) ? FIELD_TYPE_SIZE[field.type] : undefined;
  if (size === undefined) {
    throw new ValidationError(`${key}.type`, `unknown type "${String(field.type)}"; use one of ${Object.keys(FIELD_TYPE_SIZE).join(", ")}`);
  }
  if (!Number.isInteger(field.byte) || field.byte < 1 || field.byte + size - 1 > TRACE_HEADER_BYTES) {
    throw new ValidationError(
      `${key}.byte`,
      `field "${field.name}" at byte ${field.byte} with ${size} bytes does not fit in the ${TRACE_HEADER_BYTES}-byte trace header (bytes are 1-based)`,
    );
  }
}

const STANDARD = HeaderMap.of(STANDARD_TRACE_FIELDS);
