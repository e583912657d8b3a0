/**
 * The parts of an nbformat 4 notebook the report reads: cells, their outputs, and the widget state nbclient /
 * nbconvert save in `metadata.widgets` when they execute a notebook.
 *
 * @module
 */
import { ReportError } from "./errors";

/** Notebook text fields are a string or a list of lines. */
export type MultilineString = string | string[];

/**
 * One output of a code cell.
 *
 * @example
 * ```ts
 * const out: NotebookOutput = { output_type: "stream", name: "stdout", text: "hello\n" };
 * ```
 */
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: string;
  text?: MultilineString;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  execution_count?: number | null;
}

/**
 * One cell.
 *
 * @example
 * ```ts
 * const cell: NotebookCell = { cell_type: "markdown", source: "# Title" };
 * ```
 */
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw" | string;
  source: MultilineString;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

/**
 * A notebook.
 *
 * @example
 * ```ts
 * const nb = parseNotebook(await readFile("run.ipynb", "utf8"), "run.ipynb");
 * nb.cells.length;
 * ```
 */
export interface Notebook {
  nbformat: number;
  nbformat_minor?: number;
  metadata: Record<string, unknown> & { widgets?: Record<string, unknown>; kernelspec?: { name?: string; display_name?: string } };
  cells: NotebookCell[];
}

/** The MIME type of saved widget state in `metadata.widgets`. */
export const WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json";
/** The MIME type of a widget view in an output. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/**
 * Joins a multiline field.
 *
 * @example
 * ```ts
 * joinText(["a\n", "b"]); // "a\nb"
 * ```
 */
export function joinText(text: MultilineString | undefined): string {
  return text === undefined ? "" : Array.isArray(text) ? text.join("") : String(text);
}

/**
 * Parses notebook JSON, checking that it is nbformat 4 with a list of cells. `file` is used in messages.
 *
 * @example
 * ```ts
 * parseNotebook('{"nbformat":4,"metadata":{},"cells":[]}', "empty.ipynb").cells; // []
 * ```
 */
export function parseNotebook(json: string, file: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ReportError(file, "is not JSON, so not a notebook; give an .ipynb file", { cause: error });
  }
  const nb = value as Partial<Notebook> | null;
  if (nb === null || typeof nb !== "object" || !Array.isArray(nb.cells)) throw new ReportError(file, "has no list of cells, so it is not a Jupyter notebook");
  if (nb.nbformat !== 4) throw new ReportError(file, `is nbformat ${String(nb.nbformat)}; only nbformat 4 is supported (convert it with "jupyter nbconvert --to notebook")`);
  return { nbformat: 4, nbformat_minor: nb.nbformat_minor, metadata: (nb.metadata ?? {}) as Notebook["metadata"], cells: nb.cells };
}

/**
 * The saved widget state (`{ version_major, version_minor, state }`), or undefined when the notebook has none.
 *
 * @example
 * ```ts
 * Object.keys(widgetState(nb)?.state ?? {}).length; // number of saved widget models
 * ```
 */
export function widgetState(nb: Pick<Notebook, "metadata">): { version_major: number; version_minor: number; state: Record<string, unknown> } | undefined {
  const saved = nb.metadata.widgets?.[WIDGET_STATE_MIME] as { version_major?: number; version_minor?: number; state?: Record<string, unknown> } | undefined;
  if (saved === undefined || saved === null || typeof saved.state !== "object" || saved.state === null) return undefined;
  return { version_major: saved.version_major ?? 2, version_minor: saved.version_minor ?? 0, state: saved.state };
}
