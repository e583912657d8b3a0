/**
 * The SQLite catalog (seed 6.1): one file that indexes datasets and projects from many directories, answers
 * typed queries (survey area, sample interval, CRS, date, processing applied, project) and ranks full-text
 * searches over names, textual headers, notes and header-field names (FTS5, BM25, snippets). Safe to open from
 * several processes at once: WAL journal, a busy timeout, migrations under an exclusive lock.
 *
 * @module
 */
import Database from "better-sqlite3";
import { CatalogError } from "./errors";
import { datasetCondition, datasetOrder } from "./dataset-query";
import { inFields, wordsQuery } from "./fts-query";
import type {
  AreaBox,
  CatalogDataset,
  CatalogDatasetInput,
  CatalogProcessingStep,
  CatalogProject,
  CatalogProjectInput,
  DatasetQuery,
  HeaderFieldSummary,
  SearchField,
  SearchHit,
  SearchOptions,
} from "./records";
import { CATALOG_SCHEMA_VERSION, migrateCatalog } from "./schema";

/** Options of {@link Catalog.open}. */
export interface CatalogOpenOptions {
  /** Open without writing (the file must exist and be migrated). */
  readonly?: boolean;
  /** How long a write waits for another process's write to finish, ms (default 10000). */
  busyTimeoutMs?: number;
}

/** A row of the datasets table. */
interface DatasetRow {
  id: string;
  name: string;
  location: string;
  source_path: string;
  source_sha256: string;
  source_format: number | null;
  segy_revision: number | null;
  trace_count: number;
  samples_per_trace: number;
  sample_interval_us: number | null;
  gather_key: string | null;
  gather_count: number | null;
  crs_epsg: number | null;
  crs_name: string | null;
  crs_proj4: string | null;
  created_at: string;
  indexed_at: string;
  min_x: number | null;
  max_x: number | null;
  min_y: number | null;
  max_y: number | null;
  min_lon: number | null;
  max_lon: number | null;
  min_lat: number | null;
  max_lat: number | null;
  notes: string;
}

/** The columns of {@link DatasetRow}, in the order list queries select them. */
const DATASET_COLUMNS = [
  "id", "name", "location", "source_path", "source_sha256", "source_format", "segy_revision", "trace_count", "samples_per_trace",
  "sample_interval_us", "gather_key", "gather_count", "crs_epsg", "crs_name", "crs_proj4", "created_at", "indexed_at",
  "min_x", "max_x", "min_y", "max_y", "min_lon", "max_lon", "min_lat", "max_lat", "notes",
] as const satisfies ReadonlyArray<keyof DatasetRow>;

const FIELD_COLUMNS: ReadonlyArray<[SearchField, number]> = [
  ["name", 2],
  ["notes", 4],
  ["textHeaders", 3],
  ["headerFields", 5],
];

function box(minX: number | null, maxX: number | null, minY: number | null, maxY: number | null): AreaBox | null {
  return minX === null || maxX === null || minY === null || maxY === null ? null : { minX, minY, maxX, maxY };
}

function toDataset(row: DatasetRow): CatalogDataset {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    sourcePath: row.source_path,
    sourceSha256: row.source_sha256,
    sourceFormat: row.source_format,
    segyRevision: row.segy_revision,
    traceCount: row.trace_count,
    samplesPerTrace: row.samples_per_trace,
    sampleIntervalUs: row.sample_interval_us,
    gatherKey: row.gather_key,
    gatherCount: row.gather_count,
    crs: row.crs_proj4 === null ? null : { epsg: row.crs_epsg, name: row.crs_name ?? "", proj4: row.crs_proj4 },
    createdAt: row.created_at,
    indexedAt: row.indexed_at,
    area: box(row.min_x, row.max_x, row.min_y, row.max_y),
    geographicArea: box(row.min_lon, row.max_lon, row.min_lat, row.max_lat),
    notes: row.notes,
  };
}

/** The names of header fields worth finding a dataset by: those with a value other than 0 somewhere. */
function setFields(summary: Record<string, HeaderFieldSummary> | undefined): string | undefined {
  if (summary === undefined) return undefined;
  return Object.entries(summary)
    .filter(([, s]) => s.min !== 0 || s.max !== 0)
    .map(([name]) => name)
    .join(" ");
}

/**
 * A catalog of datasets and projects in one SQLite file.
 *
 * @example
 * ```ts
 * const catalog = Catalog.open("surveys/catalog.sqlite");
 * await scanIntoCatalog(catalog, ["surveys"]);
 * catalog.datasets({ sampleIntervalUs: 4000, crs: "EPSG:32631", processing: "agc" });
 * catalog.search("salt dome", { limit: 10 }); // ranked hits with snippets
 * catalog.close();
 * ```
 */
export class Catalog {
  /** Prepared statements by SQL text (queries built from a DatasetQuery repeat their text, too). */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    /** The catalog file (`":memory:"` for an in-memory catalog). */
    readonly location: string,
    /** The schema versions this open migrated the catalog to (empty when it was current). */
    readonly migrated: readonly number[],
  ) {}

  /**
   * Opens (creating and migrating when needed) the catalog at `location`. Throws a {@link CatalogError} for a
   * file that is not a catalog, or one written by a newer SeisProc.
   *
   * @example
   * ```ts
   * const catalog = Catalog.open("catalog.sqlite");
   * ```
   */
  static open(location: string, options: CatalogOpenOptions = {}): Catalog {
    let db: Database.Database;
    try {
      db = new Database(location, { readonly: options.readonly === true, fileMustExist: options.readonly === true, timeout: options.busyTimeoutMs ?? 10_000 });
    } catch (error) {
      throw new CatalogError("open", location, `cannot open the catalog (${error instanceof Error ? error.message : String(error)}); check the path and its permissions`, { cause: error });
    }
    try {
      if (options.readonly !== true) {
        whenNotBusy(() => db.pragma("journal_mode = WAL"), options.busyTimeoutMs ?? 10_000);
        db.pragma("synchronous = NORMAL");
      }
      db.pragma("foreign_keys = ON");
      // Keep the catalog's pages in memory between queries: a 64 MiB page cache and memory-mapped reads.
      db.pragma("cache_size = -65536");
      db.pragma("mmap_size = 268435456");
      const version = db.pragma("user_version", { simple: true }) as number;
      let migrated: number[] = [];
      if (options.readonly === true) {
        if (version !== CATALOG_SCHEMA_VERSION) {
          throw new CatalogError(version > CATALOG_SCHEMA_VERSION ? "newer-schema" : "open", location, `catalog schema version ${version}, but this SeisProc reads version ${CATALOG_SCHEMA_VERSION}; ${version > CATALOG_SCHEMA_VERSION ? "upgrade SeisProc" : "open it once without readonly to migrate it"}`);
        }
      } else {
        migrated = migrateCatalog(db, location).map((m) => m.version);
      }
      return new Catalog(db, location, migrated);
    } catch (error) {
      db.close();
      if (error instanceof CatalogError) throw error;
      throw new CatalogError("open", location, `is not a SeisProc catalog (${error instanceof Error ? error.message : String(error)}); give the path of a catalog file, or of a new one`, { cause: error });
    }
  }

  /** A prepared statement for `sql`, prepared once (the cache keeps the 200 most recent). */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.db.prepare(text);
      if (this.statements.size >= 200) this.statements.delete(this.statements.keys().next().value as string);
    } else {
      this.statements.delete(text);
    }
    this.statements.set(text, statement);
    return statement;
  }

  /** The schema version of the open catalog. */
  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  /** The SQLite journal mode (`"wal"` for a catalog opened for writing). */
  get journalMode(): string {
    return this.db.pragma("journal_mode", { simple: true }) as string;
  }

  /** Closes the file (after letting SQLite refresh its query-planner statistics); the catalog cannot be used afterwards. */
  close(): void {
    if (!this.db.open) return;
    if (!this.db.readonly) this.db.pragma("optimize");
    this.db.close();
  }

  /**
   * Runs `fn` in one write transaction (every change in it lands, or none does); much faster for many upserts.
   *
   * @example
   * ```ts
   * catalog.transaction(() => records.forEach((r) => catalog.upsertDataset(r)));
   * ```
   */
  transaction<T>(fn: () => T): T {
    // IMMEDIATE takes the write lock at the start (waiting up to the busy timeout): a deferred transaction that
    // read first could not upgrade to a write while another process writes, and would fail with SQLITE_BUSY.
    return this.db.transaction(fn).immediate();
  }

  /**
   * Adds a dataset, or updates the one with its id (a dataset at the same location under another id, such as a
   * store imported again, is replaced). Text headers, header summary and processing given replace what the
   * catalog had; those left undefined (and notes) are kept.
   *
   * @example
   * ```ts
   * catalog.upsertDataset(await summarizeStore("surveys/line1.seis"));
   * ```
   */
  upsertDataset(input: CatalogDatasetInput): void {
    this.transaction(() => {
      const now = new Date().toISOString();
      this.sql("DELETE FROM search_index WHERE rowid IN (SELECT rid * 2 FROM datasets WHERE location = ? AND id <> ?)").run(input.location, input.id);
      for (const table of ["dataset_areas", "dataset_geographic_areas"]) this.sql(`DELETE FROM ${table} WHERE rid IN (SELECT rid FROM datasets WHERE location = ? AND id <> ?)`).run(input.location, input.id);
      this.sql("DELETE FROM datasets WHERE location = ? AND id <> ?").run(input.location, input.id);
      this.db
        .prepare(
          `INSERT INTO datasets (id, name, location, source_path, source_sha256, source_format, segy_revision, trace_count, samples_per_trace,
             sample_interval_us, gather_key, gather_count, crs_epsg, crs_name, crs_proj4, created_at, indexed_at,
             min_x, max_x, min_y, max_y, min_lon, max_lon, min_lat, max_lat, notes, metadata_sha256)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, location = excluded.location, source_path = excluded.source_path,
             source_sha256 = excluded.source_sha256, source_format = excluded.source_format, segy_revision = excluded.segy_revision,
             trace_count = excluded.trace_count, samples_per_trace = excluded.samples_per_trace, sample_interval_us = excluded.sample_interval_us,
             gather_key = excluded.gather_key, gather_count = excluded.gather_count, crs_epsg = excluded.crs_epsg, crs_name = excluded.crs_name,
             crs_proj4 = excluded.crs_proj4, created_at = excluded.created_at, indexed_at = excluded.indexed_at,
             min_x = excluded.min_x, max_x = excluded.max_x, min_y = excluded.min_y, max_y = excluded.max_y,
             min_lon = excluded.min_lon, max_lon = excluded.max_lon, min_lat = excluded.min_lat, max_lat = excluded.max_lat,
             notes = COALESCE(?, datasets.notes), metadata_sha256 = excluded.metadata_sha256`,
        )
        .run(
          input.id,
          input.name,
          input.location,
          input.sourcePath,
          input.sourceSha256,
          input.sourceFormat,
          input.segyRevision,
          input.traceCount,
          input.samplesPerTrace,
          input.sampleIntervalUs,
          input.gatherKey,
          input.gatherCount,
          input.crs?.epsg ?? null,
          input.crs?.name ?? null,
          input.crs?.proj4 ?? null,
          input.createdAt,
          now,
          input.area?.minX ?? null,
          input.area?.maxX ?? null,
          input.area?.minY ?? null,
          input.area?.maxY ?? null,
          input.geographicArea?.minX ?? null,
          input.geographicArea?.maxX ?? null,
          input.geographicArea?.minY ?? null,
          input.geographicArea?.maxY ?? null,
          input.notes ?? null,
          input.metadataSha256 ?? "",
          input.notes ?? null,
        );
      if (input.headerSummary !== undefined) {
        this.sql("DELETE FROM header_summaries WHERE dataset_id = ?").run(input.id);
        const insert = this.sql("INSERT INTO header_summaries (dataset_id, field, min, max, distinct_count) VALUES (?, ?, ?, ?, ?)");
        for (const [field, s] of Object.entries(input.headerSummary)) insert.run(input.id, field, s.min, s.max, s.distinctCount ?? null);
      }
      if (input.processing !== undefined) {
        this.sql("DELETE FROM processing_steps WHERE dataset_id = ? AND project_id IS NULL").run(input.id);
        input.processing.forEach((step, position) => this.insertStep({ ...step, datasetId: step.datasetId ?? input.id, position: step.position ?? position }));
      }
      this.indexDataset(input.id, input.textHeaders, setFields(input.headerSummary));
      this.indexAreas(input.id, input.area, input.geographicArea);
    });
  }

  /** Rewrites a dataset's entries in the area R*Trees. */
  private indexAreas(id: string, area: AreaBox | null, geographic: AreaBox | null): void {
    const rid = (this.sql("SELECT rid FROM datasets WHERE id = ?").get(id) as { rid: number }).rid;
    for (const [table, box] of [["dataset_areas", area], ["dataset_geographic_areas", geographic]] as const) {
      this.sql(`DELETE FROM ${table} WHERE rid = ?`).run(rid);
      if (box !== null) this.sql(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?)`).run(rid, box.minX, box.maxX, box.minY, box.maxY);
    }
  }

  /** Rewrites a dataset's row of the search index, keeping the text headers and fields not given. */
  private indexDataset(id: string, textHeaders: string[] | undefined, fields: string | undefined): void {
    const row = this.sql("SELECT rid, name, notes FROM datasets WHERE id = ?").get(id) as { rid: number; name: string; notes: string };
    const rowid = row.rid * 2;
    const old = this.sql("SELECT text_headers, header_fields FROM search_index WHERE rowid = ?").get(rowid) as { text_headers: string; header_fields: string } | undefined;
    const text = textHeaders === undefined ? (old?.text_headers ?? "") : textHeaders.map((t) => t.replace(/\0/g, " ").replace(/ {2,}/g, " ").trim()).join("\n");
    this.sql("DELETE FROM search_index WHERE rowid = ?").run(rowid);
    this.db
      .prepare("INSERT INTO search_index (rowid, owner_kind, owner_id, name, text_headers, notes, header_fields) VALUES (?, 'dataset', ?, ?, ?, ?, ?)")
      .run(rowid, id, row.name, text, row.notes, fields ?? old?.header_fields ?? "");
  }

  private insertStep(step: CatalogProcessingStep): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO processing_steps (id, dataset_id, input_dataset_id, project_id, position, processor, processor_version, parameters, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(step.id, step.datasetId, step.inputDatasetId, step.projectId, step.position, step.processor, step.processorVersion, JSON.stringify(step.parameters ?? {}), step.appliedAt);
  }

  /**
   * Adds or updates a project: its name, notes, dataset references and processing history (which replace what
   * the catalog had for it).
   *
   * @example
   * ```ts
   * catalog.upsertProject({ id, name: "North Sea", location: "/p/ns", notes: "", createdAt: null, modifiedAt: null, datasets: [] });
   * ```
   */
  upsertProject(input: CatalogProjectInput): void {
    this.transaction(() => {
      this.sql("DELETE FROM search_index WHERE rowid IN (SELECT rid * 2 + 1 FROM projects WHERE location = ? AND id <> ?)").run(input.location, input.id);
      this.sql("DELETE FROM projects WHERE location = ? AND id <> ?").run(input.location, input.id);
      this.db
        .prepare(
          `INSERT INTO projects (id, name, location, notes, created_at, modified_at, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, location = excluded.location, notes = excluded.notes,
             created_at = excluded.created_at, modified_at = excluded.modified_at, indexed_at = excluded.indexed_at`,
        )
        .run(input.id, input.name, input.location, input.notes, input.createdAt, input.modifiedAt, new Date().toISOString());
      this.sql("DELETE FROM project_datasets WHERE project_id = ?").run(input.id);
      const link = this.sql("INSERT OR REPLACE INTO project_datasets (project_id, dataset_id, name, storage_path, position) VALUES (?, ?, ?, ?, ?)");
      input.datasets.forEach((d, position) => link.run(input.id, d.datasetId, d.name, d.storagePath, position));
      if (input.processing !== undefined) {
        this.sql("DELETE FROM processing_steps WHERE project_id = ?").run(input.id);
        for (const step of input.processing) this.insertStep({ ...step, projectId: input.id });
      }
      const rid = (this.sql("SELECT rid FROM projects WHERE id = ?").get(input.id) as { rid: number }).rid;
      this.sql("DELETE FROM search_index WHERE rowid = ?").run(rid * 2 + 1);
      this.sql("INSERT INTO search_index (rowid, owner_kind, owner_id, name, text_headers, notes, header_fields) VALUES (?, 'project', ?, ?, '', ?, '')").run(rid * 2 + 1, input.id, input.name, input.notes);
    });
  }

  /**
   * Sets the notes of a dataset or project (indexed for search). Throws a {@link CatalogError} (`"not-found"`)
   * when there is no such record.
   *
   * @example
   * ```ts
   * catalog.setNotes("dataset", data.id, "salt dome visible on line 12; reprocess with PSTM");
   * ```
   */
  setNotes(kind: "dataset" | "project", id: string, notes: string): void {
    this.transaction(() => {
      const table = kind === "dataset" ? "datasets" : "projects";
      const changed = this.sql(`UPDATE ${table} SET notes = ? WHERE id = ?`).run(notes, id).changes;
      if (changed === 0) throw new CatalogError("not-found", this.location, `no ${kind} with id ${id} in the catalog; scan its directory first`);
      const rid = (this.sql(`SELECT rid FROM ${table} WHERE id = ?`).get(id) as { rid: number }).rid;
      this.sql("UPDATE search_index SET notes = ? WHERE rowid = ?").run(notes, kind === "dataset" ? rid * 2 : rid * 2 + 1);
    });
  }

  /**
   * Removes a dataset (with its header summary, processing steps and search entry); true when there was one.
   *
   * @example
   * ```ts
   * catalog.removeDataset(id); // true
   * ```
   */
  removeDataset(id: string): boolean {
    return this.transaction(() => {
      this.sql("DELETE FROM search_index WHERE rowid IN (SELECT rid * 2 FROM datasets WHERE id = ?)").run(id);
      for (const table of ["dataset_areas", "dataset_geographic_areas"]) this.sql(`DELETE FROM ${table} WHERE rid IN (SELECT rid FROM datasets WHERE id = ?)`).run(id);
      this.sql("DELETE FROM processing_steps WHERE dataset_id = ? AND project_id IS NULL").run(id);
      return this.sql("DELETE FROM datasets WHERE id = ?").run(id).changes > 0;
    });
  }

  /**
   * Removes a project (with its dataset links, history and search entry); true when there was one.
   *
   * @example
   * ```ts
   * catalog.removeProject(projectId);
   * ```
   */
  removeProject(id: string): boolean {
    return this.transaction(() => {
      this.sql("DELETE FROM search_index WHERE rowid IN (SELECT rid * 2 + 1 FROM projects WHERE id = ?)").run(id);
      this.sql("DELETE FROM processing_steps WHERE project_id = ?").run(id);
      return this.sql("DELETE FROM projects WHERE id = ?").run(id).changes > 0;
    });
  }

  /**
   * The dataset with this id, or undefined.
   *
   * @example
   * ```ts
   * catalog.dataset(data.id)?.area; // { minX: 500000, ... }
   * ```
   */
  dataset(id: string): CatalogDataset | undefined {
    const row = this.sql("SELECT * FROM datasets WHERE id = ?").get(id) as DatasetRow | undefined;
    return row === undefined ? undefined : toDataset(row);
  }

  /**
   * The dataset whose store is at `location`, or undefined.
   *
   * @example
   * ```ts
   * catalog.datasetAt(path.resolve("line1.seis"));
   * ```
   */
  datasetAt(location: string): (CatalogDataset & { metadataSha256: string }) | undefined {
    const row = this.sql("SELECT * FROM datasets WHERE location = ?").get(location) as (DatasetRow & { metadata_sha256: string }) | undefined;
    return row === undefined ? undefined : { ...toDataset(row), metadataSha256: row.metadata_sha256 };
  }

  /**
   * Datasets matching `query` (every condition given must hold), ordered and limited as it says.
   *
   * @example
   * ```ts
   * catalog.datasets({ area: { minX: 2, minY: 53, maxX: 4, maxY: 55, crs: wgs84 }, sampleIntervalUs: { max: 4000 } });
   * ```
   */
  datasets(query: DatasetQuery = {}): CatalogDataset[] {
    const where = datasetCondition(query);
    const order = datasetOrder(query);
    // Rows as arrays (cheaper than objects for many rows), named back by DATASET_COLUMNS.
    const rows = this.sql(`SELECT ${DATASET_COLUMNS.map((c) => `d.${c}`).join(", ")} FROM datasets d WHERE ${where.sql} ${order.sql}`)
      .raw()
      .all(...where.params, ...order.params) as unknown[][];
    return rows.map((values) => toDataset(Object.fromEntries(DATASET_COLUMNS.map((c, i) => [c, values[i]])) as unknown as DatasetRow));
  }

  /**
   * How many datasets match `query` (its order and limit are ignored).
   *
   * @example
   * ```ts
   * catalog.countDatasets({ crs: null }); // datasets without a CRS
   * ```
   */
  countDatasets(query: DatasetQuery = {}): number {
    const where = datasetCondition(query);
    return (this.sql(`SELECT count(*) AS n FROM datasets d WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  /**
   * Minimum and maximum of each trace header field of a dataset.
   *
   * @example
   * ```ts
   * catalog.headerSummary(id).offset; // { min: -2975, max: 2975 }
   * ```
   */
  headerSummary(datasetId: string): Record<string, HeaderFieldSummary> {
    const rows = this.sql("SELECT field, min, max, distinct_count FROM header_summaries WHERE dataset_id = ? ORDER BY field").all(datasetId) as Array<{ field: string; min: number; max: number; distinct_count: number | null }>;
    return Object.fromEntries(rows.map((r) => [r.field, r.distinct_count === null ? { min: r.min, max: r.max } : { min: r.min, max: r.max, distinctCount: r.distinct_count }]));
  }

  /**
   * The processing steps recorded for a dataset (from its provenance and from project histories), in order.
   *
   * @example
   * ```ts
   * catalog.processingSteps(id).map((s) => s.processor); // ["bandpass", "agc"]
   * ```
   */
  processingSteps(datasetId: string): CatalogProcessingStep[] {
    const rows = this.sql("SELECT * FROM processing_steps WHERE dataset_id = ? ORDER BY position, applied_at, id").all(datasetId) as Array<{
      id: string;
      dataset_id: string;
      input_dataset_id: string | null;
      project_id: string | null;
      position: number;
      processor: string;
      processor_version: string;
      parameters: string;
      applied_at: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      datasetId: r.dataset_id,
      inputDatasetId: r.input_dataset_id,
      projectId: r.project_id,
      position: r.position,
      processor: r.processor,
      processorVersion: r.processor_version,
      parameters: JSON.parse(r.parameters) as Record<string, unknown>,
      appliedAt: r.applied_at,
    }));
  }

  /**
   * The project with this id, with its dataset references, or undefined.
   *
   * @example
   * ```ts
   * catalog.project(projectId)?.datasets.length;
   * ```
   */
  project(id: string): CatalogProject | undefined {
    const row = this.sql("SELECT id, name, location, notes, created_at, modified_at FROM projects WHERE id = ?").get(id) as
      | { id: string; name: string; location: string; notes: string; created_at: string | null; modified_at: string | null }
      | undefined;
    if (row === undefined) return undefined;
    const datasets = this.sql("SELECT dataset_id AS datasetId, name, storage_path AS storagePath FROM project_datasets WHERE project_id = ? ORDER BY position").all(id) as CatalogProject["datasets"];
    return { id: row.id, name: row.name, location: row.location, notes: row.notes, createdAt: row.created_at, modifiedAt: row.modified_at, datasets };
  }

  /**
   * Every project, by name.
   *
   * @example
   * ```ts
   * catalog.projects().map((p) => p.name);
   * ```
   */
  projects(): CatalogProject[] {
    const ids = this.sql("SELECT id FROM projects ORDER BY name COLLATE NOCASE, id").pluck().all() as string[];
    return ids.map((id) => this.project(id) as CatalogProject);
  }

  /**
   * Full-text search over names, textual headers, notes and header-field names, best (BM25) first, each hit with
   * a snippet around its match. Plain words by default (all required, `word*` for a prefix); `syntax: "fts5"`
   * takes SQLite's FTS5 query language. `where` restricts dataset hits with a {@link DatasetQuery}.
   *
   * @example
   * ```ts
   * catalog.search("salt dome");
   * // [{ kind: "dataset", id, name: "line 12", field: "textHeaders", snippet: "... over the [salt] [dome] ...", score: -7.1 }]
   * ```
   */
  search(text: string, options: SearchOptions = {}): SearchHit[] {
    const base = options.syntax === "fts5" ? text.trim() : wordsQuery(text);
    if (base === null || base === "") return [];
    const match = inFields(base, options.fields);
    const limit = Math.min(Math.max(0, Math.floor(options.limit ?? 20)), 1000);
    const [open, close] = options.highlight ?? ["[", "]"];
    const words = Math.min(Math.max(1, Math.floor(options.snippetWords ?? 12)), 64);
    const params: unknown[] = [match];
    // Ranking reads only doclists (rowid and rank): no content row is read until the hits are known. Dataset rows
    // of the index have even rowids (2 × datasets.rid), projects odd ones.
    let sql = "SELECT si.rowid AS rowid, si.rank AS score FROM search_index si";
    const conditions = ["search_index MATCH ?"];
    const kind = options.where !== undefined ? "dataset" : options.kind;
    if (options.where !== undefined) {
      const where = datasetCondition(options.where);
      sql += " JOIN datasets d ON d.rid = si.rowid / 2";
      conditions.push(where.sql);
      params.push(...where.params);
    }
    if (kind !== undefined) conditions.push(kind === "dataset" ? "si.rowid % 2 = 0" : "si.rowid % 2 = 1");
    sql += ` WHERE ${conditions.join(" AND ")} ORDER BY si.rank LIMIT ?`;
    params.push(limit);
    let ranked: Array<{ rowid: number; score: number }>;
    try {
      ranked = this.sql(sql).all(...params) as typeof ranked;
    } catch (error) {
      if (error instanceof Database.SqliteError && /fts5|syntax|no such column/i.test(error.message)) {
        throw new CatalogError("query", this.location, `the search ${JSON.stringify(text)} is not a valid FTS5 query (${error.message}); search plain words without syntax: "fts5"`, { cause: error });
      }
      throw error;
    }
    if (ranked.length === 0) return [];
    // Names and snippets for the hits returned only: one MATCH query restricted to their rowids (each further
    // MATCH query would walk the doclists again). The field is the first one (name, notes, textual headers,
    // header fields) whose snippet shows a match.
    const snippetColumns = FIELD_COLUMNS.map(([, c]) => `snippet(search_index, ${c}, ?, ?, '…', ?)`).join(", ");
    const snippetParams = FIELD_COLUMNS.flatMap(() => [open, close, words]);
    const rows = this.sql(`SELECT rowid, owner_kind, owner_id, name, ${snippetColumns} FROM search_index WHERE search_index MATCH ? AND rowid IN (${ranked.map(() => "?").join(", ")})`)
      .raw()
      .all(...snippetParams, match, ...ranked.map((r) => r.rowid)) as Array<[number, "dataset" | "project", string, string, ...string[]]>;
    const found = new Map(rows.map(([rowid, ...rest]) => [rowid, rest]));
    return ranked.flatMap((r) => {
      const row = found.get(r.rowid);
      if (row === undefined) return [];
      const [kindOf, id, name, ...s] = row;
      const best = FIELD_COLUMNS.findIndex((_, i) => (s[i] ?? "").includes(open));
      const at = best < 0 ? 0 : best;
      return [{ kind: kindOf, id, name, field: FIELD_COLUMNS[at][0], snippet: s[at] ?? "", score: r.score }];
    });
  }
}

/**
 * Runs `fn`, again after a pause while SQLite answers SQLITE_BUSY, for up to `timeoutMs`. Switching a new
 * database file to WAL while other processes open it can be refused at once with "database is locked": SQLite
 * does not call its busy handler for that lock, so the connection's own timeout does not help.
 */
function whenNotBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      return fn();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== "SQLITE_BUSY" || Date.now() + delay > deadline) throw error;
      Atomics.wait(pause, 0, 0, delay); // a synchronous sleep: opening a catalog is synchronous
    }
  }
}
