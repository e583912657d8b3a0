/**
 * The common processor interface: a processor has a name and a version, describes its parameters as data,
 * validates them, names the header columns it reads, and processes one gather in place. Output is
 * deterministic: the same samples, headers and parameters give the same bytes on every run (no randomness,
 * no threads, a fixed order of every sum; `Math.cos`, `Math.sin` and `Math.pow` are V8's software fdlibm ports).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { SampleArray } from "../segy/sample-formats";
import type { Gather } from "../store/lazy-seismic-data";
import { ProcessingError } from "./errors";
import { validateParameters, type ParameterSpecs } from "./parameters";

/**
 * One gather as processors see it: float32 samples trace after trace (processed in place), the time axis,
 * and the header columns the processors asked for, as float64 arrays.
 */
export interface ProcessingGather {
  /** Number of traces. */
  readonly traceCount: number;
  /** Samples per trace. */
  readonly samplesPerTrace: number;
  /** Sample interval in ms, or null when the dataset gives none. */
  readonly sampleIntervalMs: number | null;
  /** Time of the first sample, ms. */
  readonly firstSampleTimeMs: number;
  /** Samples, trace after trace (`traceCount × samplesPerTrace`); processors change them in place. */
  readonly samples: Float32Array;
  /** Header columns by name, one value per trace. */
  readonly headers: ReadonlyMap<string, Float64Array>;
  /** The gather's key, for messages. */
  readonly key?: number;
  /** The dataset's name, for messages. */
  readonly dataset?: string;
}

/**
 * A processor. `P` is the type of its validated parameters.
 *
 * @example
 * ```ts
 * const p: Processor<AgcParameters> = agc;
 * const params = p.validate({ windowMs: 250 });
 * p.apply(gather, params); // gather.samples are now gained
 * ```
 */
export interface Processor<P extends object = Record<string, unknown>> {
  /** Unique name, e.g. `"agc"`. */
  readonly name: string;
  /** Version of the algorithm; changes whenever the output for the same input and parameters changes. */
  readonly version: string;
  /** One sentence for a person. */
  readonly description: string;
  /** The parameters, described as data. */
  readonly parameters: ParameterSpecs<P>;
  /** Checks parameters, fills in defaults; throws a ProcessingParameterError. */
  validate(parameters: unknown): P;
  /** Header columns it reads with these parameters. */
  headers(parameters: P): readonly string[];
  /** Processes one gather in place. */
  apply(gather: ProcessingGather, parameters: P): void;
}

/** What {@link defineProcessor} needs. */
export interface ProcessorDefinition<P extends object> {
  name: string;
  version: string;
  description: string;
  parameters: ParameterSpecs<P>;
  /** Checks between parameters (e.g. f1 <= f2), after the per-parameter checks; throws a ProcessingParameterError. */
  check?(parameters: P): void;
  /** Header columns read (default none). */
  headers?(parameters: P): readonly string[];
  apply(gather: ProcessingGather, parameters: P): void;
}

/**
 * Builds a processor from its definition: `validate` checks each parameter against its description, then the
 * definition's own `check`.
 *
 * @example
 * ```ts
 * const invert = defineProcessor<{}>({ name: "invert", version: "1", description: "flips polarity", parameters: {},
 *   apply: (g) => { for (let i = 0; i < g.samples.length; i++) g.samples[i] = -g.samples[i]; } });
 * ```
 */
export function defineProcessor<P extends object>(definition: ProcessorDefinition<P>): Processor<P> {
  const { name, version, description, parameters, check, headers, apply } = definition;
  return Object.freeze({
    name,
    version,
    description,
    parameters,
    validate(input: unknown): P {
      const p = validateParameters<P>(name, parameters, input);
      check?.(p);
      return p;
    },
    headers: (p: P) => headers?.(p) ?? [],
    apply,
  });
}

/**
 * The sample interval in ms, or a ProcessingError when the dataset has none.
 *
 * @example
 * ```ts
 * const dt = requireInterval(gather, "agc"); // 2 for a 2 ms dataset
 * ```
 */
export function requireInterval(gather: ProcessingGather, processor: string): number {
  if (gather.sampleIntervalMs === null || !(gather.sampleIntervalMs > 0)) {
    throw new ProcessingError("needs the sample interval, and this dataset gives none; re-import it with the interval set", { dataset: gather.dataset, processor, gather: gather.key });
  }
  return gather.sampleIntervalMs;
}

/**
 * A header column of the gather, or a ProcessingError naming it when the dataset lacks it.
 *
 * @example
 * ```ts
 * const offsets = requireHeader(gather, "offset", "mute");
 * ```
 */
export function requireHeader(gather: ProcessingGather, name: string, processor: string): Float64Array {
  const column = gather.headers.get(name);
  if (column === undefined) {
    throw new ProcessingError(`needs the ${name} trace header, which this dataset lacks; import it with a header map that has ${name}`, { dataset: gather.dataset, processor, gather: gather.key });
  }
  return column;
}

/** Time axis and name of a dataset, as {@link toProcessingGather} needs them. */
export interface GatherContext {
  samplesPerTrace: number;
  sampleIntervalUs: number | null;
  firstSampleTimeMs: number;
  name?: string;
}

/**
 * A store gather (samples of any type, headers as an Arrow table) as a {@link ProcessingGather}: samples are
 * copied into a new Float32Array (float32 samples are used as they are with `copy: false`, so processing then
 * changes the gather's own array), header columns into float64 arrays.
 *
 * @example
 * ```ts
 * const g = toProcessingGather(await data.getGather(7, { columns: ["offset"] }), { ...data.metadata, firstSampleTimeMs: data.metadata.source.firstSampleTimeMs });
 * ```
 */
export function toProcessingGather(gather: Gather, context: GatherContext, options: { copy?: boolean } = {}): ProcessingGather {
  const samples = options.copy === false && gather.samples instanceof Float32Array ? gather.samples : toFloat32Samples(gather.samples);
  return {
    traceCount: gather.traceIndices.length,
    samplesPerTrace: context.samplesPerTrace,
    sampleIntervalMs: context.sampleIntervalUs === null ? null : context.sampleIntervalUs / 1000,
    firstSampleTimeMs: context.firstSampleTimeMs,
    samples,
    headers: headerArrays(gather.headers),
    key: gather.key,
    dataset: context.name,
  };
}

/**
 * Samples of any stored type as a new Float32Array (64-bit integers through Number, then rounded to float32).
 *
 * @example
 * ```ts
 * toFloat32Samples(Int16Array.of(1, -2)); // Float32Array [1, -2]
 * ```
 */
export function toFloat32Samples(samples: SampleArray): Float32Array {
  if (samples instanceof BigInt64Array || samples instanceof BigUint64Array) {
    const out = new Float32Array(samples.length);
    for (let i = 0; i < out.length; i++) out[i] = Number(samples[i]);
    return out;
  }
  return Float32Array.from(samples);
}

/** Every column of an Arrow table as a float64 array. */
function headerArrays(table: Table): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name);
    if (column === null) continue;
    const values = new Float64Array(column.length);
    for (let i = 0; i < values.length; i++) values[i] = Number(column.get(i) ?? Number.NaN);
    out.set(field.name, values);
  }
  return out;
}
