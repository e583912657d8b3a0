/**
 * Jupyter for the widget tests: the SeisProc kernelspec installed into a temporary Jupyter path (never the user's
 * own), the environment that makes Debian's Jupyter tools use only it, notebooks written as nbformat 4 JSON, and
 * nbconvert's execution of a notebook with our kernel.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { installKernelSpec } from "../../../kernel-ext/kernelspec";
import { KERNEL_MAIN } from "../../../kernel-ext/module-info";
import { tempDir } from "../../helpers/paths";

/** Debian's Python, which has jupyter_server, nbconvert and nbclient. */
export const PYTHON = "/usr/bin/python3";

let jupyterDir: string | undefined;

/** A temporary Jupyter directory holding the seisproc kernelspec (made once per test process). */
export async function testJupyterDir(): Promise<string> {
  if (!existsSync(`${KERNEL_MAIN}`)) throw new Error(`the kernel is not built (${KERNEL_MAIN} is missing): run npm run build`);
  if (jupyterDir === undefined) {
    const dir = tempDir("seisproc-widgets-jupyter-");
    await installKernelSpec({ kind: "jupyter-path", path: dir });
    for (const sub of ["data", "config", "runtime"]) mkdirSync(path.join(dir, sub), { recursive: true });
    jupyterDir = dir;
  }
  return jupyterDir;
}

/** The environment of Jupyter processes: our kernelspec only, temporary data, config and runtime directories. */
export async function jupyterEnv(): Promise<NodeJS.ProcessEnv> {
  const dir = await testJupyterDir();
  return {
    ...process.env,
    JUPYTER_PATH: dir,
    JUPYTER_DATA_DIR: path.join(dir, "data"),
    JUPYTER_CONFIG_DIR: path.join(dir, "config"),
    JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
}

/** A code cell (TypeScript for the seisproc kernel). */
export function codeCell(source: string): Record<string, unknown> {
  return { cell_type: "code", metadata: {}, execution_count: null, outputs: [], source };
}

/** A Markdown cell. */
export function markdownCell(source: string): Record<string, unknown> {
  return { cell_type: "markdown", metadata: {}, source };
}

/** Writes a notebook for the seisproc kernel. */
export function writeNotebook(file: string, cells: Record<string, unknown>[]): void {
  writeFileSync(
    file,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "seisproc", display_name: "SeisProc (TypeScript)", language: "typescript" }, language_info: { name: "typescript" } },
      cells,
    }),
  );
}

/** Executes `input` with nbconvert (our kernel), writing `output`; rejects with nbconvert's output on failure. */
export async function executeNotebook(input: string, output: string, timeoutSeconds = 240): Promise<void> {
  const env = await jupyterEnv();
  const args = ["-m", "nbconvert", "--to", "notebook", "--execute", `--ExecutePreprocessor.timeout=${timeoutSeconds}`, "--output", path.basename(output), "--output-dir", path.dirname(output), input];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: path.dirname(input), env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`nbconvert --execute failed (${code}):\n${log}`))));
  });
}
