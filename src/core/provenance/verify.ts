/**
 * Checking that a processing step reproduces: the record's parameters still have their checksum, the
 * processor is installed in the recorded version, the input still has its recorded checksum, re-running the
 * step from the input gives the recorded output checksum, and the stored output (when at hand) still has it.
 * Each check is reported with what was expected and found; a damaged output is located block by block (store
 * key and trace range).
 *
 * @module
 */
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { zarrFormatOf } from "../store/layout";
import { ProcessingChain } from "../processing/chain";
import { processedChecksums } from "../processing/processed-checksums";
import type { ProcessorRegistry } from "../processing/registry";
import { canonicalSha256 } from "./canonical-json";
import { checksumDifferences, datasetChecksum, type ChecksumDifference, type DatasetChecksum } from "./checksum";
import type { ProvenanceStep } from "./step";

/** The checks of a reproducibility report, in the order they run. */
export type ReproducibilityCheckName = "parameters" | "processor" | "input" | "rerun" | "output";

/** One check's outcome: `ok` true or false, or null when it could not be made (said in `detail`). */
export interface ReproducibilityCheck {
  name: ReproducibilityCheckName;
  ok: boolean | null;
  detail: string;
  expected?: string;
  actual?: string;
}

/** What {@link verifyStep} found. */
export interface ReproducibilityReport {
  /** True when every check that could be made passed, and the re-run was made. */
  ok: boolean;
  stepId: string;
  checks: ReproducibilityCheck[];
  /** Where the stored output differs from the re-run (empty when it does not, or was not at hand). */
  differences: ChecksumDifference[];
  /** The checksums of the re-run, when it ran. */
  rerun?: { input: DatasetChecksum; output: DatasetChecksum };
  /** The report for a person, one line per check. */
  summary: string;
}

/** What {@link verifyStep} needs besides the step. */
export interface VerifyContext {
  /** The step's input dataset, or undefined when it cannot be found. */
  input: LazySeismicData | undefined;
  /** The step's stored output, or undefined when it is not at hand (then only the re-run is compared). */
  output: LazySeismicData | undefined;
  registry?: ProcessorRegistry;
  memoryBytes?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Verifies one step (see the module description). Never throws for what it finds; only an abort or a failure
 * of the machine itself escapes.
 *
 * @example
 * ```ts
 * const report = await verifyStep(step, { input, output });
 * if (!report.ok) throw new Error(report.summary);
 * ```
 */
export async function verifyStep(step: ProvenanceStep, context: VerifyContext): Promise<ReproducibilityReport> {
  const checks: ReproducibilityCheck[] = [];
  const add = (check: ReproducibilityCheck): void => void checks.push(check);
  let differences: ChecksumDifference[] = [];
  let rerun: { input: DatasetChecksum; output: DatasetChecksum } | undefined;

  const parameters = safely(() => canonicalSha256(step.parameters));
  add(
    parameters.value === step.checksums.parameters
      ? { name: "parameters", ok: true, detail: "the recorded parameters have their recorded checksum" }
      : { name: "parameters", ok: false, detail: `the recorded parameters do not have their recorded checksum${parameters.error === undefined ? "" : ` (${parameters.error})`}: the record was edited`, expected: step.checksums.parameters, actual: parameters.value },
  );

  const chain = safely(() => ProcessingChain.fromSignature(step, { registry: context.registry, strictVersions: true }));
  add(
    chain.value !== undefined
      ? { name: "processor", ok: true, detail: `installed as recorded: ${chain.value.steps.map((s) => `${s.processor.name} ${s.processor.version}`).join(", ")}` }
      : { name: "processor", ok: false, detail: `cannot rebuild the step: ${chain.error}` },
  );

  if (context.input === undefined) {
    add({ name: "input", ok: null, detail: `input dataset ${step.inputDatasetId} is not at hand (register or resolve it), so the step cannot be re-run` });
  } else if (chain.value !== undefined) {
    try {
      rerun = await processedChecksums(context.input, chain.value, { memoryBytes: context.memoryBytes, signal: context.signal, onProgress: context.onProgress });
    } catch (error) {
      if (context.signal?.aborted === true) throw error;
      add({ name: "input", ok: false, detail: `the input cannot be re-processed: ${messageOf(error)}` });
    }
  }
  if (rerun !== undefined) {
    add(
      rerun.input.digest === step.checksums.input
        ? { name: "input", ok: true, detail: `input dataset ${step.inputDatasetId} has its recorded checksum` }
        : { name: "input", ok: false, detail: `input dataset ${step.inputDatasetId} changed since the step ran`, expected: step.checksums.input, actual: rerun.input.digest },
    );
    add(
      rerun.output.digest === step.checksums.output
        ? { name: "rerun", ok: true, detail: "re-running the step reproduces the recorded output checksum" }
        : { name: "rerun", ok: false, detail: "re-running the step gives another output than recorded", expected: step.checksums.output, actual: rerun.output.digest },
    );
  } else {
    add({ name: "rerun", ok: null, detail: "the step was not re-run (see above)" });
  }

  if (context.output === undefined) {
    add({ name: "output", ok: null, detail: `output dataset ${step.outputDatasetId} is not at hand; only the re-run was compared with the record` });
  } else {
    let stored: DatasetChecksum | undefined;
    try {
      stored = await datasetChecksum(context.output, { tolerant: true, signal: context.signal });
    } catch (error) {
      if (context.signal?.aborted === true) throw error;
      add({ name: "output", ok: false, detail: `the stored output cannot be read: ${messageOf(error)}` });
    }
    if (stored !== undefined) {
      if (stored.digest === step.checksums.output) {
        add({ name: "output", ok: true, detail: `stored output ${step.outputDatasetId} has the recorded checksum` });
      } else {
        if (rerun !== undefined) differences = checksumDifferences(rerun.output, stored, zarrFormatOf(context.output.metadata.importOptions));
        const where = differences.length === 0 ? "" : `: ${describeDifferences(differences)}`;
        add({ name: "output", ok: false, detail: `stored output ${step.outputDatasetId} differs from the record${where}`, expected: step.checksums.output, actual: stored.digest });
      }
    }
  }

  const ok = rerun !== undefined && checks.every((c) => c.ok !== false);
  const title = `step ${step.id} (${step.processorName} ${step.processorVersion}, ${step.inputDatasetId} -> ${step.outputDatasetId}): ${ok ? "reproducible" : "NOT verified"}`;
  const lines = checks.map((c) => {
    const mark = c.ok === true ? "ok    " : c.ok === false ? "FAILED" : "n/a   ";
    const values = c.ok === false && c.expected !== undefined ? ` (expected ${c.expected}, found ${c.actual ?? "nothing"})` : "";
    return `  ${mark} ${c.name}: ${c.detail}${values}`;
  });
  return { ok, stepId: step.id, checks, differences, rerun, summary: [title, ...lines].join("\n") };
}

/** "/traces/3.0 (traces 96..127) samples differ; ..." — the first few differences. */
function describeDifferences(differences: ChecksumDifference[]): string {
  const shown = differences.slice(0, 5).map((d) => `${d.key} (traces ${d.firstTrace}..${d.lastTrace}) ${d.part} ${d.actual.startsWith("unreadable") ? `unreadable (${d.actual.slice(12)})` : "differ"}`);
  const more = differences.length > shown.length ? `; and ${differences.length - shown.length} more` : "";
  return `${shown.join("; ")}${more}`;
}

function safely<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
