/**
 * `seisproc generate OUT`: writes a deterministic synthetic survey (2-D or 3-D shot gathers, or a 3-D post-stack
 * cube) of a given size, streamed to disk.
 *
 * @module
 */
import { specForTargetBytes, writeSurvey, type SurveyKind, type SurveySpecInput } from "../../core/synthetic";
import { choiceOption, intOption, parseCommandArgs, UsageError, type Command } from "../command";
import { ProgressBar } from "../progress";
import { parseSize } from "../size";

const KINDS = ["shots-2d", "shots-3d", "poststack-3d"] as const;

/** The `generate` command. */
export const generateCommand: Command = {
  name: "generate",
  summary: "write a deterministic synthetic survey (shot gathers or a post-stack cube)",
  usage: `seisproc generate OUT [options]

  --kind K               shots-2d (default), shots-3d or poststack-3d
  --size S               about this many bytes, e.g. 10KB, 300MB, 2GB (1 MB = 10^6 bytes; MiB = 2^20)
  --shots N              number of shots (shots-2d)
  --channels N           channels per shot (shots-2d)
  --inlines N, --crosslines N   cube size (poststack-3d)
  --samples N            samples per trace (default 1000)
  --interval-us N        sample interval in microseconds (default 2000)
  --format CODE          sample format (default 5, IEEE float; 1 is IBM float)
  --byte-order B         big (default) or little
  --seed N               noise seed (default 1); the same seed gives the same bytes`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      kind: { type: "string" },
      size: { type: "string" },
      shots: { type: "string" },
      channels: { type: "string" },
      inlines: { type: "string" },
      crosslines: { type: "string" },
      samples: { type: "string" },
      "interval-us": { type: "string" },
      format: { type: "string" },
      "byte-order": { type: "string" },
      seed: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(`generate needs exactly one OUT path (got ${positionals.length})`);
    const kind: SurveyKind = choiceOption("--kind", values.kind, KINDS) ?? "shots-2d";
    const common = {
      samples: intOption("--samples", values.samples),
      sampleIntervalUs: intOption("--interval-us", values["interval-us"]),
      seed: intOption("--seed", values.seed),
    };
    const specific =
      kind === "poststack-3d"
        ? { inlines: intOption("--inlines", values.inlines), crosslines: intOption("--crosslines", values.crosslines) }
        : kind === "shots-2d"
          ? { shots: intOption("--shots", values.shots), channels: intOption("--channels", values.channels) }
          : { shots: intOption("--shots", values.shots) };
    const overrides = Object.fromEntries(Object.entries({ ...common, ...specific }).filter(([, v]) => v !== undefined));
    const spec: SurveySpecInput =
      values.size === undefined ? ({ kind, ...overrides } as SurveySpecInput) : (specForTargetBytes(kind, parseSize(values.size), overrides) as SurveySpecInput);
    const bar = new ProgressBar(io, "generate");
    const result = await writeSurvey(positionals[0], spec, {
      format: intOption("--format", values.format),
      byteOrder: choiceOption("--byte-order", values["byte-order"], ["big", "little"] as const),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    io.out(`${result.path}: ${kind}, ${result.traceCount} traces, ${result.bytes} bytes\n`);
    return 0;
  },
};
