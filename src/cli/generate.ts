/**
 * `seisproc generate OUT`: writes a deterministic synthetic survey (2-D or 3-D shot gathers, or a 3-D post-stack
 * cube), streamed to disk with bounded memory, of a given size or geometry.
 *
 * @module
 */
import {
  resolveSurveySpec,
  specForTargetBytes,
  writeSurvey,
  type SurveyKind,
  type SurveySpec,
  type TargetOverrides,
} from "../core/synthetic";
import { choiceOption, intOption, parseCommandArgs, parseSize, UsageError, type ParsedArgs } from "./args";
import type { Command, CommandIo } from "./command";
import { withProgress } from "./progress";

const KINDS: readonly SurveyKind[] = ["shots-2d", "shots-3d", "poststack-3d"];

/** The count options each kind accepts. */
const COUNT_OPTIONS: Readonly<Record<SurveyKind, readonly string[]>> = {
  "shots-2d": ["shots", "channels"],
  "shots-3d": ["shots", "channels", "source-lines", "receiver-lines"],
  "poststack-3d": ["inlines", "crosslines"],
};

/**
 * The survey the command line asks for: counts and common fields from the options, scaled to `--size` when
 * given. Nonsense (a count out of range, an option that does not apply to the kind) is a {@link UsageError}.
 *
 * @example
 * ```ts
 * const spec = surveyFromArgs(parseCommandArgs(["--kind", "poststack-3d", "--size", "10MB"], GENERATE_OPTIONS));
 * ```
 */
export function surveyFromArgs({ values }: Pick<ParsedArgs, "values">): SurveySpec {
  const kind = choiceOption("--kind", values.kind, KINDS) ?? "shots-2d";
  for (const option of Object.values(COUNT_OPTIONS).flat()) {
    if (values[option] !== undefined && !COUNT_OPTIONS[kind].includes(option)) {
      throw new UsageError(`--${option} does not apply to --kind ${kind}; its counts are ${COUNT_OPTIONS[kind].map((o) => `--${o}`).join(", ")}`);
    }
  }
  const count = (option: string, max = 2 ** 31 - 1): number | undefined => intOption(`--${option}`, values[option], 1, max);
  const format = choiceOption("--format", values.format, ["1", "5"] as const);
  const common = {
    samples: count("samples", 65535),
    sampleIntervalUs: count("interval-us", 32767),
    seed: intOption("--seed", values.seed, 0, 2 ** 32 - 1),
    format: format === undefined ? undefined : format === "1" ? (1 as const) : (5 as const),
  };
  const size = values.size === undefined ? undefined : parseSize(values.size);
  try {
    switch (kind) {
      case "shots-2d": {
        const o: TargetOverrides<"shots-2d"> = { ...common, shots: count("shots"), channels: count("channels", 32767) };
        return size === undefined ? resolveSurveySpec({ kind, ...o }) : specForTargetBytes(kind, size, o);
      }
      case "shots-3d": {
        const o: TargetOverrides<"shots-3d"> = {
          ...common,
          shotsPerLine: count("shots"),
          channelsPerLine: count("channels", 32767),
          sourceLines: count("source-lines"),
          receiverLines: count("receiver-lines", 32767),
        };
        return size === undefined ? resolveSurveySpec({ kind, ...o }) : specForTargetBytes(kind, size, o);
      }
      case "poststack-3d": {
        const o: TargetOverrides<"poststack-3d"> = { ...common, inlines: count("inlines"), crosslines: count("crosslines") };
        return size === undefined ? resolveSurveySpec({ kind, ...o }) : specForTargetBytes(kind, size, o);
      }
    }
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The geometry of a spec in words, e.g. `"40 shots × 96 channels"`.
 *
 * @example
 * ```ts
 * describeGeometry(resolveSurveySpec({ kind: "poststack-3d" })); // "100 inlines × 150 crosslines"
 * ```
 */
export function describeGeometry(spec: SurveySpec): string {
  const n = (v: number, noun: string): string => `${v.toLocaleString("en-US")} ${noun}${v === 1 ? "" : "s"}`;
  switch (spec.kind) {
    case "shots-2d":
      return `${n(spec.shots, "shot")} × ${n(spec.channels, "channel")}`;
    case "shots-3d":
      return `${n(spec.sourceLines, "source line")} × ${n(spec.shotsPerLine, "shot")}, patch of ${n(spec.receiverLines, "line")} × ${n(spec.channelsPerLine, "channel")}`;
    case "poststack-3d":
      return `${n(spec.inlines, "inline")} × ${n(spec.crosslines, "crossline")}`;
  }
}

/**
 * The options of `generate`, for `parseCommandArgs`.
 *
 * @example
 * ```ts
 * parseCommandArgs(["out.sgy", "--shots", "3"], GENERATE_OPTIONS);
 * ```
 */
export const GENERATE_OPTIONS = Object.fromEntries(
  ["kind", "size", "shots", "channels", "source-lines", "receiver-lines", "inlines", "crosslines", "samples", "interval-us", "format", "byte-order", "seed"].map(
    (name) => [name, { type: "string" as const }],
  ),
);

/**
 * The `generate` command.
 *
 * @example
 * ```ts
 * const code = await generateCommand.run(["line.sgy", "--size", "300MB", "--seed", "7"], io);
 * ```
 */
export const generateCommand: Command = {
  name: "generate",
  summary: "write a deterministic synthetic survey (2-D/3-D shot gathers or a post-stack cube)",
  usage: `usage: seisproc generate OUT [options]

Writes a synthetic SEG-Y survey: reflections with moveout, a direct wave and noise; standard trace headers
(FieldRecord, CDP, offset, INLINE_3D, CROSSLINE_3D, coordinates). The same options and seed give the same bytes.
OUT appears only when complete and is replaced if it exists.

  --kind K               shots-2d (default), shots-3d or poststack-3d
  --size S               aim at about S bytes, e.g. 10KB, 300MB, 2GB: KB/MB/GB are powers of 1000
                         (1 MB = 10^6 bytes), KiB/MiB/GiB powers of 1024; counts not given are fitted
  --shots N              shots-2d: shots (default 40); shots-3d: shots per source line (default 8)
  --channels N           shots-2d: channels per shot (default 96); shots-3d: channels per receiver line (40)
  --source-lines N       shots-3d: source lines (default 3)
  --receiver-lines N     shots-3d: receiver lines in each shot's patch (default 4)
  --inlines N            poststack-3d: inlines (default 100)
  --crosslines N         poststack-3d: crosslines (default 150)
  --samples N            samples per trace, 1..65535 (default 1000)
  --interval-us N        sample interval in microseconds, 1..32767 (default 2000)
  --format CODE          1 (IBM float) or 5 (IEEE float, default); other formats: seisproc convert
  --byte-order B         big (default) or little
  --seed N               noise seed, 0..4294967295 (default 1)
  -h, --help             show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandArgs(argv, GENERATE_OPTIONS);
    if (args.positionals.length !== 1) throw new UsageError(`generate needs exactly one OUT path, got ${args.positionals.length} arguments`);
    const resolved = surveyFromArgs(args);
    const byteOrder = choiceOption("--byte-order", args.values["byte-order"], ["big", "little"] as const) ?? "big";
    const result = await withProgress(io, "generate", (onProgress) =>
      writeSurvey(args.positionals[0], resolved, { format: resolved.format, byteOrder, onProgress, signal: io.signal }),
    );
    const n = (v: number): string => v.toLocaleString("en-US");
    io.out(
      `${result.path}: ${resolved.kind}, ${describeGeometry(resolved)}, ${n(result.traceCount)} traces of ${n(resolved.samples)} samples ` +
        `at ${n(resolved.sampleIntervalUs)} µs, format ${resolved.format}, ${byteOrder}-endian, seed ${resolved.seed}, ${n(result.bytes)} bytes\n`,
    );
    return 0;
  },
};
