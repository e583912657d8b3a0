/**
 * Replaying a processing history: starting from the raw import, every recorded step is rebuilt from its
 * record (processor, version, parameters) and run again into a fresh store, each on the previous replayed
 * output. A history reproduces when every replayed step has the recorded input and output checksums, i.e.
 * every output comes back bit for bit (the dataset ids are new, as for any new dataset).
 *
 * @module
 */
import type { MutableStore } from "../storage/types";
import { LazySeismicData } from "../store/lazy-seismic-data";
import { ProcessingChain } from "../processing/chain";
import { processDataset } from "../processing/process-dataset";
import type { ProcessorRegistry } from "../processing/registry";
import { ProvenanceError } from "./errors";
import type { ProvenanceStep } from "./step";

/** One replayed step. */
export interface ReplayedStep {
  /** The step as recorded. */
  recorded: ProvenanceStep;
  /** The step as it ran again. */
  replayed: ProvenanceStep;
  /** The replayed output. */
  data: LazySeismicData;
  /** True when input and output checksums are the recorded ones. */
  identical: boolean;
}

/** What {@link replayHistory} did. */
export interface ReplayReport {
  /** True when every step reproduced bit for bit. */
  ok: boolean;
  steps: ReplayedStep[];
}

/** Options of {@link replayHistory}. */
export interface ReplayOptions {
  registry?: ProcessorRegistry;
  /** Receives every replayed step's record. */
  tracker?: { recordStep(step: ProvenanceStep): unknown };
  memoryBytes?: number;
  signal?: AbortSignal;
}

/**
 * Replays `history` (oldest first, each step's input the previous step's output) from `raw`, writing step i's
 * output into `storeFor(step, i)` (an empty store, or one a previous replay wrote).
 *
 * @example
 * ```ts
 * const history = tracker.getHistory(final.id);
 * const report = await replayHistory(history, raw, (step, i) => new FileSystemStore(`replay-${i}.seis`));
 * report.ok; // every output reproduced bit for bit
 * ```
 */
export async function replayHistory(
  history: readonly ProvenanceStep[],
  raw: LazySeismicData,
  storeFor: (step: ProvenanceStep, index: number) => MutableStore | Promise<MutableStore>,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  history.forEach((step, i) => {
    if (i > 0 && step.inputDatasetId !== history[i - 1].outputDatasetId) {
      throw new ProvenanceError(`is not a history: its input ${step.inputDatasetId} is not the output ${history[i - 1].outputDatasetId} of the step before it; pass the steps oldest first (ProvenanceTracker.getHistory)`, { step: step.id });
    }
  });
  const steps: ReplayedStep[] = [];
  let current = raw;
  for (const [i, recorded] of history.entries()) {
    const chain = ProcessingChain.fromSignature(recorded, { registry: options.registry, strictVersions: true });
    const store = await storeFor(recorded, i);
    const { step: replayed } = await processDataset(current, chain, store, { overwrite: true, memoryBytes: options.memoryBytes, signal: options.signal, tracker: options.tracker, name: `replay of step ${recorded.id}` });
    current = await LazySeismicData.open(store, `replay of step ${recorded.id}`);
    const identical = replayed.checksums.input === recorded.checksums.input && replayed.checksums.output === recorded.checksums.output && replayed.checksums.parameters === recorded.checksums.parameters;
    steps.push({ recorded, replayed, data: current, identical });
  }
  return { ok: steps.every((s) => s.identical), steps };
}
