/**
 * Works out where everything is in a SEG-Y or SU file: byte order, textual and binary headers, sample format
 * and count, interval, and the position of every trace (by arithmetic for fixed-length traces, by a bounded
 * sequential scan for rev 2 variable-length traces).
 *
 * Precedence, documented in docs/segy.md: samples per trace = option, else binary bytes 3221–3222 (unsigned),
 * else rev 2 extended count (3269–3272), else trace 0's bytes 115–116. Sample interval = option, else binary
 * bytes 3217–3218 if > 0, else rev 2 extended interval (3273–3280) if > 0, else trace 0's bytes 117–118 if > 0,
 * else unknown (`null`).
 *
 * @module
 */
import { SegyFormatError, ValidationError } from "../errors";
import { BINARY_HEADER_BYTES, BINARY_HEADER_FIELDS, type BinaryHeader } from "./binary-fields";
import { detectSegyByteOrder, detectSuByteOrder, type ByteOrder, type ByteOrderSource } from "./byte-order";
import type { ByteSource } from "./byte-source";
import { readField } from "./header-field";
import { applyScalar } from "./header-map";
import { sampleFormat, type SampleFormat } from "./sample-formats";
import { decodeTextHeader, isEndTextStanza, TEXT_HEADER_BYTES, type TextHeader } from "./text-header";
import { TRACE_HEADER_BYTES } from "./trace-fields";

/** Options for reading a SEG-Y or SU file; every one overrides what the file says or what is detected. */
export interface SegyReadOptions {
  /** `"segy"`, `"su"` (Seismic Unix: no file headers) or `"auto"` (default: `.su` extension means SU). */
  container?: "segy" | "su" | "auto";
  /** Byte order, or `"auto"` (default). */
  byteOrder?: ByteOrder | "auto";
  /** Sample format code to use instead of the binary header's. */
  format?: number;
  /** Samples per trace to use instead of the headers'. */
  samplesPerTrace?: number;
  /** Sample interval (µs) to use instead of the headers'. */
  sampleIntervalUs?: number;
  /** Read the whole traces of a truncated file instead of refusing it (the partial trace is ignored). */
  allowTruncated?: boolean;
}

/** Where everything is in a file. */
export interface SegyLayout {
  readonly container: "segy" | "su";
  readonly byteOrder: ByteOrder;
  readonly byteOrderSource: ByteOrderSource;
  readonly format: SampleFormat;
  /** SEG-Y revision from bytes 3501 (major) and 3502 (minor). */
  readonly revision: { readonly major: number; readonly minor: number };
  readonly textHeaders: readonly TextHeader[];
  readonly binaryHeader: Readonly<BinaryHeader>;
  /** The raw 400 bytes of the binary header (empty for SU), for bit-exact export. */
  readonly rawBinaryHeader: Uint8Array;
  /** Byte offset of the first trace. */
  readonly dataStart: number;
  /** Nominal samples per trace. */
  readonly samplesPerTrace: number;
  readonly sampleIntervalUs: number | null;
  /** Time of the first sample (ms): trace 0's delay recording time scaled by its time scalar. */
  readonly firstSampleTimeMs: number;
  /** Rev 2 additional 240-byte trace headers per trace. */
  readonly additionalTraceHeaders: number;
  /** Header bytes per trace: 240 × (1 + additional). */
  readonly traceHeaderBytes: number;
  /** True when every trace has `samplesPerTrace` samples. */
  readonly fixedLength: boolean;
  readonly traceCount: number;
  /** Bytes per trace when fixed-length. */
  readonly traceBytes: number;
  /** Byte offset of each trace, for variable-length files only. */
  readonly traceOffsets: Float64Array | null;
  /** Samples of each trace, for variable-length files only. */
  readonly traceSampleCounts: Uint32Array | null;
  /** Bytes after the last whole trace (non-zero only with `allowTruncated`). */
  readonly trailingBytes: number;
}

const SCAN_CHUNK_BYTES = 4 << 20;
/** Most extended textual headers read for a count of -1: as many as bytes 3505-3506 can declare. */
const MAX_VARIABLE_TEXT_HEADERS = 0x7fff;

/**
 * Reads the headers of `source` and lays out its traces.
 *
 * @example
 * ```ts
 * const layout = await detectLayout(await FileByteSource.open("a.sgy"));
 * layout.traceCount;
 * ```
 */
export async function detectLayout(source: ByteSource, options: SegyReadOptions = {}): Promise<SegyLayout> {
  validateOptions(options);
  const container = options.container === undefined || options.container === "auto" ? guessContainer(source.name) : options.container;
  return container === "su" ? suLayout(source, options) : segyLayout(source, options);
}

function guessContainer(name: string): "segy" | "su" {
  return /\.su$/i.test(name) ? "su" : "segy";
}

function validateOptions(options: SegyReadOptions): void {
  const positive = (key: keyof SegyReadOptions, max: number): void => {
    const value = options[key];
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > max)) {
      throw new ValidationError(`options.${key}`, `must be a whole number from 1 to ${max}, not ${String(value)}`);
    }
  };
  positive("samplesPerTrace", 0x7fffffff);
  positive("sampleIntervalUs", 0x7fffffff);
  if (options.format !== undefined) sampleFormat(options.format, { file: "options.format" });
  if (options.byteOrder !== undefined && !["big", "little", "auto"].includes(options.byteOrder)) {
    throw new ValidationError("options.byteOrder", `must be "big", "little" or "auto", not ${String(options.byteOrder)}`);
  }
  if (options.container !== undefined && !["segy", "su", "auto"].includes(options.container)) {
    throw new ValidationError("options.container", `must be "segy", "su" or "auto", not ${String(options.container)}`);
  }
}

async function segyLayout(source: ByteSource, options: SegyReadOptions): Promise<SegyLayout> {
  const file = source.name;
  if (source.size < TEXT_HEADER_BYTES + BINARY_HEADER_BYTES) {
    throw new SegyFormatError(
      "truncated",
      `file has ${source.size} bytes, fewer than the 3600 of the textual and binary headers; it is not a SEG-Y file (for Seismic Unix files use the SU container)`,
      { file, byteOffset: 0 },
    );
  }
  const head = await source.read(0, TEXT_HEADER_BYTES + BINARY_HEADER_BYTES);
  const rawBinaryHeader = head.slice(TEXT_HEADER_BYTES);
  const decided =
    options.byteOrder === undefined || options.byteOrder === "auto"
      ? detectSegyByteOrder(rawBinaryHeader)
      : { byteOrder: options.byteOrder, source: "option" as const };
  const littleEndian = decided.byteOrder === "little";
  const view = new DataView(rawBinaryHeader.buffer, rawBinaryHeader.byteOffset, BINARY_HEADER_BYTES);
  const binaryHeader: BinaryHeader = {};
  for (const field of BINARY_HEADER_FIELDS) binaryHeader[field.name] = readField(view, field, littleEndian, 3201);
  const revision16 = view.getUint16(300, littleEndian);
  const revision = { major: revision16 >> 8, minor: revision16 & 0xff };
  const format = sampleFormat(options.format ?? binaryHeader.Format, { file, byteOffset: 3224 });

  const textHeaders: TextHeader[] = [decodeTextHeader(head.subarray(0, TEXT_HEADER_BYTES), 0)];
  let dataStart = TEXT_HEADER_BYTES + BINARY_HEADER_BYTES;
  const extended = binaryHeader.ExtendedHeaders;
  if (extended > 0) {
    if (dataStart + extended * TEXT_HEADER_BYTES > source.size) {
      throw new SegyFormatError(
        "bad-header",
        `binary header says ${extended} extended textual headers (${extended * TEXT_HEADER_BYTES} bytes) but the file has only ${source.size} bytes; the count at bytes 3505-3506 is wrong or the file is truncated`,
        { file, byteOffset: 3504 },
      );
    }
    for (let i = 1; i <= extended; i++, dataStart += TEXT_HEADER_BYTES) {
      textHeaders.push(decodeTextHeader(await source.read(dataStart, TEXT_HEADER_BYTES), i));
    }
  } else if (extended === -1) {
    for (let i = 1; dataStart + TEXT_HEADER_BYTES <= source.size; i++) {
      if (i > MAX_VARIABLE_TEXT_HEADERS) {
        // Without this bound a wrong -1 makes the reader decode (and keep) the whole file as text.
        throw new SegyFormatError(
          "bad-header",
          `extended textual header count -1 (variable) at bytes 3505-3506, but no ((SEG: EndText)) stanza in the first ${MAX_VARIABLE_TEXT_HEADERS} blocks; the count is wrong: set bytes 3505-3506 to the number of extended headers the file has (often 0)`,
          { file, byteOffset: 3504 },
        );
      }
      const block = await source.read(dataStart, TEXT_HEADER_BYTES);
      textHeaders.push(decodeTextHeader(block, i));
      dataStart += TEXT_HEADER_BYTES;
      if (isEndTextStanza(block)) break;
    }
  } else if (extended < -1) {
    throw new SegyFormatError("bad-header", `extended textual header count ${extended} at bytes 3505-3506 is invalid (must be -1 or more)`, { file, byteOffset: 3504 });
  }

  let additionalTraceHeaders = 0;
  if (revision.major >= 2) {
    additionalTraceHeaders = binaryHeader.MaxAdditionalTraceHeaders;
    if (additionalTraceHeaders < 0 || additionalTraceHeaders > 0xffff || additionalTraceHeaders * TRACE_HEADER_BYTES > source.size) {
      // segyio and several writers store this count in two bytes (3507-3508); read as four bytes big-endian
      // that is n × 65536, absurd however large the file.
      additionalTraceHeaders = view.getUint16(306, littleEndian);
    }
    if (binaryHeader.ByteOffsetOfData > 0 && binaryHeader.ByteOffsetOfData >= dataStart && binaryHeader.ByteOffsetOfData <= source.size) {
      dataStart = binaryHeader.ByteOffsetOfData;
    }
  }
  const traceHeaderBytes = TRACE_HEADER_BYTES * (1 + additionalTraceHeaders);
  const firstHeader = await source.read(dataStart, TRACE_HEADER_BYTES);
  const firstView = firstHeader.length === TRACE_HEADER_BYTES ? new DataView(firstHeader.buffer, firstHeader.byteOffset, TRACE_HEADER_BYTES) : null;

  let samplesPerTrace = options.samplesPerTrace ?? binaryHeader.Samples;
  if (samplesPerTrace === 0 && revision.major >= 2 && binaryHeader.ExtSamples > 0) samplesPerTrace = binaryHeader.ExtSamples;
  if (samplesPerTrace === 0 && firstView !== null) samplesPerTrace = firstView.getUint16(114, littleEndian);
  if (samplesPerTrace === 0 && source.size > dataStart) {
    throw new SegyFormatError(
      "bad-sample-count",
      "zero samples per trace in the binary header (bytes 3221-3222) and in the first trace header (bytes 115-116); give samplesPerTrace if you know it",
      { file, byteOffset: 3220 },
    );
  }
  let sampleIntervalUs: number | null = options.sampleIntervalUs ?? null;
  if (sampleIntervalUs === null && binaryHeader.Interval > 0) sampleIntervalUs = binaryHeader.Interval;
  if (sampleIntervalUs === null && revision.major >= 2 && binaryHeader.ExtInterval > 0 && Number.isFinite(binaryHeader.ExtInterval)) {
    sampleIntervalUs = binaryHeader.ExtInterval;
  }
  if (sampleIntervalUs === null && firstView !== null && firstView.getInt16(116, littleEndian) > 0) sampleIntervalUs = firstView.getInt16(116, littleEndian);

  const variable = revision.major >= 2 && binaryHeader.TraceFlag === 0 && options.samplesPerTrace === undefined;
  const common = {
    container: "segy" as const,
    byteOrder: decided.byteOrder,
    byteOrderSource: decided.source,
    format,
    revision,
    textHeaders,
    binaryHeader,
    rawBinaryHeader,
    dataStart,
    samplesPerTrace,
    sampleIntervalUs,
    firstSampleTimeMs: firstView === null ? 0 : firstSampleTime(firstView, littleEndian),
    additionalTraceHeaders,
    traceHeaderBytes,
  };
  if (variable) return { ...common, ...(await scanTraces(source, dataStart, traceHeaderBytes, samplesPerTrace, format, littleEndian, options)) };
  return { ...common, ...fixedTraces(source, dataStart, traceHeaderBytes, samplesPerTrace, format, options) };
}

async function suLayout(source: ByteSource, options: SegyReadOptions): Promise<SegyLayout> {
  const file = source.name;
  const first = await source.read(0, TRACE_HEADER_BYTES);
  if (source.size > 0 && first.length < TRACE_HEADER_BYTES) {
    throw new SegyFormatError("truncated", `file has ${source.size} bytes, fewer than one 240-byte SU trace header`, { file, byteOffset: 0 });
  }
  const decided =
    options.byteOrder === undefined || options.byteOrder === "auto"
      ? source.size === 0
        ? { byteOrder: "big" as const, source: "default" as const }
        : detectSuByteOrder(first, source.size)
      : { byteOrder: options.byteOrder, source: "option" as const };
  const littleEndian = decided.byteOrder === "little";
  const view = source.size === 0 ? null : new DataView(first.buffer, first.byteOffset, TRACE_HEADER_BYTES);
  const format = sampleFormat(options.format ?? 5, { file });
  const samplesPerTrace = options.samplesPerTrace ?? (view === null ? 0 : view.getUint16(114, littleEndian));
  if (samplesPerTrace === 0 && source.size > 0) {
    throw new SegyFormatError("bad-sample-count", "zero samples in the first SU trace header (bytes 115-116); give samplesPerTrace if you know it", {
      file,
      byteOffset: 114,
    });
  }
  const interval = options.sampleIntervalUs ?? (view === null ? 0 : view.getInt16(116, littleEndian));
  return {
    container: "su",
    byteOrder: decided.byteOrder,
    byteOrderSource: decided.source,
    format,
    revision: { major: 0, minor: 0 },
    textHeaders: [],
    binaryHeader: {},
    rawBinaryHeader: new Uint8Array(0),
    dataStart: 0,
    samplesPerTrace,
    sampleIntervalUs: interval > 0 ? interval : null,
    firstSampleTimeMs: view === null ? 0 : firstSampleTime(view, littleEndian),
    additionalTraceHeaders: 0,
    traceHeaderBytes: TRACE_HEADER_BYTES,
    ...fixedTraces(source, 0, TRACE_HEADER_BYTES, samplesPerTrace, format, options),
  };
}

function firstSampleTime(view: DataView, littleEndian: boolean): number {
  return applyScalar(view.getInt16(108, littleEndian), view.getInt16(214, littleEndian));
}

type TracePlacement = Pick<SegyLayout, "fixedLength" | "traceCount" | "traceBytes" | "traceOffsets" | "traceSampleCounts" | "trailingBytes">;

function fixedTraces(source: ByteSource, dataStart: number, headerBytes: number, samples: number, format: SampleFormat, options: SegyReadOptions): TracePlacement {
  const traceBytes = headerBytes + samples * format.bytesPerSample;
  const rest = Math.max(0, source.size - dataStart);
  const traceCount = Math.floor(rest / traceBytes);
  const trailingBytes = rest - traceCount * traceBytes;
  if (trailingBytes !== 0 && options.allowTruncated !== true) {
    const detail =
      traceCount === 0
        ? `the first trace needs ${traceBytes} bytes (${samples} samples of ${format.bytesPerSample} bytes + ${headerBytes} header bytes) but only ${rest} follow the headers; the sample count or format in the binary header is wrong, or the file is truncated`
        : `the file is not a whole number of traces: ${traceCount} traces of ${traceBytes} bytes and ${trailingBytes} bytes left over; the file is truncated (or its sample count/format is wrong). Pass allowTruncated to read the ${traceCount} whole traces`;
    throw new SegyFormatError("truncated", detail, { file: source.name, byteOffset: dataStart + traceCount * traceBytes });
  }
  return { fixedLength: true, traceCount, traceBytes, traceOffsets: null, traceSampleCounts: null, trailingBytes };
}

async function scanTraces(
  source: ByteSource,
  dataStart: number,
  headerBytes: number,
  defaultSamples: number,
  format: SampleFormat,
  littleEndian: boolean,
  options: SegyReadOptions,
): Promise<TracePlacement> {
  let offsets = new Float64Array(1024);
  let counts = new Uint32Array(1024);
  let n = 0;
  let position = dataStart;
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkStart = 0;
  while (position < source.size) {
    if (position + TRACE_HEADER_BYTES > chunkStart + chunk.length) {
      chunkStart = position;
      chunk = await source.read(position, SCAN_CHUNK_BYTES);
    }
    if (position + TRACE_HEADER_BYTES > chunkStart + chunk.length) break;
    const at = position - chunkStart;
    const samples = (chunk[at + (littleEndian ? 115 : 114)] << 8) | chunk[at + (littleEndian ? 114 : 115)] || defaultSamples;
    const end = position + headerBytes + samples * format.bytesPerSample;
    if (end > source.size) break;
    if (n === offsets.length) {
      offsets = grow(offsets);
      counts = grow(counts);
    }
    offsets[n] = position;
    counts[n] = samples;
    n++;
    position = end;
  }
  const trailingBytes = source.size - position;
  if (trailingBytes !== 0 && options.allowTruncated !== true) {
    throw new SegyFormatError(
      "truncated",
      `trace ${n} starting here does not fit in the file (${trailingBytes} bytes left); the file is truncated. Pass allowTruncated to read the ${n} whole traces`,
      { file: source.name, byteOffset: position },
    );
  }
  const uniform = counts.subarray(0, n).every((c) => c === defaultSamples);
  return {
    fixedLength: uniform,
    traceCount: n,
    traceBytes: headerBytes + defaultSamples * format.bytesPerSample,
    traceOffsets: uniform ? null : offsets.slice(0, n),
    traceSampleCounts: uniform ? null : counts.slice(0, n),
    trailingBytes,
  };
}

function grow<T extends Float64Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
