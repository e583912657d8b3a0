/**
 * Streams a synthetic survey to a SEG-Y or SU file on disk, with bounded memory whatever its size.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { ByteOrder } from "../segy/byte-order";
import { SegyWriter, type SegyWriteResult } from "../segy/segy-writer";
import { generateSurvey } from "./generate";
import type { SurveySpecInput } from "./survey-spec";

/** Options for {@link writeSurvey}. */
export interface WriteSurveyOptions {
  /** Sample format code (default: the spec's, 5). */
  format?: number;
  /** Byte order (default big). */
  byteOrder?: ByteOrder;
  /** SEG-Y revision (default 1). */
  revision?: 0 | 1 | 2;
  /** `"segy"` (default) or `"su"`. */
  container?: "segy" | "su";
  /** Called every few thousand traces with traces written and total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops writing; nothing is left at `path`. */
  signal?: AbortSignal;
}

/**
 * Generates the survey `spec` describes and writes it to `path` (atomically).
 *
 * @example
 * ```ts
 * await writeSurvey("line.sgy", { kind: "shots-2d", shots: 20, channels: 96, seed: 7 }, { format: 1 });
 * ```
 */
export async function writeSurvey(path: string, spec: SurveySpecInput, options: WriteSurveyOptions = {}): Promise<SegyWriteResult> {
  const survey = generateSurvey(spec);
  const format = options.format ?? survey.spec.format;
  if (format !== 1 && format !== 5) {
    throw new ValidationError("options.format", `synthetic surveys are written as 4-byte floats: format 1 (IBM) or 5 (IEEE), not ${format}; convert afterwards for other formats`);
  }
  const writer = await SegyWriter.create(path, {
    container: options.container,
    format,
    byteOrder: options.byteOrder ?? "big",
    revision: options.revision ?? 1,
    samplesPerTrace: survey.samplesPerTrace,
    sampleIntervalUs: survey.sampleIntervalUs,
    textHeader: survey.textHeader,
    binaryHeader: { ...survey.binaryHeader, Format: format, SEGYRevision: (options.revision ?? 1) << 8 },
  });
  try {
    let done = 0;
    for (const trace of survey.traces({ reuse: true })) {
      await writer.writeTrace(trace.header, trace.samples);
      done++;
      if (done % 4096 === 0) {
        options.signal?.throwIfAborted();
        options.onProgress?.(done, survey.traceCount);
      }
    }
    options.onProgress?.(done, survey.traceCount);
    return await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
