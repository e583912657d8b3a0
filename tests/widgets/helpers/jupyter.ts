/**
 * Jupyter for the widget tests: the shared test environment (tests/helpers/jupyter-env.ts), notebooks written as
 * nbformat 4 JSON, and nbconvert's execution of a notebook with our kernel.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { jupyterEnv as sharedJupyterEnv, PYTHON } from "../../helpers/jupyter-env";

export { PYTHON };

/**
 * The environment of Jupyter processes for the widget and notebook tests: the shared test environment, with the
 * kernel's start-up snapshot built into the test cache, so notebooks run on the kernel a user installs.
 */
export async function jupyterEnv(): Promise<NodeJS.ProcessEnv> {
  return sharedJupyterEnv({ snapshot: true });
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

/**
 * Executes `input` with nbconvert (our kernel), writing `output`; rejects with nbconvert's output on failure.
 * `extraEnv` adds to the kernel's environment (e.g. `SEISPROC_NOTEBOOK`).
 */
export async function executeNotebook(input: string, output: string, timeoutSeconds = 240, extraEnv: Record<string, string> = {}): Promise<void> {
  const env = { ...(await jupyterEnv()), ...extraEnv };
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
