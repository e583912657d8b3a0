/**
 * What the catalog records of a trace store, read from the store itself: `seisproc/metadata.json` (source,
 * layout, CRS, provenance), the decoded textual headers, and the header statistics in the Parquet footers (no
 * trace is read). The survey area is the box of source, receiver and CDP coordinates with the SEG-Y coordinate
 * scalar applied, and, when the CRS is known, the same in longitude/latitude.
 *
 * @module
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { CoordinateSystem } from "../crs/coordinate-system";
import { isCrsError } from "../crs/errors";
import { decodeTextHeader } from "../segy/text-header";
import { FileSystemStore } from "../storage/file-system-store";
import type { ReadableStore } from "../storage/types";
import { STORE_KEYS } from "../store/layout";
import { LazySeismicData } from "../store/lazy-seismic-data";
import type { Logger } from "../util/logger";
import { geographicBox } from "./geographic-area";
import type { AreaBox, CatalogDatasetInput, CatalogProcessingStep, HeaderFieldSummary } from "./records";

/** Header field pairs whose values are positions (SEG-Y bytes 73-88 and 181-188). */
const COORDINATE_PAIRS: ReadonlyArray<[string, string]> = [
  ["SourceX", "SourceY"],
  ["GroupX", "GroupY"],
  ["CDP_X", "CDP_Y"],
];

/** The factors SEG-Y coordinate scalars (bytes 71-72) give: positive multiplies, negative divides, 0 is 1. */
function scalarFactors(scalar: HeaderFieldSummary | undefined): number[] {
  const factor = (s: number): number => (s > 0 ? s : s < 0 ? 1 / -s : 1);
  if (scalar === undefined) return [1];
  return scalar.min === scalar.max ? [factor(scalar.min)] : [factor(scalar.min), factor(scalar.max)];
}

/**
 * The survey area from header statistics: the box of every set coordinate pair, scaled, in the header's units
 * (arc seconds, SEG-Y coordinate units 2, become degrees). Null when no coordinates are set.
 *
 * @example
 * ```ts
 * surveyArea({ SourceX: { min: 50000000, max: 50010000 }, SourceY: { min: 6e8, max: 6e8 }, SourceGroupScalar: { min: -100, max: -100 } });
 * // { minX: 500000, minY: 6000000, maxX: 500100, maxY: 6000000 }
 * ```
 */
export function surveyArea(stats: Readonly<Record<string, HeaderFieldSummary>>): AreaBox | null {
  const factors = scalarFactors(stats.SourceGroupScalar);
  const units = stats.CoordinateUnits;
  const toDegrees = units !== undefined && units.min === 2 && units.max === 2 ? 1 / 3600 : 1;
  let area: AreaBox | null = null;
  for (const [xName, yName] of COORDINATE_PAIRS) {
    const x = stats[xName];
    const y = stats[yName];
    if (x === undefined || y === undefined || (x.min === 0 && x.max === 0 && y.min === 0 && y.max === 0)) continue;
    for (const f of factors) {
      const k = f * toDegrees;
      const b = { minX: x.min * k, maxX: x.max * k, minY: y.min * k, maxY: y.max * k };
      area = area === null ? b : { minX: Math.min(area.minX, b.minX), minY: Math.min(area.minY, b.minY), maxX: Math.max(area.maxX, b.maxX), maxY: Math.max(area.maxY, b.maxY) };
    }
  }
  return area;
}

/** Steps of a dataset's provenance (records of the provenance module or project steps), read leniently. */
function provenanceSteps(records: unknown, datasetId: string): NonNullable<CatalogDatasetInput["processing"]> {
  if (!Array.isArray(records)) return [];
  const steps: NonNullable<CatalogDatasetInput["processing"]> = [];
  records.forEach((record: unknown, position) => {
    if (typeof record !== "object" || record === null) return;
    const r = record as Record<string, unknown>;
    const processor = typeof r.processorName === "string" ? r.processorName : typeof r.processor === "string" ? r.processor : undefined;
    if (processor === undefined) return;
    const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
    const id = text(r.id) ?? createHash("sha256").update(`${datasetId}:${position}:${JSON.stringify(record)}`).digest("hex").slice(0, 32);
    steps.push({
      id,
      datasetId,
      inputDatasetId: text(r.inputDatasetId),
      projectId: null,
      position,
      processor,
      processorVersion: text(r.processorVersion) ?? "",
      parameters: typeof r.parameters === "object" && r.parameters !== null && !Array.isArray(r.parameters) ? (r.parameters as Record<string, unknown>) : {},
      appliedAt: text(r.timestamp) ?? text(r.appliedAt),
    } satisfies CatalogProcessingStep);
  });
  return steps;
}

/** Options of {@link summarizeStore}. */
export interface SummarizeOptions {
  /** The name to list the dataset under (default: the store directory's name). */
  name?: string;
  /** Where to note what could not be derived (an unmappable area). */
  logger?: Logger;
}

/**
 * Everything the catalog records of the complete trace store at `location` (a directory), ready for
 * {@link Catalog.upsertDataset}.
 *
 * @example
 * ```ts
 * catalog.upsertDataset(await summarizeStore("surveys/line1.seis"));
 * ```
 */
export async function summarizeStore(location: string, options: SummarizeOptions = {}): Promise<CatalogDatasetInput> {
  const absolute = path.resolve(location);
  return summarizeOpenStore(new FileSystemStore(absolute), absolute, options);
}

/**
 * {@link summarizeStore} for a store already at hand (any backend); `location` is what the catalog lists.
 *
 * @example
 * ```ts
 * catalog.upsertDataset(await summarizeOpenStore(s3Store, "s3://bucket/line1.seis"));
 * ```
 */
export async function summarizeOpenStore(store: ReadableStore, location: string, options: SummarizeOptions = {}): Promise<CatalogDatasetInput> {
  const data = await LazySeismicData.open(store, location);
  const metadata = data.metadata;
  const metadataBytes = (await store.get(STORE_KEYS.metadata)) ?? new Uint8Array();
  const id = metadata.datasetId ?? `store-${createHash("sha256").update(location).digest("hex").slice(0, 32)}`;
  const statistics = await data.headers.statistics();
  const headerSummary: Record<string, HeaderFieldSummary> = {};
  for (const [field, s] of Object.entries(statistics)) {
    if (field === "trace" || !Number.isFinite(s.min) || !Number.isFinite(s.max)) continue;
    headerSummary[field] = s.distinctCount === undefined ? { min: s.min, max: s.max } : { min: s.min, max: s.max, distinctCount: s.distinctCount };
  }
  const area = surveyArea(headerSummary);
  let crs: CoordinateSystem | null = null;
  let geographicArea: AreaBox | null = null;
  try {
    crs = CoordinateSystem.fromMetadata(metadata.crs);
    if (crs !== null && area !== null) geographicArea = geographicBox(area, crs);
  } catch (error) {
    if (!isCrsError(error)) throw error;
    options.logger?.log("warn", "the dataset's CRS or its survey area in longitude/latitude could not be derived", { store: location, error: error.message });
  }
  const source = metadata.source;
  return {
    id,
    name: options.name ?? path.basename(location.replace(/[/\\]+$/, "")),
    location,
    sourcePath: source.path,
    sourceSha256: source.sha256,
    sourceFormat: source.container === "segy" ? source.format : null,
    segyRevision: source.container === "segy" ? source.revision.major : null,
    traceCount: metadata.traceCount,
    samplesPerTrace: metadata.samplesPerTrace,
    sampleIntervalUs: metadata.sampleIntervalUs,
    gatherKey: metadata.importOptions.gatherKey,
    gatherCount: data.gatherCount,
    crs: crs === null ? null : { epsg: crs.epsgCode, name: crs.description, proj4: crs.projString },
    createdAt: metadata.createdAt,
    area,
    geographicArea,
    textHeaders: source.textHeaders.map((t, i) => decodeTextHeader(new Uint8Array(Buffer.from(t, "base64")), i).text),
    headerSummary,
    processing: provenanceSteps(metadata.provenance, id),
    metadataSha256: createHash("sha256").update(metadataBytes).digest("hex"),
  };
}
