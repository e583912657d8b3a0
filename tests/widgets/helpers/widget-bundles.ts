/**
 * The webpack-built widget bundles the browser tests load, rebuilt when any of their sources is newer (a
 * production webpack build takes minutes on a loaded machine, so it only runs when needed).
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../helpers/paths";

/** The offline embed bundle. */
export const EMBED_BUNDLE = path.join(repoRoot, "dist", "widgets", "embed", "seisproc-embed.js");

function newestSource(): number {
  let newest = 0;
  const visit = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of ["widgets", "kernel-ext/widgets/protocol.ts", "webpack.config.js", "package.json"]) visit(path.join(repoRoot, p));
  return newest;
}

/** Builds `target` ("embed", "amd" or "live") with webpack when its output is missing or older than the sources. */
export function ensureBundle(target: "embed" | "amd" | "live", output: string): void {
  if (existsSync(output) && statSync(output).mtimeMs >= newestSource()) return;
  const result = spawnSync(process.execPath, [path.join(repoRoot, "node_modules", "webpack-cli", "bin", "cli.js"), "--mode", "production", "--env", `target=${target}`], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.status !== 0 || !existsSync(output)) throw new Error(`webpack --env target=${target} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  // webpack leaves an output whose content did not change untouched: mark it as built now
  const now = new Date();
  utimesSync(output, now, now);
}
