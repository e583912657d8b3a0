/**
 * Writing SEG-Y rev 0/1/2 and Seismic Unix files in any supported sample format and byte order, streamed and
 * atomic: the file appears under its name only when {@link SegyWriter.close} succeeds.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { AtomicFile } from "../util/atomic-file";
import { BINARY_HEADER_BYTES, BINARY_HEADER_FIELDS, SEGY_INTEGER_CONSTANT, type BinaryHeader } from "./binary-fields";
import type { ByteOrder } from "./byte-order";
import { swapFields, writeField } from "./header-field";
import { HeaderMap, type TraceHeader } from "./header-map";
import { sampleFormat, type SampleFormat } from "./sample-formats";
import { encodeTextHeader, TEXT_HEADER_BYTES } from "./text-header";
import { STANDARD_TRACE_FIELDS, TRACE_HEADER_BYTES } from "./trace-fields";

/** Options for {@link SegyWriter.create}. */
export interface SegyWriterOptions {
  /** `"segy"` (default) or `"su"` (no file headers; format 5 only). */
  container?: "segy" | "su";
  /** Sample format code (default 5, IEEE float). */
  format?: number;
  /** Byte order (default big, as SEG-Y prescribes). */
  byteOrder?: ByteOrder;
  /** SEG-Y revision written to bytes 3501–3502 (default 1). Rev 2 also writes the byte-order constant. */
  revision?: 0 | 1 | 2;
  /** Samples per trace. */
  samplesPerTrace: number;
  /** Sample interval in microseconds. */
  sampleIntervalUs: number;
  /** Traces may differ in length (rev 2 only; the fixed-length flag is then 0). */
  variableLength?: boolean;
  /** Textual file header: text (3200 chars or 40 lines) or the raw 3200 bytes. */
  textHeader?: string | readonly string[] | Uint8Array;
  /** Code of text given as strings (default EBCDIC). */
  textEncoding?: "ebcdic" | "ascii";
  /** Extended textual headers, text or raw 3200-byte blocks. */
  extendedTextHeaders?: ReadonlyArray<string | Uint8Array>;
  /** Raw 400-byte binary header to start from (e.g. the source file's), in `rawByteOrder`. */
  rawBinaryHeader?: Uint8Array;
  /** Binary header values that override the computed or raw ones. */
  binaryHeader?: Partial<BinaryHeader>;
  /** Byte order of raw headers given to the writer (default: `byteOrder`). */
  rawByteOrder?: ByteOrder;
  /** Rev 2 additional 240-byte trace headers per trace (default 0). */
  additionalTraceHeaders?: number;
  /** Header map for headers given as values (default standard). */
  headerMap?: HeaderMap;
}

/** What {@link SegyWriter.close} reports. */
export interface SegyWriteResult {
  readonly path: string;
  readonly traceCount: number;
  readonly bytes: number;
}

const FLUSH_BYTES = 8 << 20;

/**
 * Streams traces into a new SEG-Y or SU file.
 *
 * @example
 * ```ts
 * const writer = await SegyWriter.create("out.sgy", { samplesPerTrace: 1000, sampleIntervalUs: 2000, format: 1 });
 * await writer.writeTrace({ FieldRecord: 1, CDP: 10 }, new Float32Array(1000));
 * await writer.close();
 * ```
 */
export class SegyWriter {
  private buffer = new Uint8Array(FLUSH_BYTES);
  private used = 0;
  private traces = 0;
  private readonly littleEndian: boolean;
  private readonly swapRaw: boolean;
  private readonly headerBytes: number;

  private constructor(
    private readonly file: AtomicFile,
    private readonly options: Readonly<SegyWriterOptions>,
    /** The sample format written. */
    readonly format: SampleFormat,
    private readonly map: HeaderMap,
  ) {
    this.littleEndian = options.byteOrder === "little";
    this.swapRaw = (options.rawByteOrder ?? options.byteOrder ?? "big") !== (options.byteOrder ?? "big");
    this.headerBytes = TRACE_HEADER_BYTES * (1 + (options.additionalTraceHeaders ?? 0));
  }

  /** Creates `path` (atomically, on {@link close}) and writes the file headers. */
  static async create(path: string, options: SegyWriterOptions): Promise<SegyWriter> {
    const format = validate(options);
    const file = await AtomicFile.create(path);
    const writer = new SegyWriter(file, options, format, options.headerMap ?? HeaderMap.standard());
    try {
      if ((options.container ?? "segy") === "segy") writer.append(writer.fileHeaders());
      return writer;
    } catch (error) {
      await file.abort();
      throw error;
    }
  }

  /** Traces written so far. */
  get traceCount(): number {
    return this.traces;
  }

  /**
   * Appends one trace. `header` is values by field name (unset fields are 0; sample count and interval are
   * filled in) or raw header bytes (in `rawByteOrder`), copied as they are.
   */
  async writeTrace(header: Readonly<TraceHeader> | Uint8Array, samples: ArrayLike<number | bigint>): Promise<void> {
    const count = samples.length;
    if (this.options.variableLength !== true && count !== this.options.samplesPerTrace) {
      throw new ValidationError("samples", `trace ${this.traces} has ${count} samples; this file has ${this.options.samplesPerTrace} per trace`);
    }
    const size = this.headerBytes + count * this.format.bytesPerSample;
    if (this.used + size > this.buffer.length) await this.flush(size);
    const raw = this.buffer.subarray(this.used, this.used + this.headerBytes);
    if (header instanceof Uint8Array) {
      if (header.length < TRACE_HEADER_BYTES) {
        throw new ValidationError("header", `raw trace header has ${header.length} bytes; it needs ${TRACE_HEADER_BYTES} (or ${this.headerBytes} with the additional headers)`);
      }
      // A 240-byte header leaves the additional headers zero, not whatever the reused buffer held there.
      if (header.length < this.headerBytes) raw.fill(0);
      raw.set(header.subarray(0, this.headerBytes));
      if (this.swapRaw) swapFields(raw, STANDARD_TRACE_FIELDS);
      if (this.options.variableLength === true) this.map.write(raw, { TRACE_SAMPLE_COUNT: count }, this.littleEndian);
      // SU files have no binary header: every trace must carry its own sample count and interval.
      if (this.options.container === "su") {
        this.map.write(raw, { TRACE_SAMPLE_COUNT: count, TRACE_SAMPLE_INTERVAL: this.headerInterval() }, this.littleEndian);
      }
    } else {
      raw.fill(0);
      this.map.write(raw, { TRACE_SAMPLE_COUNT: count <= 0xffff ? count : 0, TRACE_SAMPLE_INTERVAL: this.headerInterval(), ...header }, this.littleEndian);
    }
    this.format.encode(samples, 0, count, this.littleEndian, this.buffer, this.used + this.headerBytes);
    this.used += size;
    this.traces++;
  }

  /** Finishes the file: flushes, syncs and renames it into place. */
  async close(): Promise<SegyWriteResult> {
    try {
      await this.flush(0);
      await this.file.commit();
    } catch (error) {
      await this.file.abort();
      throw error;
    }
    return { path: this.file.path, traceCount: this.traces, bytes: this.file.bytesWritten };
  }

  /** Abandons the file: nothing appears under its name. */
  async abort(): Promise<void> {
    await this.file.abort();
  }

  private headerInterval(): number {
    return this.options.sampleIntervalUs <= 0x7fff ? Math.round(this.options.sampleIntervalUs) : 0;
  }

  private append(bytes: Uint8Array): void {
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  private async flush(room: number): Promise<void> {
    if (this.used > 0) await this.file.write(this.buffer.subarray(0, this.used));
    this.used = 0;
    if (room > this.buffer.length) this.buffer = new Uint8Array(room);
  }

  private fileHeaders(): Uint8Array {
    const o = this.options;
    const extended = o.extendedTextHeaders ?? [];
    const out = new Uint8Array(TEXT_HEADER_BYTES + BINARY_HEADER_BYTES + extended.length * TEXT_HEADER_BYTES);
    out.set(textBlock(o.textHeader ?? defaultTextHeader(), o.textEncoding), 0);
    extended.forEach((block, i) => out.set(textBlock(block, o.textEncoding), TEXT_HEADER_BYTES + BINARY_HEADER_BYTES + i * TEXT_HEADER_BYTES));
    const binary = out.subarray(TEXT_HEADER_BYTES, TEXT_HEADER_BYTES + BINARY_HEADER_BYTES);
    const view = new DataView(binary.buffer, binary.byteOffset, BINARY_HEADER_BYTES);
    const set = (name: string, value: number): void => writeField(view, binaryField(name), value, this.littleEndian, 3201);
    const revision = o.revision ?? 1;
    if (o.rawBinaryHeader !== undefined) {
      binary.set(o.rawBinaryHeader.subarray(0, BINARY_HEADER_BYTES));
      if (this.swapRaw) {
        swapFields(binary, BINARY_HEADER_FIELDS, 3201);
        // segyio and other writers keep the additional-header count in two bytes (3507-3508), which readers
        // accept; swapped as the four-byte field it would read 0 or n × 65536, so write it in full.
        if ((o.additionalTraceHeaders ?? 0) > 0) set("MaxAdditionalTraceHeaders", o.additionalTraceHeaders ?? 0);
      }
      set("Format", this.format.code);
      const rawMajor = view.getUint16(300, this.littleEndian) >> 8;
      if (o.revision !== undefined && o.revision !== rawMajor) {
        set("SEGYRevision", revision << 8);
        if (revision >= 2) {
          // A file becoming rev 2 gets what rev 2 readers rely on: the byte-order constant and the length flag.
          set("IntegerConstant", SEGY_INTEGER_CONSTANT);
          set("TraceFlag", o.variableLength === true ? 0 : 1);
        }
      }
    } else {
      const ns = o.samplesPerTrace;
      set("Interval", this.headerInterval());
      set("Samples", ns <= 0xffff ? ns : 0);
      set("Format", this.format.code);
      set("SEGYRevision", revision << 8);
      set("TraceFlag", o.variableLength === true ? 0 : 1);
      set("ExtendedHeaders", extended.length);
      if (revision >= 2) {
        set("IntegerConstant", SEGY_INTEGER_CONSTANT);
        if (ns > 0xffff) set("ExtSamples", ns);
        set("ExtInterval", o.sampleIntervalUs);
        set("MaxAdditionalTraceHeaders", o.additionalTraceHeaders ?? 0);
      }
    }
    for (const [name, value] of Object.entries(o.binaryHeader ?? {})) if (value !== undefined) set(name, value);
    return out;
  }
}

function binaryField(name: string) {
  const field = BINARY_HEADER_FIELDS.find((f) => f.name === name);
  if (field === undefined) {
    throw new ValidationError(`binaryHeader.${name}`, `no such binary header field; known fields: ${BINARY_HEADER_FIELDS.map((f) => f.name).join(", ")}`);
  }
  return field;
}

function textBlock(text: string | readonly string[] | Uint8Array, encoding: "ebcdic" | "ascii" | undefined): Uint8Array {
  if (text instanceof Uint8Array) {
    if (text.length !== TEXT_HEADER_BYTES) throw new ValidationError("textHeader", `a raw textual header has 3200 bytes, not ${text.length}`);
    return text;
  }
  return encodeTextHeader(text, encoding ?? "ebcdic");
}

function defaultTextHeader(): string[] {
  const lines = ["C 1 WRITTEN BY SEISPROC"];
  for (let i = 2; i <= 39; i++) lines.push(`C${String(i).padStart(2)}`);
  lines.push("C40 END TEXTUAL HEADER");
  return lines;
}

function validate(options: SegyWriterOptions): SampleFormat {
  const format = sampleFormat(options.format ?? 5, { file: "options.format" });
  const { samplesPerTrace: ns, sampleIntervalUs: dt } = options;
  if (!Number.isInteger(ns) || ns < 0 || ns > 0x7fffffff) throw new ValidationError("options.samplesPerTrace", `must be a whole number >= 0, not ${ns}`);
  if (!(dt >= 0) || !Number.isFinite(dt)) throw new ValidationError("options.sampleIntervalUs", `must be a number >= 0, not ${dt}`);
  const revision = options.revision ?? 1;
  if (![0, 1, 2].includes(revision)) throw new ValidationError("options.revision", `must be 0, 1 or 2, not ${revision}`);
  if (ns > 0xffff && revision < 2) throw new ValidationError("options.samplesPerTrace", `${ns} samples need SEG-Y rev 2 (rev 0/1 allow 65535)`);
  if (options.variableLength === true && revision < 2) throw new ValidationError("options.variableLength", "variable-length traces need SEG-Y rev 2");
  if (options.container === "su" && format.code !== 5) throw new ValidationError("options.format", "Seismic Unix files hold 4-byte IEEE floats (format 5) only");
  const extra = options.additionalTraceHeaders ?? 0;
  if (!Number.isInteger(extra) || extra < 0 || (extra > 0 && revision < 2)) {
    throw new ValidationError("options.additionalTraceHeaders", "must be a whole number >= 0, and > 0 only in rev 2");
  }
  return format;
}
