/**
 * How the kernel learns which notebook file it runs, when it can:
 *
 * - `SEISPROC_NOTEBOOK` (an explicit path, absolute or relative to the kernel's directory) wins; set it when
 *   running `jupyter nbconvert --execute` or nbclient, which tell the kernel nothing about the file;
 * - `JPY_SESSION_NAME`, set by jupyter-server (JupyterLab, Notebook 7) to the notebook's path relative to the
 *   server root, while the kernel runs in the notebook's directory: the file is its base name there;
 * - otherwise the path is unknown (`undefined`). Messages do not help: `execute_request` metadata from
 *   JupyterLab carries a cell id, never a path, and nbclient sends none.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import * as path from "node:path";

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The notebook path from the environment, or `undefined`.
 *
 * @example
 * ```ts
 * resolveNotebookPath({ JPY_SESSION_NAME: "surveys/line1.ipynb" }, "/home/me/surveys"); // "/home/me/surveys/line1.ipynb"
 * ```
 */
export function resolveNotebookPath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | undefined {
  const explicit = env.SEISPROC_NOTEBOOK;
  if (explicit !== undefined && explicit !== "") return path.resolve(cwd, explicit);
  const session = env.JPY_SESSION_NAME;
  if (session === undefined || session === "" || !session.endsWith(".ipynb")) return undefined;
  const candidates = path.isAbsolute(session) ? [session] : [path.join(cwd, path.basename(session)), path.resolve(cwd, session)];
  return candidates.find(isFile);
}
