/**
 * A run of consecutive traces as the file holds them, samples not decoded: for code that decodes samples its
 * own way (the import's WebAssembly path, store/sample-planes.ts) but reads headers like everyone else.
 *
 * @module
 */
import type { HeaderMap, TraceHeader } from "./header-map";
import type { TraceHeaders } from "./trace-batch";

/**
 * Traces `start .. start + count - 1` of a fixed-length file: the file's bytes, and the raw headers copied out.
 *
 * @example
 * ```ts
 * const run = await reader.readTraceBytes(0, 240);
 * const firstHeader = run.header(0);
 * ```
 */
export class TraceBytes implements TraceHeaders {
  /** All raw headers (each `headerBytes` long), in the file's byte order. */
  readonly rawHeaders: Uint8Array;

  constructor(
    /** Index of the first trace in the file. */
    readonly start: number,
    /** Number of traces. */
    readonly count: number,
    /** The file's bytes of the traces, from the first trace's header to the last trace's last sample. */
    readonly bytes: Uint8Array,
    /** Bytes from one trace's start to the next's. */
    readonly traceBytes: number,
    /** Header bytes per trace (240 × (1 + additional headers)). */
    readonly headerBytes: number,
    private readonly map: HeaderMap,
    private readonly littleEndian: boolean,
  ) {
    this.rawHeaders = new Uint8Array(count * headerBytes);
    for (let i = 0; i < count; i++) this.rawHeaders.set(bytes.subarray(i * traceBytes, i * traceBytes + headerBytes), i * headerBytes);
  }

  /** Header values of trace `i`, raw (no scalars applied), by canonical field name. */
  header(i: number): TraceHeader {
    return this.map.read(this.rawHeaders.subarray(i * this.headerBytes, (i + 1) * this.headerBytes), this.littleEndian);
  }
}
