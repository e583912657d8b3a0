/**
 * Processing a whole dataset into a new one. The input is only read; the output is a new trace store with its
 * own dataset id: the processed samples (float32, the input's chunking and compression), and the input's raw
 * trace headers, header parts, time axis, gather index and file headers copied verbatim. Gathers stream through
 * the chain with bounded memory ({@link runChain}). The output's metadata records the provenance: the input's
 * history plus this step, with SHA-256 checksums of input, parameters and output. `seisproc/COMPLETE` is
 * written last, so a run that stops half-way never looks complete; the next run with `overwrite` (or into a
 * store holding only such a leftover) starts again.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { defaultLogger, type Logger } from "../util/logger";
import { readJson, writeJson } from "../storage/json";
import type { MutableStore, StoreKey } from "../storage/types";
import { ChunkCodec } from "../store/compression";
import { chunkKey, STORE_KEYS, zarrFormatOf } from "../store/layout";
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { derivedArraySpec, writeDerivedGroup } from "../store/store-derived";
import type { StoreMetadata } from "../store/store-metadata";
import { writeZarrArray } from "../store/zarr-v3";
import { canonicalSha256 } from "../provenance/canonical-json";
import { blockRows, checksumLayout, combineBlockDigests, datasetChecksum, sha256Hex, type DatasetChecksum } from "../provenance/checksum";
import { softwareAgent, type ProvenanceStep } from "../provenance/step";
import type { ProcessingChain } from "./chain";
import { copyUnprocessedParts, storeOf } from "./dataset-copy";
import { ProcessingError } from "./errors";
import { OrderedBlockHasher, runChain } from "./run-chain";

/** Marks a store that a processing run is writing; deleted after `COMPLETE`. */
export const PROCESSING_MARKER: StoreKey = "/seisproc/processing.json";

/** Progress of {@link processDataset}. */
export interface ProcessDatasetProgress {
  /** `copy`: the parts copied verbatim; `gathers`: gathers processed; `checksum`: the input hashed in a pass of its own (only for gathers out of file order). */
  phase: "copy" | "gathers" | "checksum";
  done: number;
  total: number;
}

/** Options of {@link processDataset}. */
export interface ProcessDatasetOptions {
  /** Replace a complete dataset in the output store (never the input itself). */
  overwrite?: boolean;
  /** Receives the step's provenance record once the output is complete (e.g. a ProvenanceTracker). */
  tracker?: { recordStep(step: ProvenanceStep): unknown };
  /** Bytes of output chunks assembled at a time (default 256 MiB). */
  memoryBytes?: number;
  /** A name of the output for messages (default "output"). */
  name?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ProcessDatasetProgress) => void;
  logger?: Logger;
}

/** What {@link processDataset} did. */
export interface ProcessDatasetReport {
  /** The output's dataset id (`metadata.datasetId`). */
  datasetId: string;
  /** The provenance record of this step (also the last entry of the output's `metadata.provenance`). */
  step: ProvenanceStep;
  inputChecksum: DatasetChecksum;
  outputChecksum: DatasetChecksum;
  gathers: number;
  traces: number;
  /** Passes over the gathers (1 unless gathers are spread over the file). */
  passes: number;
  /** Bytes of processed samples (float32, before compression) and of stored sample chunks. */
  sampleBytes: number;
  storedBytes: number;
}

/** Sample chunks encoded and written at the same time. */
const WRITES_IN_FLIGHT = 4;

/**
 * Processes every gather of `input` with `chain` into a new dataset in `outputStore`.
 *
 * @example
 * ```ts
 * const input = await LazySeismicData.open(new FileSystemStore("raw.seis"));
 * const chain = new ProcessingChain([{ processor: "bandpass", parameters: { f1: 5, f2: 10, f3: 40, f4: 60 } }, { processor: "agc" }]);
 * const report = await processDataset(input, chain, new FileSystemStore("filtered.seis"));
 * report.step.checksums.output; // SHA-256 of the processed samples and headers
 * ```
 */
export async function processDataset(input: LazySeismicData, chain: ProcessingChain, outputStore: MutableStore, options: ProcessDatasetOptions = {}): Promise<ProcessDatasetReport> {
  const started = new Date();
  const t0 = performance.now();
  const name = options.name ?? "output";
  const logger = options.logger ?? defaultLogger();
  const { signal } = options;
  await prepareOutput(input, outputStore, name, options.overwrite === true);

  const datasetId = randomUUID();
  const inputMeta = input.metadata;
  const layout: StoreMetadata = { ...inputMeta, dtype: "float32", datasetId, createdAt: started.toISOString(), provenance: [...provenanceOf(inputMeta)] };
  const signature = chain.signature();
  await writeJson(outputStore, PROCESSING_MARKER, { startedAt: started.toISOString(), inputDatasetId: input.id, datasetId, processorName: signature.processorName });
  // The output keeps the input's Zarr format, and the group attributes users added to the input.
  const zarrFormat = zarrFormatOf(inputMeta.importOptions);
  const attrsKey = zarrFormat === 3 ? STORE_KEYS.zarrJson : STORE_KEYS.groupAttrs;
  const groupAttrs = await storeOf(input).get(attrsKey);
  if (groupAttrs !== undefined) await outputStore.set(attrsKey, groupAttrs);
  await writeDerivedGroup(outputStore, layout, false);
  await writeZarrArray(outputStore, STORE_KEYS.traces, derivedArraySpec(layout, "traces"), zarrFormat);
  logger.log("info", "processing", { input: input.name, output: name, steps: chain.describe(), gathers: input.gatherCount, traces: input.traceCount });

  const headerDigests = await copyUnprocessedParts(input, outputStore, { signal, onProgress: (done, total) => options.onProgress?.({ phase: "copy", done, total }) });

  const outLayout = checksumLayout(layout);
  const inLayout = checksumLayout(inputMeta);
  const sampleDigests = new Array<string>(Math.ceil(layout.traceCount / layout.chunkTraces));
  const codec = await ChunkCodec.create(inputMeta.importOptions.compression, 4, zarrFormat);
  const inputHasher = new OrderedBlockHasher(inLayout);
  let storedBytes = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const run = await runChain(
    input,
    chain,
    {
      async write(chunk, samples) {
        const rows = blockRows(outLayout, chunk);
        sampleDigests[chunk] = sha256Hex(samples.subarray(0, rows * layout.samplesPerTrace));
        const job = codec
          .encode(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength))
          .then(async (bytes) => {
            storedBytes += bytes.length;
            await outputStore.set(chunkKey(STORE_KEYS.traces, chunk, zarrFormat), bytes);
          })
          .catch((error: unknown) => {
            failure ??= error;
          });
        inFlight.add(job);
        void job.finally(() => inFlight.delete(job));
        if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
        if (failure !== undefined) throw failure;
      },
    },
    {
      memoryBytes: options.memoryBytes,
      signal,
      onInputGather: (gather) => inputHasher.push(gather.traceIndices, gather.samples),
      onProgress: (done, total) => options.onProgress?.({ phase: "gathers", done, total }),
    },
  ).finally(() => Promise.all(inFlight));
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;

  let inputSamples = inputHasher.digests();
  if (inputSamples === undefined) {
    // Gathers out of file order: hash the input in a pass of its own.
    const whole = await datasetChecksum(input, { signal, onProgress: (done, total) => options.onProgress?.({ phase: "checksum", done, total }) });
    inputSamples = whole.blocks.map((b) => b.samples);
  }
  const inputChecksum = combineBlockDigests(inLayout, inputSamples.map((samples, b) => ({ samples, headers: headerDigests[b] })));
  const outputChecksum = combineBlockDigests(outLayout, sampleDigests.map((samples, b) => ({ samples, headers: headerDigests[b] })));
  const step: ProvenanceStep = {
    id: randomUUID(),
    processorName: signature.processorName,
    processorVersion: signature.processorVersion,
    parameters: signature.parameters,
    inputDatasetId: input.id,
    outputDatasetId: datasetId,
    timestamp: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    checksum: outputChecksum.digest,
    checksums: { algorithm: outputChecksum.algorithm, input: inputChecksum.digest, parameters: canonicalSha256(signature.parameters), output: outputChecksum.digest },
    software: softwareAgent(),
  };
  const metadata: StoreMetadata = { ...layout, provenance: [...layout.provenance, step] };
  await writeJson(outputStore, STORE_KEYS.metadata, metadata);
  await writeDerivedGroup(outputStore, metadata, true);
  await writeJson(outputStore, STORE_KEYS.complete, { completedAt: new Date().toISOString(), traceCount: metadata.traceCount, sha256: metadata.source.sha256, datasetId, outputChecksum: outputChecksum.digest });
  await outputStore.delete(PROCESSING_MARKER);
  logger.log("info", "processed", { output: name, datasetId, passes: run.passes, ms: step.durationMs });
  options.tracker?.recordStep(step);
  return {
    datasetId,
    step,
    inputChecksum,
    outputChecksum,
    gathers: input.gatherCount,
    traces: input.traceCount,
    passes: run.passes,
    sampleBytes: layout.traceCount * layout.samplesPerTrace * 4,
    storedBytes,
  };
}

/** The provenance steps a store's metadata carries (none for a raw import). */
function provenanceOf(metadata: StoreMetadata): ProvenanceStep[] {
  return Array.isArray(metadata.provenance) ? (metadata.provenance as ProvenanceStep[]) : [];
}

/**
 * Makes sure `output` may be written: never the input's own store; a complete dataset only with `overwrite`;
 * a leftover of an interrupted processing run is cleared; anything else (an import, foreign files) only with
 * `overwrite`. Clears what is there.
 */
async function prepareOutput(input: LazySeismicData, output: MutableStore, name: string, overwrite: boolean): Promise<void> {
  if ((output as unknown) === storeOf(input)) throw new ProcessingError("the output store is the input's own store; processing writes a new dataset, give another store", { dataset: name });
  const complete = await output.get(STORE_KEYS.complete);
  const existing = await readJson<Partial<StoreMetadata>>(output, STORE_KEYS.metadata).catch(() => undefined);
  if (existing?.datasetId !== undefined && existing.datasetId === input.id) {
    throw new ProcessingError(`the output store holds the input dataset itself (${input.id}); processing never modifies its input, give another store`, { dataset: name });
  }
  const leftover = (await output.get(PROCESSING_MARKER)) !== undefined && complete === undefined;
  const keys: StoreKey[] = [];
  for await (const key of output.list("/")) keys.push(key);
  if (keys.length > 0 && !leftover && !overwrite) {
    const what = complete !== undefined ? `a complete dataset${existing?.datasetId === undefined ? "" : ` (${existing.datasetId})`}` : "files of something else (an unfinished import?)";
    throw new ProcessingError(`the output store already holds ${what}; pass overwrite: true to replace it, or give an empty store`, { dataset: name });
  }
  for (const key of keys) await output.delete(key);
}
