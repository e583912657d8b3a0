/**
 * The provenance panel's front end: one row per processing step (processor, parameters, input → output, time,
 * output checksum, verification) with a verify button each.
 *
 * @module
 */
import { WIDGET_CLASSES, type ProvenanceRow } from "../../kernel-ext/widgets/protocol";
import { button, h } from "./dom";
import { DOMWidgetModel, moduleDefaults, PanelView } from "./panels-base";

/**
 * The provenance panel's model.
 *
 * @example
 * ```ts
 * model.get("steps").length;
 * ```
 */
export class ProvenancePanelModel extends DOMWidgetModel {
  override defaults(): Record<string, unknown> {
    return { ...super.defaults(), ...moduleDefaults(WIDGET_CLASSES.provenancePanel.model, WIDGET_CLASSES.provenancePanel.view), dataset_id: null, dataset_name: "", steps: [], verify_status: "" };
  }
}

function short(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

/**
 * The provenance panel's view.
 *
 * @example
 * ```ts
 * // created by the widget manager from `_view_name: "ProvenancePanelView"`
 * ```
 */
export class ProvenancePanelView extends PanelView {
  protected draw(): void {
    const m = this.model;
    const steps = (m.get("steps") as ProvenanceRow[]) ?? [];
    const table = h("table", { class: "sp-table", "data-field": "steps" }, h("tr", {}, ...["#", "processor", "parameters", "input → output", "time", "output checksum", "verified", ""].map((t) => h("th", {}, t))));
    steps.forEach((s, i) => {
      const verify = button("verify", "re-run this step from its input and compare checksums", () => this.act({ type: "verify", id: s.id }), "verify");
      verify.disabled = !this.live;
      const state = s.verified === null ? h("span", { class: "sp-label" }, "–") : s.verified ? h("span", { class: "sp-ok" }, "✔ reproduced") : h("span", { class: "sp-bad" }, "✘ differs");
      table.append(
        h(
          "tr",
          { "data-step": s.id },
          h("td", {}, String(i + 1)),
          h("td", {}, s.processor),
          h("td", {}, h("code", {}, JSON.stringify(s.parameters))),
          h("td", { title: `${s.input} → ${s.output}` }, `${short(s.input)} → ${short(s.output)}`),
          h("td", {}, s.timestamp.replace("T", " ").replace(/\.\d+Z$/, "Z")),
          h("td", { title: s.checksum }, h("code", {}, `${s.checksum.slice(0, 12)}…`)),
          h("td", { "data-field": "verified" }, state),
          h("td", {}, verify),
        ),
      );
    });
    const name = String(m.get("dataset_name") || m.get("dataset_id") || "no dataset");
    this.el.replaceChildren(
      h("div", { class: "sp-toolbar" }, h("span", { class: "sp-title" }, "Provenance"), h("span", { class: "sp-label" }, name)),
      steps.length > 0 ? table : h("div", { class: "sp-message" }, "no processing steps: imported data"),
      h("div", { class: "sp-message", "data-field": "verify-status" }, String(m.get("verify_status") ?? "")),
    );
  }
}
