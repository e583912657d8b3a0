/**
 * Worker-thread body for {@link readAllSamples}: decodes one range of fixed-length traces of a file straight
 * into the shared output array, reading with one reused buffer.
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { sampleFormat, type SampleArray } from "./sample-formats";

/** What the parent sends each worker. */
export interface ReadWorkerJob {
  path: string;
  dataStart: number;
  traceBytes: number;
  headerBytes: number;
  samplesPerTrace: number;
  formatCode: number;
  littleEndian: boolean;
  firstTrace: number;
  endTrace: number;
  chunkBytes: number;
  output: SharedArrayBuffer;
}

/**
 * Decodes traces `job.firstTrace .. job.endTrace - 1` into `job.output`; runs in a worker or inline.
 *
 * @example
 * ```ts
 * runReadJob({ ...job, firstTrace: 0, endTrace: 1000 }); // fills samples of traces 0..999
 * ```
 */
export function runReadJob(job: ReadWorkerJob): void {
  const format = sampleFormat(job.formatCode);
  const all = format.allocate(0).constructor as new (buffer: SharedArrayBuffer) => SampleArray;
  const out = new all(job.output);
  const perChunk = Math.max(1, Math.floor(job.chunkBytes / job.traceBytes));
  const buffer = new Uint8Array(perChunk * job.traceBytes);
  const fd = openSync(job.path, "r");
  try {
    for (let trace = job.firstTrace; trace < job.endTrace; trace += perChunk) {
      const n = Math.min(perChunk, job.endTrace - trace);
      const wanted = n * job.traceBytes;
      let got = 0;
      while (got < wanted) {
        const read = readSync(fd, buffer, got, wanted - got, job.dataStart + trace * job.traceBytes + got);
        if (read === 0) throw new Error(`${job.path}: file ended early at trace ${trace}; it changed while being read`);
        got += read;
      }
      for (let i = 0; i < n; i++) {
        format.decode(buffer, i * job.traceBytes + job.headerBytes, job.samplesPerTrace, job.littleEndian, out, (trace + i) * job.samplesPerTrace);
      }
    }
  } finally {
    closeSync(fd);
  }
}

if (parentPort !== null && workerData !== undefined && (workerData as { kind?: string }).kind === "seisproc-read-job") {
  runReadJob((workerData as { job: ReadWorkerJob }).job);
  parentPort.postMessage("done");
}
