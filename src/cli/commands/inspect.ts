/**
 * `seisproc inspect FILE`: what a SEG-Y or SU file holds: headers, format, byte order, counts, interval, and a
 * summary of the main trace header fields over all traces (streamed, bounded memory).
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { fileAccessError } from "../../core/errors";
import { HeaderMap, SegyReader, textHeaderLines, type SegyReaderOptions } from "../../core/segy";
import { choiceOption, intOption, parseCommandArgs, UsageError, type Command, type CommandIo } from "../command";
import { ProgressBar } from "../progress";

const SUMMARY_FIELDS = [
  "FieldRecord",
  "TraceNumber",
  "EnergySourcePoint",
  "CDP",
  "offset",
  "INLINE_3D",
  "CROSSLINE_3D",
  "SourceX",
  "SourceY",
  "GroupX",
  "GroupY",
  "CDP_X",
  "CDP_Y",
  "SourceGroupScalar",
  "ElevationScalar",
  "DelayRecordingTime",
  "TRACE_SAMPLE_COUNT",
  "TRACE_SAMPLE_INTERVAL",
];
const MAX_DISTINCT = 100_000;

/** Min, max and number of distinct values of one header field. */
export interface FieldSummary {
  min: number;
  max: number;
  /** Distinct values, or `null` when there are more than 100,000. */
  distinct: number | null;
}

/**
 * Reads a header map JSON file given on the command line.
 *
 * @example
 * ```ts
 * const map = await loadHeaderMap("map.json");
 * ```
 */
export async function loadHeaderMap(path: string | undefined): Promise<HeaderMap | undefined> {
  if (path === undefined) return undefined;
  const text = await fs.readFile(path, "utf8").catch((e: unknown) => {
    throw fileAccessError(path, e);
  });
  return HeaderMap.fromJson(text);
}

/**
 * Reader options from the shared `--container`, `--byte-order` and `--header-map` flags.
 *
 * @example
 * ```ts
 * await readerOptions({ container: "su" });
 * ```
 */
export async function readerOptions(
  values: { container?: string; "byte-order"?: string; "header-map"?: string },
  allowTruncated?: boolean,
): Promise<SegyReaderOptions> {
  return {
    allowTruncated,
    container: choiceOption("--container", values.container, ["segy", "su", "auto"] as const),
    byteOrder: choiceOption("--byte-order", values["byte-order"], ["big", "little", "auto"] as const),
    headerMap: await loadHeaderMap(values["header-map"]),
  };
}

async function summarise(reader: SegyReader, traces: number, io: CommandIo): Promise<Record<string, FieldSummary>> {
  const names = SUMMARY_FIELDS.filter((n) => reader.headerMap.has(n));
  const acc = names.map(() => ({ min: Infinity, max: -Infinity, seen: new Set<number>() as Set<number> | null }));
  const bar = new ProgressBar(io, "summary");
  for await (const batch of reader.batches({ end: traces, batchBytes: 4 << 20 })) {
    names.forEach((name, k) => {
      const column = batch.column(name);
      const a = acc[k];
      for (const v of column) {
        if (v < a.min) a.min = v;
        if (v > a.max) a.max = v;
        if (a.seen !== null) {
          a.seen.add(v);
          if (a.seen.size > MAX_DISTINCT) a.seen = null;
        }
      }
    });
    bar.update(batch.start + batch.count, traces);
  }
  bar.done();
  return Object.fromEntries(names.map((name, k) => [name, { min: acc[k].min, max: acc[k].max, distinct: acc[k].seen === null ? null : acc[k].seen.size }]));
}

/**
 * Everything `inspect --json` prints, as data.
 *
 * @example
 * ```ts
 * const info = await inspectFile(reader, reader.traceCount, io);
 * info.traceCount;
 * ```
 */
export async function inspectFile(reader: SegyReader, traces: number, io: CommandIo) {
  const { major, minor } = reader.revision;
  return {
    file: reader.path,
    fileSize: reader.fileSize,
    container: reader.container,
    traceCount: reader.traceCount,
    sampleCount: reader.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs,
    firstSampleTimeMs: reader.firstSampleTimeMs,
    format: reader.format.code,
    formatName: reader.format.name,
    byteOrder: reader.byteOrder,
    byteOrderSource: reader.byteOrderSource,
    revision: `${major}.${minor}`,
    fixedLength: reader.fixedLength,
    extendedTextHeaders: Math.max(0, reader.textHeaders.length - 1),
    textHeaders: reader.textHeaders.map((t) => ({ index: t.index, encoding: t.encoding, lines: textHeaderLines(t) })),
    binaryHeader: { ...reader.binaryHeader },
    headerSummary: await summarise(reader, traces, io),
  };
}

function printText(info: Awaited<ReturnType<typeof inspectFile>>, io: CommandIo): void {
  const n = (v: number) => v.toLocaleString("en-US");
  const row = (k: string, v: string) => io.out(`${k.padEnd(16)}${v}\n`);
  row("file", `${info.file} (${n(info.fileSize)} bytes)`);
  row("container", info.container === "su" ? "Seismic Unix" : `SEG-Y rev ${info.revision}`);
  row("format", `${info.format} (${info.formatName})`);
  row("byte order", `${info.byteOrder} (${info.byteOrderSource})`);
  row("traces", n(info.traceCount));
  row("samples", `${n(info.sampleCount)} per trace, ${info.fixedLength ? "fixed" : "variable"} length`);
  row("interval", `${info.sampleIntervalUs === null ? "unknown" : `${info.sampleIntervalUs} µs`} (first sample at ${info.firstSampleTimeMs} ms)`);
  for (const text of info.textHeaders) {
    io.out(`\ntextual header ${text.index} (${text.encoding})\n`);
    for (const line of text.lines) io.out(`  ${line}\n`);
  }
  if (info.container === "segy") {
    io.out("\nbinary header (non-zero fields)\n");
    for (const [k, v] of Object.entries(info.binaryHeader)) if (v !== 0) io.out(`  ${k.padEnd(26)}${v}\n`);
  }
  io.out(`\ntrace header summary\n  ${"field".padEnd(24)}${"min".padStart(14)}${"max".padStart(14)}${"distinct".padStart(10)}\n`);
  for (const [k, s] of Object.entries(info.headerSummary)) {
    if (info.traceCount === 0) break;
    io.out(`  ${k.padEnd(24)}${String(s.min).padStart(14)}${String(s.max).padStart(14)}${(s.distinct === null ? `>${MAX_DISTINCT}` : String(s.distinct)).padStart(10)}\n`);
  }
}

/** The `inspect` command. */
export const inspectCommand: Command = {
  name: "inspect",
  summary: "show the headers, format, byte order, counts and a header summary of a SEG-Y or SU file",
  usage: `seisproc inspect FILE [options]

  --json                 print one JSON object (traceCount, sampleCount, sampleIntervalUs, format, byteOrder,
                         revision, textHeaders, binaryHeader, headerSummary, ...)
  --container C          segy, su or auto (default: .su files are SU)
  --byte-order B         big, little or auto (default: detected)
  --header-map FILE      JSON header map for non-standard byte locations (docs/header-maps.md)
  --traces N             summarise only the first N traces (default: all)
  --allow-truncated      read the whole traces of a truncated file instead of refusing it`,
  async run(argv, io) {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      "allow-truncated": { type: "boolean" },
      container: { type: "string" },
      "byte-order": { type: "string" },
      "header-map": { type: "string" },
      traces: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(`inspect needs exactly one FILE (got ${positionals.length})`);
    const reader = await SegyReader.open(positionals[0], await readerOptions(values, flags["allow-truncated"]));
    try {
      const limit = intOption("--traces", values.traces);
      const info = await inspectFile(reader, Math.min(reader.traceCount, Math.max(0, limit ?? reader.traceCount)), io);
      if (flags.json === true) io.out(`${JSON.stringify(info, null, 2)}\n`);
      else printText(info, io);
      return 0;
    } finally {
      await reader.close();
    }
  },
};
