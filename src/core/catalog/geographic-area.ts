/**
 * Survey areas in longitude/latitude: a box in some CRS mapped to WGS 84 through a 5 × 5 grid of points (so the
 * curvature of projected grid lines is covered to well within a survey's size), for comparing datasets whose
 * coordinates are in different systems.
 *
 * @module
 */
import { CoordinateSystem } from "../crs/coordinate-system";
import type { CrsPoint } from "../crs/transformer";
import type { AreaBox } from "./records";

let wgs84: CoordinateSystem | undefined;

/** WGS 84 longitude/latitude, built without an EPSG lookup. */
function geographicWgs84(): CoordinateSystem {
  wgs84 ??= CoordinateSystem.fromProj("+proj=longlat +datum=WGS84 +no_defs", "WGS 84");
  return wgs84;
}

/**
 * The longitude/latitude box (WGS 84) that holds `box` of `crs`. Throws a CrsTransformError when the box cannot
 * be mapped.
 *
 * @example
 * ```ts
 * geographicBox({ minX: 500000, minY: 6000000, maxX: 510000, maxY: 6010000 }, utm31n); // { minX: 2.99.., ... }
 * ```
 */
export function geographicBox(box: AreaBox, crs: CoordinateSystem): AreaBox {
  const points: CrsPoint[] = [];
  for (let i = 0; i <= 4; i++) {
    for (let j = 0; j <= 4; j++) points.push([box.minX + ((box.maxX - box.minX) * i) / 4, box.minY + ((box.maxY - box.minY) * j) / 4]);
  }
  const mapped = crs.isGeographic && crs.units === "degree" ? points : crs.transformTo(geographicWgs84(), points);
  const xs = mapped.map((p) => p[0]);
  const ys = mapped.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}
