/**
 * Errors of sessions: a session document that is not valid, and one written by a newer SeisProc.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * A session document (a session file, or session state embedded in notebook metadata) that is not valid: not
 * JSON, or a field of the wrong type or value. `field` is the JSON path of the bad value (`"state.gain"`).
 *
 * @example
 * ```ts
 * new SessionFormatError("session.json", "state.gain", "must be a finite number > 0, got -1");
 * ```
 */
export class SessionFormatError extends SeisprocError {
  readonly tag = "SessionFormatError";
  /** The session file, or a description of where the document came from. */
  readonly location: string;
  /** JSON path of the bad value, or `""` for the whole document. */
  readonly field: string;

  constructor(location: string, field: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${location}: ${field === "" ? "" : `${field} `}${detail}`, options);
    this.location = location;
    this.field = field;
  }
}

/**
 * A session document written by a newer SeisProc, with a format version this one does not read.
 *
 * @example
 * ```ts
 * const e = new SessionVersionError("session.json", 3, 1);
 * e.found; // 3
 * ```
 */
export class SessionVersionError extends SeisprocError {
  readonly tag = "SessionVersionError";
  /** Where the document came from. */
  readonly location: string;
  /** Its format version. */
  readonly found: number;
  /** The newest version this SeisProc reads. */
  readonly supported: number;

  constructor(location: string, found: number, supported: number, options: SeisprocErrorOptions = {}) {
    super(`${location}: session format version ${found} is newer than the newest this SeisProc reads (${supported}); upgrade SeisProc to restore it`, options);
    this.location = location;
    this.found = found;
    this.supported = supported;
  }
}
