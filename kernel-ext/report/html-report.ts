/**
 * Executed notebook → static HTML report that shows its widgets without a kernel and without any CDN: cells
 * (Markdown, code, outputs) become plain HTML; widget views become `application/vnd.jupyter.widget-view+json`
 * script tags; the saved widget state (`metadata.widgets`, which nbconvert / nbclient write when they execute a
 * notebook) goes in an `application/vnd.jupyter.widget-state+json` tag; and SeisProc's offline embed bundle
 * (dist/widgets/embed/seisproc-embed.js, built by webpack) renders them when the page loads. The bundle is
 * inlined (one self-contained file, the default) or copied next to the page.
 *
 * The tool lives in kernel-ext/ rather than widgets/ because it is Node code (files, paths, atomic writes) built
 * by the root TypeScript build, while widgets/ holds only browser code built by webpack; it adapts notebooks made
 * with the kernel extension, which is kernel-ext's job.
 *
 * @module
 */
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { AtomicFile } from "../../src/core/util/atomic-file";
import { PACKAGE_ROOT } from "../module-info";
import { ReportError } from "./errors";
import { escapeHtml, markdownToHtml } from "./markdown";
import { joinText, parseNotebook, widgetState, WIDGET_STATE_MIME, WIDGET_VIEW_MIME, type Notebook, type NotebookOutput } from "./notebook";

/** The embed bundle's file name. */
export const EMBED_BUNDLE_FILE = "seisproc-embed.js";

/**
 * Where the embed bundle is after `npm run build:widgets` (dist/widgets/embed/seisproc-embed.js in the package).
 *
 * @example
 * ```ts
 * existsSync(defaultEmbedBundlePath());
 * ```
 */
export function defaultEmbedBundlePath(): string {
  return path.join(PACKAGE_ROOT, "dist", "widgets", "embed", EMBED_BUNDLE_FILE);
}

/**
 * Options of {@link writeHtmlReport} and {@link renderNotebookHtml}.
 *
 * @example
 * ```ts
 * const options: ReportOptions = { bundle: "external", title: "Line 12 QC" };
 * ```
 */
export interface ReportOptions {
  /** `"inline"` (default): the bundle inside the page; `"external"`: copied beside it, loaded by relative path. */
  bundle?: "inline" | "external";
  /** The embed bundle to use (default {@link defaultEmbedBundlePath}). */
  bundlePath?: string;
  /** The page title (default: the notebook's file name). */
  title?: string;
  /** Show code cells' source (default true). */
  showCode?: boolean;
}

/**
 * What a report holds.
 *
 * @example
 * ```ts
 * const summary = await writeHtmlReport("run.ipynb", "run.html");
 * summary.widgetViews; // views that will render
 * ```
 */
export interface ReportSummary {
  path: string;
  cells: number;
  /** Widget models in the saved state. */
  widgetModels: number;
  /** Widget views in outputs. */
  widgetViews: number;
  bundle: "inline" | "external";
  /** Size of the HTML file. */
  bytes: number;
}

/**
 * Makes JavaScript safe inside a `<script>` element: `</script` cannot end it early (`<\/` means `</` in a JS
 * string, template, regular expression or comment alike).
 *
 * @example
 * ```ts
 * scriptSafe('"</script>"'); // '"<\/script>"'
 * ```
 */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, "<\\/$1");
}

/** JSON inside a `<script>` element: every `<` written as `\u003c`, so no tag can start in it. */
function jsonScript(type: string, value: unknown): string {
  return `<script type="${type}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function renderOutput(output: NotebookOutput, views: { count: number }): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="output stream ${escapeHtml(output.name ?? "stdout")}">${escapeHtml(joinText(output.text).replace(ANSI, ""))}</pre>`;
    case "error":
      return `<pre class="output error">${escapeHtml([`${output.ename ?? "Error"}: ${output.evalue ?? ""}`, ...(output.traceback ?? [])].join("\n").replace(ANSI, ""))}</pre>`;
    case "display_data":
    case "execute_result":
      return renderData(output.data ?? {}, views);
    default:
      return "";
  }
}

function renderData(data: Record<string, unknown>, views: { count: number }): string {
  const text = (mime: string) => joinText(data[mime] as string | string[] | undefined);
  if (data[WIDGET_VIEW_MIME] !== undefined) {
    views.count++;
    const fallback = data["text/plain"] !== undefined ? `<pre class="widget-fallback" hidden>${escapeHtml(text("text/plain"))}</pre>` : "";
    return `<div class="output widget">${jsonScript(WIDGET_VIEW_MIME, data[WIDGET_VIEW_MIME])}${fallback}</div>`;
  }
  if (data["text/html"] !== undefined) return `<div class="output html">${text("text/html")}</div>`;
  if (data["image/png"] !== undefined) return `<div class="output image"><img alt="" src="data:image/png;base64,${text("image/png").replace(/\s/g, "")}"></div>`;
  if (data["image/jpeg"] !== undefined) return `<div class="output image"><img alt="" src="data:image/jpeg;base64,${text("image/jpeg").replace(/\s/g, "")}"></div>`;
  if (data["image/svg+xml"] !== undefined) return `<div class="output image">${text("image/svg+xml")}</div>`;
  if (data["text/markdown"] !== undefined) return `<div class="output markdown">${markdownToHtml(text("text/markdown"))}</div>`;
  if (data["application/json"] !== undefined) return `<pre class="output json">${escapeHtml(JSON.stringify(data["application/json"], null, 2))}</pre>`;
  if (data["text/plain"] !== undefined) return `<pre class="output text">${escapeHtml(text("text/plain").replace(ANSI, ""))}</pre>`;
  return "";
}

const PAGE_CSS = `
body { font-family: system-ui, sans-serif; font-size: 14px; margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #222; }
.cell { margin: 10px 0; }
.source { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 6px 8px; font-size: 12px; overflow-x: auto; }
.prompt { color: #888; font-size: 11px; font-family: monospace; }
.output { margin: 4px 0; }
pre.output { white-space: pre-wrap; font-size: 12px; margin: 4px 0; }
pre.error { color: #b00020; }
.markdown-cell h1, .markdown-cell h2 { border-bottom: 1px solid #eee; padding-bottom: 2px; }
footer { color: #888; font-size: 11px; margin-top: 24px; }
`;

/**
 * Renders a notebook to an HTML page; `bundleTag` is the `<script>` that brings the embed bundle (inline or
 * `src=`). Returns the page and what it holds.
 *
 * @example
 * ```ts
 * const { html } = renderNotebookHtml(nb, `<script src="seisproc-embed.js"></script>`, { title: "run" });
 * ```
 */
export function renderNotebookHtml(nb: Notebook, bundleTag: string, options: ReportOptions = {}): { html: string; widgetViews: number; widgetModels: number } {
  const views = { count: 0 };
  const showCode = options.showCode ?? true;
  const cells = nb.cells.map((cell) => {
    const source = joinText(cell.source);
    if (cell.cell_type === "markdown") return `<section class="cell markdown-cell">${markdownToHtml(source)}</section>`;
    if (cell.cell_type === "raw") return `<section class="cell raw-cell"><pre>${escapeHtml(source)}</pre></section>`;
    const prompt = cell.execution_count === null || cell.execution_count === undefined ? "[ ]" : `[${cell.execution_count}]`;
    const code = showCode && source.trim() !== "" ? `<div class="prompt">${prompt}</div><pre class="source"><code>${escapeHtml(source)}</code></pre>` : "";
    const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, views)).join("\n");
    return `<section class="cell code-cell">${code}${outputs}</section>`;
  });
  const state = widgetState(nb);
  const title = options.title ?? "SeisProc report";
  const html = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    state === undefined ? "" : jsonScript(WIDGET_STATE_MIME, state),
    "</head>",
    "<body>",
    `<main>\n${cells.join("\n")}\n</main>`,
    `<footer>Made by SeisProc from a notebook run with ${escapeHtml(String(nb.metadata.kernelspec?.display_name ?? "an unknown kernel"))}; widgets render offline from their saved state.</footer>`,
    bundleTag,
    "</body>",
    "</html>",
    "",
  ].join("\n");
  return { html, widgetViews: views.count, widgetModels: state === undefined ? 0 : Object.keys(state.state).length };
}

/**
 * Reads the embed bundle, or says how to build it.
 *
 * @example
 * ```ts
 * const js = await readEmbedBundle(defaultEmbedBundlePath());
 * ```
 */
export async function readEmbedBundle(bundlePath: string): Promise<string> {
  try {
    return await fs.readFile(bundlePath, "utf8");
  } catch (error) {
    throw new ReportError(bundlePath, `the widget embed bundle is missing; build it with "npm run build:widgets" (or "npx webpack --mode production --env target=embed")`, { cause: error });
  }
}

async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const file = await AtomicFile.create(target);
  try {
    await file.write(bytes);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/**
 * Turns an executed notebook into an HTML report at `outPath` (written atomically; with `bundle: "external"` the
 * bundle is copied beside it first, so the page never refers to a missing script).
 *
 * @example
 * ```ts
 * await writeHtmlReport("qc.ipynb", "qc.html");                       // one self-contained file
 * await writeHtmlReport("qc.ipynb", "site/qc.html", { bundle: "external" }); // + site/seisproc-embed.js
 * ```
 */
export async function writeHtmlReport(notebookPath: string, outPath: string, options: ReportOptions = {}): Promise<ReportSummary> {
  let json: string;
  try {
    json = await fs.readFile(notebookPath, "utf8");
  } catch (error) {
    throw new ReportError(notebookPath, "cannot be read; check the path", { cause: error });
  }
  const nb = parseNotebook(json, notebookPath);
  const bundlePath = options.bundlePath ?? defaultEmbedBundlePath();
  const bundle = options.bundle ?? "inline";
  const outDir = path.dirname(path.resolve(outPath));
  if (!existsSync(outDir)) throw new ReportError(outPath, "its directory does not exist; create it first");
  const js = await readEmbedBundle(bundlePath);
  let tag: string;
  if (bundle === "inline") {
    tag = `<script>${scriptSafe(js)}</script>`;
  } else {
    await writeAtomically(path.join(outDir, EMBED_BUNDLE_FILE), Buffer.from(js, "utf8"));
    tag = `<script src="${EMBED_BUNDLE_FILE}"></script>`;
  }
  const { html, widgetViews, widgetModels } = renderNotebookHtml(nb, tag, { ...options, title: options.title ?? path.basename(notebookPath, ".ipynb") });
  const bytes = Buffer.from(html, "utf8");
  await writeAtomically(outPath, bytes);
  return { path: outPath, cells: nb.cells.length, widgetModels, widgetViews, bundle, bytes: bytes.length };
}
