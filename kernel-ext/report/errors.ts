/**
 * Errors of the HTML report tool: a notebook that cannot be read or is not a notebook, and a missing embed
 * bundle.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../../src/core/errors";

/**
 * A notebook that cannot be turned into a report (unreadable, not JSON, not nbformat 4), or an embed bundle that
 * is not built. `file` names the file concerned.
 *
 * @example
 * ```ts
 * try { await writeHtmlReport("run.ipynb", "run.html"); }
 * catch (e) { if (e instanceof ReportError) console.error(e.file, e.message); }
 * ```
 */
export class ReportError extends SeisprocError {
  readonly tag = "ReportError";
  /** The notebook or bundle file concerned. */
  readonly file: string;

  constructor(file: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${file}: ${detail}`, options);
    this.file = file;
  }
}
