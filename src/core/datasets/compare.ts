/**
 * Dataset comparison: two datasets side by side — geometry (traces, samples, gathers, coordinate extents),
 * sample interval, header value ranges, and amplitude statistics — with a list of what differs. Header ranges
 * come from the Parquet footers (no column is read); amplitudes from a sample of whole chunks.
 *
 * @module
 */
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { amplitudeStatistics, type AmplitudeOptions, type AmplitudeStatistics } from "./amplitude-stats";

/** A rectangle in raw header units (coordinate scalars not applied). */
export interface HeaderExtent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The geometry of a dataset. */
export interface GeometrySummary {
  traceCount: number;
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  recordLengthMs: number | null;
  gatherKey: string;
  gatherCount: number;
  firstGatherKey: number | null;
  lastGatherKey: number | null;
  tracesPerGather: { min: number; max: number };
  /** SourceX/SourceY extent, or null when the headers lack them. */
  sourceExtent: HeaderExtent | null;
  /** GroupX/GroupY extent, or null when the headers lack them. */
  receiverExtent: HeaderExtent | null;
}

/** The same quantity for both datasets. */
export interface SideBySide<T> {
  a: T;
  b: T;
  same: boolean;
}

/** One header column's value range in both datasets (null where a dataset lacks the column). */
export interface HeaderRangeComparison {
  column: string;
  a: { min: number; max: number } | null;
  b: { min: number; max: number } | null;
  same: boolean;
}

/** Two datasets compared. */
export interface DatasetComparison {
  names: { a: string; b: string };
  geometry: SideBySide<GeometrySummary> & { differences: string[] };
  sampleInterval: SideBySide<number | null>;
  headerRanges: HeaderRangeComparison[];
  amplitudes: { a: AmplitudeStatistics; b: AmplitudeStatistics; rmsRatio: number | null };
  /** Everything that differs, one sentence each (empty when the datasets match on every count). */
  differences: string[];
}

/** Options of {@link compareDatasets}. */
export interface CompareOptions extends AmplitudeOptions {
  /** Header columns to compare (default: every column both datasets have, then those only one has). */
  columns?: string[];
  /** Relative tolerance for "same" amplitude statistics (default 1e-6). */
  tolerance?: number;
}

async function extent(stats: Record<string, { min: number; max: number }>, x: string, y: string): Promise<HeaderExtent | null> {
  const sx = stats[x];
  const sy = stats[y];
  return sx === undefined || sy === undefined ? null : { xMin: sx.min, xMax: sx.max, yMin: sy.min, yMax: sy.max };
}

/**
 * The geometry of a dataset, from its metadata, gather index and header statistics.
 *
 * @example
 * ```ts
 * const g = await geometrySummary(data);
 * g.gatherCount; g.sourceExtent;
 * ```
 */
export async function geometrySummary(data: LazySeismicData): Promise<GeometrySummary> {
  const stats = await data.headers.statistics();
  const keys = data.gatherKeys();
  const counts = data.gatherIndex.counts;
  const m = data.metadata;
  return {
    traceCount: m.traceCount,
    samplesPerTrace: m.samplesPerTrace,
    sampleIntervalUs: m.sampleIntervalUs,
    recordLengthMs: m.sampleIntervalUs === null ? null : (m.samplesPerTrace * m.sampleIntervalUs) / 1000,
    gatherKey: data.gatherIndex.key,
    gatherCount: keys.length,
    firstGatherKey: keys[0] ?? null,
    lastGatherKey: keys.length === 0 ? null : keys[keys.length - 1],
    tracesPerGather: counts.length === 0 ? { min: 0, max: 0 } : { min: Math.min(...counts), max: Math.max(...counts) },
    sourceExtent: await extent(stats, "SourceX", "SourceY"),
    receiverExtent: await extent(stats, "GroupX", "GroupY"),
  };
}

const show = (v: unknown): string => JSON.stringify(v);

function close(x: number, y: number, tolerance: number): boolean {
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  return Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
}

/**
 * Compares two datasets side by side.
 *
 * @example
 * ```ts
 * const c = await compareDatasets(raw, filtered, { maxTraces: 2000 });
 * c.sampleInterval.same; // true
 * c.amplitudes.rmsRatio; // e.g. 0.42
 * c.differences; // ["amplitude rms: 1.2 vs 0.5", ...]
 * ```
 */
export async function compareDatasets(a: LazySeismicData, b: LazySeismicData, options: CompareOptions = {}): Promise<DatasetComparison> {
  const tolerance = options.tolerance ?? 1e-6;
  const [ga, gb, sa, sb] = await Promise.all([geometrySummary(a), geometrySummary(b), a.headers.statistics(), b.headers.statistics()]);
  const geometryDifferences: string[] = [];
  for (const field of Object.keys(ga) as Array<keyof GeometrySummary>) {
    if (field === "sampleIntervalUs") continue; // reported on its own
    if (show(ga[field]) !== show(gb[field])) geometryDifferences.push(`${field}: ${show(ga[field])} vs ${show(gb[field])}`);
  }
  const columns =
    options.columns ??
    [...Object.keys(sa).filter((c) => c in sb), ...Object.keys(sa).filter((c) => !(c in sb)), ...Object.keys(sb).filter((c) => !(c in sa))];
  const headerRanges = columns.map((column): HeaderRangeComparison => {
    const ra = sa[column] === undefined ? null : { min: sa[column].min, max: sa[column].max };
    const rb = sb[column] === undefined ? null : { min: sb[column].min, max: sb[column].max };
    return { column, a: ra, b: rb, same: show(ra) === show(rb) };
  });
  const [ampA, ampB] = [await amplitudeStatistics(a, options), await amplitudeStatistics(b, options)];
  const differences = [...geometryDifferences];
  const sampleInterval = { a: a.sampleIntervalUs, b: b.sampleIntervalUs, same: a.sampleIntervalUs === b.sampleIntervalUs };
  if (!sampleInterval.same) differences.push(`sample interval: ${show(sampleInterval.a)} µs vs ${show(sampleInterval.b)} µs`);
  for (const r of headerRanges) if (!r.same) differences.push(`header ${r.column} range: ${r.a === null ? "absent" : `${r.a.min}..${r.a.max}`} vs ${r.b === null ? "absent" : `${r.b.min}..${r.b.max}`}`);
  for (const key of ["min", "max", "mean", "rms", "std"] as const) {
    if (!close(ampA[key], ampB[key], tolerance)) differences.push(`amplitude ${key}: ${ampA[key].toPrecision(6)} vs ${ampB[key].toPrecision(6)}`);
  }
  return {
    names: { a: a.name, b: b.name },
    geometry: { a: ga, b: gb, same: geometryDifferences.length === 0, differences: geometryDifferences },
    sampleInterval,
    headerRanges,
    amplitudes: { a: ampA, b: ampB, rmsRatio: ampB.rms > 0 && Number.isFinite(ampA.rms) ? ampA.rms / ampB.rms : null },
    differences,
  };
}

/**
 * A comparison as table rows (`[quantity, a, b, same]`), for a notebook table or a text report.
 *
 * @example
 * ```ts
 * const differing = comparisonRows(await compareDatasets(a, b)).filter(([, , , same]) => !same);
 * ```
 */
export function comparisonRows(c: DatasetComparison): Array<[string, string, string, boolean]> {
  const rows: Array<[string, string, string, boolean]> = [["name", c.names.a, c.names.b, c.names.a === c.names.b]];
  for (const field of Object.keys(c.geometry.a) as Array<keyof GeometrySummary>) {
    const x = show(c.geometry.a[field]);
    const y = show(c.geometry.b[field]);
    rows.push([field, x, y, x === y]);
  }
  for (const r of c.headerRanges) {
    const x = r.a === null ? "absent" : `${r.a.min} .. ${r.a.max}`;
    const y = r.b === null ? "absent" : `${r.b.min} .. ${r.b.max}`;
    rows.push([`header ${r.column}`, x, y, r.same]);
  }
  for (const key of ["min", "max", "mean", "rms", "std", "absMax"] as const) {
    const x = c.amplitudes.a[key];
    const y = c.amplitudes.b[key];
    rows.push([`amplitude ${key}`, x.toPrecision(6), y.toPrecision(6), !c.differences.some((d) => d.startsWith(`amplitude ${key}:`)) && (key !== "absMax" || x === y)]);
  }
  return rows;
}
