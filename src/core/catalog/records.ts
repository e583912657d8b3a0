/**
 * What the catalog holds and answers with: datasets (with survey areas, CRS, processing and header summaries),
 * projects, processing steps, search hits, and the typed dataset query.
 *
 * @module
 */
import type { CoordinateSystem } from "../crs/coordinate-system";

/** An axis-aligned box: x = easting or longitude, y = northing or latitude. */
export interface AreaBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Minimum and maximum of one trace header field over a dataset (from its Parquet footers). */
export interface HeaderFieldSummary {
  min: number;
  max: number;
  /** Distinct values, when the store recorded them. */
  distinctCount?: number;
}

/** One processing step, from a dataset's provenance or a project's history. */
export interface CatalogProcessingStep {
  /** The step's id (a UUID). */
  id: string;
  /** The dataset the step produced (or, for a step without output, the one it was applied to). */
  datasetId: string;
  /** The dataset it read, when known. */
  inputDatasetId: string | null;
  /** The project whose history holds it, when it came from one. */
  projectId: string | null;
  /** Its place in the dataset's history, 0 first. */
  position: number;
  /** Processor name, e.g. `"agc"`. */
  processor: string;
  /** Processor version. */
  processorVersion: string;
  /** Parameters it ran with. */
  parameters: Record<string, unknown>;
  /** When it ran (ISO 8601), when known. */
  appliedAt: string | null;
}

/** The CRS of a catalogued dataset. */
export interface CatalogCrs {
  /** EPSG code, or null. */
  epsg: number | null;
  /** Description, e.g. `"WGS 84 / UTM zone 31N"`. */
  name: string;
  /** proj4 definition. */
  proj4: string;
}

/** A dataset as the catalog lists it. */
export interface CatalogDataset {
  /** The dataset's UUID (`metadata.datasetId`). */
  id: string;
  /** A name for people. */
  name: string;
  /** Where its trace store is (absolute path or URL). */
  location: string;
  /** The file it was imported from. */
  sourcePath: string;
  /** SHA-256 of that file. */
  sourceSha256: string;
  /** SEG-Y sample format code of the source, when known. */
  sourceFormat: number | null;
  /** SEG-Y revision (major) of the source, when known. */
  segyRevision: number | null;
  traceCount: number;
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  /** Header field that defines gathers. */
  gatherKey: string | null;
  gatherCount: number | null;
  /** Coordinate reference system, or null when unknown. */
  crs: CatalogCrs | null;
  /** When the dataset was created (imported or processed), ISO 8601. */
  createdAt: string;
  /** When the catalog last indexed it, ISO 8601. */
  indexedAt: string;
  /** Survey area in the dataset's own coordinates (source, receiver and CDP positions), or null. */
  area: AreaBox | null;
  /** Survey area in longitude/latitude (WGS 84) when the CRS is known, or null. */
  geographicArea: AreaBox | null;
  /** Free-text notes. */
  notes: string;
}

/** What {@link Catalog.upsertDataset} takes: a dataset and what is indexed with it. */
export interface CatalogDatasetInput extends Omit<CatalogDataset, "indexedAt" | "notes"> {
  /** Free-text notes; left undefined, the catalog keeps the notes it has. */
  notes?: string;
  /** Decoded textual headers (file header first), indexed for search. */
  textHeaders?: string[];
  /** Header field summaries; the names of fields that vary or are set are indexed for search. */
  headerSummary?: Record<string, HeaderFieldSummary>;
  /** Processing steps that made it, oldest first. */
  processing?: Array<Omit<CatalogProcessingStep, "datasetId" | "position"> & { datasetId?: string; position?: number }>;
  /** SHA-256 of the store's metadata.json, so a rescan can skip an unchanged store. */
  metadataSha256?: string;
}

/** A project as the catalog lists it. */
export interface CatalogProject {
  /** The project's UUID. */
  id: string;
  name: string;
  /** The project file or directory. */
  location: string;
  notes: string;
  createdAt: string | null;
  modifiedAt: string | null;
  /** Its datasets: id, name and where the project says the store is. */
  datasets: Array<{ datasetId: string; name: string; storagePath: string }>;
}

/** What {@link Catalog.upsertProject} takes. */
export interface CatalogProjectInput extends CatalogProject {
  /** The project's processing history. */
  processing?: CatalogProcessingStep[];
}

/** Fields of the search index. */
export type SearchField = "name" | "textHeaders" | "notes" | "headerFields";

/** One search result, best first. */
export interface SearchHit {
  /** A dataset or a project. */
  kind: "dataset" | "project";
  /** Its id. */
  id: string;
  /** Its name. */
  name: string;
  /** The field the best snippet comes from. */
  field: SearchField;
  /** Text around the match, matched terms between the highlight marks. */
  snippet: string;
  /** BM25 relevance: lower is better (SQLite's convention). */
  score: number;
}

/** Options of {@link Catalog.search}. */
export interface SearchOptions {
  /** Most hits returned (default 20, at most 1000). */
  limit?: number;
  /** Only datasets or only projects (default both). */
  kind?: "dataset" | "project";
  /** Search only these fields (default all). */
  fields?: SearchField[];
  /** Restrict dataset hits with a dataset query (area, interval, CRS, ...). */
  where?: DatasetQuery;
  /** `"words"` (default): the text is words, each required, `word*` a prefix; `"fts5"`: SQLite FTS5 query syntax. */
  syntax?: "words" | "fts5";
  /** Marks put around matched terms in snippets (default `["[", "]"]`). */
  highlight?: [string, string];
  /** Words of context in a snippet (default 12, at most 64). */
  snippetWords?: number;
}

/** A typed query over catalogued datasets; every given condition must hold. */
export interface DatasetQuery {
  /**
   * Survey area that intersects this box. Without `crs` the box is in each dataset's own coordinates; with a
   * `crs` it is converted to longitude/latitude and compared with datasets' geographic areas (datasets without a
   * known CRS then do not match).
   */
  area?: AreaBox & { crs?: CoordinateSystem };
  /** Sample interval in microseconds: exactly, or a range. */
  sampleIntervalUs?: number | { min?: number; max?: number };
  /** CRS: an EPSG code (`32631`, `"EPSG:32631"`), a CoordinateSystem, or `null` for datasets without one. */
  crs?: number | string | CoordinateSystem | null;
  /** Created at or after (ISO 8601 string or Date). */
  createdAfter?: string | Date;
  /** Created before. */
  createdBefore?: string | Date;
  /** Processors that were all applied (by name, e.g. `["agc", "bandpass"]`). */
  processing?: string | string[];
  /** True: only datasets without processing steps (raw imports). */
  unprocessed?: boolean;
  /** In this project (by id). */
  projectId?: string;
  /** Has a header field whose summary is set (min or max not 0), e.g. `"CDP_X"`. */
  hasHeaderField?: string;
  /** Whose name contains this text (case-insensitive). */
  nameContains?: string;
  /** Order of results (default `"name"`). */
  orderBy?: "name" | "createdAt" | "traceCount" | "sampleIntervalUs";
  /** Most results (default 1000). */
  limit?: number;
  /** Results to skip. */
  offset?: number;
}
