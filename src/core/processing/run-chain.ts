/**
 * The engine shared by {@link processDataset} and reproducibility checks: reads a dataset gather by gather,
 * runs a chain on each, and hands the processed samples on a Zarr chunk (`chunkTraces` traces in file order)
 * at a time, each chunk once, in whatever order chunks complete.
 *
 * Memory stays bounded whatever the dataset's size: output chunks are assembled in windows of at most
 * `memoryBytes` of chunks. Gathers usually lie in few chunks (a sorted file: gathers are consecutive traces),
 * so one pass reads each gather once and a chunk leaves as soon as its last trace is processed. When gathers
 * are spread over the file (e.g. CDP gathers of a shot-sorted file), each window is one pass over the gathers
 * that touch it: a gather spanning several windows is read and processed once per window, with the same
 * result every time, so the output does not depend on the window size.
 *
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { SeisprocError } from "../errors";
import type { SampleArray } from "../segy/sample-formats";
import { tracesOfGather } from "../store/gather-index";
import type { Gather, LazySeismicData } from "../store/lazy-seismic-data";
import type { ChecksumLayout } from "../provenance/checksum";
import { blockCount, blockRows } from "../provenance/checksum";
import type { ProcessingChain } from "./chain";
import { ProcessingError } from "./errors";
import { toProcessingGather } from "./processor";

/** Where processed chunks go. */
export interface ChunkSink {
  /**
   * Receives chunk `chunk`: `chunkTraces × samplesPerTrace` float32 samples, trace after trace, in file order;
   * rows past the last trace (in the last chunk) are zeros. The array is not used again by the engine.
   */
  write(chunk: number, samples: Float32Array): Promise<void>;
}

/** Options of {@link runChain}. */
export interface RunChainOptions {
  /** Bytes of output chunks assembled at a time (default 256 MiB; at least two chunks). */
  memoryBytes?: number;
  signal?: AbortSignal;
  /** Hears progress: gathers processed, and the number of gather reads planned (more than the gathers when some are read in several passes). */
  onProgress?: (done: number, total: number) => void;
  /** Sees every gather as read, before processing (samples in the stored type). */
  onInputGather?: (gather: Gather) => void;
}

/** What {@link runChain} did. */
export interface RunChainReport {
  /** Passes over the gathers (1 unless gathers are spread over more than one window). */
  passes: number;
  /** Gathers read and processed, counting repeats. */
  gatherReads: number;
  /** Chunks handed to the sink. */
  chunks: number;
}

/** Default bytes of output chunks assembled at a time. */
export const DEFAULT_MEMORY_BYTES = 256 * 2 ** 20;

/**
 * Runs `chain` over every gather of `input`, handing processed chunks to `sink`.
 *
 * @example
 * ```ts
 * await runChain(data, chain, { write: async (c, samples) => store.set(chunkKey("/traces", c), await codec.encode(bytes(samples))) });
 * ```
 */
export async function runChain(input: LazySeismicData, chain: ProcessingChain, sink: ChunkSink, options: RunChainOptions = {}): Promise<RunChainReport> {
  const { traceCount: n, samplesPerTrace: ns, chunkTraces: ct } = input.metadata;
  const chunkCount = Math.ceil(n / ct);
  const gathers = input.gatherCount;
  const order = await input.gatherOrderArray();
  const minChunk = new Int32Array(gathers);
  const maxChunk = new Int32Array(gathers);
  for (let g = 0; g < gathers; g++) {
    const traces = tracesOfGather(input.gatherIndex, order, g);
    let lo = Infinity;
    let hi = -1;
    for (const t of traces) {
      const c = Math.floor(t / ct);
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    minChunk[g] = lo;
    maxChunk[g] = hi;
  }
  const window = Math.max(2, Math.floor((options.memoryBytes ?? DEFAULT_MEMORY_BYTES) / (ct * ns * 4)));
  const plans: number[][] = [];
  for (let c0 = 0; c0 < chunkCount; c0 += window) {
    const c1 = Math.min(chunkCount, c0 + window);
    const list: number[] = [];
    for (let g = 0; g < gathers; g++) if (maxChunk[g] >= c0 && minChunk[g] < c1) list.push(g);
    plans.push([c0, c1, ...list]);
  }
  const total = plans.reduce((sum, p) => sum + p.length - 2, 0);
  const columns = chain.headers();
  const context = { samplesPerTrace: ns, sampleIntervalUs: input.sampleIntervalUs, firstSampleTimeMs: input.metadata.source.firstSampleTimeMs, name: input.name };
  const report: RunChainReport = { passes: plans.length, gatherReads: 0, chunks: 0 };
  const rowsOf = (c: number): number => Math.min(ct, n - c * ct);
  for (const [c0, c1, ...list] of plans) {
    const pending = new Map<number, { data: Float32Array; filled: number }>();
    const read = (i: number): Promise<Gather> | undefined => (i < list.length ? input.getGatherAt(list[i], { columns, signal: options.signal }) : undefined);
    let ahead = read(0);
    for (let i = 0; i < list.length; i++) {
      options.signal?.throwIfAborted();
      const gather = await (ahead as Promise<Gather>);
      ahead = read(i + 1);
      // Keep a read ahead from failing unobserved when this gather's processing throws.
      ahead?.catch(() => undefined);
      options.onInputGather?.(gather);
      // The gather's samples were read for this call alone (and hashed above): process them in place.
      const processed = toProcessingGather(gather, context, { copy: false });
      try {
        chain.apply(processed);
      } catch (error) {
        if (error instanceof SeisprocError) throw error;
        const why = error instanceof Error ? error.message : String(error);
        throw new ProcessingError(`processing failed: ${why}`, { dataset: input.name, gather: gather.key }, { cause: error });
      }
      report.gatherReads++;
      const traces = gather.traceIndices;
      for (let r = 0; r < traces.length; r++) {
        const t = traces[r];
        const c = Math.floor(t / ct);
        if (c < c0 || c >= c1) continue;
        let entry = pending.get(c);
        if (entry === undefined) {
          entry = { data: new Float32Array(ct * ns), filled: 0 };
          pending.set(c, entry);
        }
        entry.data.set(processed.samples.subarray(r * ns, (r + 1) * ns), (t - c * ct) * ns);
        if (++entry.filled === rowsOf(c)) {
          pending.delete(c);
          report.chunks++;
          await sink.write(c, entry.data);
        }
      }
      options.onProgress?.(report.gatherReads, total);
    }
    if (pending.size > 0) {
      const [c] = pending.keys();
      throw new ProcessingError(`the gather index does not cover every trace of chunk ${c} (traces ${c * ct}..${c * ct + rowsOf(c) - 1}); run seisproc validate --repair on the input`, { dataset: input.name });
    }
    if (c1 > c0 && report.chunks < c1) {
      throw new ProcessingError(`some of chunks ${c0}..${c1 - 1} received no traces: the gather index is incomplete; run seisproc validate --repair on the input`, { dataset: input.name });
    }
  }
  return report;
}

/**
 * Hashes a dataset's samples block by block (see the checksum algorithm in provenance) from gathers read in
 * file order: rows already seen are skipped, a gap makes it give up ({@link OrderedBlockHasher.digests} is then
 * undefined and the caller hashes the dataset in a pass of its own).
 *
 * @example
 * ```ts
 * const hasher = new OrderedBlockHasher(layout);
 * await runChain(data, chain, sink, { onInputGather: (g) => hasher.push(g.traceIndices, g.samples) });
 * hasher.digests(); // one hex digest per block, or undefined
 * ```
 */
export class OrderedBlockHasher {
  private next = 0;
  private broken = false;
  private hash: Hash | undefined;
  private readonly done: string[] = [];

  constructor(private readonly layout: ChecksumLayout) {}

  /** Feeds the samples of `traces` (trace after trace, any sample type). */
  push(traces: Int32Array, samples: SampleArray): void {
    if (this.broken) return;
    const ns = this.layout.samplesPerTrace;
    const rowBytes = samples.BYTES_PER_ELEMENT * ns;
    const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    for (let r = 0; r < traces.length; r++) {
      const t = traces[r];
      if (t < this.next) continue;
      if (t > this.next) {
        this.broken = true;
        return;
      }
      this.hash ??= createHash("sha256");
      this.hash.update(bytes.subarray(r * rowBytes, (r + 1) * rowBytes));
      this.next++;
      const block = this.done.length;
      if (this.next === block * this.layout.chunkTraces + blockRows(this.layout, block)) {
        this.done.push(this.hash.digest("hex"));
        this.hash = undefined;
      }
    }
  }

  /** The block digests, when every trace came in order; otherwise undefined. */
  digests(): string[] | undefined {
    return !this.broken && this.done.length === blockCount(this.layout) ? [...this.done] : undefined;
  }
}
