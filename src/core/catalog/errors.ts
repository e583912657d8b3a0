/**
 * Errors of the SQLite catalog: a file that cannot be opened as a catalog, a catalog written by a newer SeisProc,
 * a migration that failed (and was rolled back), a query or search the catalog cannot run, and a missing record.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/** What went wrong with a catalog. */
export type CatalogProblem = "open" | "newer-schema" | "migration" | "query" | "not-found";

/**
 * A catalog operation that failed. `problem` says which kind; `location` is the catalog file.
 *
 * @example
 * ```ts
 * try { Catalog.open("catalog.sqlite"); }
 * catch (e) { if (e instanceof CatalogError && e.problem === "newer-schema") needsUpgrade = true; else throw e; }
 * ```
 */
export class CatalogError extends SeisprocError {
  readonly tag = "CatalogError";
  /** What kind of problem it is. */
  readonly problem: CatalogProblem;
  /** The catalog file (`":memory:"` for an in-memory catalog). */
  readonly location: string;

  constructor(problem: CatalogProblem, location: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${location}: ${detail}`, options);
    this.problem = problem;
    this.location = location;
  }
}
