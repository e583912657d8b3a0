/**
 * A run of consecutive traces as read from a file: their raw headers and their decoded samples, packed.
 *
 * @module
 */
import type { HeaderMap, TraceHeader } from "./header-map";
import type { SampleArray } from "./sample-formats";

/**
 * What header readers need of a run of consecutive traces: where it starts, its raw headers, and each header's
 * values. {@link TraceBatch} (decoded samples too) and `TraceBytes` (samples left as the file has them) both are.
 */
export interface TraceHeaders {
  /** Index of the first trace in the file. */
  readonly start: number;
  /** Number of traces. */
  readonly count: number;
  /** All raw headers (each `headerBytes` long), in the file's byte order. */
  readonly rawHeaders: Uint8Array;
  /** Header bytes per trace. */
  readonly headerBytes: number;
  /** Header values of trace `i`, raw (no scalars applied), by canonical field name. */
  header(i: number): TraceHeader;
}

/**
 * Consecutive traces `start .. start + count - 1`: samples packed trace after trace, raw headers (file byte
 * order) packed likewise.
 *
 * @example
 * ```ts
 * for await (const batch of reader.batches()) {
 *   for (let i = 0; i < batch.count; i++) use(batch.header(i).CDP, batch.traceSamples(i));
 * }
 * ```
 */
export class TraceBatch implements TraceHeaders {
  constructor(
    /** Index of the first trace in the file. */
    readonly start: number,
    /** Number of traces. */
    readonly count: number,
    /** All samples, trace after trace. */
    readonly samples: SampleArray,
    /** Where each trace's samples start in `samples`; `count + 1` entries. */
    readonly sampleStarts: Float64Array,
    /** All raw headers (each `headerBytes` long), in the file's byte order. */
    readonly rawHeaders: Uint8Array,
    /** Header bytes per trace (240 × (1 + additional headers)). */
    readonly headerBytes: number,
    private readonly map: HeaderMap,
    private readonly littleEndian: boolean,
  ) {}

  /** Samples of trace `i` of the batch (a view, not a copy). */
  traceSamples(i: number): SampleArray {
    return this.samples.subarray(this.sampleStarts[i], this.sampleStarts[i + 1]);
  }

  /** Raw header bytes of trace `i` of the batch (a view, not a copy). */
  rawHeader(i: number): Uint8Array {
    return this.rawHeaders.subarray(i * this.headerBytes, (i + 1) * this.headerBytes);
  }

  /** Header values of trace `i`, raw (no scalars applied), by canonical field name. */
  header(i: number): TraceHeader {
    return this.map.read(this.rawHeader(i), this.littleEndian);
  }

  /** One header field for every trace of the batch, e.g. all CDP numbers. */
  column(name: string): Float64Array {
    const field = this.map.field(name);
    const out = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.map.readOne(this.rawHeader(i), field.name, this.littleEndian);
    return out;
  }
}
