/**
 * The JSON form of a coordinate reference system as a trace store keeps it in the `crs` slot of
 * `seisproc/metadata.json` (and the catalog indexes it): the EPSG code when there is one, a name, the units, and
 * the proj4 definition that transforms use, so that reading it back needs no EPSG lookup.
 *
 * @module
 */
import { CrsDefinitionError } from "./errors";

/** What kind of coordinates a CRS has. */
export type CrsKind = "projected" | "geographic" | "geocentric" | "compound";

/** A CRS as stored in dataset metadata. */
export interface CrsMetadata {
  /** EPSG code, or null for a CRS given as a proj string or WKT without one. */
  epsg: number | null;
  /** Description, e.g. `"WGS 84 / UTM zone 31N"`. */
  name: string;
  /** Unit of the coordinates: `"metre"`, `"foot"`, `"US survey foot"`, `"degree"`, or another unit's name. */
  units: string;
  /** Projected, geographic, geocentric or compound (horizontal + vertical). */
  kind: CrsKind;
  /** proj4 definition used for transforms. */
  proj4: string;
  /** OGC WKT, when known. */
  wkt: string | null;
}

const KINDS: readonly CrsKind[] = ["projected", "geographic", "geocentric", "compound"];

/**
 * Checks that `value` is stored CRS metadata (or null) and returns it typed; throws a
 * {@link CrsDefinitionError} naming the bad field otherwise.
 *
 * @example
 * ```ts
 * const crs = parseCrsMetadata(metadata.crs); // CrsMetadata | null
 * ```
 */
export function parseCrsMetadata(value: unknown): CrsMetadata | null {
  if (value === null || value === undefined) return null;
  const fail = (detail: string): never => {
    throw new CrsDefinitionError("metadata", JSON.stringify(value) ?? String(value), `${detail}; set the dataset's CRS again (setDatasetCrs)`);
  };
  if (typeof value !== "object" || Array.isArray(value)) fail("is not an object");
  const v = value as Record<string, unknown>;
  if (!(v.epsg === null || (Number.isInteger(v.epsg) && (v.epsg as number) > 0))) fail("epsg must be a positive whole number or null");
  for (const key of ["name", "units", "proj4"] as const) if (typeof v[key] !== "string" || v[key] === "") fail(`${key} must be a non-empty string`);
  if (!KINDS.includes(v.kind as CrsKind)) fail(`kind must be one of ${KINDS.join(", ")}`);
  if (!(v.wkt === null || typeof v.wkt === "string")) fail("wkt must be a string or null");
  return { epsg: v.epsg as number | null, name: v.name as string, units: v.units as string, kind: v.kind as CrsKind, proj4: v.proj4 as string, wkt: v.wkt as string | null };
}
