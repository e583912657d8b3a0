/**
 * Errors of provenance tracking: a step or dataset that cannot be found, a record that is not a provenance
 * step, a value that has no canonical JSON form.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * Provenance work that cannot go on: what, which step or dataset, what to do.
 *
 * @example
 * ```ts
 * throw new ProvenanceError("the input dataset of this step is not known to the tracker; register it first", { step: step.id, dataset: step.inputDatasetId });
 * ```
 */
export class ProvenanceError extends SeisprocError {
  readonly tag = "ProvenanceError";
  /** The step concerned, when there is one. */
  readonly step: string | undefined;
  /** The dataset concerned, when there is one. */
  readonly dataset: string | undefined;

  constructor(detail: string, where: { step?: string; dataset?: string } = {}, options: SeisprocErrorOptions = {}) {
    const parts = [where.step === undefined ? undefined : `step ${where.step}`, where.dataset === undefined ? undefined : `dataset ${where.dataset}`].filter((p) => p !== undefined);
    super(parts.length === 0 ? detail : `${parts.join(", ")}: ${detail}`, options);
    this.step = where.step;
    this.dataset = where.dataset;
  }
}
