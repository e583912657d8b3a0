/**
 * `seisproc convert IN OUT`: rewrites a SEG-Y or SU file in another sample format, byte order, revision or
 * container with every header carried over. The output appears under its name only when complete; a failure or
 * Ctrl-C leaves nothing there.
 *
 * @module
 */
import { convertSegy, SAMPLE_FORMATS, SegyReader, writerOptionsFrom, type ConvertOptions } from "../core/segy";
import { choiceOption, intOption, parseCommandArgs, UsageError } from "./args";
import type { Command, CommandIo } from "./command";
import { withProgress } from "./progress";
import { readerOptions } from "./read-options";

/**
 * The `convert` command.
 *
 * @example
 * ```ts
 * const code = await convertCommand.run(["ibm.sgy", "ieee.sgy", "--format", "5"], io);
 * ```
 */
export const convertCommand: Command = {
  name: "convert",
  summary: "rewrite a SEG-Y or SU file in another sample format, byte order, revision or container",
  usage: `usage: seisproc convert IN OUT [options]

Rewrites IN as OUT with every header kept; what is not asked for stays as in IN. OUT appears only when
complete (a failure or Ctrl-C leaves nothing behind) and is replaced if it exists.

  --format CODE          sample format of OUT: 1 IBM float, 2 int32, 3 int16, 5 IEEE float, 6 float64,
                         7 int24, 8 int8, 9 int64, 10 uint32, 11 uint16, 12 uint64, 15 uint24, 16 uint8
                         (default: IN's; 5 for SU)
  --byte-order B         big or little (default: IN's)
  --revision R           0, 1 or 2 (default: IN's; 1 when IN is SU)
  --container C          segy or su (default: IN's)
  --input-container C    how to read IN: segy, su or auto (default auto: .su means SU)
  --input-byte-order B   how to read IN: big, little or auto (default auto)
  --input-samples N      samples per trace of IN, when its headers lack or misstate it
  --header-map FILE      JSON header map of IN (docs/header-maps.md)
  --allow-truncated      convert the whole traces of a truncated IN
  -h, --help             show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      format: { type: "string" },
      "byte-order": { type: "string" },
      revision: { type: "string" },
      container: { type: "string" },
      "input-container": { type: "string" },
      "input-byte-order": { type: "string" },
      "input-samples": { type: "string" },
      "header-map": { type: "string" },
      "allow-truncated": { type: "boolean" },
    });
    if (positionals.length !== 2) throw new UsageError(`convert needs IN and OUT, got ${positionals.length} arguments`);
    const [input, output] = positionals;
    const revision = choiceOption("--revision", values.revision, ["0", "1", "2"] as const);
    const format = intOption("--format", values.format, 1);
    if (format !== undefined && !SAMPLE_FORMATS.has(format)) {
      const why = format === 4 ? " (4, fixed point with gain, is obsolete)" : "";
      throw new UsageError(`--format ${format} is not a sample format seisproc writes${why}; use one of ${[...SAMPLE_FORMATS.keys()].join(", ")}`);
    }
    const changes: Pick<ConvertOptions, "format" | "byteOrder" | "revision" | "container"> = {
      format,
      byteOrder: choiceOption("--byte-order", values["byte-order"], ["big", "little"] as const),
      revision: revision === undefined ? undefined : revision === "0" ? 0 : revision === "1" ? 1 : 2,
      container: choiceOption("--container", values.container, ["segy", "su"] as const),
    };
    const read = await readerOptions(
      { container: values["input-container"], byteOrder: values["input-byte-order"], samples: values["input-samples"], headerMap: values["header-map"], allowTruncated: flags["allow-truncated"] },
      "--input-",
    );
    const reader = await SegyReader.open(input, read);
    const planned = await (async () => {
      try {
        return writerOptionsFrom(reader, changes);
      } finally {
        await reader.close();
      }
    })();
    const result = await withProgress(io, "convert", (onProgress) => convertSegy(input, output, { ...changes, read, onProgress, signal: io.signal }));
    const what = planned.container === "su" ? "Seismic Unix" : `SEG-Y rev ${planned.revision ?? 1}`;
    const written = SAMPLE_FORMATS.get(planned.format ?? 5);
    io.out(
      `${result.path}: ${result.traceCount.toLocaleString("en-US")} traces, ${what}, format ${planned.format} (${written?.name ?? "?"}), ` +
        `${planned.byteOrder ?? "big"}-endian, ${result.bytes.toLocaleString("en-US")} bytes\n`,
    );
    return 0;
  },
};
