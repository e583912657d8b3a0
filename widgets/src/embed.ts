/**
 * The offline embed bundle: `@jupyter-widgets/html-manager` with SeisProc's widget module (and
 * `@jupyter-widgets/base` / `controls` / `output`, which the manager carries) in one script, no CDN. A page that
 * includes it and holds `application/vnd.jupyter.widget-state+json` and `…widget-view+json` script tags (what an
 * executed notebook's `metadata.widgets` and outputs give) renders the widgets when it loads, without a kernel.
 *
 * Exposed as the global `SeisprocEmbed` (see `renderAll`), so a page or a test can also render on demand.
 *
 * @module
 */
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import { renderWidgets } from "@jupyter-widgets/html-manager/lib/libembed";
import * as seisproc from "./index";

/**
 * Loads a widget module by name: ours from this bundle; anything else is missing offline (the manager then shows
 * an error widget in its place, the rest of the page still renders).
 *
 * @example
 * ```ts
 * await offlineLoader("seisproc", "^0.1.0"); // the module
 * ```
 */
export async function offlineLoader(moduleName: string, moduleVersion: string): Promise<unknown> {
  if (moduleName === seisproc.MODULE_NAME) return seisproc;
  throw new Error(`widget module ${moduleName}@${moduleVersion} is not in the offline bundle (it holds ${seisproc.MODULE_NAME}, @jupyter-widgets/base, controls and output)`);
}

/** The managers created so far (one per widget-state tag), for tests. */
export const managers: HTMLManager[] = [];

/**
 * Renders every widget state / view tag inside `element` (default: the whole document), loading widget modules
 * with `loader` (default {@link offlineLoader}).
 *
 * @example
 * ```ts
 * await SeisprocEmbed.renderAll();
 * ```
 */
export function renderAll(element: HTMLElement = document.documentElement, loader: (moduleName: string, moduleVersion: string) => Promise<unknown> = offlineLoader): Promise<void> {
  return renderWidgets(() => {
    const manager = new HTMLManager({ loader });
    managers.push(manager);
    return manager;
  }, element);
}

export { seisproc };
/** The bundled `@jupyter-widgets/base` and manager class, for pages that load widget modules of their own (e.g. the AMD bundle). */
export * as jupyterWidgetsBase from "@jupyter-widgets/base";
export { HTMLManager };

const w = window as unknown as { _jupyter_widget_embedder?: boolean; __seisprocNoAutoRender?: boolean };
if (!w._jupyter_widget_embedder && !w.__seisprocNoAutoRender) {
  w._jupyter_widget_embedder = true;
  const go = () => {
    renderAll().then(
      () => document.documentElement.setAttribute("data-seisproc-rendered", "true"),
      (error: unknown) => {
        document.documentElement.setAttribute("data-seisproc-rendered", "error");
        console.error("seisproc: rendering the saved widgets failed", error);
      },
    );
  };
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go);
}
