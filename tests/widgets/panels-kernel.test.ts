/**
 * The kernel side of the dataset switcher, provenance panel and history panel, against the recording kernel and
 * real datasets: list and quick switch (the viewer follows, and the registry follows the viewer's undo),
 * properties, export, import with progress, close; provenance steps of a really processed dataset and their
 * verification; history entries, undo / redo buttons and the session reset.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { RecordingKernel } from "../../kernel-ext/testing";
import { DatasetSwitcher } from "../../kernel-ext/widgets/dataset-switcher";
import { GatherViewer } from "../../kernel-ext/widgets/gather-viewer";
import { HistoryPanel } from "../../kernel-ext/widgets/history-panel";
import { ProvenancePanel } from "../../kernel-ext/widgets/provenance-panel";
import type { DatasetEntry, ImportProgress } from "../../kernel-ext/widgets/protocol";
import { DatasetNavigator, FileSystemStore, LazySeismicData, processDataset, ProcessingChain, ProvenanceTracker, SessionManager, writeSurvey } from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore, until } from "./helpers/store";

function updatesOf(kernel: RecordingKernel, id: string, key: string): unknown[] {
  return kernel
    .commData(id)
    .filter((d) => d.method === "update" && Object.prototype.hasOwnProperty.call(d.state, key))
    .map((d) => (d.state as Record<string, unknown>)[key]);
}

function custom(kernel: RecordingKernel, id: string, content: Record<string, unknown>): void {
  kernel.frontEndMessage(id, { method: "custom", content });
}

describe("widgets: dataset switcher, provenance and history panels (kernel side)", function () {
  this.timeout(120000);
  let dir: string;
  let locA: string;
  let locB: string;
  let kernel: RecordingKernel;

  before(async () => {
    dir = tempDir("seisproc-panels-");
    locA = await makeStore(dir, "line-a", { shots: 3, channels: 16, samples: 200 });
    locB = await makeStore(dir, "line-b", { shots: 2, channels: 12, samples: 200, seed: 4 });
  });

  beforeEach(() => {
    kernel = RecordingKernel.install();
  });

  afterEach(() => {
    kernel.uninstall();
  });

  it("lists datasets, switches the viewer (and follows its undo), shows properties, exports, closes", async () => {
    const datasets = new DatasetNavigator({ warmUp: false });
    const a = await datasets.addDataset(locA, undefined, { name: "line A", activate: true });
    const b = await datasets.addDataset(locB, undefined, { name: "line B" });
    const viewer = new GatherViewer((await datasets.getDataset(a))!, { navigator: datasets.gatherNavigator(a), name: "line A" });
    await viewer.ready();
    const sw = new DatasetSwitcher(datasets, { viewer, exportDir: dir });
    const list = sw.get("datasets") as DatasetEntry[];
    assert.deepEqual(
      list.map((d) => [d.name, d.traces, d.samples, d.gathers, d.dt_ms]),
      [
        ["line A", 48, 200, 3, 2],
        ["line B", 24, 200, 2, 2],
      ],
    );
    assert.equal(sw.get("active_id"), a);

    custom(kernel, sw.id, { type: "activate", id: b });
    await until(() => viewer.get("dataset_id") === b, "the viewer to show line B");
    assert.equal(datasets.activeDatasetId, b);
    assert.equal(viewer.get("dataset_name"), "line B");
    await until(() => updatesOf(kernel, sw.id, "active_id").at(-1) === b, "the switcher to mark line B active");

    await viewer.undo();
    assert.equal(viewer.get("dataset_id"), a);
    await until(() => datasets.activeDatasetId === a, "the registry to follow the viewer's undo");

    custom(kernel, sw.id, { type: "properties", id: a });
    await until(() => sw.get("properties") !== null, "the properties");
    const props = sw.get("properties")!;
    assert.deepEqual(
      props.sections.map((s) => s.title),
      ["Geometry", "Headers", "CRS", "Provenance", "Storage"],
    );
    const geometry = Object.fromEntries(props.sections[0].rows);
    assert.equal(geometry["traces"], "48");
    assert.equal(geometry["gather key"], "FieldRecord");
    assert.ok(props.sections[1].rows.some(([k]) => k === "offset"), "the header ranges list offset");
    const reply = kernel.commData(sw.id).find((d) => d.method === "custom" && (d.content as { type: string }).type === "properties");
    assert.ok(reply, "the properties were also sent as a reply");

    custom(kernel, sw.id, { type: "export", id: a, path: "copy-a.sgy", format: "segy" });
    await until(() => String(sw.get("message")).startsWith("exported"), "the export");
    assert.deepEqual(readFileSync(path.join(dir, "copy-a.sgy")), readFileSync(path.join(dir, "line-a.sgy")), "exported byte for byte");

    custom(kernel, sw.id, { type: "export", id: a, path: "x.bin", format: "no-such-format" });
    await until(() => String(sw.get("message")).startsWith("export failed"), "the failed export");
    assert.match(String(sw.get("message")), /unknown export format "no-such-format"/);

    custom(kernel, sw.id, { type: "close-dataset", id: b });
    await until(() => (sw.get("datasets") as DatasetEntry[]).length === 1, "line B to be closed");
    assert.deepEqual(kernel.handlerErrors, []);
    sw.close();
    viewer.close();
    datasets.dispose();
  });

  it("imports a SEG-Y file from a path with progress, then shows it", async () => {
    const datasets = new DatasetNavigator({ warmUp: false });
    const a = await datasets.addDataset(locA, undefined, { activate: true });
    const viewer = new GatherViewer((await datasets.getDataset(a))!, { navigator: datasets.gatherNavigator(a) });
    await viewer.ready();
    const importDir = path.join(dir, "imports");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(importDir);
    const sgy = path.join(dir, "line-c.sgy");
    await writeSurvey(sgy, { kind: "shots-2d", shots: 3, channels: 20, samples: 150, seed: 11, sampleIntervalUs: 4000 }, { format: 5 });
    const sw = new DatasetSwitcher(datasets, { viewer, importDir });
    custom(kernel, sw.id, { type: "import", path: sgy });
    await until(() => (sw.get("import_progress") as ImportProgress).phase === "done", "the import to finish", 60000);
    const phases = (updatesOf(kernel, sw.id, "import_progress") as ImportProgress[]).map((p) => p.phase);
    assert.equal(phases[0], "running");
    assert.equal(phases.at(-1), "done");
    const fractions = (updatesOf(kernel, sw.id, "import_progress") as ImportProgress[]).map((p) => p.fraction);
    assert.ok(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `progress only grows: ${fractions.join(", ")}`);
    await until(() => viewer.get("dataset_name") === "line-c", "the viewer to show the imported dataset");
    const c = await LazySeismicData.open(new FileSystemStore(path.join(importDir, "line-c.seis")));
    assert.equal(c.traceCount, 60);
    assert.equal(viewer.get("dataset_id"), datasets.activeDatasetId);

    custom(kernel, sw.id, { type: "import", path: path.join(dir, "missing.sgy") });
    await until(() => String(sw.get("message")).startsWith("import failed"), "the failed import");
    assert.equal((sw.get("import_progress") as ImportProgress).phase, "done", "a path that does not exist is refused before starting");
    sw.close();
    viewer.close();
    datasets.dispose();
  });

  it("shows the provenance of a processed dataset and verifies a step", async () => {
    const raw = await LazySeismicData.open(new FileSystemStore(locA), "raw");
    const tracker = new ProvenanceTracker();
    tracker.register(raw);
    const outLocation = path.join(dir, "line-a-gain.seis");
    const chain = new ProcessingChain([{ processor: "gain", parameters: { mode: "scalar", value: 2 } }]);
    await processDataset(raw, chain, new FileSystemStore(outLocation), { tracker });
    const out = await LazySeismicData.open(new FileSystemStore(outLocation), "processed");
    tracker.register(out);
    const panel = new ProvenancePanel(tracker, { datasetId: out.id });
    const steps = panel.get("steps");
    assert.equal(steps.length, 1);
    assert.equal(steps[0].input, raw.id);
    assert.equal(steps[0].output, out.id);
    assert.match(steps[0].checksum, /^[0-9a-f]{64}$/);
    assert.equal(steps[0].verified, null);
    custom(kernel, panel.id, { type: "verify", id: steps[0].id });
    await until(() => panel.get("steps")[0].verified !== null, "the verification", 60000);
    assert.equal(panel.get("steps")[0].verified, true, String(panel.get("verify_status")));
    assert.match(String(panel.get("verify_status")), /^ok/);
    panel.close();
  });

  it("lists the history, undoes and redoes from its buttons, and resets the session", async () => {
    const data = await LazySeismicData.open(new FileSystemStore(locA), "line A");
    const session = new SessionManager(path.join(dir, "session.json"), { autoSave: false });
    const viewer = new GatherViewer(data, { session });
    await viewer.ready();
    const panel = new HistoryPanel(viewer.history, { viewer, session });
    await viewer.next();
    await viewer.setGain(3);
    await viewer.setColormap("gray");
    assert.deepEqual(
      panel.get("entries").map((e) => e.description),
      [`Go to gather ${data.gatherKeys()[1]} (from ${data.gatherKeys()[0]})`, "Change gain 1 → 3", "Set colormap seismic → gray"],
    );
    assert.equal(session.state.gain, 3, "the session follows the viewer");
    custom(kernel, panel.id, { type: "undo" });
    await until(() => viewer.get("colormap") === "seismic", "the undo");
    assert.equal(panel.get("entries")[2].undone, true);
    assert.equal(panel.get("can_redo"), true);
    custom(kernel, panel.id, { type: "redo" });
    await until(() => viewer.get("colormap") === "gray", "the redo");

    custom(kernel, panel.id, { type: "session-reset" });
    await until(() => panel.get("resets") === 1, "the reset");
    assert.equal(viewer.get("gain"), 1);
    assert.equal(viewer.get("colormap"), "seismic");
    assert.deepEqual(panel.get("entries"), []);
    assert.equal(viewer.history.canUndo(), false);
    assert.equal(session.state.gain, 1);
    assert.equal(session.state.colormap, "seismic");
    panel.close();
    viewer.close();
    await session.dispose();
  });
});
