/**
 * HTML reports from executed notebooks: cells as static HTML and SeisProc's widgets rendered offline from their
 * saved state by the embed bundle (inlined, or copied beside the page). No kernel, no CDN.
 *
 * @module
 * @example
 * ```ts
 * import { writeHtmlReport } from "seisproc/kernel";
 * await writeHtmlReport("qc-executed.ipynb", "qc.html");
 * ```
 */
export * from "./errors";
export * from "./notebook";
export * from "./markdown";
export * from "./html-report";
export { reportMain } from "./report-cli";
