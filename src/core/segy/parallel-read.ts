/**
 * Reading every sample of a file into one array, the equivalent of segyio's `f.trace.raw[:]`: traces are read
 * straight into the output and decoded in place; with `threads` > 1, worker threads each fill a range of a
 * shared array.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { SegyFormatError } from "../errors";
import { SAMPLE_ARRAY_TYPES, type SampleArray } from "./sample-formats";
import { runReadJob, type ReadWorkerJob } from "./read-worker";
import type { SegyReader } from "./segy-reader";

/** Options for {@link readAllSamples}. */
export interface ReadAllOptions {
  /** Worker threads (default: the available cores, at most 8; 1 reads on the calling thread into a plain ArrayBuffer). */
  threads?: number;
  /** Bytes each worker reads at a time (default 4 MiB). */
  chunkBytes?: number;
}

/**
 * All samples of a fixed-length file as one array (trace-major: trace 0's samples, then trace 1's, ...), in the
 * type that keeps them exact (backed by a SharedArrayBuffer when several threads fill it).
 *
 * @example
 * ```ts
 * const reader = await SegyReader.open("survey.sgy");
 * const samples = await readAllSamples(reader); // Float32Array of traceCount × samplesPerTrace
 * ```
 */
export async function readAllSamples(reader: SegyReader, options: ReadAllOptions = {}): Promise<SampleArray> {
  const { layout } = reader;
  if (!layout.fixedLength) {
    throw new SegyFormatError("bad-argument", "readAllSamples needs fixed-length traces; iterate with reader.batches() for variable-length files", {
      file: reader.path,
    });
  }
  const total = layout.traceCount * layout.samplesPerTrace;
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(8, availableParallelism()), 64, layout.traceCount || 1));
  const itemBytes = SAMPLE_ARRAY_TYPES[layout.format.dtype].BYTES_PER_ELEMENT;
  // One thread needs no shared memory; a plain ArrayBuffer also gets transparent huge pages where malloc does.
  const output = threads === 1 ? new ArrayBuffer(total * itemBytes) : new SharedArrayBuffer(total * itemBytes);
  const base: Omit<ReadWorkerJob, "firstTrace" | "endTrace"> = {
    path: reader.path,
    dataStart: layout.dataStart,
    traceBytes: layout.traceBytes,
    headerBytes: layout.traceHeaderBytes,
    samplesPerTrace: layout.samplesPerTrace,
    formatCode: layout.format.code,
    littleEndian: layout.byteOrder === "little",
    chunkBytes: options.chunkBytes ?? 4 << 20,
    output,
  };
  const per = Math.ceil(layout.traceCount / threads);
  const jobs: ReadWorkerJob[] = [];
  for (let first = 0; first < layout.traceCount; first += per) jobs.push({ ...base, firstTrace: first, endTrace: Math.min(layout.traceCount, first + per) });
  if (threads === 1) jobs.forEach(runReadJob);
  else await Promise.all(jobs.map(runInWorker));
  return new SAMPLE_ARRAY_TYPES[layout.format.dtype](output);
}

function runInWorker(job: ReadWorkerJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, "read-worker.js"), { workerData: { kind: "seisproc-read-job", job } });
    worker.once("message", () => resolve());
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`read worker exited with code ${code}`))));
  });
}
