/**
 * The notebook session's front end: a one-line summary of the session the notebook keeps (where it came from, the
 * gather, gain and colormap it holds, where it was last saved). Its model is what the notebook saves in
 * `metadata.widgets`, so the state is there even when no view is shown.
 *
 * @module
 */
import { WIDGET_CLASSES, type NotebookSessionState } from "../../kernel-ext/widgets/protocol";
import { h } from "./dom";
import { DOMWidgetModel, moduleDefaults, PanelView } from "./panels-base";

const SOURCES: Record<string, string> = {
  "notebook-metadata": "restored from this notebook",
  "notebook-widgets": "restored from this notebook's widget state",
  "session-file": "restored from the session file",
  defaults: "new",
};

/**
 * The notebook session's model.
 *
 * @example
 * ```ts
 * model.get("session").state.currentGatherKey; // 3
 * ```
 */
export class NotebookSessionModel extends DOMWidgetModel {
  override defaults(): Record<string, unknown> {
    return {
      ...super.defaults(),
      ...moduleDefaults(WIDGET_CLASSES.notebookSession.model, WIDGET_CLASSES.notebookSession.view),
      session: null,
      notebook: "",
      restored_from: "defaults",
      saved_to: "",
    };
  }
}

/**
 * The notebook session's view.
 *
 * @example
 * ```ts
 * // created by the widget manager from `_view_name: "NotebookSessionView"`
 * ```
 */
export class NotebookSessionView extends PanelView {
  protected draw(): void {
    const m = this.model;
    const doc = m.get("session") as NotebookSessionState["session"] | null;
    const s = doc?.state ?? {};
    const facts = [`gather ${s.currentGatherKey ?? "—"}`, `gain ${s.gain ?? "—"}`, `colormap ${s.colormap ?? "—"}`];
    if (s.viewport !== undefined) facts.push(`${s.viewport.timeMin}–${s.viewport.timeMax} ms`);
    const saved = String(m.get("saved_to") ?? "");
    this.el.replaceChildren(
      h(
        "div",
        { class: "sp-toolbar" },
        h("span", { class: "sp-title" }, "Session"),
        h("span", { class: "sp-label", "data-field": "source" }, SOURCES[String(m.get("restored_from"))] ?? String(m.get("restored_from"))),
        h("span", { class: "sp-grow", "data-field": "summary" }, facts.join(" · ")),
        h("span", { class: "sp-label", "data-field": "saved" }, saved === "" ? "" : `saved in ${saved.split(/[\\/]/).pop()}`),
      ),
    );
  }
}
