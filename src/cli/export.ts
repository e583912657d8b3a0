/**
 * `seisproc export STORE OUT`: writes a trace store (all of it or some gathers) as SEG-Y, Seismic Unix or
 * header CSV. By default the output reproduces the imported file byte for byte. An existing OUT is replaced
 * only with `--force`, and then only when the new file is complete.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { ValidationError } from "../core/errors";
import { locationSize, writeToLocation } from "../core/cloud";
import { SAMPLE_FORMATS } from "../core/segy";
import { EXPORT_FORMATS, exportDataset, type ExportOptions, type GatherIndex } from "../core/store";
import { choiceOption, intOption, parseCommandArgs, UsageError } from "./args";
import type { Command, CommandIo } from "./command";
import { withProgress } from "./progress";
import { openCompleteStore } from "./store-path";

/**
 * Gather keys from a list such as `1,2,5-9`: single keys must exist; a range takes the keys of the index within
 * it and must take at least one. Order as given, repeats dropped.
 *
 * @example
 * ```ts
 * parseGatherList("1,2,5-9", index); // [1, 2, 5, 6, 7, 8, 9] when all exist
 * ```
 */
export function parseGatherList(text: string, index: Pick<GatherIndex, "key" | "keys">): number[] {
  const known = new Set(index.keys);
  const out = new Set<number>();
  const span = index.keys.length === 0 ? "the store has no gathers" : `keys run from ${index.keys[0]} to ${index.keys[index.keys.length - 1]}`;
  for (const item of text.split(",").map((s) => s.trim())) {
    const range = /^(-?\d+)\s*-\s*(-?\d+)$/.exec(item);
    if (range !== null) {
      const [lo, hi] = [Number(range[1]), Number(range[2])];
      if (lo > hi) throw new UsageError(`--gathers: the range ${item} runs backwards; write ${hi}-${lo}`);
      const inside = index.keys.filter((k) => k >= lo && k <= hi);
      if (inside.length === 0) throw new UsageError(`--gathers: no gather with ${index.key} in ${item}; ${span}`);
      for (const k of inside) out.add(k);
    } else if (/^-?\d+$/.test(item)) {
      const key = Number(item);
      if (!known.has(key)) throw new UsageError(`--gathers: no gather with ${index.key} = ${key}; ${span}`);
      out.add(key);
    } else {
      throw new UsageError(`--gathers must be a list of gather keys and ranges such as 1,2,5-9, not "${text}"`);
    }
  }
  return [...out];
}

/**
 * The `export` command.
 *
 * @example
 * ```ts
 * const code = await exportCommand.run(["line.seis", "shots.sgy", "--gathers", "1-3"], io);
 * ```
 */
export const exportCommand: Command = {
  name: "export",
  summary: "write a trace store (or some gathers) as SEG-Y, Seismic Unix or header CSV",
  usage: `usage: seisproc export STORE OUT [options]

Writes the traces of STORE to OUT. By default OUT is the imported file again, byte for byte (same container,
revision, sample format and byte order). OUT appears only when complete; an existing OUT is refused unless
--force, and then replaced only when the export succeeds. STORE and OUT may be URLs (s3://bucket/key,
az://container/name; docs/scaling-out.md).

  --format F             segy, su or headers-csv (default: the imported file's container)
  --sample-format CODE   SEG-Y sample format of OUT: 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16 (default: the source's)
  --byte-order B         big or little (default: the source's)
  --revision R           SEG-Y revision 0, 1 or 2 (default: the source's)
  --gathers LIST         only these gathers, by key: e.g. 1,2,5-9 (a range takes the keys that exist in it)
  --force                replace OUT if it exists
  -h, --help             show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, flags, positionals } = parseCommandArgs(argv, {
      format: { type: "string" },
      "sample-format": { type: "string" },
      "byte-order": { type: "string" },
      revision: { type: "string" },
      gathers: { type: "string" },
      force: { type: "boolean" },
    });
    if (positionals.length !== 2) throw new UsageError(`export needs STORE and OUT, got ${positionals.length} arguments`);
    const [dir, out] = positionals;
    const format = choiceOption("--format", values.format, [...EXPORT_FORMATS.keys()]);
    const sampleFormat = intOption("--sample-format", values["sample-format"], 1);
    if (sampleFormat !== undefined && !SAMPLE_FORMATS.has(sampleFormat)) {
      throw new UsageError(`--sample-format ${sampleFormat} is not a sample format seisproc writes; use one of ${[...SAMPLE_FORMATS.keys()].join(", ")}`);
    }
    const revision = choiceOption("--revision", values.revision, ["0", "1", "2"] as const);
    const byteOrder = choiceOption("--byte-order", values["byte-order"], ["big", "little"] as const);
    const { data } = await openCompleteStore(dir);
    const chosen = format ?? data.metadata.source.container;
    const segyOnly = [sampleFormat !== undefined && "--sample-format", revision !== undefined && "--revision"].filter((o) => o !== false);
    if (chosen !== "segy" && segyOnly.length > 0) throw new UsageError(`${segyOnly.join(" and ")} apply to --format segy only`);
    if (chosen === "headers-csv" && byteOrder !== undefined) throw new UsageError("--byte-order does not apply to --format headers-csv");
    if (flags.force !== true && (await fs.stat(out).then(() => true, () => false) || (await locationSize(out)) !== undefined)) {
      throw new ValidationError(out, "exists; pass --force to replace it (it is replaced only when the export succeeds)");
    }
    const options: ExportOptions = {
      gathers: values.gathers === undefined ? undefined : parseGatherList(values.gathers, data.gatherIndex),
      format: sampleFormat,
      byteOrder,
      revision: revision === undefined ? undefined : (Number(revision) as 0 | 1 | 2),
      signal: io.signal,
    };
    // A URL (s3://, az://) is written to a local temporary file, then uploaded whole.
    const result = await withProgress(io, "export", (onProgress) => writeToLocation(out, (local) => exportDataset(data, local, chosen, { ...options, onProgress })));
    const bytes = (await locationSize(out)) ?? 0;
    const n = (v: number): string => v.toLocaleString("en-US");
    const m = data.metadata.source;
    const what =
      chosen === "headers-csv"
        ? "header values as CSV"
        : chosen === "su"
          ? `Seismic Unix, ${byteOrder ?? m.byteOrder}-endian`
          : `SEG-Y rev ${revision ?? Math.min(2, m.revision.major)}, format ${sampleFormat ?? m.format}, ${byteOrder ?? m.byteOrder}-endian`;
    io.out(`${out}: ${n(result.traceCount)} traces, ${what}, ${n(bytes)} bytes\n`);
    return 0;
  },
};
