/**
 * The one Jupyter environment of the tests: the SeisProc kernelspec installed into a temporary Jupyter path (never
 * the user's own), temporary data, config and runtime directories, and a cache directory of this test process for
 * the kernel's code cache and start-up snapshot (never the user's `~/.cache/seisproc`, which may hold a blob built
 * from another `dist`).
 *
 * @module
 */
import { existsSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { defaultCacheDir } from "../../kernel-ext/kernel/compile-cache";
import { buildSnapshot } from "../../kernel-ext/kernel/snapshot";
import { installKernelSpec } from "../../kernel-ext/kernelspec";
import { KERNEL_MAIN } from "../../kernel-ext/module-info";
import { tempDir } from "./paths";

/** Debian's Python, which has jupyter_client, jupyter_server, nbconvert and nbclient. */
export const PYTHON = "/usr/bin/python3";

let jupyterPath: string | undefined;
let snapshotBuilt: Promise<void> | undefined;

/** A temporary Jupyter path holding the seisproc kernelspec (created once per test process). */
export async function testJupyterPath(): Promise<string> {
  if (!existsSync(KERNEL_MAIN)) throw new Error(`the kernel is not built (${KERNEL_MAIN} is missing): run npm run build`);
  if (jupyterPath === undefined) {
    const dir = tempDir("seisproc-jupyter-");
    await installKernelSpec({ kind: "jupyter-path", path: dir });
    for (const sub of ["data", "config", "runtime", "cache"]) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
    jupyterPath = dir;
  }
  return jupyterPath;
}

/**
 * The environment of Jupyter processes using the test kernelspec and cache. Kernels start without a start-up
 * snapshot unless `snapshot` is true: then the snapshot is built into the test cache first (once, about 6 s), as
 * `seisproc kernel install` builds it for a user.
 *
 * @example
 * ```ts
 * spawn(PYTHON, ["-m", "nbconvert", "--execute", file], { env: await jupyterEnv({ snapshot: true }) });
 * ```
 */
export async function jupyterEnv(options: { snapshot?: boolean; env?: Record<string, string> } = {}): Promise<NodeJS.ProcessEnv> {
  const dir = await testJupyterPath();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: dir,
    JUPYTER_DATA_DIR: path.join(dir, "data"),
    JUPYTER_CONFIG_DIR: path.join(dir, "config"),
    JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    XDG_CACHE_HOME: path.join(dir, "cache"),
    SEISPROC_KERNEL_SNAPSHOT: options.snapshot === true ? "1" : "0",
    ...options.env,
  };
  if (env.SEISPROC_KERNEL_SNAPSHOT === "1") {
    snapshotBuilt ??= buildTestSnapshot(env);
    await snapshotBuilt;
  }
  return env;
}

async function buildTestSnapshot(env: NodeJS.ProcessEnv): Promise<void> {
  const problems: string[] = [];
  const blob = buildSnapshot({ cacheDir: defaultCacheDir(env), log: (text) => problems.push(text) });
  if (blob === undefined) throw new Error(`start-up snapshot not built: ${problems.join("\n")}`);
}
