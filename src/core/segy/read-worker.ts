/**
 * Worker-thread body for {@link readAllSamples}: decodes one range of fixed-length traces of a file straight
 * into the shared output array, reading with one reused buffer.
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { SAMPLE_ARRAY_TYPES, sampleFormat } from "./sample-formats";

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
  output: SharedArrayBuffer | ArrayBuffer;
}

/**
 * Decodes traces `job.firstTrace .. job.endTrace - 1` into `job.output`; runs in a worker or inline.
 *
 * Where a sample takes as many bytes in the file as in memory, traces are read straight into the output and
 * decoded in place, moving forward (each trace's samples move down over the headers already passed), which saves
 * a copy; the last chunk of the range, which would spill into the next range, goes through a small buffer.
 *
 * @example
 * ```ts
 * runReadJob({ ...job, firstTrace: 0, endTrace: 1000 }); // fills samples of traces 0..999
 * ```
 */
export function runReadJob(job: ReadWorkerJob): void {
  const format = sampleFormat(job.formatCode);
  const out = new SAMPLE_ARRAY_TYPES[format.dtype](job.output);
  const outBytes = new Uint8Array(job.output);
  const itemBytes = out.BYTES_PER_ELEMENT;
  const inPlace = itemBytes === format.bytesPerSample;
  const perChunk = Math.max(1, Math.floor(job.chunkBytes / job.traceBytes));
  const samplesBytes = job.samplesPerTrace * itemBytes;
  const rangeEnd = job.endTrace * samplesBytes;
  let buffer: Uint8Array | undefined;
  const fd = openSync(job.path, "r");
  try {
    for (let trace = job.firstTrace; trace < job.endTrace; trace += perChunk) {
      const n = Math.min(perChunk, job.endTrace - trace);
      const wanted = n * job.traceBytes;
      const outStart = trace * samplesBytes;
      const direct = inPlace && outStart + wanted <= rangeEnd;
      const target = direct ? outBytes.subarray(outStart, outStart + wanted) : (buffer ??= new Uint8Array(perChunk * job.traceBytes));
      readFully(fd, target, wanted, job.dataStart + trace * job.traceBytes, job.path, trace);
      for (let i = 0; i < n; i++) {
        const from = (direct ? outStart : 0) + i * job.traceBytes + job.headerBytes;
        format.decode(direct ? outBytes : target, from, job.samplesPerTrace, job.littleEndian, out, (trace + i) * job.samplesPerTrace);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, wanted: number, position: number, path: string, trace: number): void {
  let got = 0;
  while (got < wanted) {
    const read = readSync(fd, into, got, wanted - got, position + got);
    if (read === 0) throw new Error(`${path}: file ended early at trace ${trace}; it changed while being read`);
    got += read;
  }
}

if (parentPort !== null && workerData !== undefined && (workerData as { kind?: string }).kind === "seisproc-read-job") {
  runReadJob((workerData as { job: ReadWorkerJob }).job);
  parentPort.postMessage("done");
}
