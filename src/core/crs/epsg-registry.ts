/**
 * EPSG definitions from the `epsg-index` package, read one code at a time: the package ships one small JSON file
 * per code (`epsg-index/s/32631.json`), so a lookup reads a few kilobytes and the 40 MB index is never loaded.
 * Entries are cached per process.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { UnknownCrsCodeError } from "./errors";

/** One EPSG entry as `epsg-index` ships it. */
export interface EpsgEntry {
  /** The code, e.g. `32631`. */
  code: number;
  /** EPSG's kind: `"CRS-PROJCRS"`, `"CRS-GEOGCRS"`, `"CRS-GEOG2DCRS"`, `"CRS-VERTCRS"`, `"CRS-COMPOUNDCRS"`, ... */
  kind: string;
  /** EPSG's name, e.g. `"WGS 84 / UTM zone 31N"`. */
  name: string;
  /** OGC WKT 1 definition, or null. */
  wkt: string | null;
  /** proj4 definition, or null when EPSG has none. */
  proj4: string | null;
  /** Unit of the coordinates as EPSG names it (`"metre"`, `"US survey foot"`, `"degree ..."`), or null. */
  unit: string | null;
  /** Area of use in words. */
  area: string | null;
  /** Bounding box of the area of use: `[north, west, south, east]` in degrees, or null. */
  bbox: [number, number, number, number] | null;
}

const cache = new Map<number, Promise<EpsgEntry>>();
let directory: string | undefined;

/** The directory of per-code files of the installed `epsg-index` package. */
function entriesDirectory(): string {
  directory ??= path.join(path.dirname(require.resolve("epsg-index/package.json")), "s");
  return directory;
}

/**
 * Parses an EPSG code given as a number, `"32631"` or `"EPSG:32631"`; throws {@link UnknownCrsCodeError} for
 * anything else.
 *
 * @example
 * ```ts
 * parseEpsgCode("EPSG:32631"); // 32631
 * ```
 */
export function parseEpsgCode(code: number | string): number {
  const text = String(code).trim();
  const match = /^(?:epsg:)?(\d{1,9})$/i.exec(text);
  if (match === null) throw new UnknownCrsCodeError(text, 'is not an EPSG code; give a whole number such as 32631 or "EPSG:32631"');
  return Number(match[1]);
}

/**
 * The EPSG entry for `code`, read from its own file in `epsg-index`. Throws {@link UnknownCrsCodeError} when the
 * index has no such code.
 *
 * @example
 * ```ts
 * (await lookupEpsg(32631)).name; // "WGS 84 / UTM zone 31N"
 * ```
 */
export function lookupEpsg(code: number | string): Promise<EpsgEntry> {
  const n = parseEpsgCode(code);
  let entry = cache.get(n);
  if (entry === undefined) {
    entry = readEntry(n);
    cache.set(n, entry);
    // A failed lookup is not cached: the message stays the same, and a retry after a fix can succeed.
    entry.catch(() => cache.delete(n));
  }
  return entry;
}

async function readEntry(code: number): Promise<EpsgEntry> {
  const file = path.join(entriesDirectory(), `${code}.json`);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UnknownCrsCodeError(String(code), "is not in the EPSG index (epsg-index 2); check the code at epsg.org, or give the CRS as a proj string or WKT", { cause: error });
    }
    throw new UnknownCrsCodeError(String(code), `its definition could not be read from ${file}`, { cause: error });
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UnknownCrsCodeError(String(code), `its definition file ${file} is not valid JSON; reinstall epsg-index`, { cause: error });
  }
  const string = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
  const bbox = Array.isArray(raw.bbox) && raw.bbox.length === 4 && raw.bbox.every((v) => typeof v === "number") ? (raw.bbox as [number, number, number, number]) : null;
  return {
    code,
    kind: string(raw.kind) ?? "unknown",
    name: string(raw.name) ?? `EPSG:${code}`,
    wkt: string(raw.wkt),
    proj4: string(raw.proj4),
    unit: string(raw.unit),
    area: string(raw.area),
    bbox,
  };
}
