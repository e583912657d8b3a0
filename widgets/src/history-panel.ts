/**
 * The command-history panel's front end: the commands done and undone (undone ones struck through), undo and
 * redo buttons, and a session reset (click twice to confirm).
 *
 * @module
 */
import { WIDGET_CLASSES, type HistoryRow } from "../../kernel-ext/widgets/protocol";
import { button, h } from "./dom";
import { DOMWidgetModel, moduleDefaults, PanelView } from "./panels-base";

/**
 * The history panel's model.
 *
 * @example
 * ```ts
 * model.get("entries"); // [{ description: "Change gain 1 → 2", undone: false }]
 * ```
 */
export class HistoryPanelModel extends DOMWidgetModel {
  override defaults(): Record<string, unknown> {
    return { ...super.defaults(), ...moduleDefaults(WIDGET_CLASSES.historyPanel.model, WIDGET_CLASSES.historyPanel.view), entries: [], can_undo: false, can_redo: false, resets: 0, message: "" };
  }
}

/**
 * The history panel's view.
 *
 * @example
 * ```ts
 * // created by the widget manager from `_view_name: "HistoryPanelView"`
 * ```
 */
export class HistoryPanelView extends PanelView {
  private confirming: ReturnType<typeof setTimeout> | undefined;

  protected draw(): void {
    const m = this.model;
    const entries = (m.get("entries") as HistoryRow[]) ?? [];
    const undo = button("↶ Undo", "undo the last command (Ctrl+Z in the viewer)", () => this.act({ type: "undo" }), "undo");
    const redo = button("↷ Redo", "redo the last undone command (Ctrl+Y in the viewer)", () => this.act({ type: "redo" }), "redo");
    undo.disabled = !this.live || !m.get("can_undo");
    redo.disabled = !this.live || !m.get("can_redo");
    const reset = button(this.confirming ? "Confirm reset" : "Reset session", "display settings back to the defaults, history cleared, session file reset", () => this.reset(), "session-reset");
    reset.disabled = !this.live;
    const list = h("ol", { class: "sp-list", "data-field": "entries" });
    for (const e of entries) list.append(h("li", { class: e.undone ? "sp-undone" : "" }, h("span", { class: "sp-grow" }, e.description)));
    if (entries.length === 0) list.append(h("li", { class: "sp-label" }, "no commands yet"));
    this.el.replaceChildren(
      h("div", { class: "sp-toolbar" }, h("span", { class: "sp-title" }, "History"), undo, redo, reset),
      list,
      h("div", { class: "sp-message", "data-field": "message" }, String(m.get("message") ?? "")),
    );
  }

  private reset(): void {
    if (this.confirming === undefined) {
      this.confirming = setTimeout(() => {
        this.confirming = undefined;
        this.draw();
      }, 4000);
      this.draw();
      return;
    }
    clearTimeout(this.confirming);
    this.confirming = undefined;
    this.act({ type: "session-reset" });
    this.draw();
  }
}
