/**
 * Transforms between two coordinate systems through proj4, checked: a grid-shift file that is not loaded, or a
 * point that does not map to finite coordinates, is a {@link CrsTransformError}, never a silent identity or NaN.
 *
 * @module
 */
import proj4 from "proj4";
import type { CoordinateSystem } from "./coordinate-system";
import { CrsTransformError } from "./errors";

/** A point: `[x, y]` or `[x, y, z]`; x is easting or longitude, y northing or latitude. */
export type CrsPoint = [number, number] | [number, number, number];

/** Grid-shift files registered with {@link registerGridShift}. */
const registeredGrids = new Set<string>();

/**
 * Loads an NTv2 grid-shift file (such as `OSTN15_NTv2_OSGBtoETRS.gsb` for EPSG:27700) so that definitions naming
 * it in `+nadgrids` can be transformed. SeisProc ships no grid files: without this call such transforms fail.
 *
 * @example
 * ```ts
 * registerGridShift("OSTN15_NTv2_OSGBtoETRS.gsb", (await fs.readFile("OSTN15_NTv2_OSGBtoETRS.gsb")).buffer);
 * ```
 */
export function registerGridShift(name: string, ntv2: ArrayBuffer): void {
  proj4.nadgrid(name, ntv2);
  registeredGrids.add(name);
}

/** The mandatory grids a parsed projection names that are not registered. */
function missingGrids(crs: CoordinateSystem): string[] {
  const list = (crs.projection as unknown as { nadgrids?: string }).nadgrids;
  if (typeof list !== "string" || list === "") return [];
  return list
    .split(",")
    .map((g) => g.trim())
    .filter((g) => g !== "" && !g.startsWith("@") && g !== "null" && !registeredGrids.has(g));
}

/**
 * A transform from one coordinate system to another, both ways.
 *
 * @example
 * ```ts
 * const t = new Transformer(await CoordinateSystem.fromEpsg(32631), await CoordinateSystem.fromEpsg(4326));
 * t.forward([[448252.001, 5411954.910]]); // [[2.2945, 48.8584]]
 * t.inverse([[2.2945, 48.8584]]); // [[448252.001, 5411954.910]]
 * ```
 */
export class Transformer {
  private readonly converter: proj4.Converter;

  constructor(
    /** The system points come from in {@link Transformer.forward}. */
    readonly source: CoordinateSystem,
    /** The system points go to in {@link Transformer.forward}. */
    readonly target: CoordinateSystem,
  ) {
    for (const crs of [source, target]) {
      const missing = missingGrids(crs);
      if (missing.length > 0) {
        throw new CrsTransformError(
          source.toString(),
          target.toString(),
          `${crs.toString()} needs the grid-shift file${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which ${missing.length > 1 ? "are" : "is"} not loaded; load ${missing.length > 1 ? "them" : "it"} with registerGridShift(name, bytes), or use a definition without +nadgrids`,
        );
      }
    }
    this.converter = proj4(source.projection, target.projection);
  }

  /**
   * Maps points from {@link Transformer.source} to {@link Transformer.target}.
   *
   * @example
   * ```ts
   * utmToWgs84.forward([[500000, 0]]); // [[3, 0]]
   * ```
   */
  forward(points: ReadonlyArray<Readonly<CrsPoint>>): CrsPoint[] {
    return this.run(points, "forward");
  }

  /**
   * Maps points from {@link Transformer.target} back to {@link Transformer.source}.
   *
   * @example
   * ```ts
   * utmToWgs84.inverse([[3, 0]]); // [[500000, 0]]
   * ```
   */
  inverse(points: ReadonlyArray<Readonly<CrsPoint>>): CrsPoint[] {
    return this.run(points, "inverse");
  }

  /**
   * Maps coordinate arrays (x and y of equal length, e.g. header columns) from source to target.
   *
   * @example
   * ```ts
   * const { x, y } = utmToWgs84.forwardArrays(cdpX, cdpY); // Float64Arrays of longitudes and latitudes
   * ```
   */
  forwardArrays(x: ArrayLike<number>, y: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
    if (x.length !== y.length) throw new CrsTransformError(this.source.toString(), this.target.toString(), `x has ${x.length} values but y has ${y.length}; give arrays of equal length`);
    const outX = new Float64Array(x.length);
    const outY = new Float64Array(y.length);
    for (let i = 0; i < x.length; i++) {
      const [px, py] = this.one([x[i], y[i]], "forward", i);
      outX[i] = px;
      outY[i] = py;
    }
    return { x: outX, y: outY };
  }

  private run(points: ReadonlyArray<Readonly<CrsPoint>>, direction: "forward" | "inverse"): CrsPoint[] {
    return points.map((p, i) => this.one(p, direction, i));
  }

  private one(point: Readonly<CrsPoint>, direction: "forward" | "inverse", index: number): CrsPoint {
    const [from, to] = direction === "forward" ? [this.source, this.target] : [this.target, this.source];
    const fail = (detail: string, cause?: unknown): never => {
      throw new CrsTransformError(from.toString(), to.toString(), detail, index, { cause });
    };
    const size: number = point.length;
    if (size !== 2 && size !== 3) fail(`a point is [x, y] or [x, y, z], not ${size} numbers`);
    if (!point.every((v) => Number.isFinite(v))) fail(`[${point.join(", ")}] has a non-finite coordinate`);
    let out: number[] = [];
    try {
      out = this.converter[direction]([...point]);
    } catch (error) {
      fail(`proj4 failed: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (!out.slice(0, point.length).every((v) => Number.isFinite(v))) fail(`[${point.join(", ")}] is outside the domain of the projection (no finite result)`);
    return (point.length === 3 ? [out[0], out[1], out[2] ?? point[2]] : [out[0], out[1]]) as CrsPoint;
  }
}
