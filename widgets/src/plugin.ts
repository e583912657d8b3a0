/**
 * The JupyterLab 4 / Notebook 7 plugin: registers the `seisproc` widget module with the widget manager's
 * registry (the `IJupyterWidgetRegistry` token of `@jupyter-widgets/base`, shared as a singleton with JupyterLab),
 * loading the models and views on first use. Built into a prebuilt extension by `@jupyterlab/builder`; see
 * docs/widgets.md for the steps.
 *
 * @module
 */
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { MODULE_NAME, MODULE_VERSION } from "./version";

/** The shape of a JupyterLab plugin (from `@jupyterlab/application`, not a dependency of this package). */
interface FrontEndPlugin {
  id: string;
  requires: unknown[];
  autoStart: boolean;
  activate(app: unknown, registry: IJupyterWidgetRegistry): void;
}

/**
 * The plugin.
 *
 * @example
 * ```ts
 * export default seisprocWidgetsPlugin; // the extension's entry
 * ```
 */
export const seisprocWidgetsPlugin: FrontEndPlugin = {
  id: `${MODULE_NAME}:widgets`,
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate(_app: unknown, registry: IJupyterWidgetRegistry): void {
    registry.registerWidget({ name: MODULE_NAME, version: MODULE_VERSION, exports: async () => (await import("./index")) as never });
  },
};

export default seisprocWidgetsPlugin;
