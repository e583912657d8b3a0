/**
 * Streaming, random-access reading of SEG-Y and SU files. Memory stays bounded: headers are read once, traces
 * are read on demand or in batches of a bounded size, never the whole file.
 *
 * @module
 */
import { SegyFormatError, ValidationError } from "../errors";
import type { BinaryHeader } from "./binary-fields";
import type { ByteOrder, ByteOrderSource } from "./byte-order";
import { FileByteSource, type ByteSource } from "./byte-source";
import { HeaderMap, scaleHeader, type TraceHeader } from "./header-map";
import { detectLayout, type SegyLayout, type SegyReadOptions } from "./layout";
import type { SampleArray, SampleFormat } from "./sample-formats";
import type { TextHeader } from "./text-header";
import { TraceBatch } from "./trace-batch";
import { TraceBytes } from "./trace-bytes";

/** Options for {@link SegyReader.open}. */
export interface SegyReaderOptions extends SegyReadOptions {
  /** Trace header map to read headers with (default: the standard map). */
  headerMap?: HeaderMap;
}

/** Options for {@link SegyReader.batches}. */
export interface BatchOptions {
  /** First trace (default 0). */
  start?: number;
  /** One past the last trace (default: all). */
  end?: number;
  /** Approximate file bytes per batch (default 16 MiB); a batch always holds at least one trace. */
  batchBytes?: number;
  /** Stops the iteration with the signal's reason. */
  signal?: AbortSignal;
}

/** One trace: header values (raw) and samples. */
export interface Trace {
  readonly index: number;
  readonly header: TraceHeader;
  readonly samples: SampleArray;
}

const DEFAULT_BATCH_BYTES = 16 << 20;

/**
 * Reads a SEG-Y (rev 0, 1, 2) or Seismic Unix file.
 *
 * @example
 * ```ts
 * const reader = await SegyReader.open("survey.sgy");
 * const { traceCount, samplesPerTrace, sampleIntervalUs } = reader;
 * const { header, samples } = await reader.readTrace(0);
 * for await (const batch of reader.batches()) process(batch);
 * await reader.close();
 * ```
 */
export class SegyReader {
  private constructor(
    private readonly source: ByteSource,
    /** Where everything is in the file. */
    readonly layout: SegyLayout,
    /** The trace header map in use. */
    readonly headerMap: HeaderMap,
  ) {}

  /**
   * Opens a file (or any {@link ByteSource}) and reads its headers. Bad files give a `SegyFormatError`,
   * missing ones a `FileAccessError`.
   */
  static async open(path: string | ByteSource, options: SegyReaderOptions = {}): Promise<SegyReader> {
    const source = typeof path === "string" ? await FileByteSource.open(path) : path;
    try {
      const layout = await detectLayout(source, options);
      return new SegyReader(source, layout, options.headerMap ?? HeaderMap.standard());
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  /** The file's name (path). */
  get path(): string {
    return this.source.name;
  }
  /** File size in bytes. */
  get fileSize(): number {
    return this.source.size;
  }
  get container(): "segy" | "su" {
    return this.layout.container;
  }
  get byteOrder(): ByteOrder {
    return this.layout.byteOrder;
  }
  get byteOrderSource(): ByteOrderSource {
    return this.layout.byteOrderSource;
  }
  get format(): SampleFormat {
    return this.layout.format;
  }
  get revision(): { readonly major: number; readonly minor: number } {
    return this.layout.revision;
  }
  get textHeaders(): readonly TextHeader[] {
    return this.layout.textHeaders;
  }
  get binaryHeader(): Readonly<BinaryHeader> {
    return this.layout.binaryHeader;
  }
  get traceCount(): number {
    return this.layout.traceCount;
  }
  /** Nominal samples per trace (every trace's when {@link fixedLength}). */
  get samplesPerTrace(): number {
    return this.layout.samplesPerTrace;
  }
  get sampleIntervalUs(): number | null {
    return this.layout.sampleIntervalUs;
  }
  get firstSampleTimeMs(): number {
    return this.layout.firstSampleTimeMs;
  }
  get fixedLength(): boolean {
    return this.layout.fixedLength;
  }

  /** Samples in trace `index`. */
  traceSampleCount(index: number): number {
    return this.layout.traceSampleCounts === null ? this.layout.samplesPerTrace : this.layout.traceSampleCounts[index];
  }

  /** Byte offset of trace `index` in the file. */
  traceOffset(index: number): number {
    return this.layout.traceOffsets === null ? this.layout.dataStart + index * this.layout.traceBytes : this.layout.traceOffsets[index];
  }

  private traceEnd(index: number): number {
    return this.traceOffset(index) + this.layout.traceHeaderBytes + this.traceSampleCount(index) * this.layout.format.bytesPerSample;
  }

  /** Reads traces `start .. start + count - 1` in one go. */
  async readTraces(start: number, count: number): Promise<TraceBatch> {
    this.checkRange(start, count);
    const { traceHeaderBytes: headerBytes, format, byteOrder } = this.layout;
    const littleEndian = byteOrder === "little";
    const first = this.traceOffset(start);
    const bytes = count === 0 ? new Uint8Array(0) : await this.source.read(first, this.traceEnd(start + count - 1) - first);
    const sampleStarts = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) sampleStarts[i + 1] = sampleStarts[i] + this.traceSampleCount(start + i);
    const samples = format.allocate(sampleStarts[count]);
    const rawHeaders = new Uint8Array(count * headerBytes);
    for (let i = 0; i < count; i++) {
      const at = this.traceOffset(start + i) - first;
      rawHeaders.set(bytes.subarray(at, at + headerBytes), i * headerBytes);
      format.decode(bytes, at + headerBytes, sampleStarts[i + 1] - sampleStarts[i], littleEndian, samples, sampleStarts[i]);
    }
    return new TraceBatch(start, count, samples, sampleStarts, rawHeaders, headerBytes, this.headerMap, littleEndian);
  }

  /**
   * Reads traces `start .. start + count - 1` of a fixed-length file without decoding their samples: the file's
   * bytes (into `into` when it is long enough) and the raw headers. For callers that decode samples their own way.
   * Local files are read on the calling thread (see `ByteSource.readSync`).
   */
  async readTraceBytes(start: number, count: number, into?: Uint8Array): Promise<TraceBytes> {
    this.checkRange(start, count);
    if (this.layout.traceOffsets !== null) throw new SegyFormatError("bad-argument", "readTraceBytes needs fixed-length traces; use readTraces", { file: this.path });
    const { traceBytes, traceHeaderBytes } = this.layout;
    const offset = this.traceOffset(start);
    const length = count * traceBytes;
    const bytes = this.source.readSync === undefined ? await this.source.read(offset, length, into) : this.source.readSync(offset, length, into);
    if (bytes.length < count * traceBytes) throw new SegyFormatError("truncated", `traces ${start}..${start + count - 1} run past the end of the file`, { file: this.path });
    return new TraceBytes(start, count, bytes, traceBytes, traceHeaderBytes, this.headerMap, this.layout.byteOrder === "little");
  }

  /** Reads one trace: raw header values and samples. */
  async readTrace(index: number): Promise<Trace> {
    const batch = await this.readTraces(index, 1);
    return { index, header: batch.header(0), samples: batch.samples };
  }

  /** Reads one trace header; `scaled` applies the coordinate, elevation and time scalars. */
  async readHeader(index: number, options: { scaled?: boolean } = {}): Promise<TraceHeader> {
    this.checkRange(index, 1);
    const raw = await this.source.read(this.traceOffset(index), this.layout.traceHeaderBytes);
    const header = this.headerMap.read(raw, this.layout.byteOrder === "little");
    return options.scaled === true ? scaleHeader(header) : header;
  }

  /** Reads the raw header bytes of one trace (file byte order). */
  async readRawHeader(index: number): Promise<Uint8Array> {
    this.checkRange(index, 1);
    return this.source.read(this.traceOffset(index), this.layout.traceHeaderBytes);
  }

  /** Iterates over the traces in batches of about `batchBytes` file bytes. */
  async *batches(options: BatchOptions = {}): AsyncGenerator<TraceBatch> {
    const start = options.start ?? 0;
    const end = options.end ?? this.traceCount;
    this.checkRange(start, end - start);
    const budget = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const batchTraces = Math.max(1, Math.floor(budget / Math.max(1, this.layout.traceBytes)));
    for (let at = start; at < end; ) {
      options.signal?.throwIfAborted();
      const count = this.layout.traceOffsets === null ? Math.min(batchTraces, end - at) : this.tracesWithin(at, end, budget);
      yield await this.readTraces(at, count);
      at += count;
    }
  }

  /** Variable-length traces from `start` that fit in `budget` file bytes (at least one): nominal sizes say nothing. */
  private tracesWithin(start: number, end: number, budget: number): number {
    const first = this.traceOffset(start);
    let count = 1;
    while (start + count < end && this.traceEnd(start + count) - first <= budget) count++;
    return count;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.source.close();
  }

  private checkRange(start: number, count: number): void {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > this.traceCount) {
      throw new ValidationError(
        "traceRange",
        `traces ${start}..${start + count - 1} are outside ${this.path}, which has ${this.traceCount} traces (0..${this.traceCount - 1})`,
      );
    }
  }
}
