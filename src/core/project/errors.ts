/**
 * Errors of projects: a project file that is not a valid project document, one written by a newer SeisProc, and
 * operations that need an open project (or no open project).
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * A project file (or an in-memory project document) that is not a valid project: not JSON, or a field with the
 * wrong type or value. `location` is the file or directory; `field` is the JSON path of the bad value
 * (`"datasets[2].storagePath"`), empty when the whole document is bad.
 *
 * @example
 * ```ts
 * new ProjectFormatError("/p/project.seisproc.json", "datasets[0].datasetId", "must be a non-empty string");
 * ```
 */
export class ProjectFormatError extends SeisprocError {
  readonly tag = "ProjectFormatError";
  /** The project file or directory (or `"(document)"` for an in-memory document). */
  readonly location: string;
  /** JSON path of the bad value, or `""` for the whole document. */
  readonly field: string;
  /** What is wrong with it (the message without the location and field). */
  readonly detail: string;

  constructor(location: string, field: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${location}: ${field === "" ? "" : `${field} `}${detail}`, options);
    this.location = location;
    this.field = field;
    this.detail = detail;
  }
}

/**
 * A project file written by a newer SeisProc (its `formatVersion` is above the newest this version knows), so it
 * cannot be read without risking the loss of what the newer version stored. Upgrade SeisProc to open it.
 *
 * @example
 * ```ts
 * let message: string | undefined;
 * try { await manager.open("survey-project"); }
 * catch (e) { if (e instanceof ProjectVersionError) message = `needs format ${e.found}, we read ${e.supported}`; else throw e; }
 * ```
 */
export class ProjectVersionError extends SeisprocError {
  readonly tag = "ProjectVersionError";
  /** The project file or directory. */
  readonly location: string;
  /** The file's format version. */
  readonly found: number;
  /** The newest format version this SeisProc reads. */
  readonly supported: number;

  constructor(location: string, found: number, supported: number, options: SeisprocErrorOptions = {}) {
    super(
      `${location}: project format version ${found} is newer than the newest this SeisProc reads (${supported}); upgrade SeisProc to open it (it was left untouched)`,
      options,
    );
    this.location = location;
    this.found = found;
    this.supported = supported;
  }
}

/** What a {@link ProjectStateError} is about. */
export type ProjectStateProblem = "no-project-open" | "project-already-open" | "project-exists" | "no-project-file" | "closed";

/**
 * An operation that does not fit the manager's state: saving with no project open, opening a second project
 * before closing the first, creating a project where one exists, opening a directory without a project file.
 *
 * @example
 * ```ts
 * const e = new ProjectStateError("no-project-open", "save: no project is open; create or open one first");
 * e.problem; // "no-project-open"
 * ```
 */
export class ProjectStateError extends SeisprocError {
  readonly tag = "ProjectStateError";
  /** What is wrong. */
  readonly problem: ProjectStateProblem;

  constructor(problem: ProjectStateProblem, detail: string, options: SeisprocErrorOptions = {}) {
    super(detail, options);
    this.problem = problem;
  }
}
