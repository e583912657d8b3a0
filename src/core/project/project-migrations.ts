/**
 * Project file migrations: a table of steps, each turning a document of one format version into the next, so
 * that a file written by any older SeisProc opens (and is saved back in the current format). A file of a newer
 * version is refused with a {@link ProjectVersionError} and left untouched. Pure: no I/O.
 *
 * Format 0 is the seed's Python layout: snake_case keys (`created_at`, `processing_history`, `dataset_id`, ...),
 * naive ISO times (read as UTC), no `formatVersion`, and steps without processor version or separate checksums.
 * Format 1 is {@link ProjectDocument}.
 *
 * @module
 */
import { ProjectFormatError, ProjectVersionError } from "./errors";
import { isPlainObject } from "./json-value";
import { PROJECT_FORMAT_VERSION } from "./project-types";

/** One migration: turns a document of format `from` into one of format `from + 1`. */
export interface ProjectMigration {
  /** The format version it reads. */
  from: number;
  /** What it changes, for logs. */
  description: string;
  /** Returns the migrated document (a new object; the input is not changed). */
  migrate(document: Record<string, unknown>): Record<string, unknown>;
}

/** A naive ISO time (Python's `datetime.isoformat()` without a zone) read as UTC, in `toISOString` form. */
function utcTime(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map((v) => (isPlainObject(v) ? v : {})) : [];
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Format 0 (the seed's snake_case layout) to format 1. */
const V0_TO_V1: ProjectMigration = {
  from: 0,
  description: "snake_case keys to camelCase, naive times to UTC, processor versions and separate checksums added",
  migrate(doc) {
    return {
      formatVersion: 1,
      id: doc.id,
      name: doc.name ?? "",
      createdAt: utcTime(doc.created_at),
      modifiedAt: utcTime(doc.modified_at ?? doc.created_at),
      notes: doc.notes ?? "",
      datasets: records(doc.datasets).map((d) => ({
        datasetId: d.dataset_id,
        sourcePath: d.source_path ?? "",
        storagePath: d.storage_path,
        name: d.name ?? "",
        addedAt: utcTime(d.added_at),
        metadata: d.metadata ?? {},
      })),
      processingHistory: records(doc.processing_history).map((s) => {
        const checksum = typeof s.checksum === "string" ? s.checksum : "";
        return {
          id: s.id,
          processorName: s.processor_name,
          processorVersion: "unknown",
          parameters: s.parameters ?? {},
          inputDatasetId: s.input_dataset_id,
          outputDatasetId: s.output_dataset_id ?? null,
          timestamp: utcTime(s.timestamp),
          checksum,
          checksums: SHA256.test(checksum) ? { output: checksum } : {},
          details: {},
        };
      }),
    };
  },
};

/** Every migration, by the version it reads; `PROJECT_MIGRATIONS[v]` turns version `v` into `v + 1`. */
export const PROJECT_MIGRATIONS: readonly ProjectMigration[] = [V0_TO_V1];

/** What {@link migrateProjectDocument} did. */
export interface MigrationResult {
  /** The document in the current format (not yet validated). */
  document: Record<string, unknown>;
  /** The version the input had. */
  fromVersion: number;
  /** Descriptions of the migrations applied, oldest first (empty when the input was current). */
  applied: string[];
}

/**
 * The format version of a parsed project document: its `formatVersion`, or 0 when it has none (the seed's
 * layout). Throws a ProjectFormatError when `formatVersion` is there but not a whole number >= 0.
 *
 * @example
 * ```ts
 * projectFormatVersion({ formatVersion: 1 }, "p.json"); // 1
 * projectFormatVersion({ created_at: "2023-01-01T00:00:00" }, "p.json"); // 0
 * ```
 */
export function projectFormatVersion(document: Record<string, unknown>, location: string): number {
  const v = document.formatVersion;
  if (v === undefined) return 0;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new ProjectFormatError(location, "formatVersion", `must be a whole number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Brings a parsed project document to the current format ({@link PROJECT_FORMAT_VERSION}). Throws a
 * ProjectVersionError for a newer document and a ProjectFormatError for one that is not a JSON object.
 *
 * @example
 * ```ts
 * const { document, fromVersion } = migrateProjectDocument(JSON.parse(oldText), "old/project.seisproc.json");
 * fromVersion; // 0
 * document.formatVersion; // 1
 * ```
 */
export function migrateProjectDocument(value: unknown, location = "(document)"): MigrationResult {
  if (!isPlainObject(value)) throw new ProjectFormatError(location, "", "is not a project document (a JSON object was expected)");
  const fromVersion = projectFormatVersion(value, location);
  if (fromVersion > PROJECT_FORMAT_VERSION) throw new ProjectVersionError(location, fromVersion, PROJECT_FORMAT_VERSION);
  let document = value;
  const applied: string[] = [];
  for (let v = fromVersion; v < PROJECT_FORMAT_VERSION; v++) {
    const step = PROJECT_MIGRATIONS[v];
    document = step.migrate(document);
    applied.push(`${v} → ${v + 1}: ${step.description}`);
  }
  return { document, fromVersion, applied };
}
