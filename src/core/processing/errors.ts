/**
 * Errors of the processing library: parameters a processor cannot use ({@link ProcessingParameterError}) and
 * processing that cannot go on ({@link ProcessingError}: a dataset without the headers or sample interval a
 * processor needs, an output store that holds something else, a gather that cannot be read).
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * A processor parameter that cannot be used: unknown, of the wrong type, out of range, or inconsistent with
 * another. The message names the processor and the parameter and says what is accepted.
 *
 * @example
 * ```ts
 * throw new ProcessingParameterError("bandpass", "f2", "must be >= f1 (10), got 5");
 * ```
 */
export class ProcessingParameterError extends SeisprocError {
  readonly tag = "ProcessingParameterError";
  /** The processor's name. */
  readonly processor: string;
  /** The parameter's name (dotted for a nested one, e.g. `"steps.1.windowMs"`). */
  readonly parameter: string;
  /** What is wrong with it, without the processor and parameter names. */
  readonly detail: string;

  constructor(processor: string, parameter: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${processor}: parameter ${parameter} ${detail}`, options);
    this.processor = processor;
    this.parameter = parameter;
    this.detail = detail;
  }
}

/**
 * Processing that cannot go on: what failed, on which dataset (and gather, when there is one), what to do.
 *
 * @example
 * ```ts
 * throw new ProcessingError("mute needs the offset header, which this dataset lacks", { dataset: "line.seis", processor: "mute" });
 * ```
 */
export class ProcessingError extends SeisprocError {
  readonly tag = "ProcessingError";
  /** The dataset being processed (a name or id), when known. */
  readonly dataset: string | undefined;
  /** The processor that failed, when one did. */
  readonly processor: string | undefined;
  /** The key of the gather being processed, when one was. */
  readonly gather: number | undefined;

  constructor(detail: string, where: { dataset?: string; processor?: string; gather?: number } = {}, options: SeisprocErrorOptions = {}) {
    const parts = [where.dataset, where.processor, where.gather === undefined ? undefined : `gather ${where.gather}`].filter((p) => p !== undefined);
    super(parts.length === 0 ? detail : `${parts.join(", ")}: ${detail}`, options);
    this.dataset = where.dataset;
    this.processor = where.processor;
    this.gather = where.gather;
  }
}
