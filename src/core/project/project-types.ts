/**
 * The project model (the seed's `Project`, `DatasetReference` and `ProcessingStep`), as plain JSON-ready data:
 * ids are UUID strings, times are ISO 8601 UTC strings, paths are strings. A project held by a
 * {@link ProjectManager} is frozen; change it through the manager.
 *
 * @module
 */
import type { JsonObject } from "./json-value";

/** The project file format this SeisProc writes (and the newest it reads). */
export const PROJECT_FORMAT_VERSION = 1;

/** The name of the project file inside a project directory. */
export const PROJECT_FILE_NAME = "project.seisproc.json";

/** The name of the backup of the previous project file, written before each save. */
export const PROJECT_BACKUP_NAME = "project.seisproc.json.bak";

/** A dataset that belongs to a project. */
export interface DatasetReference {
  /** The dataset's UUID (`LazySeismicData.id`, the store's `metadata.datasetId`). */
  datasetId: string;
  /** The file it was imported from (SEG-Y or SU), or `""` when it was made by processing. */
  sourcePath: string;
  /**
   * Where its trace store is: a path relative to the project directory (preferred: the project can be moved), an
   * absolute path, or a URL (`s3://bucket/prefix`).
   */
  storagePath: string;
  /** A name for people. */
  name: string;
  /** When it was added to the project (ISO 8601). */
  addedAt: string;
  /** Anything worth knowing without opening the store (trace count, sample interval, CRS, ...). */
  metadata: JsonObject;
}

/** SHA-256 checksums (64 lowercase hex digits) that let a processing step be verified by re-running it. */
export interface StepChecksums {
  /** How the dataset checksums were computed (the provenance layer's algorithm name), when recorded. */
  algorithm?: string;
  /** Of the input data. */
  input?: string;
  /** Of the parameters (in canonical JSON). */
  parameters?: string;
  /** Of the output data. */
  output?: string;
}

/**
 * One processing step in a project's history: the seed's `ProcessingStep`, with room for everything a
 * provenance record holds (processor version, separate checksums of input, parameters and output, duration, the
 * software that ran it, and any other fields in `details`). A provenance step record can be passed to
 * {@link ProjectManager.recordStep} as it is.
 */
export interface ProcessingStep {
  /** The step's UUID. */
  id: string;
  /** The processor's name, e.g. `"agc"`. */
  processorName: string;
  /** The processor's version, e.g. `"1.0.0"` (`"unknown"` for steps migrated from format 0). */
  processorVersion: string;
  /** The parameters it ran with. */
  parameters: JsonObject;
  /** The dataset it read. */
  inputDatasetId: string;
  /** The dataset it wrote, or null when it wrote none (a step applied to a gather in a viewer). */
  outputDatasetId: string | null;
  /** When it ran (ISO 8601; provenance records give the time it started). */
  timestamp: string;
  /** How long it ran, ms, when known. */
  durationMs?: number;
  /** The software that ran it, when known. */
  software?: { name: string; version: string };
  /** The step's reproducibility checksum (by convention the SHA-256 of its output), or `""` when none was taken. */
  checksum: string;
  /** Separate SHA-256 checksums of input, parameters and output. */
  checksums: StepChecksums;
  /** Whatever else the provenance record carries (environment, duration, ...), kept as is. */
  details: JsonObject;
}

/** A project: datasets, the processing that made them, and notes. */
export interface Project {
  /** The project's UUID. */
  id: string;
  /** A name for people. */
  name: string;
  /** When it was created (ISO 8601). */
  createdAt: string;
  /** When it last changed (ISO 8601). */
  modifiedAt: string;
  /** Its datasets, in the order they were added. */
  datasets: DatasetReference[];
  /** Its processing steps, oldest first. */
  processingHistory: ProcessingStep[];
  /** Free text. */
  notes: string;
}

/** A project as written to its file: the project's fields and the format version. */
export interface ProjectDocument extends Project {
  /** {@link PROJECT_FORMAT_VERSION} when written by this SeisProc. */
  formatVersion: number;
}
