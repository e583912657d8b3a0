/**
 * The checksums processing would produce, without writing anything: the input's checksum and the checksum of
 * the output {@link processDataset} would write for a chain, computed by running the chain and hashing each
 * processed chunk as it comes (bounded memory). Reproducibility checks compare these with a step's record.
 *
 * @module
 */
import type { LazySeismicData } from "../store/lazy-seismic-data";
import { blockCount, blockRows, checksumLayout, combineBlockDigests, datasetChecksum, sha256Hex, type DatasetChecksum } from "../provenance/checksum";
import type { ProcessingChain } from "./chain";
import { OrderedBlockHasher, runChain } from "./run-chain";

/** Options of {@link processedChecksums}. */
export interface ProcessedChecksumsOptions {
  memoryBytes?: number;
  signal?: AbortSignal;
  /** Hears progress: gathers processed. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs `chain` over `input` and returns the input's checksum and that of the output it makes.
 *
 * @example
 * ```ts
 * const { input, output } = await processedChecksums(data, chain);
 * output.digest === step.checksums.output; // the step reproduces
 * ```
 */
export async function processedChecksums(input: LazySeismicData, chain: ProcessingChain, options: ProcessedChecksumsOptions = {}): Promise<{ input: DatasetChecksum; output: DatasetChecksum }> {
  const inLayout = checksumLayout(input.metadata);
  const outLayout = checksumLayout(input.metadata, "float32");
  const blocks = blockCount(inLayout);
  const headerDigests: string[] = [];
  for (let b = 0; b < blocks; b++) {
    options.signal?.throwIfAborted();
    const start = b * inLayout.chunkTraces;
    headerDigests.push(sha256Hex(await input.readRawHeaders(Int32Array.from({ length: blockRows(inLayout, b) }, (_, i) => start + i), options.signal)));
  }
  const sampleDigests = new Array<string>(blocks);
  const hasher = new OrderedBlockHasher(inLayout);
  await runChain(
    input,
    chain,
    {
      write: async (chunk, samples) => {
        sampleDigests[chunk] = sha256Hex(samples.subarray(0, blockRows(outLayout, chunk) * outLayout.samplesPerTrace));
      },
    },
    { memoryBytes: options.memoryBytes, signal: options.signal, onProgress: options.onProgress, onInputGather: (g) => hasher.push(g.traceIndices, g.samples) },
  );
  const inputSamples = hasher.digests() ?? (await datasetChecksum(input, { signal: options.signal })).blocks.map((b) => b.samples);
  return {
    input: combineBlockDigests(inLayout, inputSamples.map((samples, b) => ({ samples, headers: headerDigests[b] }))),
    output: combineBlockDigests(outLayout, sampleDigests.map((samples, b) => ({ samples, headers: headerDigests[b] }))),
  };
}
