/**
 * The table of processors by name: the built-in ones (gain, AGC, band-pass, mute, trace balancing, FK filter)
 * and any registered by the caller. A processing chain and a provenance record name processors; the registry
 * turns the names back into processors when a chain is loaded or re-run.
 *
 * @module
 */
import { agc } from "./agc";
import { bandpass } from "./bandpass";
import { ProcessingError } from "./errors";
import { fkFilter } from "./fk-filter";
import { gain } from "./gain";
import { mute } from "./mute";
import type { Processor } from "./processor";
import { traceBalance } from "./trace-balance";

/** A processor of any parameter type. */
export type AnyProcessor = Processor<object>;

/** The built-in processors. */
export const BUILTIN_PROCESSORS: readonly AnyProcessor[] = Object.freeze([gain, agc, bandpass, mute, traceBalance, fkFilter]);

/**
 * Processors by name.
 *
 * @example
 * ```ts
 * const registry = new ProcessorRegistry(); // the built-in processors
 * registry.register(myProcessor);
 * registry.require("agc").version; // "1.0.0"
 * ```
 */
export class ProcessorRegistry {
  private readonly byName = new Map<string, AnyProcessor>();

  constructor(processors: readonly AnyProcessor[] = BUILTIN_PROCESSORS) {
    for (const p of processors) this.register(p);
  }

  /** Adds a processor; a different processor under a name already taken is an error. */
  register(processor: AnyProcessor): this {
    const existing = this.byName.get(processor.name);
    if (existing !== undefined && existing !== processor) {
      throw new ProcessingError(`a processor named "${processor.name}" is already registered (version ${existing.version}); choose another name`);
    }
    this.byName.set(processor.name, processor);
    return this;
  }

  /** The processor named `name`, or undefined. */
  get(name: string): AnyProcessor | undefined {
    return this.byName.get(name);
  }

  /** The processor named `name`; a ProcessingError listing the known names when there is none. */
  require(name: string): AnyProcessor {
    const processor = this.byName.get(name);
    if (processor === undefined) throw new ProcessingError(`unknown processor "${name}"; known processors: ${this.names().join(", ")}`);
    return processor;
  }

  /** Names of the registered processors, in registration order. */
  names(): string[] {
    return [...this.byName.keys()];
  }
}

/**
 * The registry used when none is given: the built-in processors (add your own with `register`).
 *
 * @example
 * ```ts
 * DEFAULT_PROCESSORS.names(); // ["gain", "agc", "bandpass", "mute", "trace-balance", "fk-filter"]
 * ```
 */
export const DEFAULT_PROCESSORS = new ProcessorRegistry();
