/**
 * A processing chain: processors with validated parameters, applied one after the other to a gather in place.
 * A chain is plain data when saved ({@link ChainJson}: each step's processor name, version and parameters) and
 * has a provenance signature: a one-step chain is recorded as its processor, a longer one as the processor
 * `"chain"` whose parameters list the steps.
 *
 * @module
 */
import { SeisprocError } from "../errors";
import type { Gather } from "../store/lazy-seismic-data";
import { ProcessingError, ProcessingParameterError } from "./errors";
import { toProcessingGather, type GatherContext, type ProcessingGather } from "./processor";
import { DEFAULT_PROCESSORS, type AnyProcessor, type ProcessorRegistry } from "./registry";

/** A step as given by a caller: a processor's name and its parameters (defaults fill the rest). */
export interface ChainStepInput {
  processor: string;
  parameters?: Record<string, unknown>;
  /** The processor version this step was made with; checked when given (see {@link ChainLoadOptions}). */
  version?: string;
}

/** A step of a chain: the processor and its validated parameters. */
export interface ChainStep {
  readonly processor: AnyProcessor;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** A chain as plain data. */
export interface ChainJson {
  steps: Array<{ processor: string; version: string; parameters: Record<string, unknown> }>;
}

/** How a chain records itself in provenance. */
export interface ChainSignature {
  processorName: string;
  processorVersion: string;
  parameters: Record<string, unknown>;
}

/** Options when building a chain from saved steps. */
export interface ChainLoadOptions {
  /** Where processor names are looked up (default: the built-in processors). */
  registry?: ProcessorRegistry;
  /** When true (the default), a step whose recorded version differs from the installed processor's is an error. */
  strictVersions?: boolean;
}

/** The name and version under which a chain of several steps is recorded. */
export const CHAIN_PROCESSOR = { name: "chain", version: "1" } as const;

/**
 * An immutable list of processing steps.
 *
 * @example
 * ```ts
 * const chain = new ProcessingChain([
 *   { processor: "bandpass", parameters: { f1: 5, f2: 10, f3: 40, f4: 60 } },
 *   { processor: "agc", parameters: { windowMs: 250 } },
 * ]);
 * const samples = chain.processGather(await data.getGather(1, { columns: chain.headers() }), data);
 * ```
 */
export class ProcessingChain {
  /** The steps, in order. */
  readonly steps: readonly ChainStep[];
  private readonly registry: ProcessorRegistry;

  constructor(
    steps: readonly ChainStepInput[] = [],
    options: ChainLoadOptions = {},
  ) {
    const registry = options.registry ?? DEFAULT_PROCESSORS;
    const strict = options.strictVersions ?? true;
    this.registry = registry;
    if (!Array.isArray(steps)) throw new ProcessingParameterError(CHAIN_PROCESSOR.name, "steps", "must be an array of { processor, parameters } steps");
    this.steps = Object.freeze(
      steps.map((step, i) => {
        if (typeof step !== "object" || step === null || typeof step.processor !== "string") {
          throw new ProcessingParameterError(CHAIN_PROCESSOR.name, `steps.${i}`, "must be an object { processor: name, parameters }");
        }
        const processor = registry.require(step.processor);
        if (strict && step.version !== undefined && step.version !== processor.version) {
          throw new ProcessingError(
            `step ${i} was made with ${processor.name} version ${step.version}, but version ${processor.version} is installed; its output may differ (load with strictVersions: false to run it anyway)`,
            { processor: processor.name },
          );
        }
        let parameters: Record<string, unknown>;
        try {
          parameters = processor.validate(step.parameters ?? {}) as Record<string, unknown>;
        } catch (error) {
          if (error instanceof ProcessingParameterError) throw new ProcessingParameterError(error.processor, `steps.${i}.${error.parameter}`, error.detail, { cause: error });
          throw error;
        }
        return Object.freeze({ processor, parameters: Object.freeze(parameters) });
      }),
    );
  }

  /** A chain from its plain-data form. */
  static fromJSON(json: ChainJson, options: ChainLoadOptions = {}): ProcessingChain {
    if (typeof json !== "object" || json === null || !Array.isArray(json.steps)) {
      throw new ProcessingParameterError(CHAIN_PROCESSOR.name, "steps", "a saved chain is an object { steps: [{ processor, version, parameters }] }");
    }
    return new ProcessingChain(json.steps, options);
  }

  /** The chain a provenance record names (the inverse of {@link ProcessingChain.signature}). */
  static fromSignature(signature: ChainSignature, options: ChainLoadOptions = {}): ProcessingChain {
    if (signature.processorName === CHAIN_PROCESSOR.name) {
      if (signature.processorVersion !== CHAIN_PROCESSOR.version) {
        throw new ProcessingError(`chain record format ${signature.processorVersion} is not known (this seisproc writes ${CHAIN_PROCESSOR.version})`);
      }
      return ProcessingChain.fromJSON(signature.parameters as unknown as ChainJson, options);
    }
    return new ProcessingChain([{ processor: signature.processorName, version: signature.processorVersion, parameters: signature.parameters }], options);
  }

  /** A new chain with one more step at the end. */
  with(processor: string, parameters: Record<string, unknown> = {}): ProcessingChain {
    return new ProcessingChain([...this.toJSON().steps, { processor, parameters }], { registry: this.registry });
  }

  /** Number of steps. */
  get length(): number {
    return this.steps.length;
  }

  /** Header columns the steps read, each once, in order of first use. */
  headers(): string[] {
    const names: string[] = [];
    for (const { processor, parameters } of this.steps) for (const h of processor.headers(parameters)) if (!names.includes(h)) names.push(h);
    return names;
  }

  /** Runs every step on `gather` in place; a step that fails unexpectedly gives a ProcessingError naming it. */
  apply(gather: ProcessingGather): void {
    for (const { processor, parameters } of this.steps) {
      try {
        processor.apply(gather, parameters);
      } catch (error) {
        if (error instanceof SeisprocError) throw error;
        const why = error instanceof Error ? error.message : String(error);
        throw new ProcessingError(`failed: ${why}`, { dataset: gather.dataset, processor: processor.name, gather: gather.key }, { cause: error });
      }
    }
  }

  /**
   * Processes a store gather (read with `columns: chain.headers()`) and returns the processed float32
   * samples; `context` gives the time axis (a LazySeismicData's metadata will do).
   */
  processGather(gather: Gather, context: GatherContext | { metadata: { samplesPerTrace: number; sampleIntervalUs: number | null; source: { firstSampleTimeMs: number } }; name?: string }): Float32Array {
    const axis: GatherContext =
      "metadata" in context
        ? { samplesPerTrace: context.metadata.samplesPerTrace, sampleIntervalUs: context.metadata.sampleIntervalUs, firstSampleTimeMs: context.metadata.source.firstSampleTimeMs, name: context.name }
        : context;
    const g = toProcessingGather(gather, axis);
    this.apply(g);
    return g.samples;
  }

  /** The plain-data form: each step's processor, version and parameters (defaults filled in). */
  toJSON(): ChainJson {
    return { steps: this.steps.map(({ processor, parameters }) => ({ processor: processor.name, version: processor.version, parameters: { ...parameters } })) };
  }

  /** How provenance records this chain: a one-step chain as its processor, a longer one as `"chain"`. */
  signature(): ChainSignature {
    if (this.steps.length === 1) {
      const [{ processor, parameters }] = this.steps;
      return { processorName: processor.name, processorVersion: processor.version, parameters: { ...parameters } };
    }
    return { processorName: CHAIN_PROCESSOR.name, processorVersion: CHAIN_PROCESSOR.version, parameters: this.toJSON() as unknown as Record<string, unknown> };
  }

  /** One line per step for display, e.g. `agc(windowMs=250, target=1)`. */
  describe(): string[] {
    return this.steps.map(({ processor, parameters }) => `${processor.name}(${Object.entries(parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")})`);
  }
}
