/**
 * Errors of the dataset registry: an id it does not know, an id already taken, a dataset that cannot be opened.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/** Kinds of {@link DatasetError}. */
export type DatasetProblem = "unknown-id" | "duplicate-id" | "open-failed";

/**
 * A dataset registry operation that cannot be done; the message says what to do.
 *
 * @example
 * ```ts
 * try { await navigator.addDataset("gone.seis"); }
 * catch (e) { if (!(e instanceof DatasetError && e.problem === "open-failed")) throw e; }
 * ```
 */
export class DatasetError extends SeisprocError {
  readonly tag = "DatasetError";
  /** What went wrong. */
  readonly problem: DatasetProblem;
  /** The dataset id or location concerned. */
  readonly dataset: string;

  constructor(problem: DatasetProblem, dataset: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${dataset}: ${detail}`, options);
    this.problem = problem;
    this.dataset = dataset;
  }
}
