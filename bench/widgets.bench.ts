/**
 * Widget benchmarks, browser part (Debian's Chromium through playwright-core, as the widget tests run it):
 *
 * - `widgets-first-draw`: a 480 × 2000 gather from saved widget state (the offline embed bundle) to drawn, ms;
 * - `widgets-gain-redraw`: a gain change to the recoloured heatmap on screen (image decoded), ms;
 * - `widgets-next-gather`: next gather, live: request → kernel (cache warm from prefetch) → binary reply → drawn,
 *   ms, against jupyter-server running the SeisProc kernel; the same with prefetch off for comparison.
 *
 * Targets (issue 7): first draw < 300 ms, gain redraw < 50 ms, next gather < 100 ms with prefetch.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeHtmlReport } from "../kernel-ext/report/html-report";
import { launchBrowser, type TestBrowser } from "../tests/widgets/helpers/browser";
import { openLiveSession } from "../tests/widgets/helpers/live-session";
import { IMAGES_ON_SCREEN } from "../tests/widgets/helpers/page";
import { makeStore } from "../tests/widgets/helpers/store";
import { notebookWithWidgets, syntheticGather, viewerWidgetState } from "../tests/widgets/helpers/synthetic-gather";
import { EMBED_BUNDLE, ensureBundle } from "../tests/widgets/helpers/widget-bundles";
import { median, round, type BenchResult, type Benchmark } from "./lib/result";

const TRACES = 480;
const SAMPLES = 2000;

function load(): string {
  return `load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`;
}

/** Waits for the next `seisproc-drawn` event of the first viewer whose reason matches, then for the picture. */
const NEXT_DRAW = (reason: string) => `new Promise((resolve) => {
  const el = document.querySelector(".sp-viewer");
  const on = (e) => { if (${JSON.stringify(reason)} === "*" || e.detail.reason === ${JSON.stringify(reason)}) { el.removeEventListener("seisproc-drawn", on); resolve(e.detail); } };
  el.addEventListener("seisproc-drawn", on);
})`;

/** Records every draw of the page (init script, runs before the page's own scripts). */
const RECORD_DRAWS = `window.__seisprocDraws = [];
document.addEventListener("seisproc-drawn", (e) => {
  const record = { ...e.detail, at: performance.now(), painted: null };
  window.__seisprocDraws.push(record);
  (async () => {
    await ${IMAGES_ON_SCREEN};
    record.painted = performance.now() - record.at + record.ms;
  })();
});`;

const PAINTED = IMAGES_ON_SCREEN;

async function embedPage(context: { dataDir: string }): Promise<string> {
  const dir = path.join(context.dataDir, "widgets");
  mkdirSync(dir, { recursive: true });
  const nb = path.join(dir, "gather-480x2000.ipynb");
  writeFileSync(nb, JSON.stringify(notebookWithWidgets([viewerWidgetState(syntheticGather(TRACES, SAMPLES), { height: 560 })])));
  const html = path.join(dir, "gather-480x2000.html");
  await writeHtmlReport(nb, html);
  return html;
}

const drawBench: Benchmark = {
  name: "widgets-draw",
  description: `first draw of a ${TRACES} × ${SAMPLES} gather from saved state, and redraw after a gain change (Chromium, offline embed bundle)`,
  async run(context) {
    ensureBundle("embed", EMBED_BUNDLE);
    const html = await embedPage(context);
    const browser: TestBrowser = await launchBrowser({ width: 1100, height: 900 });
    const firsts: number[] = [];
    const toPainted: number[] = [];
    const sinceNavigation: number[] = [];
    const gains: number[] = [];
    const gainJs: number[] = [];
    const full: number[] = [];
    try {
      for (let round = 0; round < 5; round++) {
        const page = await browser.newPage();
        await page.addInitScript(RECORD_DRAWS);
        await page.goto(`file://${html}`);
        await page.waitForSelector(".sp-viewer[data-draws]", { timeout: 120000 });
        await page.waitForFunction("window.__seisprocDraws.length > 0 && window.__seisprocDraws[0].painted !== null", undefined, { timeout: 60000 });
        const draws = (await page.evaluate("window.__seisprocDraws")) as { reason: string; ms: number; at: number; painted: number }[];
        firsts.push(draws[0].ms);
        toPainted.push(draws[0].painted);
        sinceNavigation.push(draws[0].at);
        await page.evaluate(PAINTED);
        for (const g of [2, 4, 1.5, 8, 1]) {
          const ms = (await page.evaluate(`(async () => {
            const input = document.querySelector(".sp-viewer [data-control=gain]");
            const drawn = ${NEXT_DRAW("recolor")};
            const t0 = performance.now();
            input.value = "${g}";
            input.dispatchEvent(new Event("change"));
            const detail = await drawn;
            await ${PAINTED};
            return [performance.now() - t0, detail.ms, detail.fast];
          })()`)) as [number, number, boolean];
          gains.push(ms[0]);
          gainJs.push(ms[1]);
        }
        const fullMs = (await page.evaluate(`(async () => {
          const select = document.querySelector(".sp-viewer [data-control=interpolation]");
          const drawn = ${NEXT_DRAW("display")};
          const t0 = performance.now();
          select.value = "fast";
          select.dispatchEvent(new Event("change"));
          await drawn;
          await ${PAINTED};
          return performance.now() - t0;
        })()`)) as number;
        full.push(fullMs);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const results: BenchResult[] = [
      {
        bench: "widgets-first-draw",
        value: round(median(toPainted)),
        unit: "ms",
        note: `${TRACES} × ${SAMPLES} gather (saved snapshot, float32) → screen-resolution heatmap → Plotly.react (axes, the heatmap's image placed) → cells painted on the canvas over the plot → on screen (heatmap images decoded, two frames), median of ${toPainted.length} page loads (all: ${toPainted.map((v) => round(v)).join(", ")}); to Plotly.react done only: median ${round(median(firsts))} ms; from navigation start (page parse, base64 decode of the saved state, widget manager) to drawn: median ${round(median(sinceNavigation))} ms; target < 300 ms; ${load()}`,
      },
      {
        bench: "widgets-gain-redraw",
        value: round(median(gains)),
        unit: "ms",
        note: `gain change → heatmap recoloured in place (lookup table, one pixel per cell) → image decoded and painted, median of ${gains.length}; the JavaScript part alone median ${round(median(gainJs))} ms; a redraw of the same gather through Plotly.react (interpolation change) median ${round(median(full))} ms; target < 50 ms; ${load()}`,
      },
    ];
    return results;
  },
};

const liveBench: Benchmark = {
  name: "widgets-next-gather",
  description: `next gather round trip, live (jupyter-server + SeisProc kernel): request → kernel → binary reply → drawn, ${TRACES} × ${SAMPLES} gathers, with prefetch (and without)`,
  async run(context) {
    const dir = path.join(context.dataDir, "widgets-live");
    mkdirSync(dir, { recursive: true });
    const store = path.join(dir, "shots-480x2000.seis");
    if (!existsSync(path.join(store, "seisproc", "COMPLETE"))) await makeStore(dir, "shots-480x2000", { shots: 8, channels: TRACES, samples: SAMPLES });
    const browser = await launchBrowser({ width: 1100, height: 900 });
    const session = await openLiveSession(browser, dir);
    const results: BenchResult[] = [];
    try {
      let runs = 0;
      const roundTrips: number[] = [];
      const replies: number[] = [];
      const kernels: number[] = [];
      const measure = async (prefetch: boolean): Promise<number[]> => {
        const v = `bench${++runs}`;
        await session.page.evaluate(`document.getElementById("outputs").replaceChildren()`);
        await session.run(
          [
            'import { FileSystemStore, LazySeismicData } from "seisproc";',
            'import { GatherViewer } from "seisproc/widgets";',
            `const ${v} = new GatherViewer(await LazySeismicData.open(new FileSystemStore(${JSON.stringify(store)}), "bench"), { height: 560, navigation: { prefetch: ${prefetch}, prefetchDepth: 2, budget: 512e6 } });`,
            `${v}.display();`,
            `await ${v}.ready();`,
          ].join("\n"),
        );
        const page = session.page;
        await page.waitForSelector(".sp-viewer[data-draws]", { timeout: 120000 });
        await page.waitForFunction(`document.querySelector(".sp-viewer")?.getAttribute("data-drawn-key") === "1"`, undefined, { timeout: 120000 });
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          // let prefetch settle (the status bar reports it), as a user looking at a gather would
          if (prefetch) await page.waitForFunction(`/prefetch idle/.test(document.querySelector(".sp-viewer [data-field=prefetch]")?.textContent ?? "")`, undefined, { timeout: 60000 }).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 1000)); // a user looks at a gather for a moment: prefetch and the snapshot settle
          const [wall, roundTrip, reply, kernel] = (await page.evaluate(`(async () => {
            const drawn = ${NEXT_DRAW("gather")};
            const t0 = performance.now();
            document.querySelector(".sp-viewer [data-action=next]").click();
            const detail = await drawn;
            await ${PAINTED};
            return [performance.now() - t0, detail.roundTripMs, detail.replyMs, detail.kernelMs];
          })()`)) as [number, number, number, number];
          times.push(wall);
          roundTrips.push(roundTrip);
          if (prefetch) {
            replies.push(reply);
            kernels.push(kernel);
          }
        }
        await session.run(`${v}.close();`);
        return times;
      };
      const warm = await measure(true);
      const cold = await measure(false);
      results.push({
        bench: "widgets-next-gather",
        value: round(median(warm)),
        unit: "ms",
        note: `click next → gather-request → kernel (gather from the prefetch cache, cut to screen resolution) → Float32Array reply over the websocket → heatmap drawn and painted; median of ${warm.length} (all: ${warm.map((v) => round(v)).join(", ")}); request sent → drawn (cells swapped into the heatmap, or Plotly.react), all runs: median ${round(median(roundTrips))} ms; with prefetch, request → reply in the browser ${round(median(replies))} ms, the kernel's own work ${round(median(kernels))} ms; without prefetch (read from the store each time) median ${round(median(cold))} ms (all: ${cold.map((v) => round(v)).join(", ")}); target < 100 ms with prefetch; ${load()}`,
      });
    } finally {
      await session.close();
      await browser.close();
    }
    return results;
  },
};

/** The widget benchmarks. */
export const benchmarks: Benchmark[] = [drawBench, liveBench];
