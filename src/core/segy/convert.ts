/**
 * Rewriting a SEG-Y or SU file in another sample format, byte order, revision or container, with every header
 * carried over (raw bytes, swapped when the byte order changes). Reading a file and writing it back in its own
 * format and order gives the same bytes (for normalised IBM data).
 *
 * @module
 */
import type { ByteOrder } from "./byte-order";
import { SegyReader, type SegyReaderOptions } from "./segy-reader";
import { SegyWriter, type SegyWriteResult, type SegyWriterOptions } from "./segy-writer";

/** What to change when converting; everything else is kept. */
export interface ConvertOptions {
  /** Sample format code of the output (default: the input's). */
  format?: number;
  /** Byte order of the output (default: the input's). */
  byteOrder?: ByteOrder;
  /** SEG-Y revision of the output (default: the input's, at least 1 for SU input). */
  revision?: 0 | 1 | 2;
  /** Container of the output (default: the input's). */
  container?: "segy" | "su";
  /** Options for reading the input. */
  read?: SegyReaderOptions;
  /** Called after each batch with traces done and total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the conversion; nothing is left at the output path. */
  signal?: AbortSignal;
}

/**
 * Writer options that carry everything of `reader`'s file over, with `changes` applied.
 *
 * @example
 * ```ts
 * const writer = await SegyWriter.create("copy.sgy", writerOptionsFrom(reader, { format: 5 }));
 * ```
 */
export function writerOptionsFrom(reader: SegyReader, changes: Omit<ConvertOptions, "read" | "onProgress" | "signal"> = {}): SegyWriterOptions {
  const container = changes.container ?? reader.container;
  const fromSegy = reader.container === "segy";
  const major = reader.revision.major;
  const revision = changes.revision ?? (fromSegy ? (Math.min(2, major) as 0 | 1 | 2) : 1);
  return {
    container,
    format: changes.format ?? (container === "su" ? 5 : reader.format.code),
    byteOrder: changes.byteOrder ?? reader.byteOrder,
    revision,
    samplesPerTrace: reader.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs ?? 0,
    variableLength: !reader.fixedLength,
    textHeader: fromSegy ? reader.textHeaders[0].raw : undefined,
    extendedTextHeaders: fromSegy ? reader.textHeaders.slice(1).map((t) => t.raw) : [],
    rawBinaryHeader: fromSegy ? reader.layout.rawBinaryHeader : undefined,
    rawByteOrder: reader.byteOrder,
    additionalTraceHeaders: revision >= 2 ? reader.layout.additionalTraceHeaders : 0,
    headerMap: reader.headerMap,
  };
}

/**
 * Converts `input` to `output` (written atomically).
 *
 * @example
 * ```ts
 * await convertSegy("ibm.sgy", "ieee.sgy", { format: 5 }); // IBM float to IEEE float, headers kept
 * ```
 */
export async function convertSegy(input: string, output: string, options: ConvertOptions = {}): Promise<SegyWriteResult> {
  const reader = await SegyReader.open(input, options.read);
  try {
    const writer = await SegyWriter.create(output, writerOptionsFrom(reader, options));
    try {
      for await (const batch of reader.batches({ signal: options.signal })) {
        for (let i = 0; i < batch.count; i++) {
          await writer.writeTrace(batch.rawHeader(i), batch.traceSamples(i));
        }
        options.onProgress?.(batch.start + batch.count, reader.traceCount);
      }
      return await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  } finally {
    await reader.close();
  }
}
