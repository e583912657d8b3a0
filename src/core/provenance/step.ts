/**
 * The provenance record of one processing step, a plain JSON object: which processor (name, version) ran with
 * which parameters, on which dataset, producing which dataset, when, and the SHA-256 checksums of the input
 * dataset, the parameters (their canonical JSON) and the output dataset. It is stored with the output dataset
 * (`metadata.provenance`, after the input's own history) and can be handed to a project as it is.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CHECKSUM_ALGORITHM } from "./checksum";
import { ProvenanceError } from "./errors";

/** One processing step's record. Every field is plain JSON. */
export interface ProvenanceStep {
  /** UUID of the step. */
  id: string;
  /** The processor (`"chain"` for a chain of several steps, whose parameters list them). */
  processorName: string;
  processorVersion: string;
  /** The validated parameters, defaults filled in. */
  parameters: Record<string, unknown>;
  /** `metadata.datasetId` of the input and of the output. */
  inputDatasetId: string;
  outputDatasetId: string;
  /** When the step started (ISO 8601, UTC). */
  timestamp: string;
  /** How long it ran, ms. */
  durationMs: number;
  /** The output checksum again, under the name the seed's ProcessingStep uses. */
  checksum: string;
  /** SHA-256 checksums (hex): input and output datasets ({@link CHECKSUM_ALGORITHM}), canonical JSON of the parameters. */
  checksums: { algorithm: string; input: string; parameters: string; output: string };
  /** The software that ran it. */
  software: { name: string; version: string };
}

/**
 * This package's name and version (from package.json).
 *
 * @example
 * ```ts
 * softwareAgent(); // { name: "seisproc", version: "0.1.0" }
 * ```
 */
export function softwareAgent(): { name: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "..", "..", "package.json"), "utf8")) as { name?: unknown; version?: unknown };
    return { name: typeof pkg.name === "string" ? pkg.name : "seisproc", version: typeof pkg.version === "string" ? pkg.version : "unknown" };
  } catch {
    return { name: "seisproc", version: "unknown" };
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks that `value` is a provenance step record (e.g. read back from a file or a project) and returns it
 * typed; a ProvenanceError names the first bad field.
 *
 * @example
 * ```ts
 * const step = asProvenanceStep(JSON.parse(text));
 * ```
 */
export function asProvenanceStep(value: unknown): ProvenanceStep {
  const fail = (field: string, want: string): never => {
    throw new ProvenanceError(`not a provenance step: ${field} must be ${want}`, { step: typeof (value as { id?: unknown })?.id === "string" ? (value as { id: string }).id : undefined });
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("the record", "an object");
  const v = value as Record<string, unknown>;
  for (const field of ["id", "processorName", "processorVersion", "inputDatasetId", "outputDatasetId", "timestamp", "checksum"]) {
    if (typeof v[field] !== "string") fail(field, "a string");
  }
  if (typeof v.parameters !== "object" || v.parameters === null || Array.isArray(v.parameters)) fail("parameters", "an object");
  if (typeof v.durationMs !== "number") fail("durationMs", "a number");
  const c = v.checksums as Record<string, unknown> | undefined;
  if (typeof c !== "object" || c === null) return fail("checksums", "an object { algorithm, input, parameters, output }");
  for (const field of ["input", "parameters", "output"]) if (typeof c[field] !== "string" || !HEX64.test(c[field] as string)) fail(`checksums.${field}`, "64 lowercase hex digits");
  if (c.algorithm !== CHECKSUM_ALGORITHM) fail("checksums.algorithm", `"${CHECKSUM_ALGORITHM}" (the only algorithm this seisproc knows)`);
  const s = v.software as Record<string, unknown> | undefined;
  if (typeof s !== "object" || s === null || typeof s.name !== "string" || typeof s.version !== "string") fail("software", "an object { name, version }");
  return value as ProvenanceStep;
}
