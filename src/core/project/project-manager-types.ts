/**
 * The types a {@link ProjectManager} takes and gives: its options, events, and the inputs and reports of its
 * operations.
 *
 * @module
 */
import type { Logger } from "../util/logger";
import type { DatasetCheck, MissingDataset } from "./project-datasets";
import type { DatasetReference, ProcessingStep, Project, StepChecksums } from "./project-types";
import type { SaveStrategy } from "./save-strategy";

/** One change to the open project, as reported by the `project-changed` event. */
export type ProjectChange =
  | { kind: "dataset-added"; dataset: DatasetReference }
  | { kind: "dataset-removed"; dataset: DatasetReference }
  | { kind: "step-recorded"; step: ProcessingStep }
  | { kind: "notes-changed"; notes: string }
  | { kind: "renamed"; name: string };

/** Events of a {@link ProjectManager}. */
export interface ProjectManagerEvents {
  /** A project was created or opened. */
  "project-opened": { project: Project; missingDatasets: MissingDataset[]; migrations: string[] };
  /** The open project changed in memory (not yet saved). */
  "project-changed": { project: Project; change: ProjectChange };
  /** The open project was written to its file (`project` is what was written). */
  "project-saved": { project: Project };
  /** The open project was closed. */
  "project-closed": { projectId: string };
}

/** Options of a {@link ProjectManager}. */
export interface ProjectManagerOptions {
  /** Where warnings (missing datasets) and notes (migrations) go (default: {@link defaultLogger}). */
  logger?: Logger;
  /** How saves write (default {@link overwriteSave}); the collaboration layer's locking merge plugs in here. */
  saveStrategy?: SaveStrategy;
  /** How dataset stores are checked on open (default {@link localDatasetCheck}). */
  datasetCheck?: DatasetCheck;
}

/** What {@link ProjectManager.create} needs. */
export interface CreateProjectOptions {
  /** The project's name. */
  name: string;
  /** Initial notes (default empty). */
  notes?: string;
  /** The project's UUID (default: a new one). */
  id?: string;
}

/** Options of {@link ProjectManager.open}. */
export interface OpenProjectOptions {
  /** Open the backup (the version before the last save) instead of the project file; the next save restores it. */
  fromBackup?: boolean;
}

/** What {@link ProjectManager.open} found. */
export interface ProjectOpenReport {
  /** The project. */
  project: Project;
  /** Datasets whose stores are missing (the project opens anyway). */
  missingDatasets: MissingDataset[];
  /** The format version of the file. */
  fromVersion: number;
  /** Migrations applied (the file is rewritten in the current format on the next save). */
  migrations: string[];
}

/** A dataset to add: a {@link DatasetReference} whose `addedAt`, `metadata` and `sourcePath` may be left out. */
export type DatasetReferenceInput = Omit<DatasetReference, "addedAt" | "metadata" | "sourcePath"> & Partial<Pick<DatasetReference, "addedAt" | "metadata" | "sourcePath">>;

/**
 * A processing step to record: a {@link ProcessingStep} whose id, time, checksums and details may be left out.
 * Parameters and details must be plain JSON (checked when recorded). A provenance step record fits as it is;
 * fields of it that a ProcessingStep does not name are kept in `details`.
 */
export type ProcessingStepInput = Omit<ProcessingStep, "id" | "timestamp" | "checksum" | "checksums" | "details" | "outputDatasetId" | "parameters"> & {
  id?: string;
  timestamp?: string;
  checksum?: string;
  checksums?: StepChecksums;
  parameters: Record<string, unknown>;
  details?: Record<string, unknown>;
  outputDatasetId?: string | null;
};
