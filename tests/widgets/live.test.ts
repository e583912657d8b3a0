/**
 * LIVE: the widgets in Chromium, connected through @jupyterlab/services to Debian's jupyter-server running the
 * SeisProc kernel, rendered by a @jupyter-widgets/base-manager manager. The test clicks through next gather, gain,
 * zoom, Ctrl+Z / Ctrl+Y and a dataset switch, and after each step reads the kernel-side state (by running code in
 * the kernel) to check that it changed, and changed back on undo.
 */
import assert from "node:assert/strict";
import { tempDir } from "../helpers/paths";
import { artifactPath, launchBrowser, type TestBrowser } from "./helpers/browser";
import { openLiveSession, type LiveSession } from "./helpers/live-session";
import { draws, plotRegion, waitForDrawAfter } from "./helpers/page";
import { meanAbsDifference, regionStats } from "./helpers/pixels";
import { decodePng } from "./helpers/png";
import { makeStore } from "./helpers/store";

/** Polls the kernel until `expression` has the wanted value; returns the last value seen. */
async function eventually<T>(session: LiveSession, expression: string, test: (v: T) => boolean, what: string, timeoutMs = 60000): Promise<T> {
  const t0 = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await session.value<T>(expression);
    if (test(last)) return last;
    if (Date.now() - t0 > timeoutMs) throw new Error(`kernel state never became ${what}; last ${expression} = ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("widgets: live, against the real kernel", function () {
  this.timeout(600000);
  let browser: TestBrowser;
  let session: LiveSession;
  let ids: { a: string; b: string };
  let long: string;

  before(async function () {
    this.timeout(30 * 60 * 1000);
    const dir = tempDir("seisproc-live-");
    const a = await makeStore(dir, "line-a", { shots: 5, channels: 48, samples: 400 });
    const b = await makeStore(dir, "line-b", { shots: 4, channels: 40, samples: 400, seed: 3 });
    long = await makeStore(dir, "long", { shots: 2, channels: 30, samples: 2400, seed: 8 });
    browser = await launchBrowser({ width: 1100, height: 1300 });
    session = await openLiveSession(browser, dir);
    await session.run(
      [
        'import { DatasetNavigator } from "seisproc";',
        'import { DatasetSwitcher, GatherViewer, HistoryPanel } from "seisproc/widgets";',
        "const datasets = new DatasetNavigator();",
        `const idA = await datasets.addDataset(${JSON.stringify(a)}, undefined, { name: "line A", activate: true });`,
        `const idB = await datasets.addDataset(${JSON.stringify(b)}, undefined, { name: "line B" });`,
        "const v = new GatherViewer((await datasets.getDataset(idA))!, { navigator: datasets.gatherNavigator(idA), name: \"line A\", height: 460 });",
        "v.display();",
        "await v.ready();",
      ].join("\n"),
    );
    await session.run("const sw = new DatasetSwitcher(datasets, { viewer: v });\nsw.display();\nconst hp = new HistoryPanel(v.history, { viewer: v });\nhp.display();");
    ids = { a: await session.value<string>("idA"), b: await session.value<string>("idB") };
    await session.page.waitForSelector(".sp-viewer[data-draws]", { timeout: 60000 });
  });

  after(async () => {
    await session?.close();
    await browser?.close();
  });

  it("shows the first gather, drawn from binary gather replies", async () => {
    const page = session.page;
    await page.waitForFunction(`document.querySelector(".sp-viewer")?.getAttribute("data-drawn-key") === "1"`, undefined, { timeout: 60000 });
    assert.match((await page.textContent(".sp-viewer [data-field=status]")) ?? "", /FieldRecord 1: 48 traces × 400 samples/);
    assert.doesNotMatch((await page.textContent(".sp-viewer [data-field=status]")) ?? "", /saved view/);
    await page.screenshot({ path: artifactPath("live-start.png"), fullPage: true });
  });

  it("next gather: the kernel's viewer and navigator move, the page draws it", async () => {
    const page = session.page;
    const before = await draws(page);
    const region = await plotRegion(page);
    const pictureBefore = decodePng(await page.screenshot());
    await page.evaluate(`window.__drawn = []; document.querySelector(".sp-viewer").addEventListener("seisproc-drawn", (e) => window.__drawn.push(e.detail))`);
    await page.click(".sp-viewer [data-action=next]");
    await eventually<number>(session, 'v.get("gather_key")', (k) => k === 2, "gather 2");
    assert.equal(await session.value<number>("v.navigator.current()?.key"), 2);
    await waitForDrawAfter(page, before);
    await page.waitForFunction(`document.querySelector(".sp-viewer")?.getAttribute("data-drawn-key") === "2"`, undefined, { timeout: 30000 });
    assert.match((await page.textContent(".sp-viewer [data-field=timing]")) ?? "", /round trip \d+ ms/);
    // a gather of the same shape is drawn by swapping the heatmap's cells (no plotly rebuild) and painting them on
    // a canvas over the plot area, plotly's image hidden; plotly's own copies of the cells (input trace, full
    // trace, calcdata) are the new ones, so its next redraw (a zoom) agrees
    const drawn = (await page.evaluate("window.__drawn")) as { key: number; reason: string; fast: boolean }[];
    assert.ok(drawn.some((d) => d.key === 2 && d.reason === "gather" && d.fast), JSON.stringify(drawn));
    const overlay = await page.evaluate(`[document.querySelectorAll(".sp-viewer canvas.sp-heatmap-canvas").length, document.querySelector(".sp-viewer canvas.sp-heatmap-canvas")?.dataset.uid, document.querySelector(".sp-viewer g.hm image")?.getAttribute("visibility")]`);
    assert.deepEqual(overlay, [1, "density", "hidden"], "the new gather is on the canvas over the plot");
    const picture = decodePng(await page.screenshot({ path: artifactPath("live-next.png") }));
    const stats = regionStats(picture, region);
    assert.ok(stats.distinctColours > 60 && stats.nonWhite > 0.3 && stats.reddish > 0.02 && stats.bluish > 0.02, `gather 2 shows as a section: ${JSON.stringify(stats)}`);
    assert.ok(meanAbsDifference(pictureBefore, picture, region) > 3, "the picture changed to the new gather");
    const inStep = await page.evaluate(`(() => { const gd = document.querySelector(".sp-viewer .js-plotly-plot"); const z = gd.data[0].z; return [gd.calcdata[0][0].z === z, gd._fullData[0].z === z, z.length > 0]; })()`);
    assert.deepEqual(inStep, [true, true, true]);
  });

  it("gain: the kernel records it", async () => {
    const page = session.page;
    await page.fill(".sp-viewer [data-control=gain]", "6");
    await page.locator(".sp-viewer [data-control=gain]").evaluate((el) => el.dispatchEvent(new Event("change")));
    await eventually<number>(session, 'v.get("gain")', (g) => g === 6, "gain 6");
    assert.equal(await session.value<string>("v.history.undoDescription()"), "Change gain 1 → 6");
  });

  it("zoom: dragging a box puts the visible window in the kernel's viewport", async () => {
    const page = session.page;
    const r = await plotRegion(page);
    await page.mouse.move(r.x + r.width * 0.25, r.y + r.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.45, r.y + r.height * 0.35, { steps: 5 });
    await page.mouse.move(r.x + r.width * 0.6, r.y + r.height * 0.55, { steps: 5 });
    await page.mouse.up();
    const v = await eventually<{ trace_min: number; trace_max: number; time_min: number; time_max: number } | null>(session, 'v.get("viewport")', (x) => x !== null, "a zoomed viewport");
    assert.ok(v !== null);
    assert.ok(v.trace_min > 5 && v.trace_max < 35 && v.trace_min < v.trace_max, `trace range inside the gather: ${JSON.stringify(v)}`);
    assert.ok(v.time_min > 50 && v.time_max < 600 && v.time_min < v.time_max, `time range inside the record: ${JSON.stringify(v)}`);
    assert.match(await session.value<string>("v.history.undoDescription()"), /^Zoom to /);
    await page.screenshot({ path: artifactPath("live-zoomed.png"), fullPage: true });
  });

  it("Ctrl+Z undoes zoom, gain and navigation in the kernel, Ctrl+Y redoes", async () => {
    const page = session.page;
    await page.focus(".sp-viewer");
    await page.keyboard.press("Control+z");
    await eventually(session, 'v.get("viewport")', (x) => x === null, "the whole gather again");
    await page.keyboard.press("Control+z");
    await eventually<number>(session, 'v.get("gain")', (g) => g === 1, "gain 1");
    await page.keyboard.press("Control+z");
    await eventually<number>(session, 'v.get("gather_key")', (k) => k === 1, "gather 1");
    await page.waitForFunction(`document.querySelector(".sp-viewer")?.getAttribute("data-drawn-key") === "1"`, undefined, { timeout: 30000 });
    assert.equal(await page.inputValue(".sp-viewer [data-control=gain]"), "1", "the page follows the kernel's undo");
    await page.keyboard.press("Control+y");
    await eventually<number>(session, 'v.get("gather_key")', (k) => k === 2, "gather 2 again");
    await page.waitForFunction(`document.querySelector(".sp-viewer")?.getAttribute("data-drawn-key") === "2"`, undefined, { timeout: 30000 });
    const entries = (await page.textContent(".sp-panel [data-field=entries]")) ?? "";
    assert.match(entries, /Go to gather 2 \(from 1\)/, "the history panel lists the commands");
  });

  it("dataset switch: the kernel's viewer shows the other dataset, and Ctrl+Z switches back", async () => {
    const page = session.page;
    await page.selectOption(".sp-panel [data-control=dataset-select]", ids.b);
    await eventually<string>(session, 'v.get("dataset_id")', (id) => id === ids.b, "dataset B");
    assert.equal(await session.value<string>("datasets.activeDatasetId"), ids.b);
    await page.waitForFunction(`document.querySelector(".sp-viewer .sp-title")?.textContent === "line B"`, undefined, { timeout: 30000 });
    await page.waitForFunction(`/40 traces/.test(document.querySelector(".sp-viewer [data-field=gather]")?.textContent ?? "")`, undefined, { timeout: 30000 });
    await page.screenshot({ path: artifactPath("live-dataset-b.png"), fullPage: true });
    await page.focus(".sp-viewer");
    await page.keyboard.press("Control+z");
    await eventually<string>(session, 'v.get("dataset_id")', (id) => id === ids.a, "dataset A again");
    await eventually<string>(session, "datasets.activeDatasetId", (id) => id === ids.a, "the registry following the viewer");
    assert.equal(await session.value<number>('v.get("gather_key")'), 2, "back at the gather it showed");
    assert.deepEqual(session.outside, [], "the page talked to the Jupyter server only");
    assert.deepEqual(session.errors, []);
  });

  it("zooming into a decimated gather brings the visible window at full detail", async () => {
    const page = session.page;
    const viewersBefore = await page.locator(".sp-viewer").count();
    await session.run(
      [
        'import { FileSystemStore, LazySeismicData } from "seisproc";',
        `const longData = await LazySeismicData.open(new FileSystemStore(${JSON.stringify(long)}), "long");`,
        "const lv = new GatherViewer(longData, { height: 400 });",
        "lv.display();",
        "await lv.ready();",
      ].join("\n"),
    );
    // the newest viewer on the page (later cells add empty outputs, so name it now)
    await page.waitForFunction(`document.querySelectorAll(".sp-viewer").length === ${viewersBefore + 1}`, undefined, { timeout: 60000 });
    await page.evaluate(`(() => { const all = document.querySelectorAll(".sp-viewer"); all[all.length - 1].id = "long-viewer"; })()`);
    const viewer = "#long-viewer";
    await page.waitForSelector(`${viewer}[data-sample-step]`, { timeout: 60000 });
    // the saved snapshot (up to 1000 samples) may be drawn first; wait for the gather the view asked for
    await page.waitForFunction(`/round trip/.test(document.querySelector(${JSON.stringify(viewer)} + " [data-field=timing]")?.textContent ?? "")`, undefined, { timeout: 60000 });
    const step = Number(await page.getAttribute(viewer, "data-sample-step"));
    assert.ok(step >= 4, `2400 samples on a ~350 px plot arrive decimated (every ${step})`);
    const r = await plotRegion(page, viewer);
    await page.mouse.move(r.x + r.width * 0.3, r.y + r.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.5, r.y + r.height * 0.4, { steps: 6 });
    await page.mouse.up();
    await page.waitForFunction(`document.querySelector(${JSON.stringify(viewer)})?.getAttribute("data-sample-step") === "1"`, undefined, { timeout: 30000 });
    const v = await session.value<{ time_min: number; time_max: number }>('lv.get("viewport")');
    assert.ok(v.time_max - v.time_min < 800, `zoomed to ${JSON.stringify(v)}`);
    assert.match((await page.textContent(`${viewer} [data-field=gather]`)) ?? "", /zoomed window \d+×\d+, full detail/);
    await page.screenshot({ path: artifactPath("live-zoom-detail.png"), fullPage: true });
    assert.deepEqual(session.errors, []);
  });
});
