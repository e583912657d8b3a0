/**
 * The example notebooks in notebooks/, as a user meets them: each is executed by nbconvert on the SeisProc
 * kernel (no --allow-errors), its widget state is saved by nbclient in metadata.widgets, the report tool turns it
 * into an offline HTML report, and Chromium shows a seismic section in it. The processing report, executed
 * twice, prints the same checksums.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { writeHtmlReport } from "../../kernel-ext/report/html-report";
import { parseNotebook, widgetState } from "../../kernel-ext/report/notebook";
import { repoRoot, tempDir } from "../helpers/paths";
import { artifactPath, launchBrowser, type TestBrowser } from "../widgets/helpers/browser";
import { executeNotebook } from "../widgets/helpers/jupyter";
import { openReport, plotRegion } from "../widgets/helpers/page";
import { decodePng } from "../widgets/helpers/png";
import { regionStats } from "../widgets/helpers/pixels";
import { EMBED_BUNDLE, ensureBundle } from "../widgets/helpers/widget-bundles";

const NOTEBOOKS = path.join(repoRoot, "notebooks");
const QUICKSTART = "01-quickstart.ipynb";
const EXAMPLES = readdirSync(NOTEBOOKS).filter((n) => /^0[1-9]-.*\.ipynb$/.test(n)).sort();

interface SavedModel {
  model_name: string;
  state: Record<string, unknown>;
}

function textOf(file: string): string {
  const nb = parseNotebook(readFileSync(file, "utf8"), file);
  return nb.cells.flatMap((c) => c.outputs ?? []).map((o) => [o.text ?? ""].flat().join("")).join("");
}

function outputsOf(file: string): { output_type: string; data?: Record<string, unknown> }[] {
  const nb = parseNotebook(readFileSync(file, "utf8"), file);
  return nb.cells.flatMap((c) => c.outputs ?? []) as { output_type: string; data?: Record<string, unknown> }[];
}

function models(file: string): SavedModel[] {
  const state = widgetState(parseNotebook(readFileSync(file, "utf8"), file));
  assert.ok(state, `${path.basename(file)}: nbclient saved no widget state`);
  return Object.values(state.state) as SavedModel[];
}

describe("the example notebooks, executed on the SeisProc kernel", function () {
  this.timeout(30 * 60 * 1000);
  const dir = tempDir("seisproc-notebooks-");
  const executed = new Map<string, string>();
  let browser: TestBrowser;

  before(async () => {
    ensureBundle("embed", EMBED_BUNDLE);
    process.env.SEISPROC_DATA_DIR = path.join(dir, "data");
    // two at a time: the machine has two cores
    const queue = [...EXAMPLES];
    // 01 runs from a copy, which the kernel writes its session into (SEISPROC_NOTEBOOK tells it which file it
    // runs); the others run where they are (04 requires s3rver from this repository's node_modules)
    mkdirSync(path.join(dir, "in"));
    copyFileSync(path.join(NOTEBOOKS, QUICKSTART), path.join(dir, "in", QUICKSTART));
    const run = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const input = name === QUICKSTART ? path.join(dir, "in", name) : path.join(NOTEBOOKS, name);
        const out = path.join(dir, name);
        await executeNotebook(input, out, 600, name === QUICKSTART ? { SEISPROC_NOTEBOOK: input } : {});
        executed.set(name, out);
      }
    };
    await Promise.all([run(), run()]);
    browser = await launchBrowser({ width: 1100, height: 1400 });
  });

  after(async () => {
    delete process.env.SEISPROC_DATA_DIR;
    await browser?.close();
  });

  it("there are the four notebooks the product promises", () => {
    assert.deepEqual(EXAMPLES, ["01-quickstart.ipynb", "02-multi-dataset.ipynb", "03-processing-report.ipynb", "04-project-and-cloud.ipynb"]);
  });

  it("01-quickstart: imports with a progress display, views, navigates; the viewer's and the session's state are saved in the notebook", () => {
    const file = executed.get("01-quickstart.ipynb")!;
    const text = textOf(file);
    assert.match(text, /1152 traces × 1000 samples, 2000 µs, format 1, big-endian/);
    assert.match(text, /1152 traces in 12 gathers/);
    assert.match(text, /session new \(nothing saved yet\)/);
    assert.match(text, /session saved in 01-quickstart\.ipynb/);
    const progress = outputsOf(file).filter((o) => o.output_type === "update_display_data" || (o.data?.["text/plain"] !== undefined && /^Importing quickstart\.sgy/.test([o.data["text/plain"]].flat().join(""))));
    assert.ok(progress.length > 0, "the import shows a progress display");
    const saved = models(file);
    const viewer = saved.find((m) => m.model_name === "GatherViewerModel");
    assert.ok(viewer, "a GatherViewerModel was saved");
    assert.deepEqual([viewer.state.gather_key, viewer.state.gain, viewer.state.colormap], [2, 2, "seismic"], "next gather, gain 2, colormap back to seismic after undo");
    const session = saved.find((m) => m.model_name === "NotebookSessionModel");
    assert.ok(session, "a NotebookSessionModel was saved in metadata.widgets");
    const state = (session.state.session as { state: Record<string, unknown> }).state;
    assert.deepEqual([state.currentGatherKey, state.gain, state.colormap], [2, 2, "seismic"], "the session's saved state is the viewer's");
    const input = JSON.parse(readFileSync(path.join(dir, "in", QUICKSTART), "utf8")) as { metadata: { seisproc?: { session?: { state: Record<string, unknown> } } } };
    assert.deepEqual(input.metadata.seisproc?.session?.state.currentGatherKey, 2, "the kernel wrote the session into the notebook it ran");
  });

  it("01-quickstart, run again: the session comes back from the notebook and the viewer starts where it was left", async () => {
    const input = path.join(dir, "in", QUICKSTART);
    const again = path.join(dir, "01-again.ipynb");
    await executeNotebook(input, again, 600, { SEISPROC_NOTEBOOK: input });
    const text = textOf(again);
    assert.match(text, /quickstart\.seis is imported already/);
    assert.match(text, /session restored from the notebook's metadata: gather 2, gain 2, colormap seismic/);
    assert.match(text, /^gather 3, gain 2, colormap gray$/m, "the viewer went on from gather 2");
  });

  it("02-multi-dataset: two datasets switched, compared and viewed side by side; a subset exported", () => {
    const file = executed.get("02-multi-dataset.ipynb")!;
    const text = textOf(file);
    assert.match(text, /active dataset: .*line-a[\s\S]*active dataset: .*line-b/);
    assert.match(text, /line-a-shots-2-4\.sgy: 360 traces, \d+ bytes, first shot 2/);
    const saved = models(file);
    const viewer = saved.find((m) => m.model_name === "GatherViewerModel");
    assert.ok(viewer?.state.compare, "the viewer compares two datasets");
    assert.ok(saved.some((m) => m.model_name === "DatasetSwitcherModel"));
  });

  it("03-processing-report: the history verifies, and a second run of the notebook prints the same checksums", async () => {
    const first = executed.get("03-processing-report.ipynb")!;
    const again = path.join(dir, "03-again.ipynb");
    await executeNotebook(path.join(NOTEBOOKS, "03-processing-report.ipynb"), again, 600);
    const checksums = (file: string) => textOf(file).match(/^(input|params|output) +[0-9a-f]{64}$/gm) ?? [];
    assert.equal(checksums(first).length, 3, textOf(first));
    assert.deepEqual(checksums(again), checksums(first));
    assert.match(textOf(first), /reproducible: true/);
    assert.ok(models(first).some((m) => m.model_name === "ProvenancePanelModel"));
  });

  it("04-project-and-cloud: project, catalog search, the same dataset on s3rver, read-only refusals", () => {
    const text = textOf(executed.get("04-project-and-cloud.ipynb")!);
    assert.match(text, /North line: 1 dataset\(s\), missing: 0/);
    assert.match(text, /S3 copy validates: true; gather 3 identical: true/);
    assert.match(text, /refused: .*read-only/);
    assert.doesNotMatch(text, /S3RVER/, "credentials are never printed");
  });

  for (const name of EXAMPLES.filter((n) => !n.startsWith("04"))) {
    it(`${name}: its HTML report draws a seismic section offline`, async () => {
      const html = path.join(dir, name.replace(/\.ipynb$/, ".html"));
      await writeHtmlReport(executed.get(name)!, html);
      const { page, network } = await openReport(browser, html);
      await page.locator(".sp-viewer .nsewdrag").first().scrollIntoViewIfNeeded();
      const region = await plotRegion(page);
      const shot = decodePng(await page.screenshot({ path: artifactPath(`notebook-${name}.png`) }));
      const s = regionStats(shot, region);
      assert.ok(s.distinctColours > 30 && s.nonWhite > 0.2, `a section, not blank: ${s.distinctColours} colours, ${(s.nonWhite * 100).toFixed(1)} % non-white`);
      assert.deepEqual(network, [], "no request leaves the page");
      await page.close();
    });
  }
});
