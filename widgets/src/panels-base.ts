/**
 * What the panel widgets (dataset switcher, provenance, history) share: a model base that fills in the module
 * name and version, and a view base that sends actions to the kernel model.
 *
 * @module
 */
import { DOMWidgetModel, DOMWidgetView } from "@jupyter-widgets/base";
import type { FrontEndMessage } from "../../kernel-ext/widgets/protocol";
import { injectStyles } from "./dom";
import { MODULE_NAME, MODULE_VERSION } from "./version";

/**
 * The `_model_*` / `_view_*` defaults of a SeisProc widget with these class names.
 *
 * @example
 * ```ts
 * defaults() { return { ...super.defaults(), ...moduleDefaults("HistoryPanelModel", "HistoryPanelView") }; }
 * ```
 */
export function moduleDefaults(model: string, view: string): Record<string, unknown> {
  return {
    _model_name: model,
    _model_module: MODULE_NAME,
    _model_module_version: MODULE_VERSION,
    _view_name: view,
    _view_module: MODULE_NAME,
    _view_module_version: MODULE_VERSION,
  };
}

/**
 * A panel view: styles, a root class, actions sent to the kernel, and a redraw on any state change.
 *
 * @example
 * ```ts
 * class MyView extends PanelView { protected draw() { this.el.replaceChildren(h("div", {}, "…")); } }
 * ```
 */
export abstract class PanelView extends DOMWidgetView {
  override render(): void {
    injectStyles();
    this.el.classList.add("sp-widget", "sp-panel");
    this.listenTo(this.model, "change", () => this.draw());
    this.draw();
  }

  /** True when a kernel is connected (false in a static report). */
  protected get live(): boolean {
    return this.model.comm_live === true;
  }

  /** Sends an action to the kernel model (nothing happens in a static report). */
  protected act(action: FrontEndMessage): void {
    if (this.live) this.model.send(action as never, this.callbacks());
  }

  /** Rebuilds the panel's content from the model. */
  protected abstract draw(): void;
}

export { DOMWidgetModel };
