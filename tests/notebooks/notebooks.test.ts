/**
 * The example notebooks in notebooks/, as a user meets them: each is executed by nbconvert on the SeisProc
 * kernel (no --allow-errors), its widget state is saved by nbclient in metadata.widgets, the report tool turns it
 * into an offline HTML report, and Chromium shows a seismic section in it. The processing report, executed
 * twice, prints the same checksums.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { writeHtmlReport } from "../../kernel-ext/report/html-report";
import { parseNotebook, widgetState } from "../../kernel-ext/report/notebook";
import { repoRoot, tempDir } from "../helpers/paths";
import { artifactPath, launchBrowser, recordErrors, recordNetwork, type TestBrowser } from "../widgets/helpers/browser";
import { executeNotebook } from "../widgets/helpers/jupyter";
import { plotRegion, waitForDrawAfter, waitForEmbed } from "../widgets/helpers/page";
import { decodePng } from "../widgets/helpers/png";
import { regionStats } from "../widgets/helpers/pixels";
import { EMBED_BUNDLE, ensureBundle } from "../widgets/helpers/widget-bundles";

const NOTEBOOKS = path.join(repoRoot, "notebooks");
const EXAMPLES = readdirSync(NOTEBOOKS).filter((n) => /^0[1-9]-.*\.ipynb$/.test(n)).sort();

interface SavedModel {
  model_name: string;
  state: Record<string, unknown>;
}

function textOf(file: string): string {
  const nb = parseNotebook(readFileSync(file, "utf8"), file);
  return nb.cells.flatMap((c) => c.outputs ?? []).map((o) => [o.text ?? ""].flat().join("")).join("");
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
    const run = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const out = path.join(dir, name);
        await executeNotebook(path.join(NOTEBOOKS, name), out, 600);
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

  it("01-quickstart: imports, views, navigates; the viewer's state (gather, gain, colormap) is saved in the notebook", () => {
    const file = executed.get("01-quickstart.ipynb")!;
    assert.match(textOf(file), /1152 traces × 1000 samples, 2000 µs, format 1, big-endian/);
    assert.match(textOf(file), /1152 traces in 12 gathers/);
    const viewer = models(file).find((m) => m.model_name === "GatherViewerModel");
    assert.ok(viewer, "a GatherViewerModel was saved");
    assert.deepEqual([viewer.state.gather_key, viewer.state.gain, viewer.state.colormap], [2, 2, "seismic"], "next gather, gain 2, colormap back to seismic after undo");
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
      const page = await browser.newPage();
      const network = recordNetwork(page);
      const errors = recordErrors(page);
      await page.goto(`file://${html}`);
      assert.equal(await waitForEmbed(page), "true", errors.join("\n"));
      await page.waitForSelector(".sp-viewer[data-draws]", { timeout: 60000 });
      await waitForDrawAfter(page, 0);
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
