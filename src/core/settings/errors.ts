/**
 * Errors of the settings file: one that cannot be saved (locked by another process for too long, written by a
 * newer SeisProc, or a directory that cannot be written).
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/** Kinds of {@link SettingsError}. */
export type SettingsProblem = "locked" | "newer-version" | "write-failed";

/**
 * The settings file could not be saved. The message says what to do; `path` is the file.
 *
 * @example
 * ```ts
 * try { await settings.save(); }
 * catch (e) { if (e instanceof SettingsError && e.problem === "locked") retryLater(); }
 * ```
 */
export class SettingsError extends SeisprocError {
  readonly tag = "SettingsError";
  /** What went wrong. */
  readonly problem: SettingsProblem;
  /** The settings file. */
  readonly path: string;

  constructor(problem: SettingsProblem, path: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${path}: ${detail}`, options);
    this.problem = problem;
    this.path = path;
  }
}
