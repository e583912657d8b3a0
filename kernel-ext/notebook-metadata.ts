/**
 * Session state kept in a notebook file: `saveToNotebook(path, state)` writes it under `metadata.seisproc` of the
 * .ipynb (atomically, every other part of the file untouched), `restoreFromNotebook(path)` reads it back.
 * {@link currentNotebookPath} is the notebook the kernel runs, when it could be learned (see
 * `kernel/notebook-path.ts`: jupyter-server tells the kernel, nbclient does not unless `SEISPROC_NOTEBOOK` is set).
 *
 * A notebook open in JupyterLab or Notebook 7 is saved by the front end from its own copy, which does not have
 * what the kernel wrote: there, state saved in the widget model (`metadata.widgets`, written by the front end) is
 * the durable route, and `saveToNotebook` is for notebooks run headless (nbclient) or closed.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { AtomicFile } from "../src/core/util/atomic-file";
import { NotebookMetadataError } from "./errors";
import { currentKernel } from "./kernel-runtime";
import { resolveNotebookPath } from "./kernel/notebook-path";

/** The key under `metadata` that holds SeisProc's state. */
export const NOTEBOOK_METADATA_KEY = "seisproc";

type Notebook = { cells: unknown[]; metadata: Record<string, unknown>; [key: string]: unknown };

async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new NotebookMetadataError(path, "cannot read the notebook file; check the path", { cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new NotebookMetadataError(path, "not a notebook: the file is not JSON", { cause: error });
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc) || !Array.isArray((doc as Notebook).cells)) {
    throw new NotebookMetadataError(path, 'not a notebook: no "cells" list');
  }
  const nb = doc as Notebook;
  if (nb.metadata === undefined) nb.metadata = {};
  if (nb.metadata === null || typeof nb.metadata !== "object" || Array.isArray(nb.metadata)) throw new NotebookMetadataError(path, 'not a notebook: "metadata" is not an object');
  return nb;
}

function isSorted(keys: string[]): boolean {
  return keys.every((k, i) => i === 0 || keys[i - 1] <= k);
}

/**
 * Writes `state` (any JSON value) as `metadata.seisproc` of the notebook at `path`, replacing what was there.
 * The file is rewritten atomically in Jupyter's own layout (one-space indent); cells, outputs and all other
 * metadata are kept as they were. Throws {@link NotebookMetadataError} for a missing or invalid notebook or a
 * state that is not JSON (the file is then left untouched).
 *
 * @example
 * ```ts
 * await saveToNotebook("survey.ipynb", { activeDatasetId: id, gather: 1001 });
 * ```
 */
export async function saveToNotebook(path: string, state: unknown): Promise<void> {
  await updateNotebookMetadata(path, () => state);
}

/**
 * Replaces `metadata.seisproc` of the notebook at `path` by what `change` makes of the current value (undefined
 * when there is none), as {@link saveToNotebook} writes it: atomically, everything else untouched.
 *
 * @example
 * ```ts
 * await updateNotebookMetadata("survey.ipynb", (ours) => ({ ...(ours as object), note: "checked" }));
 * ```
 */
export async function updateNotebookMetadata(path: string, change: (current: unknown) => unknown): Promise<void> {
  const nb = await readNotebook(path);
  let json: unknown;
  try {
    const text = JSON.stringify(change(nb.metadata[NOTEBOOK_METADATA_KEY]));
    if (text === undefined) throw new Error("the state has no JSON form (undefined or a function)");
    json = JSON.parse(text);
  } catch (error) {
    throw new NotebookMetadataError(path, `the session state cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const keys = Object.keys(nb.metadata);
  const sorted = isSorted(keys);
  nb.metadata[NOTEBOOK_METADATA_KEY] = json;
  if (sorted && !keys.includes(NOTEBOOK_METADATA_KEY)) {
    nb.metadata = Object.fromEntries(Object.keys(nb.metadata).sort().map((k) => [k, nb.metadata[k]]));
  }
  let out: AtomicFile | undefined;
  try {
    out = await AtomicFile.create(path);
    await out.write(Buffer.from(`${JSON.stringify(nb, null, 1)}\n`, "utf8"));
    await out.commit();
  } catch (error) {
    await out?.abort();
    throw new NotebookMetadataError(path, "cannot write the notebook file; check its permissions", { cause: error });
  }
}

/**
 * The whole `metadata` object of the notebook at `path` (read-only use: the notebook's widget state, kernelspec,
 * and SeisProc's own key). Throws {@link NotebookMetadataError} for a missing or invalid notebook.
 *
 * @example
 * ```ts
 * const { kernelspec } = await readNotebookMetadata("survey.ipynb");
 * ```
 */
export async function readNotebookMetadata(path: string): Promise<Record<string, unknown>> {
  return (await readNotebook(path)).metadata;
}

/**
 * The state saved by {@link saveToNotebook} in the notebook at `path`, or `undefined` when it has none. Throws
 * {@link NotebookMetadataError} for a missing or invalid notebook.
 *
 * @example
 * ```ts
 * const state = await restoreFromNotebook("survey.ipynb");
 * if (state !== undefined) session.restore(state);
 * ```
 */
export async function restoreFromNotebook(path: string): Promise<unknown> {
  const nb = await readNotebook(path);
  return nb.metadata[NOTEBOOK_METADATA_KEY];
}

/**
 * The notebook file the kernel runs, when known (always `undefined` outside the kernel unless
 * `SEISPROC_NOTEBOOK` is set).
 *
 * @example
 * ```ts
 * const nb = currentNotebookPath();
 * if (nb !== undefined) await saveToNotebook(nb, state);
 * ```
 */
export function currentNotebookPath(): string | undefined {
  return currentKernel()?.notebookPath ?? resolveNotebookPath();
}

/**
 * The state saved in the kernel's own notebook, or `undefined` when the path is unknown or nothing was saved.
 *
 * @example
 * ```ts
 * const state = await restoreFromCurrentNotebook();
 * ```
 */
export async function restoreFromCurrentNotebook(): Promise<unknown> {
  const nb = currentNotebookPath();
  return nb === undefined ? undefined : restoreFromNotebook(nb);
}
