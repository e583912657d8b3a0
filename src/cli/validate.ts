/**
 * `seisproc validate STORE`: checks a trace store (metadata, every chunk, header parts, gather index, time;
 * with `--source`, the source file's checksum) and lists what is wrong; `--repair` rebuilds what can be derived
 * (after backing up what it replaces) and validates again. Exit 0 when the store is sound, 1 when problems
 * remain, 2 for bad input (no such directory, not a store, bad arguments).
 *
 * @module
 */
import * as path from "node:path";
import { promises as fs } from "node:fs";
import { fileAccessError, ValidationError } from "../core/errors";
import { childLocation, isUrlLocation, type LocatedStore } from "../core/cloud";
import { readJson } from "../core/storage";
import { reimportCommand, repairStore, STORE_KEYS, validateStore, type RepairReport, type StoreMetadata, type ValidationReport } from "../core/store";
import { parseCommandArgs, UsageError } from "./args";
import type { Command, CommandIo } from "./command";
import { withPhasedProgress } from "./phase-progress";
import { existingStoreDir } from "./store-path";

/**
 * The `validate` command.
 *
 * @example
 * ```ts
 * const code = await validateCommand.run(["line.seis", "--repair"], io); // 0 when sound afterwards
 * ```
 */
export const validateCommand: Command = {
  name: "validate",
  summary: "check a trace store chunk by chunk, and repair what can be rebuilt",
  usage: `usage: seisproc validate STORE [options]

Checks STORE: the COMPLETE marker and the metadata; the Zarr metadata of every array; every traces and
raw_headers chunk (present, decodes, right size), streamed with bounded memory; the header Parquet parts (row
counts, trace ranges); the gather index (complete, consistent, agrees with the header key column); the time
coordinate. Prints each problem and whether --repair can fix it. Exit 0 when sound, 1 when problems remain.

  --source FILE   also compare FILE's size and SHA-256 with the imported file's (a change is reported, never repaired)
  --repair        rebuild what can be derived (gather index, gather_order, time, Zarr metadata, group attributes,
                  the COMPLETE marker when all else is sound), after copying every file it replaces to
                  STORE/seisproc/backup/<timestamp>/; then validate again. Lost chunks or header parts need a re-import
  --json          print one JSON object instead (keys in docs/cli.md)
  -h, --help      show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, flags, positionals } = parseCommandArgs(argv, { source: { type: "string" }, repair: { type: "boolean" }, json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError(`validate needs exactly one STORE, got ${positionals.length} arguments`);
    const dir = positionals[0];
    const store = await existingStoreDir(dir);
    const source = values.source;
    if (source !== undefined && isUrlLocation(source)) throw new UsageError("--source takes a local file; the checksum of an object is checked when it is imported");
    if (source !== undefined) {
      await fs.stat(source).catch((error: unknown) => {
        throw fileAccessError(source, error);
      });
    }
    const validate = (): Promise<ValidationReport> =>
      withPhasedProgress(io, "validate", (update) => validateStore(store, { source, onProgress: (p) => update(p.phase, p.done, p.total), signal: io.signal }));
    let report = await validate();
    if (report.problems.some((p) => p.kind === "not-a-store")) throw new ValidationError(dir, "is not a SeisProc trace store (no metadata, no unfinished import, no Zarr group); create one with `seisproc import FILE STORE`");
    let repair: RepairReport | undefined;
    if (flags.repair === true && !report.ok) {
      repair = await repairStore(store, { report, signal: io.signal });
      report = await validate();
    }
    const metadata = await readJson<StoreMetadata>(store, STORE_KEYS.metadata).catch(() => undefined);
    const reimport = metadata === undefined || report.problems.every((p) => p.repairable || p.kind.startsWith("source-")) ? null : reimportCommand(metadata, dir);
    if (flags.json === true) io.out(`${JSON.stringify({ store: dir, ...report, repair: repair ?? null, reimport }, null, 2)}\n`);
    else printReport(io, dir, store, report, repair, reimport, flags.repair === true);
    return report.ok ? 0 : 1;
  },
};

function printReport(io: CommandIo, dir: string, store: LocatedStore, report: ValidationReport, repair: RepairReport | undefined, reimport: string | null, asked: boolean): void {
  const n = (v: number): string => v.toLocaleString("en-US");
  const plural = (v: number, noun: string): string => `${n(v)} ${noun}${v === 1 ? "" : "s"}`;
  if (repair !== undefined) {
    const folder = repair.backup === null ? "" : "root" in store ? path.join(store.root, repair.backup) : childLocation(dir, repair.backup);
    const backup = repair.backup === null ? "nothing to back up" : `backup of the replaced files in ${folder}`;
    const did = [`rewrote ${plural(repair.rewritten.length, "file")}`, `deleted ${plural(repair.deleted.length, "file")}`];
    if (repair.completed) did.push("marked the store complete");
    io.out(`repair: ${did.join(", ")}; ${backup}\n`);
  }
  const { chunks, parts, traces } = report.checked;
  const checked = `${plural(chunks, "chunk")}, ${plural(parts, "header part")}, ${plural(traces, "trace")} checked`;
  if (report.ok) {
    io.out(`${dir}: ok (${checked})\n`);
    return;
  }
  io.out(`${dir}: ${plural(report.problems.length, "problem")} (${checked})\n`);
  const width = Math.max(...report.problems.map((p) => p.kind.length));
  for (const p of report.problems) io.out(`  ${p.kind.padEnd(width)}  ${p.key}: ${p.detail}${p.repairable ? " [repairable]" : ""}\n`);
  const repairable = report.problems.filter((p) => p.repairable).length;
  if (repairable > 0 && !asked) io.out(`${plural(repairable, "problem")} can be repaired: seisproc validate ${dir} --repair\n`);
  if (reimport !== null) io.out(`problems that cannot be repaired need a re-import of the source:\n  ${reimport}\n`);
}
