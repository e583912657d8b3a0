/**
 * `ProjectManager`: the one open project of a session. Create, open, change (datasets, processing steps, notes,
 * name), save, close. Changes are made in memory, each producing a new frozen {@link Project}, and reach the file
 * on {@link ProjectManager.save} (or {@link ProjectManager.close}), atomically and with a backup of the previous
 * file. Opening migrates older formats, refuses newer ones, and reports the datasets whose stores are missing
 * instead of failing.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { ValidationError } from "../errors";
import { TypedEmitter } from "../navigation/typed-emitter";
import { defaultLogger, type Logger } from "../util/logger";
import { ProjectFormatError, ProjectStateError } from "./errors";
import { frozenCopy } from "./json-value";
import { findMissingDatasets, localDatasetCheck, portableStoragePath, type DatasetCheck, type MissingDataset } from "./project-datasets";
import { LocalProjectFile, type ProjectFile } from "./project-file";
import { parseProjectJson, type ParsedProject } from "./project-json";
import type { CreateProjectOptions, DatasetReferenceInput, OpenProjectOptions, ProcessingStepInput, ProjectChange, ProjectManagerEvents, ProjectManagerOptions, ProjectOpenReport } from "./project-manager-types";
import type { DatasetReference, ProcessingStep, Project } from "./project-types";
import { validateDatasetReference, validateProcessingStep, validateProject } from "./project-validate";
import { overwriteSave, type SaveStrategy } from "./save-strategy";

export type {
  CreateProjectOptions,
  DatasetReferenceInput,
  OpenProjectOptions,
  ProcessingStepInput,
  ProjectChange,
  ProjectManagerEvents,
  ProjectManagerOptions,
  ProjectOpenReport,
} from "./project-manager-types";

/** The fields of a ProcessingStep; others given to recordStep go into `details`. */
const STEP_FIELDS = new Set(["id", "processorName", "processorVersion", "parameters", "inputDatasetId", "outputDatasetId", "timestamp", "durationMs", "software", "checksum", "checksums", "details"]);

/** An open project and what the manager knows about it. */
interface OpenProject {
  file: ProjectFile;
  current: Project;
  /** As last read from or written to the file; undefined before the first write of a new project. */
  base: Project | undefined;
  /** What was last written (or read): `current !== saved` means unsaved changes. */
  saved: Project | undefined;
  missing: MissingDataset[];
}

/** Turns a ProjectFormatError about caller input into a ValidationError. */
function inputError(error: unknown, argument: string): unknown {
  return error instanceof ProjectFormatError ? new ValidationError(`${argument}.${error.field}`, error.detail, { cause: error }) : error;
}

/**
 * The open project of a session.
 *
 * @example
 * ```ts
 * const projects = new ProjectManager();
 * await projects.create("surveys/north-sea", { name: "North Sea 2024" });
 * projects.addDataset({ datasetId: data.id, name: "line 1", storagePath: "data/line1.seis" });
 * projects.setNotes("first pass");
 * await projects.save();
 * await projects.close();
 *
 * const report = await projects.open("surveys/north-sea");
 * report.missingDatasets; // datasets whose stores are gone
 * ```
 */
export class ProjectManager extends TypedEmitter<ProjectManagerEvents> {
  private opened: OpenProject | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logger: Logger;
  private readonly saveStrategy: SaveStrategy;
  private readonly datasetCheck: DatasetCheck;

  constructor(options: ProjectManagerOptions = {}) {
    super();
    this.logger = options.logger ?? defaultLogger();
    this.saveStrategy = options.saveStrategy ?? overwriteSave;
    this.datasetCheck = options.datasetCheck ?? localDatasetCheck;
  }

  /** The open project (frozen), or `undefined`. */
  get project(): Project | undefined {
    return this.opened?.current;
  }

  /** Where the open project lives, or `undefined`. */
  get file(): ProjectFile | undefined {
    return this.opened?.file;
  }

  /** True when the open project has changes not yet saved. */
  get dirty(): boolean {
    return this.opened !== undefined && this.opened.current !== this.opened.saved;
  }

  /** Datasets found missing when the project was opened or last {@link checkDatasets checked}. */
  get missingDatasets(): readonly MissingDataset[] {
    return this.opened?.missing ?? [];
  }

  /** The open project, or a ProjectStateError saying what `operation` needs. */
  requireProject(operation = "this operation"): Project {
    return this.require(operation).current;
  }

  private require(operation: string): OpenProject {
    if (this.opened === undefined) throw new ProjectStateError("no-project-open", `${operation}: no project is open; create or open one first`);
    return this.opened;
  }

  private requireClosed(operation: string): void {
    if (this.opened !== undefined) {
      throw new ProjectStateError("project-already-open", `${operation}: project "${this.opened.current.name}" (${this.opened.file.location}) is open; close it first`);
    }
  }

  /** Runs `task` after every earlier open, save and close has finished. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Creates a project in `where` (a directory, created if needed, or a {@link ProjectFile}), writes its file, and
   * opens it. Throws a ProjectStateError when a project file is already there.
   */
  create(where: string | ProjectFile, options: CreateProjectOptions): Promise<Project> {
    return this.serial(async () => {
      this.requireClosed("create");
      const file = typeof where === "string" ? new LocalProjectFile(where) : where;
      if ((await file.read()) !== undefined) {
        throw new ProjectStateError("project-exists", `${file.location}: a project already exists here; open it, or choose another directory`);
      }
      const now = new Date().toISOString();
      let project: Project;
      try {
        project = validateProject({ id: options.id ?? randomUUID(), name: options.name, createdAt: now, modifiedAt: now, datasets: [], processingHistory: [], notes: options.notes ?? "" });
      } catch (error) {
        throw inputError(error, "options");
      }
      const written = frozenCopy(await this.saveStrategy({ file, base: undefined, ours: frozenCopy(project) }));
      this.opened = { file, current: written, base: written, saved: written, missing: [] };
      this.logger.log("info", "project created", { location: file.location, id: written.id });
      this.emit("project-opened", { project: written, missingDatasets: [], migrations: [] });
      return written;
    });
  }

  /**
   * Opens the project in `where` (a directory or a {@link ProjectFile}). Older formats are migrated (and written
   * in the current format on the next save); newer ones give a ProjectVersionError; a file that is not a valid
   * project gives a ProjectFormatError. Datasets whose stores are missing are reported, logged as warnings, and
   * do not stop the opening.
   */
  open(where: string | ProjectFile, options: OpenProjectOptions = {}): Promise<ProjectOpenReport> {
    return this.serial(async () => {
      this.requireClosed("open");
      const file = typeof where === "string" ? new LocalProjectFile(where) : where;
      const text = options.fromBackup === true ? await file.readBackup() : await file.read();
      if (text === undefined) {
        const backup = options.fromBackup !== true && (await file.readBackup()) !== undefined;
        const what = options.fromBackup === true ? "no backup of the project file here" : "no project file here";
        const advice = backup ? "; a backup exists: open it with { fromBackup: true }" : "; check the path, or create a project with create()";
        throw new ProjectStateError("no-project-file", `${file.location}: ${what}${advice}`);
      }
      const parsed = await this.parse(file, text, options.fromBackup === true);
      const project = frozenCopy(parsed.project);
      const missing = await findMissingDatasets(project.datasets, file.directory, this.datasetCheck);
      for (const m of missing) this.logger.log("warn", `dataset "${m.dataset.name}" of the project is missing: ${m.reason}`, { datasetId: m.dataset.datasetId, path: m.resolvedPath });
      if (parsed.migrations.length > 0) this.logger.log("info", "project file migrated in memory; the next save writes the current format", { location: file.location, migrations: parsed.migrations });
      const unchanged = parsed.migrations.length === 0 && options.fromBackup !== true;
      this.opened = { file, current: project, base: project, saved: unchanged ? project : undefined, missing };
      this.emit("project-opened", { project, missingDatasets: missing, migrations: parsed.migrations });
      return { project, missingDatasets: missing, fromVersion: parsed.fromVersion, migrations: parsed.migrations };
    });
  }

  /** Parses a project file; a bad one's error says when a backup can be opened instead. */
  private async parse(file: ProjectFile, text: string, fromBackup: boolean): Promise<ParsedProject> {
    try {
      return parseProjectJson(text, file.location);
    } catch (error) {
      if (!(error instanceof ProjectFormatError) || fromBackup || (await file.readBackup()) === undefined) throw error;
      throw new ProjectFormatError(error.location, error.field, `${error.detail}; the version before the last save can be opened with { fromBackup: true }`, { cause: error });
    }
  }

  /**
   * Writes the open project through the save strategy (by default: atomically, after backing up the previous
   * file), and resolves with what was written. Changes made while a save runs stay unsaved.
   */
  save(): Promise<Project> {
    return this.serial(() => this.saveNow("save"));
  }

  private async saveNow(operation: string): Promise<Project> {
    const opened = this.require(operation);
    const ours = opened.current;
    const written = frozenCopy(await this.saveStrategy({ file: opened.file, base: opened.base, ours }));
    if (this.opened !== opened) return written;
    const untouched = opened.current === ours;
    // Changes made during the save sit on top of `ours`, which is then the common ancestor of them and the file.
    opened.base = untouched ? written : ours;
    if (untouched) opened.current = written;
    opened.saved = written;
    this.emit("project-saved", { project: written });
    return written;
  }

  /** Closes the open project, saving it first when it has unsaved changes (unless `save` is false). */
  close(options: { save?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const opened = this.require("close");
      if (options.save !== false && opened.current !== opened.saved) await this.saveNow("close");
      this.opened = undefined;
      this.emit("project-closed", { projectId: opened.current.id });
    });
  }

  /** Checks the open project's dataset stores again; returns (and remembers) the missing ones. */
  async checkDatasets(): Promise<MissingDataset[]> {
    const opened = this.require("checkDatasets");
    const missing = await findMissingDatasets(opened.current.datasets, opened.file.directory, this.datasetCheck);
    opened.missing = missing;
    return missing;
  }

  private change(operation: string, change: (project: Project) => [Project, ProjectChange]): void {
    const opened = this.require(operation);
    const [next, what] = change(opened.current);
    opened.current = frozenCopy({ ...next, modifiedAt: new Date().toISOString() });
    this.emit("project-changed", { project: opened.current, change: what });
  }

  /** The dataset with this id in the open project, or `undefined`. */
  getDataset(datasetId: string): DatasetReference | undefined {
    return this.requireProject("getDataset").datasets.find((d) => d.datasetId === datasetId);
  }

  /**
   * Adds a dataset to the open project and returns its reference. A storage path inside the project directory
   * is recorded relative to it. Throws a ValidationError for a bad reference or an id already in the project.
   */
  addDataset(input: DatasetReferenceInput): DatasetReference {
    const opened = this.require("addDataset");
    let dataset: DatasetReference;
    try {
      dataset = validateDatasetReference(
        {
          ...input,
          sourcePath: input.sourcePath ?? "",
          addedAt: input.addedAt ?? new Date().toISOString(),
          metadata: input.metadata ?? {},
          storagePath: typeof input.storagePath === "string" ? portableStoragePath(opened.file.directory, input.storagePath) : input.storagePath,
        },
        "addDataset",
        "",
      );
    } catch (error) {
      throw inputError(error, "dataset");
    }
    if (opened.current.datasets.some((d) => d.datasetId === dataset.datasetId)) {
      throw new ValidationError("dataset.datasetId", `${dataset.datasetId} is already in project "${opened.current.name}"; remove it first to replace it`);
    }
    this.change("addDataset", (p) => [{ ...p, datasets: [...p.datasets, dataset] }, { kind: "dataset-added", dataset }]);
    opened.missing = opened.missing.filter((m) => m.dataset.datasetId !== dataset.datasetId);
    return this.getDataset(dataset.datasetId) as DatasetReference;
  }

  /** Removes a dataset from the open project (its store is left alone); returns its reference, or `undefined` if it was not there. */
  removeDataset(datasetId: string): DatasetReference | undefined {
    const opened = this.require("removeDataset");
    const dataset = opened.current.datasets.find((d) => d.datasetId === datasetId);
    if (dataset === undefined) return undefined;
    this.change("removeDataset", (p) => [{ ...p, datasets: p.datasets.filter((d) => d !== dataset) }, { kind: "dataset-removed", dataset }]);
    opened.missing = opened.missing.filter((m) => m.dataset.datasetId !== datasetId);
    return dataset;
  }

  /**
   * Appends a processing step to the open project's history and returns it (with its id and time filled in).
   * Throws a ValidationError for a bad step or a repeated id.
   */
  recordStep(input: ProcessingStepInput): ProcessingStep {
    const opened = this.require("recordStep");
    let step: ProcessingStep;
    try {
      step = validateProcessingStep(
        {
          ...input,
          id: input.id ?? randomUUID(),
          timestamp: input.timestamp ?? new Date().toISOString(),
          checksum: input.checksum ?? input.checksums?.output ?? "",
          checksums: input.checksums ?? {},
          details: { ...Object.fromEntries(Object.entries(input).filter(([k, v]) => !STEP_FIELDS.has(k) && v !== undefined)), ...input.details },
          outputDatasetId: input.outputDatasetId ?? null,
        },
        "recordStep",
        "",
      );
    } catch (error) {
      throw inputError(error, "step");
    }
    if (opened.current.processingHistory.some((s) => s.id === step.id)) throw new ValidationError("step.id", `${step.id} is already in the processing history; give each step its own id`);
    this.change("recordStep", (p) => [{ ...p, processingHistory: [...p.processingHistory, step] }, { kind: "step-recorded", step }]);
    return step;
  }

  /** Replaces the open project's notes. */
  setNotes(notes: string): void {
    if (typeof notes !== "string") throw new ValidationError("notes", `must be a string, got ${typeof notes}`);
    this.change("setNotes", (p) => [{ ...p, notes }, { kind: "notes-changed", notes }]);
  }

  /** Adds a paragraph to the open project's notes. */
  appendNotes(text: string): void {
    const notes = this.requireProject("appendNotes").notes;
    this.setNotes(notes === "" ? text : `${notes.replace(/\n+$/, "")}\n\n${text}`);
  }

  /** Renames the open project. */
  rename(name: string): void {
    if (typeof name !== "string") throw new ValidationError("name", `must be a string, got ${typeof name}`);
    this.change("rename", (p) => [{ ...p, name }, { kind: "renamed", name }]);
  }
}
