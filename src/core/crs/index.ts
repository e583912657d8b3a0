/**
 * Coordinate reference systems: `CoordinateSystem` from an EPSG code (definitions read per code from
 * `epsg-index`), a proj string or WKT; checked transforms through proj4; the CRS of a dataset in its store
 * metadata; and the CRS in SEG-Y export headers (docs/crs.md).
 *
 * @module
 * @example
 * ```ts
 * import { CoordinateSystem, setDatasetCrs, FileSystemStore } from "seisproc";
 * const utm = await CoordinateSystem.fromEpsg(32631);
 * const wgs84 = await CoordinateSystem.fromEpsg(4326);
 * utm.transformTo(wgs84, [[500000, 5400000]]); // [[3, 48.75...]]
 * await setDatasetCrs(new FileSystemStore("line.seis"), "EPSG:32631");
 * ```
 */
export { CoordinateSystem } from "./coordinate-system";
export { parseCrsMetadata, type CrsKind, type CrsMetadata } from "./crs-metadata";
export { readDatasetCrs, resolveCrsOption, setDatasetCrs } from "./dataset-crs";
export { lookupEpsg, parseEpsgCode, type EpsgEntry } from "./epsg-registry";
export { CrsDefinitionError, CrsTransformError, isCrsError, UnknownCrsCodeError, type CrsDefinitionKind, type CrsError } from "./errors";
export {
  CRS_STANZA_HEADER,
  crsCardText,
  crsStanzaBlocks,
  readCrsStanza,
  withCrsCard,
  withCrsTextHeaders,
  type CrsTextHeaders,
  type SegyTextHeaders,
} from "./segy-crs";
export { registerGridShift, Transformer, type CrsPoint } from "./transformer";
