/**
 * The renderers SeisProc registers by itself, in the order they are tried (most specific first). Importing this
 * module registers them once; a notebook's own `registerRenderer` calls are tried before them.
 *
 * @module
 */
import { registerRenderer, type Renderer } from "./registry";
import { cacheStatsRenderer } from "./renderers/cache-stats";
import { datasetInfoRenderer, lazyDatasetRenderer } from "./renderers/dataset";
import { gatherRenderer, headerTableRenderer } from "./renderers/header-table";
import { projectRenderer } from "./renderers/project";
import { provenanceRenderer } from "./renderers/provenance";

/**
 * The built-in renderers, in trial order.
 *
 * @example
 * ```ts
 * BUILTIN_RENDERERS.map((r) => r.name); // ["gather", "header-table", "dataset", …]
 * ```
 */
export const BUILTIN_RENDERERS: readonly Renderer[] = [gatherRenderer, headerTableRenderer, lazyDatasetRenderer, datasetInfoRenderer, projectRenderer, provenanceRenderer, cacheStatsRenderer];

let registered = false;

/**
 * Registers the built-in renderers (once; later calls do nothing).
 *
 * @example
 * ```ts
 * registerBuiltinRenderers();
 * ```
 */
export function registerBuiltinRenderers(): void {
  if (registered) return;
  registered = true;
  for (const renderer of BUILTIN_RENDERERS) registerRenderer(renderer, { last: true });
}
