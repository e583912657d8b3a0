/**
 * `ProvenanceTracker` (seed 2.2): the processing steps known to a session, the datasets they connect, and
 * what can be done with them: a dataset's history (the chain of steps that made it, oldest first), checksums,
 * reproducibility checks that re-run a step from its input, and exports as JSON, YAML and W3C PROV-JSON.
 * Steps reach the tracker from {@link processDataset} (pass the tracker as its `tracker` option), from a
 * registered dataset's metadata (its stored history), or from a project (`recordStep`).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { defaultLogger, type Logger } from "../util/logger";
import type { ProcessingChain } from "../processing/chain";
import type { ProcessorRegistry } from "../processing/registry";
import { canonicalSha256 } from "./canonical-json";
import { datasetChecksum, type DatasetChecksum } from "./checksum";
import { ProvenanceError } from "./errors";
import { provenanceToJson, provenanceToProvJson, provenanceToYaml, type ProvJsonDocument } from "./export";
import { asProvenanceStep, softwareAgent, type ProvenanceStep } from "./step";
import { verifyStep, type ReproducibilityReport } from "./verify";

/** Options of a {@link ProvenanceTracker}. */
export interface ProvenanceTrackerOptions {
  /** Processors for re-runs (default: the built-in ones). */
  registry?: ProcessorRegistry;
  /** Finds a dataset by id when it was not registered (e.g. through a project's dataset list). */
  resolve?: (datasetId: string) => Promise<LazySeismicData | undefined> | LazySeismicData | undefined;
  /** Where warnings go (default: the library's logger). */
  logger?: Logger;
}

/** Options of {@link ProvenanceTracker.verifyReproducibility}. */
export interface VerifyOptions {
  /** The step's input, when the tracker cannot find it by id. */
  input?: LazySeismicData;
  /** The step's stored output, when the tracker cannot find it by id. */
  output?: LazySeismicData;
  /** Bytes of output chunks assembled at a time during the re-run. */
  memoryBytes?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Tracks processing steps and the datasets they connect.
 *
 * @example
 * ```ts
 * const tracker = new ProvenanceTracker();
 * tracker.register(raw);
 * const { step } = await processDataset(raw, chain, outStore, { tracker });
 * tracker.register(await LazySeismicData.open(outStore));
 * const report = await tracker.verifyReproducibility(step);
 * tracker.exportYaml(step.outputDatasetId);
 * ```
 */
export class ProvenanceTracker {
  private readonly steps = new Map<string, ProvenanceStep>();
  private readonly datasets = new Map<string, LazySeismicData>();
  private readonly logger: Logger;

  constructor(private readonly options: ProvenanceTrackerOptions = {}) {
    this.logger = options.logger ?? defaultLogger();
  }

  /**
   * Makes a dataset known by its id, and its stored history (`metadata.provenance`) known as steps. Records
   * that are not provenance steps are skipped with a warning to the logger; the count of those is returned.
   */
  register(dataset: LazySeismicData): { skipped: number } {
    this.datasets.set(dataset.id, dataset);
    const stored = dataset.metadata.provenance;
    let skipped = 0;
    if (Array.isArray(stored)) {
      for (const [i, step] of stored.entries()) {
        try {
          this.recordStep(step as ProvenanceStep);
        } catch (error) {
          skipped++;
          this.logger.log("warn", "skipping a damaged provenance record", { dataset: dataset.id, index: i, reason: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return { skipped };
  }

  /** Adds a step record (checked: a ProvenanceError names a bad field); the same id again replaces it. */
  recordStep(step: ProvenanceStep): ProvenanceStep {
    const checked = asProvenanceStep(step);
    this.steps.set(checked.id, checked);
    return checked;
  }

  /**
   * Records processing done outside {@link processDataset} (the seed's `record_step`): builds the step record of
   * `chain` turning `input` into `output`, with the checksums of both datasets (computed here, streaming) and of
   * the parameters, and adds it. `verifyReproducibility` later tells whether processDataset reproduces it.
   */
  async recordProcessing(
    chain: ProcessingChain,
    input: LazySeismicData,
    output: LazySeismicData,
    options: { startedAt?: Date; durationMs?: number; signal?: AbortSignal } = {},
  ): Promise<ProvenanceStep> {
    const signature = chain.signature();
    const inputChecksum = await datasetChecksum(input, { signal: options.signal });
    const outputChecksum = await datasetChecksum(output, { signal: options.signal });
    this.datasets.set(input.id, input);
    this.datasets.set(output.id, output);
    return this.recordStep({
      id: randomUUID(),
      processorName: signature.processorName,
      processorVersion: signature.processorVersion,
      parameters: signature.parameters,
      inputDatasetId: input.id,
      outputDatasetId: output.id,
      timestamp: (options.startedAt ?? new Date()).toISOString(),
      durationMs: options.durationMs ?? 0,
      checksum: outputChecksum.digest,
      checksums: { algorithm: outputChecksum.algorithm, input: inputChecksum.digest, parameters: canonicalSha256(signature.parameters), output: outputChecksum.digest },
      software: softwareAgent(),
    });
  }

  /** The step with id `id`, or undefined. */
  getStep(id: string): ProvenanceStep | undefined {
    return this.steps.get(id);
  }

  /** Every known step, in the order they were recorded. */
  allSteps(): ProvenanceStep[] {
    return [...this.steps.values()];
  }

  /** The steps that made `datasetId`, oldest first (empty for a raw import or an unknown dataset). */
  getHistory(datasetId: string): ProvenanceStep[] {
    const byOutput = new Map<string, ProvenanceStep>();
    for (const step of this.steps.values()) byOutput.set(step.outputDatasetId, step);
    const history: ProvenanceStep[] = [];
    const seen = new Set<string>();
    for (let step = byOutput.get(datasetId); step !== undefined && !seen.has(step.id); step = byOutput.get(step.inputDatasetId)) {
      seen.add(step.id);
      history.push(step);
    }
    return history.reverse();
  }

  /** The dataset with id `id`: registered, or found through `resolve`; undefined when neither knows it. */
  async dataset(id: string): Promise<LazySeismicData | undefined> {
    const known = this.datasets.get(id);
    if (known !== undefined) return known;
    const found = await this.options.resolve?.(id);
    if (found !== undefined) this.datasets.set(found.id, found);
    return found;
  }

  /** A dataset's checksum (see the algorithm in `checksum.ts`); the digest is what step records hold. */
  async computeChecksum(data: LazySeismicData, options: { signal?: AbortSignal } = {}): Promise<DatasetChecksum> {
    return datasetChecksum(data, options);
  }

  /**
   * Re-runs `step` (a step record or the id of a known one) from its input and compares checksums with the
   * record: parameters, processor version, input, re-run output, stored output. The report says what failed
   * and where.
   */
  async verifyReproducibility(step: ProvenanceStep | string, options: VerifyOptions = {}): Promise<ReproducibilityReport> {
    const record = typeof step === "string" ? this.steps.get(step) : asProvenanceStep(step);
    if (record === undefined) throw new ProvenanceError("no such step is known to the tracker; record it or register the dataset it made", { step: step as string });
    const input = options.input ?? (await this.dataset(record.inputDatasetId));
    const output = options.output ?? (await this.dataset(record.outputDatasetId));
    return verifyStep(record, { input, output, registry: this.options.registry, memoryBytes: options.memoryBytes, signal: options.signal, onProgress: options.onProgress });
  }

  /** The history of `datasetId` (or every known step) as JSON. */
  exportJson(datasetId?: string): string {
    return provenanceToJson(this.selection(datasetId), datasetId);
  }

  /** The history of `datasetId` (or every known step) as YAML. */
  exportYaml(datasetId?: string): string {
    return provenanceToYaml(this.selection(datasetId), datasetId);
  }

  /** The history of `datasetId` (or every known step) as W3C PROV-JSON. */
  exportProvJson(datasetId?: string): ProvJsonDocument {
    return provenanceToProvJson(this.selection(datasetId));
  }

  private selection(datasetId: string | undefined): ProvenanceStep[] {
    return datasetId === undefined ? this.allSteps() : this.getHistory(datasetId);
  }
}
