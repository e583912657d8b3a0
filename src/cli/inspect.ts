/**
 * `seisproc inspect FILE`: prints what a SEG-Y or SU file holds, as a report or (`--json`) one JSON object.
 *
 * @module
 */
import { SegyReader } from "../core/segy";
import { intOption, parseCommandArgs, UsageError } from "./args";
import type { Command, CommandIo } from "./command";
import { printInspection } from "./inspect-text";
import { inspectFile } from "./inspection";
import { withProgress } from "./progress";
import { readerOptions } from "./read-options";

/**
 * The `inspect` command.
 *
 * @example
 * ```ts
 * const code = await inspectCommand.run(["line.sgy", "--json"], io);
 * ```
 */
export const inspectCommand: Command = {
  name: "inspect",
  summary: "show the headers, format, byte order, counts and a trace header summary of a SEG-Y or SU file",
  usage: `usage: seisproc inspect FILE [options]

Shows the textual headers (all 40 cards, extended headers too), the binary header (non-zero fields), the
format, byte order and how it was detected, revision, counts, sample interval, first sample time, and the
min, max and number of distinct values of the main trace header fields (raw, no scalars applied).

  --json               print one JSON object instead (every binary header field; keys in docs/cli.md)
  --traces N           summarise only the first N traces (default: all)
  --fields A,B,...     trace header fields to summarise (default: FieldRecord, CDP, offset, INLINE_3D, ...)
  --container C        segy, su or auto (default auto: a .su file is SU, anything else SEG-Y)
  --byte-order B       big, little or auto (default auto: detected)
  --samples N          samples per trace, when the headers lack or misstate it
  --header-map FILE    JSON header map for non-standard byte locations (docs/header-maps.md)
  --allow-truncated    read the whole traces of a truncated file instead of refusing it
  -h, --help           show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      traces: { type: "string" },
      fields: { type: "string" },
      container: { type: "string" },
      "byte-order": { type: "string" },
      samples: { type: "string" },
      "header-map": { type: "string" },
      "allow-truncated": { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError(`inspect needs exactly one FILE, got ${positionals.length} arguments`);
    const traces = intOption("--traces", values.traces, 0);
    const fields = values.fields?.split(",").map((f) => f.trim()).filter((f) => f !== "");
    const read = await readerOptions({
      container: values.container,
      byteOrder: values["byte-order"],
      samples: values.samples,
      headerMap: values["header-map"],
      allowTruncated: flags["allow-truncated"],
    });
    const reader = await SegyReader.open(positionals[0], read);
    try {
      const info = await withProgress(io, "summary", (onProgress) => inspectFile(reader, { traces, fields, onProgress, signal: io.signal }));
      if (flags.json === true) io.out(`${JSON.stringify(info, null, 2)}\n`);
      else printInspection(info, io);
      return 0;
    } finally {
      await reader.close();
    }
  },
};
