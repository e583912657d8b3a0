/**
 * The kernelspec that makes Jupyter offer "SeisProc (TypeScript)": a `kernels/seisproc/kernel.json` that runs
 * this package's kernel with the current node. {@link installKernelSpec} writes it atomically and idempotently
 * (an identical spec is left untouched) into the user's Jupyter data directory, a prefix, or any Jupyter path.
 * tslab's own `tslab install` shells out to IPython's installer, which is not needed here.
 *
 * @module
 */
import { mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import * as path from "node:path";
import { AtomicFile } from "../src/core/util/atomic-file";
import { KernelSpecError } from "./errors";
import { KERNEL_DISPLAY_NAME, KERNEL_MAIN, KERNEL_NAME, PACKAGE_VERSION } from "./module-info";

/**
 * Where to install: the user's Jupyter data directory, `PREFIX/share/jupyter`, or a Jupyter path directory (the
 * kind of directory `JUPYTER_PATH` lists).
 *
 * @example
 * ```ts
 * const where: KernelSpecLocation = { kind: "jupyter-path", path: "/tmp/jupyter" };
 * ```
 */
export type KernelSpecLocation = { kind: "user" } | { kind: "prefix"; prefix: string } | { kind: "jupyter-path"; path: string };

/**
 * The content of kernel.json.
 *
 * @example
 * ```ts
 * kernelSpec().argv; // ["/usr/bin/node", ".../dist/kernel-ext/main.js", "--connection-file", "{connection_file}"]
 * ```
 */
export interface KernelSpecJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal";
  env: Record<string, string>;
  metadata: Record<string, unknown>;
}

/**
 * The user's Jupyter data directory, as jupyter_core computes it: `JUPYTER_DATA_DIR`, else
 * `~/Library/Jupyter` (macOS), `%APPDATA%\jupyter` (Windows) or `$XDG_DATA_HOME/jupyter` (default
 * `~/.local/share/jupyter`).
 *
 * @example
 * ```ts
 * userJupyterDataDir({ HOME: "/home/me" }); // "/home/me/.local/share/jupyter" on Linux
 * ```
 */
export function userJupyterDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR !== undefined && env.JUPYTER_DATA_DIR !== "") return path.resolve(env.JUPYTER_DATA_DIR);
  const home = env.HOME ?? homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  const xdg = env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== "" ? env.XDG_DATA_HOME : path.join(home, ".local", "share");
  return path.join(xdg, "jupyter");
}

/**
 * The kernelspec directory (`…/kernels/seisproc`) of a location.
 *
 * @example
 * ```ts
 * kernelSpecDirectory({ kind: "prefix", prefix: "/opt/conda" }); // "/opt/conda/share/jupyter/kernels/seisproc"
 * ```
 */
export function kernelSpecDirectory(location: KernelSpecLocation, env: NodeJS.ProcessEnv = process.env): string {
  switch (location.kind) {
    case "user":
      return path.join(userJupyterDataDir(env), "kernels", KERNEL_NAME);
    case "prefix":
      return path.resolve(location.prefix, "share", "jupyter", "kernels", KERNEL_NAME);
    case "jupyter-path":
      return path.resolve(location.path, "kernels", KERNEL_NAME);
  }
}

/**
 * The kernelspec for this installation: the running node and this package's kernel entry.
 *
 * @example
 * ```ts
 * JSON.stringify(kernelSpec(), null, 1);
 * ```
 */
export function kernelSpec(nodePath: string = process.execPath, kernelMain: string = KERNEL_MAIN): KernelSpecJson {
  return {
    argv: [nodePath, kernelMain, "--connection-file", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    env: {},
    metadata: { seisproc: { version: PACKAGE_VERSION }, debugger: false },
  };
}

/**
 * What {@link installKernelSpec} did.
 *
 * @example
 * ```ts
 * const result: KernelSpecInstall = await installKernelSpec({ kind: "user" });
 * console.log(result.changed ? "installed" : "already up to date", result.directory);
 * ```
 */
export interface KernelSpecInstall {
  /** The kernelspec directory. */
  directory: string;
  /** The kernel.json path. */
  file: string;
  /** False when an identical kernel.json was already there (nothing written). */
  changed: boolean;
  /** The spec written (or found). */
  spec: KernelSpecJson;
}

/**
 * Writes `kernels/seisproc/kernel.json` at `location` (directories created as needed, the file replaced
 * atomically). Running it again with the same installation changes nothing. Throws {@link KernelSpecError}.
 *
 * @example
 * ```ts
 * await installKernelSpec({ kind: "jupyter-path", path: tmp }); // then JUPYTER_PATH=tmp jupyter kernelspec list
 * ```
 */
export async function installKernelSpec(location: KernelSpecLocation, spec: KernelSpecJson = kernelSpec(), env: NodeJS.ProcessEnv = process.env): Promise<KernelSpecInstall> {
  const directory = kernelSpecDirectory(location, env);
  const file = path.join(directory, "kernel.json");
  const text = `${JSON.stringify(spec, null, 1)}\n`;
  const existing = await readFile(file, "utf8").catch(() => undefined);
  if (existing === text) return { directory, file, changed: false, spec };
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new KernelSpecError(directory, "cannot create the kernelspec directory; choose another location (--user, --prefix or --jupyter-path)", { cause: error });
  }
  let out: AtomicFile | undefined;
  try {
    out = await AtomicFile.create(file);
    await out.write(Buffer.from(text, "utf8"));
    await out.commit();
  } catch (error) {
    await out?.abort();
    throw new KernelSpecError(directory, "cannot write kernel.json; check the directory's permissions or choose another location", { cause: error });
  }
  return { directory, file, changed: true, spec };
}
