/**
 * The AMD bundle (classic notebook, require.js pages): it is an anonymous AMD module that asks the page for
 * `@jupyter-widgets/base`, exports the widget module named and versioned from package.json, and its classes render
 * a viewer with a real widget manager (the embed bundle's HTMLManager and base stand in for the notebook's).
 */
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { renderNotebookHtml } from "../../kernel-ext/report/html-report";
import { parseNotebook } from "../../kernel-ext/report/notebook";
import { repoRoot, tempDir } from "../helpers/paths";
import { launchBrowser, recordErrors, recordNetwork } from "./helpers/browser";
import { waitForDrawAfter } from "./helpers/page";
import { notebookWithWidgets, syntheticGather, viewerWidgetState } from "./helpers/synthetic-gather";
import { EMBED_BUNDLE, ensureBundle } from "./helpers/widget-bundles";

const AMD_BUNDLE = path.join(repoRoot, "dist", "widgets", "amd", "index.js");

describe("widgets: AMD bundle", function () {
  this.timeout(180000);

  before(function () {
    this.timeout(30 * 60 * 1000);
    ensureBundle("amd", AMD_BUNDLE);
    ensureBundle("embed", EMBED_BUNDLE);
  });

  it("is an AMD module over the page's @jupyter-widgets/base whose classes render the viewer", async () => {
    const js = readFileSync(AMD_BUNDLE, "utf8");
    assert.match(js, /define\(\["@jupyter-widgets\/base"\],/, "anonymous define with @jupyter-widgets/base as its one dependency");
    assert.ok(!js.includes("class DOMWidgetModel"), "@jupyter-widgets/base is not bundled");
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };

    const dir = tempDir("seisproc-amd-");
    copyFileSync(EMBED_BUNDLE, path.join(dir, "seisproc-embed.js"));
    copyFileSync(AMD_BUNDLE, path.join(dir, "index.js"));
    const nb = parseNotebook(JSON.stringify(notebookWithWidgets([viewerWidgetState(syntheticGather(64, 300))])), "amd.ipynb");
    const loader = `
<script>window.__seisprocNoAutoRender = true;</script>
<script src="seisproc-embed.js"></script>
<script>
  window.__amd = new Promise((resolve) => {
    window.define = (deps, factory) => resolve(factory(...deps.map((d) => (d === "@jupyter-widgets/base" ? SeisprocEmbed.jupyterWidgetsBase : undefined))));
    window.define.amd = true;
  });
</script>
<script src="index.js"></script>
<script>
  window.__amd
    .then((mod) => { window.__amdModule = { name: mod.MODULE_NAME, version: mod.MODULE_VERSION, exports: Object.keys(mod).sort() };
      return SeisprocEmbed.renderAll(document.documentElement, async (name) => { if (name !== "seisproc") throw new Error(name); window.__usedAmd = true; return mod; }); })
    .then(() => document.documentElement.setAttribute("data-seisproc-rendered", "true"),
          (e) => { console.error(e); document.documentElement.setAttribute("data-seisproc-rendered", "error"); });
</script>`;
    const html = path.join(dir, "amd.html");
    writeFileSync(html, renderNotebookHtml(nb, loader).html);

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const network = recordNetwork(page);
      const errors = recordErrors(page);
      await page.goto(`file://${html}`);
      await page.waitForFunction(`document.documentElement.getAttribute("data-seisproc-rendered") !== null`, undefined, { timeout: 60000 });
      assert.equal(await page.getAttribute("html", "data-seisproc-rendered"), "true", errors.join("\n"));
      const mod = (await page.evaluate("window.__amdModule")) as { name: string; version: string; exports: string[] };
      assert.equal(mod.name, pkg.name);
      assert.equal(mod.version, pkg.version);
      for (const cls of ["GatherViewerModel", "GatherViewerView", "DatasetSwitcherModel", "DatasetSwitcherView", "ProvenancePanelModel", "ProvenancePanelView", "HistoryPanelModel", "HistoryPanelView", "NotebookSessionModel", "NotebookSessionView"]) {
        assert.ok(mod.exports.includes(cls), `exports ${cls}`);
      }
      assert.equal(await page.evaluate("window.__usedAmd === true"), true, "the viewer's classes came from the AMD module");
      await page.waitForSelector(".sp-viewer[data-draws]", { timeout: 60000 });
      await waitForDrawAfter(page, 0);
      assert.match((await page.textContent(".sp-viewer [data-field=gather]")) ?? "", /64 traces × 300 samples/);
      assert.deepEqual(network, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
});
