/**
 * EMBED: an HTML report built from saved widget state renders the gather viewer in Debian's Chromium with the
 * offline embed bundle (no kernel, no network): the plot is a seismic section (checked on the screenshot's
 * pixels), and gain and colormap changes change the pixels as they should. Screenshots are saved under
 * dist/test-artifacts/widgets/.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { writeHtmlReport } from "../../kernel-ext/report/html-report";
import { tempDir } from "../helpers/paths";
import { artifactPath, launchBrowser, type TestBrowser } from "./helpers/browser";
import { decodePng, type RgbaImage } from "./helpers/png";
import { draws, IMAGES_ON_SCREEN, openReport, plotRegion, waitForDrawAfter } from "./helpers/page";
import { meanAbsDifference, regionStats } from "./helpers/pixels";
import { notebookWithWidgets, syntheticGather, viewerWidgetState } from "./helpers/synthetic-gather";
import { EMBED_BUNDLE, ensureBundle } from "./helpers/widget-bundles";

async function shot(page: Page, name: string): Promise<RgbaImage> {
  const file = artifactPath(name);
  const png = await page.screenshot({ path: file, fullPage: false });
  return decodePng(png);
}

/** The viewer's heatmap canvases, the uid of the first, its box on the page, and the visibility of plotly's image. */
const CANVAS_OVERLAY = `(() => {
  const canvases = document.querySelectorAll(".sp-viewer canvas.sp-heatmap-canvas");
  const r = canvases[0]?.getBoundingClientRect();
  return {
    canvases: canvases.length,
    uid: canvases[0]?.dataset.uid ?? null,
    imageVisibility: document.querySelector(".sp-viewer g.hm image")?.getAttribute("visibility") ?? null,
    box: r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null,
  };
})()`;

describe("widgets: embed (static HTML report, no kernel)", function () {
  this.timeout(180000);
  let browser: TestBrowser;
  let dir: string;

  before(async function () {
    this.timeout(30 * 60 * 1000); // a webpack production build under load takes minutes
    ensureBundle("embed", EMBED_BUNDLE);
    browser = await launchBrowser();
    dir = tempDir("seisproc-embed-");
  });

  after(async () => {
    await browser?.close();
  });

  it("renders a hand-built viewer state as a seismic section, offline, and reacts to gain and colormap", async () => {
    const gather = syntheticGather(96, 600);
    const nbPath = path.join(dir, "synthetic.ipynb");
    writeFileSync(nbPath, JSON.stringify(notebookWithWidgets([viewerWidgetState(gather)])));
    const htmlPath = path.join(dir, "synthetic.html");
    const summary = await writeHtmlReport(nbPath, htmlPath);
    assert.equal(summary.widgetViews, 1);
    assert.equal(summary.widgetModels, 1);
    assert.equal(summary.bundle, "inline");

    const { page, network, errors } = await openReport(browser, htmlPath);

    // the Markdown cell rendered, the viewer says it is a saved view, and nothing came from the network
    assert.equal(await page.textContent("h1"), "Synthetic gather");
    assert.match((await page.textContent(".sp-viewer [data-field=status]")) ?? "", /saved view \(no kernel\)/);
    assert.match((await page.textContent(".sp-viewer [data-field=gather]")) ?? "", /FieldRecord 102: 96 traces × 600 samples/);
    assert.equal(await page.getAttribute(".sp-viewer", "data-gather-key"), "102");

    const region = await plotRegion(page);
    // the first draw: plotly drew the axes and placed its heatmap image (holding no cells), the cells are on the
    // canvas over the plot area; plotly's trace group is bound to the real cells, as hover and redraws need
    const first = (await page.evaluate(`(() => {
      const gd = document.querySelector(".sp-viewer .js-plotly-plot");
      const group = document.querySelector(".sp-viewer g.hm");
      const href = group.querySelector("image").getAttributeNS("http://www.w3.org/1999/xlink", "href") ?? "";
      return { bound: group.__data__[0] === gd.calcdata[0][0], rows: gd.calcdata[0][0].z.length, zIsInput: gd.calcdata[0][0].z.length === gd.data[0].z.length, hrefLength: href.length };
    })()`)) as { bound: boolean; rows: number; zIsInput: boolean; hrefLength: number };
    const firstOverlay = (await page.evaluate(CANVAS_OVERLAY)) as { canvases: number; uid: string; imageVisibility: string | null };
    assert.deepEqual([firstOverlay.canvases, firstOverlay.uid, firstOverlay.imageVisibility], [1, "density", "hidden"], JSON.stringify(firstOverlay));
    assert.ok(first.bound && first.zIsInput && first.rows > 100, `plotly's heatmap group holds the real cells: ${JSON.stringify(first)}`);
    assert.ok(first.hrefLength < 1000, `plotly painted no cells into its image (${first.hrefLength} characters of URL)`);
    const initial = await shot(page, "embed-initial.png");
    const s0 = regionStats(initial, region);
    assert.ok(s0.distinctColours > 60, `a section has many colours, got ${s0.distinctColours}`);
    assert.ok(s0.nonWhite > 0.3, `the plot is not blank: ${(s0.nonWhite * 100).toFixed(1)} % non-white`);
    assert.ok(s0.reddish > 0.02 && s0.bluish > 0.02, `both polarities show (seismic colormap): red ${s0.reddish.toFixed(3)}, blue ${s0.bluish.toFixed(3)}`);
    assert.ok(s0.verticalVariation > 2, `events vary in time: ${s0.verticalVariation.toFixed(2)}`);

    // hover shows the header values of the trace under the cursor
    await page.mouse.move(region.x + region.width * 0.5, region.y + region.height * 0.3);
    const hover = (await page.textContent(".sp-viewer [data-field=hover]")) ?? "";
    assert.match(hover, /trace \d+ · [\d.]+ ms · amp -?[\d.e-]+ · FieldRecord 102 · offset \d+ · TraceNumber \d+/);
    const trace = Number(await page.getAttribute(".sp-viewer [data-field=hover]", "data-trace"));
    assert.ok(hover.includes(`offset ${50 + 25 * (trace - 1)}`), `the offset shown is trace ${trace}'s: ${hover}`);

    // gain ×8: the same section, saturated
    let before = await draws(page);
    await page.fill(".sp-viewer [data-control=gain]", "8");
    await page.press(".sp-viewer [data-control=gain]", "Enter");
    await page.locator(".sp-viewer [data-control=gain]").evaluate((el) => el.dispatchEvent(new Event("change")));
    await waitForDrawAfter(page, before);
    const gained = await shot(page, "embed-gain-8.png");
    const s1 = regionStats(gained, region);
    const gainDiff = meanAbsDifference(initial, gained, region);
    assert.ok(gainDiff > 5, `gain changed the pixels (mean difference ${gainDiff.toFixed(2)})`);
    assert.ok(s1.reddish + s1.bluish > (s0.reddish + s0.bluish) * 1.5, `more saturated colour at gain 8: ${(s1.reddish + s1.bluish).toFixed(3)} vs ${(s0.reddish + s0.bluish).toFixed(3)}`);
    // the recoloured cells are painted on a canvas over the plot area, plotly's own image hidden under it
    const overlay = (await page.evaluate(CANVAS_OVERLAY)) as { canvases: number; uid: string; imageVisibility: string | null; box: { x: number; y: number; width: number; height: number } };
    assert.deepEqual([overlay.canvases, overlay.uid, overlay.imageVisibility], [1, "density", "hidden"], JSON.stringify(overlay));
    for (const [k, v] of Object.entries({ x: region.x - 1, y: region.y - 1, width: region.width + 2, height: region.height + 2 })) {
      assert.ok(Math.abs(overlay.box[k as keyof typeof overlay.box] - v) <= 1.5, `the canvas covers the plot area: ${k} ${overlay.box[k as keyof typeof overlay.box]} vs ${v}`);
    }

    // colormap gray: no colour left in the plot area
    before = await draws(page);
    await page.selectOption(".sp-viewer [data-control=colormap]", "gray");
    await waitForDrawAfter(page, before);
    const grey = await shot(page, "embed-gray.png");
    const s2 = regionStats(grey, region);
    assert.ok(s2.coloured < 0.01, `gray colormap leaves ${(s2.coloured * 100).toFixed(2)} % coloured pixels`);
    assert.ok(s2.distinctColours > 20 && s2.nonWhite > 0.3, "still a section, in grey");
    assert.ok(meanAbsDifference(gained, grey, region) > 5);

    // and back to seismic at gain 1: the first image again (the fast recolouring draws what plotly drew)
    before = await draws(page);
    await page.selectOption(".sp-viewer [data-control=colormap]", "seismic");
    await waitForDrawAfter(page, before);
    before = await draws(page);
    await page.fill(".sp-viewer [data-control=gain]", "1");
    await page.locator(".sp-viewer [data-control=gain]").evaluate((el) => el.dispatchEvent(new Event("change")));
    await waitForDrawAfter(page, before);
    const again = await shot(page, "embed-restored.png");
    assert.ok(meanAbsDifference(initial, again, region) < 1.5, `restored settings give the first image back (difference ${meanAbsDifference(initial, again, region).toFixed(2)})`);

    assert.deepEqual(network, [], "the report loads nothing from the network");
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("hands a recoloured heatmap back to plotly when plotly pans it or redraws it, in the new colours", async () => {
    const nbPath = path.join(dir, "pan.ipynb");
    writeFileSync(nbPath, JSON.stringify(notebookWithWidgets([viewerWidgetState(syntheticGather(96, 600, 5))])));
    const htmlPath = path.join(dir, "pan.html");
    await writeHtmlReport(nbPath, htmlPath);
    const { page, errors } = await openReport(browser, htmlPath);
    const region = await plotRegion(page);
    const seismic = regionStats(await shot(page, "embed-pan-seismic.png"), region);
    assert.ok(seismic.coloured > 0.2, "the seismic colormap is in colour");
    let before = await draws(page);
    await page.selectOption(".sp-viewer [data-control=colormap]", "gray");
    await waitForDrawAfter(page, before);
    assert.equal(((await page.evaluate(CANVAS_OVERLAY)) as { canvases: number }).canvases, 1, "the grey cells are on the canvas");

    // pan: plotly moves its plot group under the canvas; the picture goes back into plotly's image, still grey
    await page.click(".sp-viewer .modebar-btn[data-val=pan]");
    await page.mouse.move(region.x + region.width * 0.5, region.y + region.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(region.x + region.width * 0.5 - 60, region.y + region.height * 0.5 - 30, { steps: 4 });
    await page.evaluate(IMAGES_ON_SCREEN);
    const panning = (await page.evaluate(CANVAS_OVERLAY)) as { canvases: number; imageVisibility: string | null };
    assert.deepEqual([panning.canvases, panning.imageVisibility], [0, null], "plotly's image shows the picture while it pans");
    const moved = regionStats(await shot(page, "embed-pan-moving.png"), region);
    assert.ok(moved.coloured < 0.01, `the panned picture is the grey one, not plotly's stale seismic image: ${(moved.coloured * 100).toFixed(2)} % coloured`);
    assert.ok(moved.nonWhite > 0.3 && moved.distinctColours > 20, "a section, moved");
    before = await draws(page);
    await page.mouse.up();
    await waitForDrawAfter(page, before);
    const zoomed = regionStats(await shot(page, "embed-pan-done.png"), region);
    assert.ok(zoomed.coloured < 0.01 && zoomed.nonWhite > 0.3, `plotly's redraw after the pan is grey too: ${(zoomed.coloured * 100).toFixed(2)} % coloured`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("draws wiggles and variable area, and an external bundle beside the page works the same", async () => {
    const gather = syntheticGather(40, 400, 7);
    const nbPath = path.join(dir, "wiggle.ipynb");
    writeFileSync(nbPath, JSON.stringify(notebookWithWidgets([viewerWidgetState(gather, { display_mode: "variable-area", colormap: "gray" })])));
    const htmlPath = path.join(dir, "wiggle.html");
    const summary = await writeHtmlReport(nbPath, htmlPath, { bundle: "external" });
    assert.equal(summary.bundle, "external");
    assert.ok(existsSync(path.join(dir, "seisproc-embed.js")));

    const { page, network, errors } = await openReport(browser, htmlPath);
    const region = await plotRegion(page);
    const area = await shot(page, "embed-variable-area.png");
    const sa = regionStats(area, region);
    assert.ok(sa.dark > 0.03, `filled positive lobes are black: ${(sa.dark * 100).toFixed(1)} %`);
    assert.ok(sa.nonWhite < 0.8, "wiggles leave white paper between traces");
    assert.ok(sa.coloured < 0.01, "wiggles are black on white");

    const before = await draws(page);
    await page.selectOption(".sp-viewer [data-control=display-mode]", "wiggle");
    await waitForDrawAfter(page, before);
    const wiggle = await shot(page, "embed-wiggle.png");
    const sw = regionStats(wiggle, region);
    assert.ok(sw.dark < sa.dark, `lines only hold less ink than filled lobes (${sw.dark.toFixed(3)} < ${sa.dark.toFixed(3)})`);
    assert.ok(sw.nonWhite > 0.01, "the wiggles are drawn");
    assert.deepEqual(network, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("compares two gathers side by side with linked trace axes", async () => {
    const a = syntheticGather(50, 400, 2);
    const b = syntheticGather(50, 400, 2);
    for (let i = 0; i < b.data.length; i++) b.data[i] = -0.5 * b.data[i]; // the same gather, polarity reversed
    const nbPath = path.join(dir, "compare.ipynb");
    writeFileSync(nbPath, JSON.stringify(notebookWithWidgets([viewerWidgetState(a, {}, "viewer-compare", b)])));
    const htmlPath = path.join(dir, "compare.html");
    await writeHtmlReport(nbPath, htmlPath);
    const { page, errors } = await openReport(browser, htmlPath);
    assert.equal(await page.locator(".sp-viewer .nsewdrag").count(), 2, "two panels");
    assert.equal(await page.textContent(".sp-viewer .sp-title"), "synthetic shots | synthetic, filtered");
    const left = await plotRegion(page, ".sp-viewer", 0);
    const right = await plotRegion(page, ".sp-viewer", 1);
    assert.ok(right.x > left.x + left.width, "side by side");
    const image = await shot(page, "embed-compare.png");
    const sl = regionStats(image, left);
    const sr = regionStats(image, right);
    assert.ok(sl.distinctColours > 40 && sr.distinctColours > 40, "both panels hold a section");
    // reversed polarity: where the left panel is red the right one is blue
    const px = (x: number, y: number) => {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [image.data[i], image.data[i + 1], image.data[i + 2]];
    };
    let opposite = 0;
    let strong = 0;
    for (let k = 0; k < 400; k++) {
      const fx = (k % 20) / 20 + 0.025;
      const fy = Math.floor(k / 20) / 20 + 0.025;
      const [r1, , b1] = px(left.x + fx * left.width, left.y + fy * left.height);
      const [r2, , b2] = px(right.x + fx * right.width, right.y + fy * right.height);
      if (Math.abs(r1 - b1) > 80) {
        strong++;
        if (Math.sign(r1 - b1) === -Math.sign(r2 - b2)) opposite++;
      }
    }
    assert.ok(strong > 20 && opposite / strong > 0.9, `reversed polarity shows as swapped colours (${opposite} of ${strong})`);

    // zoom the left panel: the right one follows
    await page.mouse.move(left.x + left.width * 0.2, left.y + left.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(left.x + left.width * 0.5, left.y + left.height * 0.5, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(`(() => { const fl = document.querySelector(".sp-viewer .sp-plot")._fullLayout; return fl.xaxis.range[1] - fl.xaxis.range[0] < 30; })()`, undefined, { timeout: 30000 });
    const ranges = (await page.evaluate(`(() => { const fl = document.querySelector(".sp-viewer .sp-plot")._fullLayout; return [fl.xaxis.range, fl.xaxis2.range]; })()`)) as number[][];
    assert.deepEqual(ranges[1], ranges[0], "linked trace axes");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
