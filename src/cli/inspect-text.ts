/**
 * The human-readable report of `seisproc inspect` (without `--json`).
 *
 * @module
 */
import type { ByteOrderSource } from "../core/segy";
import type { CommandIo } from "./command";
import { MAX_DISTINCT, type Inspection } from "./inspection";

const BYTE_ORDER_SOURCES: Readonly<Record<ByteOrderSource, string>> = {
  option: "as given with --byte-order",
  "integer-constant": "from the rev 2 byte-order constant at bytes 3297-3300",
  plausibility: "detected: the only order giving a plausible format code and sample count",
  default: "not detectable; assumed",
};

/**
 * A line of text header made safe for a terminal: control characters (C0, DEL, C1; EBCDIC files decode some
 * bytes to them, and ESC could drive the terminal) become spaces, trailing spaces are trimmed.
 *
 * @example
 * ```ts
 * printable("C40  \u0080"); // "C40"
 * ```
 */
export function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").trimEnd();
}

const n = (v: number): string => v.toLocaleString("en-US");

/**
 * Writes the report of an {@link Inspection} to `io.out`.
 *
 * @example
 * ```ts
 * printInspection(await inspectFile(reader), io);
 * ```
 */
export function printInspection(info: Inspection, io: CommandIo): void {
  const lines: string[] = [];
  const row = (key: string, value: string): void => void lines.push(`${key.padEnd(18)}${value}`);
  row("file", `${info.file} (${n(info.fileSize)} bytes)`);
  row("container", info.container === "su" ? "Seismic Unix (no textual or binary header)" : `SEG-Y revision ${info.revision}`);
  row("format", `${info.format} (${info.formatName})`);
  row("byte order", `${info.byteOrder}-endian (${BYTE_ORDER_SOURCES[info.byteOrderSource]})`);
  row("traces", n(info.traceCount));
  row("samples", `${n(info.sampleCount)} per trace, ${info.fixedLength ? "fixed" : "variable"}-length traces`);
  row("sample interval", info.sampleIntervalUs === null ? "unknown" : `${n(info.sampleIntervalUs)} µs`);
  row("first sample", `${info.firstSampleTimeMs} ms`);
  if (info.sampleIntervalUs !== null && info.sampleCount > 0) {
    row("record length", `${((info.sampleCount - 1) * info.sampleIntervalUs) / 1000 + info.firstSampleTimeMs} ms (last sample)`);
  }
  if (info.container === "segy") row("extended headers", `${info.extendedTextHeaders} textual`);
  for (const text of info.textHeaders) {
    const name = text.index === 0 ? "textual file header" : `extended textual header ${text.index}`;
    lines.push("", `${name} (${text.encoding})`);
    for (const line of text.lines) lines.push(`  ${printable(line)}`);
  }
  if (info.container === "segy") {
    const nonZero = Object.entries(info.binaryHeader).filter(([, v]) => v !== 0);
    lines.push("", `binary header (${nonZero.length} non-zero fields; --json shows all)`);
    for (const [key, value] of nonZero) lines.push(`  ${key.padEnd(28)}${value}`);
  }
  const covered = info.headerSummaryTraces === info.traceCount ? "all traces" : `the first ${n(info.headerSummaryTraces)} traces`;
  lines.push("", `trace header summary (raw values, ${covered})`);
  const keys = Object.keys(info.headerSummary);
  if (info.headerSummaryTraces === 0 || keys.length === 0) {
    lines.push("  (no traces or no fields to summarise)");
  } else {
    const width = Math.max(24, ...keys.map((k) => k.length + 2));
    lines.push(`  ${"field".padEnd(width)}${"min".padStart(14)}${"max".padStart(14)}${"distinct".padStart(12)}`);
    for (const [key, s] of Object.entries(info.headerSummary)) {
      const distinct = s.distinct === null ? `>${n(MAX_DISTINCT)}` : n(s.distinct);
      lines.push(`  ${key.padEnd(width)}${String(s.min).padStart(14)}${String(s.max).padStart(14)}${distinct.padStart(12)}`);
    }
  }
  io.out(`${lines.join("\n")}\n`);
}
