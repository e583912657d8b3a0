/**
 * `DatasetSwitcher`, the kernel side of the dataset switcher widget (the seed's 3.3): the datasets of a
 * {@link DatasetNavigator} as a list with a quick-switch dropdown, per-dataset actions (activate, close / unload,
 * properties, export), a properties dialog, and a path entry that imports a SEG-Y file into a store with a
 * progress bar, then opens it. Given a {@link GatherViewer}, switching shows the dataset in it (and the viewer's
 * own undo of a switch is followed here).
 *
 * @module
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { DatasetNavigator } from "../../src/core/datasets/dataset-navigator";
import { FileSystemStore } from "../../src/core/storage/file-system-store";
import { EXPORT_FORMATS, exportDataset } from "../../src/core/store/export";
import { importSegy } from "../../src/core/store/import-segy";
import type { ImportOptions } from "../../src/core/store/import-options";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../module-info";
import { Widget, type WidgetSpec } from "../widget";
import { datasetProperties } from "./dataset-properties";
import type { GatherViewer } from "./gather-viewer";
import { WIDGET_CLASSES, type DatasetEntry, type DatasetSwitcherState, type ImportProgress, type PanelAction } from "./protocol";

/**
 * Options of a {@link DatasetSwitcher}.
 *
 * @example
 * ```ts
 * new DatasetSwitcher(datasets, { viewer, importDir: "stores", exportDir: "exports" });
 * ```
 */
export interface DatasetSwitcherOptions {
  /** The viewer that shows the active dataset. */
  viewer?: GatherViewer;
  /** Where imported stores go (default: beside the SEG-Y file, as `<name>.seis`). */
  importDir?: string;
  /** Options of imports (gather key, header map, …). */
  importOptions?: Omit<ImportOptions, "onProgress" | "signal">;
  /** Where relative export paths go (default: the current directory). */
  exportDir?: string;
}

const SPEC: WidgetSpec = {
  modelName: WIDGET_CLASSES.datasetSwitcher.model,
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: WIDGET_CLASSES.datasetSwitcher.view,
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

const IDLE: ImportProgress = { phase: "idle", path: "", fraction: 0, message: "" };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The dataset switcher.
 *
 * @example
 * ```ts
 * const datasets = new DatasetNavigator();
 * await datasets.addDataset("raw.seis");
 * const viewer = new GatherViewer((await datasets.getDataset(datasets.activeDatasetId!))!);
 * const switcher = new DatasetSwitcher(datasets, { viewer });
 * switcher.display(); viewer.display();
 * await switcher.importSegy("line2.sgy"); // imported, added, shown
 * ```
 */
export class DatasetSwitcher extends Widget<DatasetSwitcherState> {
  private readonly viewer: GatherViewer | undefined;
  private readonly options: DatasetSwitcherOptions;
  private readonly unsubscribe: (() => void)[] = [];
  private importing: AbortController | undefined;

  constructor(
    /** The registry the switcher shows and changes. */
    readonly datasets: DatasetNavigator,
    options: DatasetSwitcherOptions = {},
  ) {
    super(SPEC, { datasets: [], active_id: datasets.activeDatasetId, import_progress: IDLE, properties: null, message: "", export_formats: [...EXPORT_FORMATS.keys()] });
    this.options = options;
    this.viewer = options.viewer;
    this.refresh();
    this.unsubscribe.push(
      datasets.on("dataset-added", () => this.refresh()),
      datasets.on("dataset-removed", () => this.refresh()),
      datasets.on("dataset-unloaded", () => this.refresh()),
      datasets.on("active-dataset-changed", (e) => {
        this.refresh();
        if (e.id !== null) void this.showInViewer(e.id);
      }),
    );
    if (this.viewer !== undefined) {
      // the viewer's undo may switch back: keep the registry's active dataset in step
      this.unsubscribe.push(
        this.viewer.on("change:dataset_id", (id) => {
          if (typeof id === "string" && id !== datasets.activeDatasetId && datasets.getDatasetMetadata(id) !== undefined) void datasets.setActiveDataset(id);
        }),
      );
    }
    this.unsubscribe.push(this.onCustom((content) => void this.onAction(content as PanelAction)));
    this.onClose(() => {
      for (const off of this.unsubscribe) off();
      this.importing?.abort();
    });
  }

  /** Re-reads the registry into the list. */
  refresh(): void {
    const list: DatasetEntry[] = this.datasets.listDatasets().map((d) => ({
      id: d.id,
      name: d.name,
      location: d.location,
      traces: d.traceCount,
      samples: d.samplesPerTrace,
      gathers: d.gatherCount,
      dt_ms: d.sampleIntervalUs === null ? null : d.sampleIntervalUs / 1000,
    }));
    this.set({ datasets: list, active_id: this.datasets.activeDatasetId });
  }

  /** Makes `id` the active dataset (and shows it in the viewer). */
  async activate(id: string): Promise<void> {
    const ok = await this.datasets.setActiveDataset(id);
    if (!ok) throw new Error(`no dataset ${id} in the registry`);
    await this.showInViewer(id);
  }

  /** Closes (unloads and forgets) dataset `id`. */
  closeDataset(id: string): boolean {
    const done = this.datasets.removeDataset(id);
    this.refresh();
    return done;
  }

  /** The properties of dataset `id` (also put in the state, for the dialog). */
  async properties(id: string) {
    const info = this.datasets.getDatasetMetadata(id);
    const data = await this.datasets.getDataset(id);
    if (info === undefined || data === undefined) throw new Error(`no dataset ${id} in the registry`);
    const props = await datasetProperties(data, info);
    this.set({ properties: props });
    return props;
  }

  /** Exports dataset `id` to `file` in `format` (relative paths go to `exportDir`). Returns the path written. */
  async export(id: string, file: string, format = "segy"): Promise<string> {
    const data = await this.datasets.getDataset(id);
    if (data === undefined) throw new Error(`no dataset ${id} in the registry`);
    const target = path.resolve(this.options.exportDir ?? process.cwd(), file);
    await exportDataset(data, target, format);
    return target;
  }

  /**
   * Imports the SEG-Y (or SU) file `file` into a store (`importDir`/<name>.seis, or beside the file), reporting
   * progress to the front end, then adds it to the registry and makes it active. Returns its id.
   */
  async importSegy(file: string): Promise<string> {
    if (this.importing !== undefined) throw new Error("an import is already running; wait for it to finish");
    const source = path.resolve(file);
    if (!existsSync(source)) throw new Error(`${source} does not exist`);
    const name = path.basename(source).replace(/\.(sgy|segy|su)$/i, "");
    const location = path.join(this.options.importDir ?? path.dirname(source), `${name}.seis`);
    const controller = new AbortController();
    this.importing = controller;
    let last = 0;
    const progress = (p: ImportProgress) => this.set({ import_progress: p });
    progress({ phase: "running", path: source, fraction: 0, message: "reading headers" });
    try {
      await importSegy(source, new FileSystemStore(location), {
        gatherKey: "FieldRecord",
        ...this.options.importOptions,
        signal: controller.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - last < 100 && p.done < p.total) return;
          last = now;
          const fraction = p.phase === "traces" ? (p.total > 0 ? (0.9 * p.done) / p.total : 0) : p.phase === "index" ? 0.93 : 0.97;
          progress({ phase: "running", path: source, fraction, message: `${p.phase}: ${p.done.toLocaleString("en-US")} / ${p.total.toLocaleString("en-US")}` });
        },
      });
      const id = await this.datasets.addDataset(location, undefined, { name, activate: false });
      progress({ phase: "done", path: source, fraction: 1, message: `imported into ${location}` });
      await this.activate(id);
      return id;
    } catch (error) {
      progress({ phase: "failed", path: source, fraction: 0, message: errorText(error) });
      throw error;
    } finally {
      this.importing = undefined;
    }
  }

  protected override plainText(): string {
    return `DatasetSwitcher(${this.datasets.listDatasets().length} datasets)`;
  }

  private async showInViewer(id: string): Promise<void> {
    const viewer = this.viewer;
    if (viewer === undefined || viewer.get("dataset_id") === id) return;
    const data = await this.datasets.getDataset(id);
    const info = this.datasets.getDatasetMetadata(id);
    if (data === undefined) return;
    await viewer.showDataset(data, { navigator: this.datasets.gatherNavigator(id), name: info?.name });
  }

  private async onAction(action: PanelAction): Promise<void> {
    if (action === null || typeof action !== "object") return;
    const done = (ok: boolean, message: string) => {
      this.set({ message });
      if (this.connected) this.send({ type: "action-result", action: action.type, ok, message });
    };
    try {
      switch (action.type) {
        case "activate":
          await this.activate(String(action.id));
          done(true, `showing ${this.datasets.getDatasetMetadata(action.id)?.name ?? action.id}`);
          break;
        case "close-dataset": {
          const name = this.datasets.getDatasetMetadata(action.id)?.name ?? action.id;
          done(this.closeDataset(String(action.id)), `closed ${name}`);
          break;
        }
        case "properties": {
          const properties = await this.properties(String(action.id));
          if (this.connected) this.send({ type: "properties", properties });
          break;
        }
        case "export": {
          const written = await this.export(String(action.id), String(action.path), String(action.format || "segy"));
          done(true, `exported to ${written}`);
          break;
        }
        case "import":
          await this.importSegy(String(action.path));
          done(true, `imported ${path.basename(String(action.path))}`);
          break;
        default:
          break;
      }
    } catch (error) {
      done(false, `${action.type} failed: ${errorText(error)}`);
    }
  }
}
