/**
 * Turns a typed {@link DatasetQuery} into a parameterised SQL condition on the `datasets` table (alias `d`).
 * Values are always bound, never spliced into the SQL.
 *
 * @module
 */
import { CoordinateSystem } from "../crs/coordinate-system";
import { parseEpsgCode } from "../crs/epsg-registry";
import { ValidationError } from "../errors";
import { geographicBox } from "./geographic-area";
import type { DatasetQuery } from "./records";

/** A SQL condition and its bound values. */
export interface SqlCondition {
  /** `"1"` when there is no condition. */
  sql: string;
  params: unknown[];
}

function iso(value: string | Date, key: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`query.${key}`, `${JSON.stringify(String(value))} is not a date; give a Date or an ISO 8601 string`);
  return date.toISOString();
}

function finite(value: unknown, key: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ValidationError(`query.${key}`, `must be a finite number, not ${JSON.stringify(value)}`);
  return value;
}

/**
 * The SQL condition (on `datasets d`) of a dataset query, without order or limit.
 *
 * @example
 * ```ts
 * datasetCondition({ sampleIntervalUs: 4000, crs: 32631 }); // { sql: "d.sample_interval_us = ? AND d.crs_epsg = ?", params: [4000, 32631] }
 * ```
 */
export function datasetCondition(query: DatasetQuery): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]): void => {
    parts.push(sql);
    params.push(...values);
  };
  if (query.area !== undefined) {
    const { crs, ...raw } = query.area;
    const box = { minX: finite(raw.minX, "area.minX"), minY: finite(raw.minY, "area.minY"), maxX: finite(raw.maxX, "area.maxX"), maxY: finite(raw.maxY, "area.maxY") };
    if (box.minX > box.maxX || box.minY > box.maxY) throw new ValidationError("query.area", "minX must not exceed maxX, nor minY maxY");
    if (crs === undefined) {
      add("d.rid IN (SELECT rid FROM dataset_areas WHERE max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?)", box.minX, box.maxX, box.minY, box.maxY);
      add("d.max_x >= ? AND d.min_x <= ? AND d.max_y >= ? AND d.min_y <= ?", box.minX, box.maxX, box.minY, box.maxY);
    } else {
      const g = geographicBox(box, crs);
      add("d.rid IN (SELECT rid FROM dataset_geographic_areas WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?)", g.minX, g.maxX, g.minY, g.maxY);
      add("d.max_lon >= ? AND d.min_lon <= ? AND d.max_lat >= ? AND d.min_lat <= ?", g.minX, g.maxX, g.minY, g.maxY);
    }
  }
  const interval = query.sampleIntervalUs;
  if (typeof interval === "number") add("d.sample_interval_us = ?", finite(interval, "sampleIntervalUs"));
  else if (interval !== undefined) {
    if (interval.min !== undefined) add("d.sample_interval_us >= ?", finite(interval.min, "sampleIntervalUs.min"));
    if (interval.max !== undefined) add("d.sample_interval_us <= ?", finite(interval.max, "sampleIntervalUs.max"));
  }
  if (query.crs === null) add("d.crs_proj4 IS NULL");
  else if (query.crs instanceof CoordinateSystem) {
    if (query.crs.epsgCode !== null) add("d.crs_epsg = ?", query.crs.epsgCode);
    else add("d.crs_proj4 = ?", query.crs.projString);
  } else if (query.crs !== undefined) {
    add("d.crs_epsg = ?", parseEpsgCode(query.crs));
  }
  if (query.createdAfter !== undefined) add("d.created_at >= ?", iso(query.createdAfter, "createdAfter"));
  if (query.createdBefore !== undefined) add("d.created_at < ?", iso(query.createdBefore, "createdBefore"));
  const processors = query.processing === undefined ? [] : Array.isArray(query.processing) ? query.processing : [query.processing];
  // With an indexed condition (area, CRS, interval, dates) checking each candidate's steps is cheapest; alone, a
  // processor's list of datasets is the smaller set to start from.
  const indexed = query.area !== undefined || query.crs !== undefined || query.sampleIntervalUs !== undefined || query.createdAfter !== undefined || query.createdBefore !== undefined;
  for (const processor of processors) {
    if (indexed) add("EXISTS (SELECT 1 FROM processing_steps s WHERE s.processor = ? AND s.dataset_id = d.id)", processor);
    else add("d.id IN (SELECT s.dataset_id FROM processing_steps s WHERE s.processor = ?)", processor);
  }
  if (query.unprocessed === true) add("NOT EXISTS (SELECT 1 FROM processing_steps s WHERE s.dataset_id = d.id)");
  if (query.projectId !== undefined) add("d.id IN (SELECT p.dataset_id FROM project_datasets p WHERE p.project_id = ?)", query.projectId);
  // Most datasets have the common fields: a per-row check by primary key beats listing every dataset that has one.
  if (query.hasHeaderField !== undefined) add("EXISTS (SELECT 1 FROM header_summaries h WHERE h.dataset_id = d.id AND h.field = ? AND (h.min <> 0 OR h.max <> 0))", query.hasHeaderField);
  if (query.nameContains !== undefined) add("instr(lower(d.name), lower(?)) > 0", query.nameContains);
  return { sql: parts.length === 0 ? "1" : parts.join(" AND "), params };
}

const ORDER: Record<NonNullable<DatasetQuery["orderBy"]>, string> = {
  name: "d.name COLLATE NOCASE, d.id",
  createdAt: "d.created_at, d.id",
  traceCount: "d.trace_count, d.id",
  sampleIntervalUs: "d.sample_interval_us, d.id",
};

/**
 * The `ORDER BY ... LIMIT ... OFFSET ...` tail of a dataset query.
 *
 * @example
 * ```ts
 * datasetOrder({ orderBy: "createdAt", limit: 10 }); // { sql: "ORDER BY d.created_at, d.id LIMIT ? OFFSET ?", params: [10, 0] }
 * ```
 */
export function datasetOrder(query: DatasetQuery): SqlCondition {
  const order = ORDER[query.orderBy ?? "name"];
  if (order === undefined) throw new ValidationError("query.orderBy", `must be one of ${Object.keys(ORDER).join(", ")}`);
  const limit = query.limit ?? 1000;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) throw new ValidationError("query.limit", "limit and offset must be whole numbers >= 0");
  return { sql: `ORDER BY ${order} LIMIT ? OFFSET ?`, params: [limit, offset] };
}
