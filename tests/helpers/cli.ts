import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { Inspection } from "../../src/cli/inspection";
import { repoRoot } from "./paths";

/** The real launcher. */
export const BIN = path.join(repoRoot, "bin", "seisproc.js");

/** Runs the real launcher with piped stdio (so stderr is not a terminal). */
export function seisproc(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `seisproc inspect ARGS` (ARGS include --json), which must succeed, parsed. */
export function inspectJson(...args: string[]): Inspection {
  const r = seisproc("inspect", ...args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Inspection;
}
