/**
 * `ProvenancePanel`, the kernel side of the provenance panel: the processing steps that made a dataset (processor,
 * parameters, input and output, time, checksums) from a {@link ProvenanceTracker}, and a verify button that re-runs
 * a step and compares checksums. It follows a DatasetNavigator's active dataset when given one.
 *
 * @module
 */
import type { DatasetNavigator } from "../../src/core/datasets/dataset-navigator";
import type { ProvenanceStep } from "../../src/core/provenance/step";
import type { ProvenanceTracker } from "../../src/core/provenance/tracker";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../module-info";
import { Widget, type WidgetSpec } from "../widget";
import { WIDGET_CLASSES, type PanelAction, type ProvenancePanelState, type ProvenanceRow } from "./protocol";

/**
 * Options of a {@link ProvenancePanel}.
 *
 * @example
 * ```ts
 * new ProvenancePanel(tracker, { datasetId: filtered.id });
 * new ProvenancePanel(tracker, { datasets }); // follows the active dataset
 * ```
 */
export interface ProvenancePanelOptions {
  /** The dataset whose history is shown. */
  datasetId?: string;
  /** Follow this registry's active dataset (its datasets are registered with the tracker as they become active). */
  datasets?: DatasetNavigator;
}

const SPEC: WidgetSpec = {
  modelName: WIDGET_CLASSES.provenancePanel.model,
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: WIDGET_CLASSES.provenancePanel.view,
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

function row(step: ProvenanceStep, verified: boolean | null): ProvenanceRow {
  return {
    id: step.id,
    processor: `${step.processorName} ${step.processorVersion}`,
    parameters: step.parameters,
    input: step.inputDatasetId,
    output: step.outputDatasetId,
    timestamp: step.timestamp,
    checksum: step.checksums?.output ?? step.checksum,
    verified,
  };
}

/**
 * The provenance panel.
 *
 * @example
 * ```ts
 * const panel = new ProvenancePanel(tracker, { datasetId: out.id });
 * panel.display();
 * const report = await panel.verify(panel.get("steps")[0].id); // the verify button does the same
 * ```
 */
export class ProvenancePanel extends Widget<ProvenancePanelState> {
  private readonly verified = new Map<string, boolean>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    /** Where the steps come from. */
    readonly tracker: ProvenanceTracker,
    options: ProvenancePanelOptions = {},
  ) {
    super(SPEC, { dataset_id: options.datasetId ?? options.datasets?.activeDatasetId ?? null, dataset_name: "", steps: [], verify_status: "" });
    const datasets = options.datasets;
    if (datasets !== undefined) {
      this.unsubscribe.push(datasets.on("active-dataset-changed", (e) => void this.follow(datasets, e.id)));
      void this.follow(datasets, this.get("dataset_id"));
    }
    this.refresh();
    this.unsubscribe.push(this.onCustom((content) => void this.onAction(content as PanelAction)));
    this.onClose(() => this.unsubscribe.forEach((off) => off()));
  }

  /** Shows the history of `datasetId`. */
  showDataset(datasetId: string | null, name = ""): void {
    this.set({ dataset_id: datasetId, dataset_name: name });
    this.refresh();
  }

  /** Re-reads the steps from the tracker. */
  refresh(): void {
    const id = this.get("dataset_id");
    const steps = id === null ? [] : this.tracker.getHistory(id);
    this.set({ steps: steps.map((s) => row(s, this.verified.get(s.id) ?? null)) });
  }

  /** Re-runs step `stepId` and compares checksums; the row shows the outcome. */
  async verify(stepId: string) {
    this.set({ verify_status: "running" });
    try {
      const report = await this.tracker.verifyReproducibility(stepId);
      this.verified.set(stepId, report.ok);
      this.set({ verify_status: report.ok ? `ok: ${report.summary.split("\n")[0]}` : `failed: ${report.summary}` });
      this.refresh();
      return report;
    } catch (error) {
      this.set({ verify_status: `failed: ${error instanceof Error ? error.message : String(error)}` });
      throw error;
    }
  }

  protected override plainText(): string {
    return `ProvenancePanel(${this.get("steps").length} steps)`;
  }

  private async follow(datasets: DatasetNavigator, id: string | null): Promise<void> {
    if (id === null) return this.showDataset(null);
    const data = await datasets.getDataset(id);
    if (data !== undefined) this.tracker.register(data);
    this.showDataset(id, datasets.getDatasetMetadata(id)?.name ?? "");
  }

  private async onAction(action: PanelAction): Promise<void> {
    if (action?.type === "verify") await this.verify(String(action.id)).catch(() => undefined);
  }
}
