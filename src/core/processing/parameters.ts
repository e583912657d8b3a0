/**
 * Typed processor parameters described as data: each parameter has a type (number, integer, choice, boolean),
 * a default, a range and a unit, so that a notebook form or a command line can be built from the description,
 * and {@link validateParameters} checks a plain object against it (unknown names, types, ranges) and fills in
 * the defaults. The result is what a processor runs with and what provenance records.
 *
 * @module
 */
import { ProcessingParameterError } from "./errors";

/** What every parameter description has. */
interface ParameterBase {
  /** One sentence for a person. */
  description: string;
}

/** A real number (finite), optionally bounded; `nullable` allows `null` (e.g. "derive it from the headers"). */
export interface NumberParameter extends ParameterBase {
  type: "number" | "integer";
  /** Unit for display ("ms", "Hz", "m/s", "dB"). */
  unit?: string;
  /** Used when the parameter is left out; without one the parameter is required. */
  default?: number | null;
  /** Smallest accepted value (inclusive unless `exclusiveMin`). */
  min?: number;
  /** True when `min` itself is not accepted. */
  exclusiveMin?: boolean;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** True when `null` is accepted. */
  nullable?: boolean;
}

/** One of a list of strings. */
export interface ChoiceParameter extends ParameterBase {
  type: "choice";
  choices: readonly string[];
  default?: string;
}

/** True or false. */
export interface BooleanParameter extends ParameterBase {
  type: "boolean";
  default?: boolean;
}

/** The description of one parameter. */
export type ParameterSpec = NumberParameter | ChoiceParameter | BooleanParameter;

/** The descriptions of all parameters of a processor whose parameters are `P`. */
export type ParameterSpecs<P> = { readonly [K in keyof P]-?: ParameterSpec };

/**
 * Checks `input` against `specs`: a plain object whose keys are all described, each value of the right type
 * and in range; missing parameters take their defaults (a missing parameter without a default is an error).
 * Returns a new object with the parameters in the order of `specs`. Throws a ProcessingParameterError naming
 * the processor and the parameter.
 *
 * @example
 * ```ts
 * const specs = { windowMs: { type: "number", unit: "ms", default: 500, min: 0, exclusiveMin: true, description: "window" } } as const;
 * validateParameters<{ windowMs: number }>("agc", specs, {}); // { windowMs: 500 }
 * validateParameters("agc", specs, { windowMs: -1 }); // throws: must be > 0
 * ```
 */
export function validateParameters<P extends object>(processor: string, specs: ParameterSpecs<P>, input: unknown): P {
  if (input === undefined || input === null) input = {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new ProcessingParameterError(processor, "(all)", `must be given as an object of named values, got ${describe(input)}`);
  }
  const given = input as Record<string, unknown>;
  const names = Object.keys(specs);
  const unknown = Object.keys(given).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    throw new ProcessingParameterError(processor, unknown[0], `is not a parameter of ${processor}; its parameters are ${names.join(", ") || "(none)"}`);
  }
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = (specs as Record<string, ParameterSpec>)[name];
    out[name] = checkValue(processor, name, spec, given[name]);
  }
  return out as P;
}

function checkValue(processor: string, name: string, spec: ParameterSpec, value: unknown): unknown {
  const fail = (detail: string): never => {
    throw new ProcessingParameterError(processor, name, detail);
  };
  if (value === undefined) {
    if (spec.default === undefined) fail(`is required (${spec.description})`);
    return spec.default;
  }
  switch (spec.type) {
    case "boolean":
      if (typeof value !== "boolean") fail(`must be true or false, got ${describe(value)}`);
      return value;
    case "choice":
      if (typeof value !== "string" || !spec.choices.includes(value)) fail(`must be one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}, got ${describe(value)}`);
      return value;
    case "number":
    case "integer": {
      if (value === null) {
        if (spec.nullable !== true) fail(`must be a number${spec.unit === undefined ? "" : ` (${spec.unit})`}, got null`);
        return null;
      }
      if (typeof value !== "number" || !Number.isFinite(value)) fail(`must be a finite number${spec.unit === undefined ? "" : ` (${spec.unit})`}, got ${describe(value)}`);
      const n = value as number;
      if (spec.type === "integer" && !Number.isInteger(n)) fail(`must be a whole number, got ${n}`);
      if (spec.min !== undefined && (spec.exclusiveMin === true ? !(n > spec.min) : !(n >= spec.min))) fail(`must be ${spec.exclusiveMin === true ? ">" : ">="} ${spec.min}, got ${n}`);
      if (spec.max !== undefined && !(n <= spec.max)) fail(`must be <= ${spec.max}, got ${n}`);
      // -0 and 0 are the same parameter; keep one form so that canonical JSON and checksums agree.
      return n === 0 ? 0 : n;
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : String(value);
}
