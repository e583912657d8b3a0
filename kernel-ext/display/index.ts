/**
 * Rich display for notebooks: `display(value)`, renderers for datasets, header tables, gathers, projects,
 * provenance histories and cache statistics (add your own with `registerRenderer`), and progress displays that
 * update in place.
 *
 * @module
 * @example
 * ```ts
 * import { display, progressDisplay } from "seisproc/kernel";
 * display(dataset);
 * ```
 */
export * from "./display";
export * from "./progress";
export * from "./html";
export { registerRenderer, rendererNames, findRenderer, type Renderer, type Rendered } from "./registry";
export { BUILTIN_RENDERERS, registerBuiltinRenderers } from "./builtin";
export { TABLE_EDGE_ROWS } from "./renderers/header-table";
