/**
 * The dataset switcher's front end: a quick-switch dropdown, the list of datasets with their actions (show,
 * properties, export, close), the properties dialog, and a path entry (type a path, or drop one) that imports a
 * SEG-Y file with a progress bar. Every action goes to the kernel model, which owns the datasets.
 *
 * @module
 */
import { WIDGET_CLASSES, type DatasetEntry, type DatasetProperties, type ImportProgress } from "../../kernel-ext/widgets/protocol";
import { button, h, select, setOptions } from "./dom";
import { DOMWidgetModel, moduleDefaults, PanelView } from "./panels-base";

/**
 * The dataset switcher's model.
 *
 * @example
 * ```ts
 * model.get("datasets").map((d) => d.name);
 * ```
 */
export class DatasetSwitcherModel extends DOMWidgetModel {
  override defaults(): Record<string, unknown> {
    return {
      ...super.defaults(),
      ...moduleDefaults(WIDGET_CLASSES.datasetSwitcher.model, WIDGET_CLASSES.datasetSwitcher.view),
      datasets: [],
      active_id: null,
      import_progress: { phase: "idle", path: "", fraction: 0, message: "" },
      properties: null,
      message: "",
      export_formats: ["segy"],
    };
  }
}

/**
 * The dataset switcher's view.
 *
 * @example
 * ```ts
 * // created by the widget manager from `_view_name: "DatasetSwitcherView"`
 * ```
 */
export class DatasetSwitcherView extends PanelView {
  private quick!: HTMLSelectElement;
  private list!: HTMLUListElement;
  private dialog!: HTMLDivElement;
  private pathInput!: HTMLInputElement;
  private progress!: HTMLProgressElement;
  private progressText!: HTMLSpanElement;
  private message!: HTMLDivElement;
  private exportFor: string | null = null;
  private showProperties: string | null = null;
  private built = false;

  override render(): void {
    this.quick = select([], "", (id) => this.act({ type: "activate", id }), "dataset-select");
    this.list = h("ul", { class: "sp-list", "data-field": "datasets" });
    this.dialog = h("div", { "data-field": "dialog" });
    this.pathInput = h("input", { class: "sp-input sp-text", type: "text", placeholder: "/path/to/line.sgy (or drop a path here)", "data-control": "import-path" });
    this.pathInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.startImport();
    });
    this.progress = h("progress", { class: "sp-progress", max: 1, value: 0, "data-field": "import-progress" });
    this.progressText = h("span", { class: "sp-label", "data-field": "import-message" });
    this.message = h("div", { class: "sp-message", "data-field": "message" });
    const importRow = h("div", { class: "sp-toolbar" }, h("span", { class: "sp-label" }, "import SEG-Y"), this.pathInput, button("Import", "import this SEG-Y file into a store and open it", () => this.startImport(), "import"), this.progress, this.progressText);
    importRow.addEventListener("dragover", (e) => e.preventDefault());
    importRow.addEventListener("drop", (e) => {
      e.preventDefault();
      const text = e.dataTransfer?.getData("text/plain") ?? "";
      if (text.trim()) this.pathInput.value = text.trim().split("\n")[0];
    });
    this.el.append(h("div", { class: "sp-toolbar" }, h("span", { class: "sp-title" }, "Datasets"), this.quick), this.list, this.dialog, importRow, this.message);
    this.built = true;
    this.listenTo(this.model, "msg:custom", (content: { type?: string; properties?: DatasetProperties }) => {
      if (content?.type === "properties" && content.properties) this.showProperties = content.properties.id;
      this.draw();
    });
    super.render();
  }

  protected draw(): void {
    if (!this.built) return;
    const m = this.model;
    const datasets = (m.get("datasets") as DatasetEntry[]) ?? [];
    const active = (m.get("active_id") as string | null) ?? "";
    setOptions(
      this.quick,
      datasets.map((d) => [d.id, d.name] as const),
      active,
    );
    this.quick.disabled = !this.live || datasets.length < 2;
    this.list.replaceChildren(
      ...datasets.map((d) => {
        const show = button("show", "make this the active dataset", () => this.act({ type: "activate", id: d.id }), "activate");
        const info = button("properties", "geometry, headers, CRS, provenance, storage", () => {
          this.showProperties = d.id;
          this.act({ type: "properties", id: d.id });
          this.draw();
        }, "properties");
        const exp = button("export", "export this dataset", () => {
          this.exportFor = this.exportFor === d.id ? null : d.id;
          this.draw();
        }, "export");
        const close = button("✕", "close (unload) this dataset", () => this.act({ type: "close-dataset", id: d.id }), "close");
        for (const b of [show, info, exp, close]) b.disabled = !this.live;
        show.disabled = show.disabled || d.id === active;
        const li = h(
          "li",
          { class: d.id === active ? "sp-active" : "", "data-dataset": d.id },
          h("span", { class: "sp-grow", title: d.location }, h("strong", {}, d.name), ` · ${d.traces.toLocaleString("en-US")} traces × ${d.samples} samples · ${d.gathers} gathers${d.dt_ms ? ` · ${d.dt_ms} ms` : ""}`),
          show,
          info,
          exp,
          close,
        );
        return li;
      }),
    );
    if (datasets.length === 0) this.list.append(h("li", { class: "sp-label" }, "no datasets open"));
    this.drawDialog(datasets);
    const p = (m.get("import_progress") as ImportProgress) ?? { phase: "idle", fraction: 0, message: "" };
    this.progress.value = p.fraction;
    this.progress.hidden = p.phase === "idle";
    this.progressText.textContent = p.phase === "idle" ? "" : `${p.phase}${p.message ? `: ${p.message}` : ""}`;
    this.message.textContent = String(m.get("message") ?? "");
  }

  private drawDialog(datasets: DatasetEntry[]): void {
    const parts: HTMLElement[] = [];
    if (this.exportFor !== null && datasets.some((d) => d.id === this.exportFor)) {
      const id = this.exportFor;
      const name = datasets.find((d) => d.id === id)?.name ?? id;
      const path = h("input", { class: "sp-input sp-text", type: "text", value: `${name}.sgy`, "data-control": "export-path" });
      const formats = ((this.model.get("export_formats") as string[]) ?? ["segy"]).map((f) => [f, f] as const);
      const format = select(formats, formats[0]?.[0] ?? "segy", () => undefined, "export-format");
      parts.push(
        h(
          "div",
          { class: "sp-dialog", "data-field": "export-dialog" },
          h("strong", {}, `Export ${name}`),
          " ",
          path,
          format,
          button("Export", "write the file", () => {
            this.act({ type: "export", id, path: path.value, format: format.value });
            this.exportFor = null;
            this.draw();
          }, "export-go"),
          button("Cancel", "", () => {
            this.exportFor = null;
            this.draw();
          }),
        ),
      );
    }
    const props = this.model.get("properties") as DatasetProperties | null;
    if (this.showProperties !== null && props !== null && props.id === this.showProperties) {
      const name = datasets.find((d) => d.id === props.id)?.name ?? props.id;
      const body = props.sections.flatMap((s) => [h("h4", {}, s.title), h("table", {}, ...s.rows.map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, v))))]);
      parts.push(
        h(
          "div",
          { class: "sp-dialog", "data-field": "properties" },
          h("div", { class: "sp-toolbar" }, h("strong", {}, `Properties of ${name}`), button("Close", "close the dialog", () => {
            this.showProperties = null;
            this.draw();
          }, "close-properties")),
          ...body,
        ),
      );
    }
    this.dialog.replaceChildren(...parts);
  }

  private startImport(): void {
    const path = this.pathInput.value.trim();
    if (path === "") return;
    this.act({ type: "import", path });
  }
}
