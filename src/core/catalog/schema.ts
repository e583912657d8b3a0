/**
 * The catalog's SQLite schema and its versioned migrations. The schema version is SQLite's `PRAGMA
 * user_version`; opening a catalog applies every migration above it, in order, inside one `BEGIN IMMEDIATE`
 * transaction (so two processes opening a new catalog at once migrate it once), and refuses a catalog whose
 * version is newer than this SeisProc knows. docs/catalog.md describes the tables.
 *
 * @module
 */
import type Database from "better-sqlite3";
import { CatalogError } from "./errors";

/** One schema migration: from `version - 1` to `version`. */
export interface CatalogMigration {
  /** The schema version after it. */
  version: number;
  /** What it does, for people. */
  description: string;
  /** Applies it (inside the migration transaction). */
  up(db: Database.Database): void;
}

/**
 * Version 1: projects, datasets, their links, processing steps and header summaries; survey areas also in R*Trees
 * (keyed by `datasets.rid`; 32-bit floats rounded outwards, so they preselect and the exact test is on `datasets`).
 */
const V1 = `
CREATE TABLE projects (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  location TEXT NOT NULL UNIQUE,
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT,
  modified_at TEXT,
  indexed_at TEXT NOT NULL
);
CREATE TABLE datasets (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  location TEXT NOT NULL UNIQUE,
  source_path TEXT NOT NULL DEFAULT '',
  source_sha256 TEXT NOT NULL DEFAULT '',
  source_format INTEGER,
  segy_revision INTEGER,
  trace_count INTEGER NOT NULL,
  samples_per_trace INTEGER NOT NULL,
  sample_interval_us REAL,
  gather_key TEXT,
  gather_count INTEGER,
  crs_epsg INTEGER,
  crs_name TEXT,
  crs_proj4 TEXT,
  created_at TEXT NOT NULL,
  indexed_at TEXT NOT NULL,
  min_x REAL, max_x REAL, min_y REAL, max_y REAL,
  min_lon REAL, max_lon REAL, min_lat REAL, max_lat REAL,
  notes TEXT NOT NULL DEFAULT '',
  metadata_sha256 TEXT NOT NULL DEFAULT ''
);
CREATE INDEX datasets_interval ON datasets(sample_interval_us, created_at);
CREATE INDEX datasets_crs ON datasets(crs_epsg, sample_interval_us, created_at);
CREATE INDEX datasets_created ON datasets(created_at);
CREATE VIRTUAL TABLE dataset_areas USING rtree(rid, min_x, max_x, min_y, max_y);
CREATE VIRTUAL TABLE dataset_geographic_areas USING rtree(rid, min_lon, max_lon, min_lat, max_lat);
CREATE TABLE project_datasets (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  dataset_id TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  storage_path TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (project_id, dataset_id)
) WITHOUT ROWID;
CREATE INDEX project_datasets_dataset ON project_datasets(dataset_id);
CREATE TABLE processing_steps (
  id TEXT PRIMARY KEY,
  dataset_id TEXT NOT NULL,
  input_dataset_id TEXT,
  project_id TEXT,
  position INTEGER NOT NULL,
  processor TEXT NOT NULL,
  processor_version TEXT NOT NULL DEFAULT '',
  parameters TEXT NOT NULL DEFAULT '{}',
  applied_at TEXT
);
CREATE INDEX processing_steps_dataset ON processing_steps(dataset_id, position);
CREATE INDEX processing_steps_processor ON processing_steps(processor, dataset_id);
CREATE TABLE header_summaries (
  dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  distinct_count INTEGER,
  PRIMARY KEY (dataset_id, field)
) WITHOUT ROWID;
CREATE INDEX header_summaries_field ON header_summaries(field);
`;

/**
 * Version 2: the FTS5 search index over names, textual headers, notes and header-field names, ranked by BM25
 * with the name weighted 4, notes 2, textual headers and field names 1. Existing rows get
 * their names, notes and field names indexed at once; textual headers come with the next scan of each store.
 */
const V2 = `
CREATE VIRTUAL TABLE search_index USING fts5(
  owner_kind UNINDEXED,
  owner_id UNINDEXED,
  name,
  text_headers,
  notes,
  header_fields,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(0.0, 0.0, 4.0, 1.0, 2.0, 1.0)');
INSERT INTO search_index (rowid, owner_kind, owner_id, name, text_headers, notes, header_fields)
  SELECT d.rid * 2, 'dataset', d.id, d.name, '', d.notes,
         COALESCE((SELECT group_concat(h.field, ' ') FROM header_summaries h WHERE h.dataset_id = d.id), '')
  FROM datasets d;
INSERT INTO search_index (rowid, owner_kind, owner_id, name, text_headers, notes, header_fields)
  SELECT p.rid * 2 + 1, 'project', p.id, p.name, '', p.notes, '' FROM projects p;
`;

/** Every migration, oldest first. */
export const CATALOG_MIGRATIONS: readonly CatalogMigration[] = [
  { version: 1, description: "projects, datasets, processing steps and header summaries", up: (db) => db.exec(V1) },
  { version: 2, description: "FTS5 search index over names, textual headers, notes and header-field names", up: (db) => db.exec(V2) },
];

/** The schema version this SeisProc writes (and the newest it opens). */
export const CATALOG_SCHEMA_VERSION = CATALOG_MIGRATIONS[CATALOG_MIGRATIONS.length - 1].version;

/**
 * Brings the catalog in `db` to {@link CATALOG_SCHEMA_VERSION}; returns the migrations applied. Throws a
 * {@link CatalogError} (`"newer-schema"`) for a newer catalog, leaving it untouched, and (`"migration"`) when a
 * migration fails, after rolling every step of this call back.
 *
 * @example
 * ```ts
 * migrateCatalog(new Database("catalog.sqlite")); // [] when it is current
 * ```
 */
export function migrateCatalog(db: Database.Database, location = db.name, migrations: readonly CatalogMigration[] = CATALOG_MIGRATIONS): CatalogMigration[] {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const version = (): number => db.pragma("user_version", { simple: true }) as number;
  const check = (found: number): void => {
    if (found > latest) {
      throw new CatalogError("newer-schema", location, `catalog schema version ${found} is newer than the newest this SeisProc knows (${latest}); upgrade SeisProc to open it (it was left untouched)`);
    }
  };
  check(version());
  if (version() === latest) return [];
  const applied: CatalogMigration[] = [];
  let attempting = 0;
  db.exec("BEGIN IMMEDIATE");
  try {
    const from = version(); // another process may have migrated while this one waited for the lock
    check(from);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      attempting = migration.version;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      applied.push(migration);
    }
    db.exec("COMMIT");
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (error instanceof CatalogError) throw error;
    throw new CatalogError("migration", location, `migrating the catalog schema failed at version ${attempting} (${error instanceof Error ? error.message : String(error)}); nothing was changed`, { cause: error });
  }
  return applied;
}
