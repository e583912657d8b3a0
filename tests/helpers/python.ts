/**
 * Running Debian's Python (`/usr/bin/python3`, where python3-segyio, python3-zarr and python3-xarray live) from
 * tests. A missing module is a failure with setup advice, never a silent skip.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "./paths";

/** The interpreter with Debian's python3-segyio (not the first `python3` on PATH). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** Helper scripts live beside this file's source (tests/helpers/), not in dist/. */
export function helperScript(name: string): string {
  return path.join(repoRoot, "tests", "helpers", name);
}

/**
 * Throws, with what to do, unless /usr/bin/python3 can import every module in `modules` (Debian's `packages`
 * provide them; scripts/setup.sh installs them).
 */
export function requirePythonModules(modules: readonly string[], packages: readonly string[]): void {
  const probe = spawnSync(SYSTEM_PYTHON, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
  if (probe.status !== 0) {
    const why = probe.error !== undefined ? probe.error.message : probe.stderr.trim().split("\n").pop();
    throw new Error(
      `${SYSTEM_PYTHON} cannot import ${modules.join(", ")} (${why}); run scripts/setup.sh, which installs Debian's ${packages.join(", ")}, then run the tests again`,
    );
  }
}

/** Throws, with what to do, unless /usr/bin/python3 can import segyio and numpy. */
export function requireSegyio(): void {
  requirePythonModules(["segyio", "numpy"], ["python3-segyio", "python3-numpy"]);
}

/** Throws, with what to do, unless /usr/bin/python3 can import zarr, xarray and numpy. */
export function requireZarrXarray(): void {
  requirePythonModules(["zarr", "xarray", "numpy"], ["python3-zarr", "python3-xarray", "python3-numpy"]);
}

/** Runs a Python script with `input` as JSON on stdin and returns its stdout parsed as JSON. */
export function runPythonJson<T>(script: string, input: unknown): T {
  const run = spawnSync(SYSTEM_PYTHON, [script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`${SYSTEM_PYTHON} ${script} failed (exit ${run.status}): ${run.error?.message ?? run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
