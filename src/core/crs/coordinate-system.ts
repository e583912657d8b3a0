/**
 * `CoordinateSystem` (seed 2.3): a coordinate reference system from an EPSG code, a proj string or WKT, with its
 * units and a description, and transforms to other systems through proj4. EPSG definitions come from the
 * `epsg-index` package one code at a time. Coordinates are always (x, y) = (easting, northing) or (longitude,
 * latitude), whatever axis order a definition declares.
 *
 * @module
 */
import proj4 from "proj4";
import type { CrsKind, CrsMetadata } from "./crs-metadata";
import { parseCrsMetadata } from "./crs-metadata";
import { lookupEpsg, parseEpsgCode, type EpsgEntry } from "./epsg-registry";
import { CrsDefinitionError } from "./errors";
import { Transformer, type CrsPoint } from "./transformer";

/** A parsed proj4 projection. */
type Projection = InstanceType<typeof proj4.Proj>;

/** proj4's parsed fields this module reads (not all are in proj4's typings). */
interface ProjectionFields {
  projName?: string;
  units?: string;
  to_meter?: number;
  name?: string;
  title?: string;
  srsCode?: string;
}

/** Metres per unit of the linear units SeisProc names. */
const METRES_PER_UNIT: Record<string, number> = { metre: 1, foot: 0.3048, "US survey foot": 1200 / 3937 };

/** A unit name normalized: `"metre"`, `"foot"`, `"US survey foot"`, `"degree"`, or the name as given. */
function normalizeUnit(unit: string | undefined, toMeter: number | undefined, geographic: boolean): string {
  if (geographic) return "degree";
  const u = (unit ?? "").trim().toLowerCase();
  if (u === "" && toMeter === undefined) return "metre";
  if (["m", "meter", "metre", "meters", "metres"].includes(u)) return "metre";
  if (u === "us-ft" || /us survey foot|foot_us|us_survey_foot/.test(u)) return "US survey foot";
  if (["ft", "foot", "feet", "international foot"].includes(u) || u.startsWith("foot")) return "foot";
  if (u.startsWith("degree")) return "degree";
  if (u === "" && toMeter !== undefined) return `${toMeter} metre`;
  return unit ?? "metre";
}

function epsgKind(entry: EpsgEntry): CrsKind {
  if (entry.kind === "CRS-PROJCRS") return "projected";
  if (entry.kind.startsWith("CRS-GEOG")) return "geographic";
  if (entry.kind === "CRS-GCENCRS") return "geocentric";
  if (entry.kind === "CRS-COMPOUNDCRS") return "compound";
  if (entry.kind === "CRS-VERTCRS") throw new CrsDefinitionError("epsg", `EPSG:${entry.code}`, `is a vertical CRS (${entry.name}) without horizontal coordinates; give a projected or geographic CRS`);
  throw new CrsDefinitionError("epsg", `EPSG:${entry.code}`, `is a ${entry.kind.replace(/^CRS-/, "").toLowerCase()} CRS (${entry.name}), which SeisProc cannot transform; give a projected or geographic CRS`);
}

function wktKind(wkt: string): CrsKind {
  const head = /^\s*([A-Z_0-9]+)\s*\[/i.exec(wkt)?.[1]?.toUpperCase() ?? "";
  if (["PROJCS", "PROJCRS", "PROJECTEDCRS"].includes(head)) return "projected";
  if (["GEOGCS", "GEOGCRS", "GEOGRAPHICCRS"].includes(head)) return "geographic";
  if (["GEOCCS", "GEODCRS", "GEODETICCRS"].includes(head)) return head === "GEOCCS" ? "geocentric" : "geographic";
  if (["COMPD_CS", "COMPOUNDCRS"].includes(head)) return "compound";
  if (["VERT_CS", "VERTCRS", "VERTICALCRS"].includes(head)) throw new CrsDefinitionError("wkt", wkt, "is a vertical CRS without horizontal coordinates; give a projected or geographic CRS");
  throw new CrsDefinitionError("wkt", wkt, `does not start with a CRS keyword (PROJCS, GEOGCS, GEOCCS, COMPD_CS or their WKT2 forms)${head === "" ? "" : `, but with ${head}`}`);
}

function projKind(fields: ProjectionFields): CrsKind {
  if (fields.projName === "longlat" || fields.projName === "latlong" || fields.projName === "lonlat") return "geographic";
  if (fields.projName === "geocent") return "geocentric";
  return "projected";
}

/** Parses a definition with proj4, turning its thrown strings into a {@link CrsDefinitionError}. */
function parseProjection(kind: "proj" | "wkt" | "epsg", definition: string): Projection {
  let projection: Projection;
  try {
    projection = new proj4.Proj(definition);
  } catch (error) {
    const why = typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
    throw new CrsDefinitionError(kind, definition, `proj4 cannot parse it (${why})`, { cause: error });
  }
  const fields = projection as unknown as ProjectionFields;
  if (typeof fields.projName !== "string" || typeof (projection as { forward?: unknown }).forward !== "function") {
    throw new CrsDefinitionError(kind, definition, "proj4 parsed it but found no projection in it; check the definition");
  }
  return projection;
}

/**
 * A coordinate reference system: EPSG code (when there is one), proj4 definition, WKT (when known), units and a
 * description. Build one with {@link CoordinateSystem.fromEpsg}, {@link CoordinateSystem.fromProj},
 * {@link CoordinateSystem.fromWkt} or {@link CoordinateSystem.parse}; transform points with
 * {@link CoordinateSystem.transformTo} or a {@link Transformer}.
 *
 * @example
 * ```ts
 * const utm = await CoordinateSystem.fromEpsg(32631);
 * const wgs84 = await CoordinateSystem.fromEpsg(4326);
 * utm.units; // "metre"
 * utm.transformTo(wgs84, [[448252.0, 5411954.9]]); // [[2.2945, 48.8584]] (longitude, latitude)
 * ```
 */
export class CoordinateSystem {
  private constructor(
    /** EPSG code, or null. */
    readonly epsgCode: number | null,
    /** proj4 definition used for transforms. */
    readonly projString: string,
    /** OGC WKT, when known. */
    readonly wkt: string | null,
    /** Unit of the coordinates: `"metre"`, `"foot"`, `"US survey foot"`, `"degree"`, or another unit's name. */
    readonly units: string,
    /** Description, e.g. `"WGS 84 / UTM zone 31N"`. */
    readonly description: string,
    /** Projected, geographic, geocentric or compound. */
    readonly kind: CrsKind,
    /** The parsed proj4 projection. */
    readonly projection: Projection,
  ) {}

  /**
   * The CRS of an EPSG code (a number, `"32631"` or `"EPSG:32631"`), read from `epsg-index`. Throws
   * {@link UnknownCrsCodeError} for a code the index does not hold.
   *
   * @example
   * ```ts
   * (await CoordinateSystem.fromEpsg("EPSG:32631")).description; // "WGS 84 / UTM zone 31N"
   * ```
   */
  static async fromEpsg(code: number | string): Promise<CoordinateSystem> {
    const entry = await lookupEpsg(code);
    const kind = epsgKind(entry);
    const definition = entry.proj4 ?? entry.wkt;
    if (definition === null) throw new CrsDefinitionError("epsg", `EPSG:${entry.code}`, `has neither a proj4 nor a WKT definition in the EPSG index (${entry.name}); give it as a proj string`);
    const projection = parseProjection("epsg", definition);
    const fields = projection as unknown as ProjectionFields;
    const units = normalizeUnit(entry.unit ?? fields.units, fields.to_meter, kind === "geographic");
    return new CoordinateSystem(entry.code, definition, entry.wkt, units, entry.name, kind, projection);
  }

  /**
   * A CRS from a proj string such as `"+proj=utm +zone=31 +datum=WGS84 +units=m"`. Throws
   * {@link CrsDefinitionError} when proj4 cannot parse it.
   *
   * @example
   * ```ts
   * CoordinateSystem.fromProj("+proj=utm +zone=31 +datum=WGS84 +units=m").units; // "metre"
   * ```
   */
  static fromProj(definition: string, description?: string): CoordinateSystem {
    const text = definition.trim();
    if (!text.startsWith("+")) throw new CrsDefinitionError("proj", definition, 'a proj string starts with "+", like "+proj=utm +zone=31 +datum=WGS84"');
    const projection = parseProjection("proj", text);
    const fields = projection as unknown as ProjectionFields;
    const kind = projKind(fields);
    const epsg = /\+init=epsg:(\d+)/i.exec(text)?.[1];
    return new CoordinateSystem(epsg === undefined ? null : Number(epsg), text, null, normalizeUnit(fields.units, fields.to_meter, kind === "geographic"), description ?? text, kind, projection);
  }

  /**
   * A CRS from OGC WKT (WKT 1, and the WKT 2 that proj4 reads). Its name and, when it carries one, its EPSG
   * authority code come from the WKT. Throws {@link CrsDefinitionError} when it cannot be parsed.
   *
   * @example
   * ```ts
   * CoordinateSystem.fromWkt('PROJCS["WGS 84 / UTM zone 31N",GEOGCS["WGS 84",...]]').description; // "WGS 84 / UTM zone 31N"
   * ```
   */
  static fromWkt(wkt: string): CoordinateSystem {
    const text = wkt.trim();
    const kind = wktKind(text);
    const projection = parseProjection("wkt", text);
    const fields = projection as unknown as ProjectionFields;
    const name = /^\s*[A-Z_0-9]+\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? fields.name ?? "unnamed CRS";
    // The CRS's own authority is the last AUTHORITY[...] (WKT 1) or ID[...] (WKT 2) at its top level.
    const ids = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
    const last = ids.at(-1);
    const epsg = last !== undefined && text.trimEnd().endsWith("]") && text.length - (last.index ?? 0) - last[0].length <= 3 ? Number(last[1]) : null;
    return new CoordinateSystem(epsg, text, text, normalizeUnit(fields.units, fields.to_meter, kind === "geographic"), name, kind, projection);
  }

  /**
   * A CRS from text as a user types it: `"EPSG:32631"` (or `"32631"`), a proj string (`"+proj=..."`) or WKT.
   *
   * @example
   * ```ts
   * const crs = await CoordinateSystem.parse(process.argv[2] ?? "EPSG:4326");
   * ```
   */
  static async parse(text: string | number): Promise<CoordinateSystem> {
    if (typeof text === "number") return CoordinateSystem.fromEpsg(text);
    const t = text.trim();
    if (/^(epsg:)?\d+$/i.test(t)) return CoordinateSystem.fromEpsg(parseEpsgCode(t));
    if (t.startsWith("+")) return CoordinateSystem.fromProj(t);
    if (/^[A-Z_0-9]+\s*\[/i.test(t)) return CoordinateSystem.fromWkt(t);
    throw new CrsDefinitionError("text", text, 'is not an EPSG code ("EPSG:32631"), a proj string ("+proj=utm ...") or WKT ("PROJCS[...]")');
  }

  /**
   * The CRS stored in dataset metadata (see {@link CoordinateSystem.toMetadata}), or null when none is stored.
   * Needs no EPSG lookup.
   *
   * @example
   * ```ts
   * const crs = CoordinateSystem.fromMetadata(data.metadata.crs); // CoordinateSystem | null
   * ```
   */
  static fromMetadata(value: unknown): CoordinateSystem | null {
    const meta = parseCrsMetadata(value);
    if (meta === null) return null;
    const projection = parseProjection(meta.proj4.trim().startsWith("+") ? "proj" : "wkt", meta.proj4);
    return new CoordinateSystem(meta.epsg, meta.proj4, meta.wkt, meta.units, meta.name, meta.kind, projection);
  }

  /**
   * The JSON form kept in a store's metadata.
   *
   * @example
   * ```ts
   * (await CoordinateSystem.fromEpsg(32631)).toMetadata().epsg; // 32631
   * ```
   */
  toMetadata(): CrsMetadata {
    return { epsg: this.epsgCode, name: this.description, units: this.units, kind: this.kind, proj4: this.projString, wkt: this.wkt };
  }

  /** `"EPSG:32631"`, or the proj string when there is no EPSG code. */
  get identifier(): string {
    return this.epsgCode === null ? this.projString : `EPSG:${this.epsgCode}`;
  }

  /** Metres per coordinate unit, or null for angular (degree) and unknown units. */
  get metresPerUnit(): number | null {
    return METRES_PER_UNIT[this.units] ?? null;
  }

  /** True for latitude/longitude systems. */
  get isGeographic(): boolean {
    return this.kind === "geographic";
  }

  /**
   * True when both describe the same system: the same EPSG code, or (without codes) the same proj4 definition.
   *
   * @example
   * ```ts
   * utm.equals(await CoordinateSystem.fromEpsg(32631)); // true
   * ```
   */
  equals(other: CoordinateSystem): boolean {
    if (this.epsgCode !== null && other.epsgCode !== null) return this.epsgCode === other.epsgCode;
    return this.projString.replace(/\s+/g, " ") === other.projString.replace(/\s+/g, " ");
  }

  /**
   * A reusable transformer from this system to `target`.
   *
   * @example
   * ```ts
   * const toWgs84 = utm.transformerTo(wgs84);
   * toWgs84.forward([[500000, 0]]); // [[3, 0]]
   * ```
   */
  transformerTo(target: CoordinateSystem): Transformer {
    return new Transformer(this, target);
  }

  /**
   * Transforms points `[x, y]` (or `[x, y, z]`) from this system to `target`. Throws {@link CrsTransformError}
   * for a point that cannot be mapped, never returning it unchanged.
   *
   * @example
   * ```ts
   * utm.transformTo(wgs84, [[500000, 0]]); // [[3, 0]]
   * ```
   */
  transformTo(target: CoordinateSystem, points: ReadonlyArray<Readonly<CrsPoint>>): CrsPoint[] {
    return this.transformerTo(target).forward(points);
  }

  /** `"EPSG:32631 WGS 84 / UTM zone 31N"`, or the description and proj string without a code. */
  toString(): string {
    return this.epsgCode === null ? (this.description === this.projString ? this.projString : `${this.description} (${this.projString})`) : `EPSG:${this.epsgCode} ${this.description}`;
  }
}
