/**
 * EMBED, end to end: a notebook that builds a GatherViewer (and the panels) is executed by nbconvert with the
 * SeisProc kernel; nbclient saves the widget state in the notebook; the report tool turns it into one HTML file
 * with the embed bundle inlined; Chromium renders the saved gather offline (pixel checks on the screenshot) and
 * the viewer still reacts to gain and colormap.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { writeHtmlReport } from "../../kernel-ext/report/html-report";
import { parseNotebook, widgetState } from "../../kernel-ext/report/notebook";
import { tempDir } from "../helpers/paths";
import { artifactPath, launchBrowser, type TestBrowser } from "./helpers/browser";
import { codeCell, executeNotebook, markdownCell, writeNotebook } from "./helpers/jupyter";
import { draws, openReport, plotRegion, waitForDrawAfter } from "./helpers/page";
import { decodePng } from "./helpers/png";
import { meanAbsDifference, regionStats } from "./helpers/pixels";
import { makeStore } from "./helpers/store";
import { EMBED_BUNDLE, ensureBundle } from "./helpers/widget-bundles";

describe("widgets: report from a notebook executed by nbconvert", function () {
  this.timeout(600000);
  let dir: string;
  let browser: TestBrowser;
  let executed: string;
  let lineA: string;

  before(async function () {
    this.timeout(30 * 60 * 1000);
    ensureBundle("embed", EMBED_BUNDLE);
    dir = tempDir("seisproc-report-");
    lineA = await makeStore(dir, "line-a", { shots: 4, channels: 60, samples: 500 });
    const lineB = await makeStore(dir, "line-b", { shots: 3, channels: 60, samples: 500, seed: 5 });
    const nb = path.join(dir, "qc.ipynb");
    writeNotebook(nb, [
      markdownCell("# Line A quality control\nGathers of line A, as **seen** at the end of the run."),
      codeCell(
        [
          'import { DatasetNavigator, FileSystemStore, LazySeismicData } from "seisproc";',
          'import { DatasetSwitcher, GatherViewer, HistoryPanel } from "seisproc/widgets";',
          `const data = await LazySeismicData.open(new FileSystemStore(${JSON.stringify(lineA)}), "line-a");`,
          'const v = new GatherViewer(data, { name: "line A" });',
          "v.display();",
          "await v.ready();",
        ].join("\n"),
      ),
      codeCell("await v.next();\nawait v.setGain(1.5);\nv.get(\"gather_key\")"),
      codeCell(
        [
          "const datasets = new DatasetNavigator();",
          `await datasets.addDataset(${JSON.stringify(lineA)}, data, { name: "line A" });`,
          `await datasets.addDataset(${JSON.stringify(lineB)}, undefined, { name: "line B" });`,
          "const switcher = new DatasetSwitcher(datasets, { viewer: v });",
          "switcher.display();",
          "const history = new HistoryPanel(v.history, { viewer: v });",
          "history.display();",
        ].join("\n"),
      ),
    ]);
    executed = path.join(dir, "qc-executed.ipynb");
    await executeNotebook(nb, executed);
    browser = await launchBrowser({ width: 1100, height: 1400 });
  });

  after(async () => {
    await browser?.close();
  });

  it("saves the viewer's state with its gather as a binary snapshot", () => {
    const nb = parseNotebook(readFileSync(executed, "utf8"), executed);
    const state = widgetState(nb);
    assert.ok(state, "nbclient saved the widget state in metadata.widgets");
    const models = Object.values(state.state) as { model_name: string; state: Record<string, unknown>; buffers?: { path: string[] }[] }[];
    const viewer = models.find((m) => m.model_name === "GatherViewerModel");
    assert.ok(viewer, "a GatherViewerModel was saved");
    assert.equal(viewer.state.gather_key, 2, "the notebook moved to the second shot");
    assert.equal(viewer.state.gain, 1.5);
    assert.equal((viewer.state.snapshot as { key: number }).key, 2, "the snapshot is the gather shown");
    assert.deepEqual(viewer.buffers?.map((b) => b.path.join(".")).sort(), ["gather_keys", "snapshot_samples"]);
    assert.ok(models.some((m) => m.model_name === "DatasetSwitcherModel"));
    assert.ok(models.some((m) => m.model_name === "HistoryPanelModel"));
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    assert.equal(outputs.filter((o) => o.output_type === "error").length, 0, JSON.stringify(outputs.filter((o) => o.output_type === "error")));
  });

  it("renders the saved gather offline as a seismic section that follows gain and colormap", async () => {
    const html = path.join(dir, "qc.html");
    const summary = await writeHtmlReport(executed, html);
    assert.equal(summary.widgetViews, 3);
    const { page, network, errors } = await openReport(browser, html);
    assert.equal(await page.getAttribute(".sp-viewer", "data-drawn-key"), "2");
    assert.match((await page.textContent(".sp-viewer [data-field=gather]")) ?? "", /FieldRecord 2: 60 traces × 500 samples/);
    assert.equal(await page.inputValue(".sp-viewer [data-control=gain]"), "1.5");

    const region = await plotRegion(page);
    const first = decodePng(await page.screenshot({ path: artifactPath("report-viewer.png") }));
    const s = regionStats(first, region);
    assert.ok(s.distinctColours > 60 && s.nonWhite > 0.2, `a section, not blank: ${s.distinctColours} colours, ${(s.nonWhite * 100).toFixed(1)} % non-white`);
    assert.ok(s.reddish > 0.01 && s.bluish > 0.01, "both polarities");

    let before = await draws(page);
    await page.fill(".sp-viewer [data-control=gain]", "6");
    await page.locator(".sp-viewer [data-control=gain]").evaluate((el) => el.dispatchEvent(new Event("change")));
    await waitForDrawAfter(page, before);
    const gained = decodePng(await page.screenshot({ path: artifactPath("report-viewer-gain.png") }));
    assert.ok(meanAbsDifference(first, gained, region) > 3, "gain changed the picture");
    before = await draws(page);
    await page.selectOption(".sp-viewer [data-control=colormap]", "gray");
    await waitForDrawAfter(page, before);
    const grey = decodePng(await page.screenshot({ path: artifactPath("report-viewer-gray.png") }));
    assert.ok(regionStats(grey, region).coloured < 0.01, "gray has no colour");

    // the panels render from their saved state too
    assert.match((await page.textContent(".sp-panel [data-field=datasets]")) ?? "", /line A.*line B/s);
    assert.match((await page.textContent(".sp-panel [data-field=entries]")) ?? "", /Go to gather 2 \(from 1\).*Change gain 1 → 1\.5/s);
    await page.screenshot({ path: artifactPath("report-full.png"), fullPage: true });
    assert.deepEqual(network, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
