/**
 * `seisproc convert IN OUT`: rewrites a SEG-Y or SU file in another sample format, byte order, revision or
 * container, headers carried over; the output appears only when complete.
 *
 * @module
 */
import { convertSegy } from "../../core/segy";
import { choiceOption, intOption, parseCommandArgs, UsageError, type Command } from "../command";
import { ProgressBar } from "../progress";
import { readerOptions } from "./inspect";

/** The `convert` command. */
export const convertCommand: Command = {
  name: "convert",
  summary: "rewrite a SEG-Y or SU file in another sample format, byte order, revision or container",
  usage: `seisproc convert IN OUT [options]

  --format CODE          output sample format: 1 IBM, 2 int32, 3 int16, 5 IEEE float, 6 float64, 7 int24,
                         8 int8, 9 int64, 10 uint32, 11 uint16, 12 uint64, 15 uint24, 16 uint8 (default: the input's)
  --byte-order B         big or little (default: the input's)
  --revision R           0, 1 or 2 (default: the input's)
  --container C          segy or su (default: the input's)
  --input-container C    how to read IN: segy, su or auto
  --input-byte-order B   how to read IN: big, little or auto
  --header-map FILE      JSON header map of IN
  --allow-truncated      convert the whole traces of a truncated IN`,
  async run(argv, io) {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      format: { type: "string" },
      "byte-order": { type: "string" },
      revision: { type: "string" },
      container: { type: "string" },
      "input-container": { type: "string" },
      "input-byte-order": { type: "string" },
      "header-map": { type: "string" },
      "allow-truncated": { type: "boolean" },
    });
    if (positionals.length !== 2) throw new UsageError(`convert needs IN and OUT (got ${positionals.length} arguments)`);
    const [input, output] = positionals;
    const revision = choiceOption("--revision", values.revision, ["0", "1", "2"] as const);
    const bar = new ProgressBar(io, "convert");
    const result = await convertSegy(input, output, {
      format: intOption("--format", values.format),
      byteOrder: choiceOption("--byte-order", values["byte-order"], ["big", "little"] as const),
      revision: revision === undefined ? undefined : (Number(revision) as 0 | 1 | 2),
      container: choiceOption("--container", values.container, ["segy", "su"] as const),
      read: await readerOptions({ container: values["input-container"], "byte-order": values["input-byte-order"], "header-map": values["header-map"] }, flags["allow-truncated"]),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    io.out(`${result.path}: ${result.traceCount} traces, ${result.bytes} bytes\n`);
    return 0;
  },
};
