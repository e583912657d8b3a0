/**
 * Navigation benchmarks: five ≥ 1 GB datasets open at once under a 512 MB gather-cache budget (peak RSS),
 * switching the active dataset, next-gather latency through a 100-gather sweep with prefetch on and off, and
 * the cache hit rate.
 *
 * Data: the store benchmarks' 1.05 GB survey imported once (bench/lib/store-data.ts), and five datasets made
 * from that store by hard-linking its files (`cp -al`): five registered datasets of 1.01 GB of samples each,
 * 4.5 GB of stores, for the disk space of one. Each copy gets its own metadata file (not a link), so that
 * rewriting one never touches the others.
 */
import { execFileSync } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import { DatasetNavigator, FileSystemStore, GatherNavigator, LazySeismicData, type CacheStats } from "../src";
import { withPeakRss } from "./lib/peak-rss";
import { loadNote, sharedStore } from "./lib/store-data";
import { median, round, type BenchContext, type BenchResult, type Benchmark } from "./lib/result";

const MB = 1e6;
const BUDGET = 512 * MB;
const DATASETS = 5;
/** Time a viewer shows each gather before the user steps on, in the sweeps. */
const DWELL_MS = 100;
const SWEEP = 100;

/** Five datasets made from the shared 1 GB store by hard links, made once and remade when the store changes. */
async function fiveDatasets(context: BenchContext): Promise<string[]> {
  const shared = await sharedStore(context);
  const metadata = readFileSync(path.join(shared, "seisproc", "metadata.json"), "utf8");
  const dir = path.join(context.dataDir, "navigation");
  await fs.mkdir(dir, { recursive: true });
  const copies: string[] = [];
  for (let i = 0; i < DATASETS; i++) {
    const copy = path.join(dir, `dataset-${i}.seis`);
    const marker = path.join(copy, "seisproc", "metadata.json");
    if (!existsSync(marker) || readFileSync(marker, "utf8") !== metadata) {
      context.log(`linking ${copy} to ${shared}`);
      await fs.rm(copy, { recursive: true, force: true });
      execFileSync("cp", ["-al", shared, copy]);
      // Its own metadata file, so that the copies share sample chunks but nothing that is ever rewritten.
      await fs.rm(marker);
      await fs.writeFile(marker, metadata);
    }
    copies.push(copy);
  }
  return copies;
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fiveOpen: Benchmark = {
  name: "navigation-datasets",
  description: "5 datasets of 1.01 GB each open at once, 512 MB cache budget: peak RSS while sweeping each; switching the active dataset",
  async run(context) {
    const locations = await fiveDatasets(context);
    const load = loadNote();
    // Control: what the store's read path alone keeps of each gather read, with no cache at all.
    const control = await LazySeismicData.open(new FileSystemStore(locations[0]), locations[0]);
    const controlGathers = 60;
    const rss0 = process.memoryUsage().rss;
    for (let g = 0; g < controlGathers; g++) await control.getGatherAt(600 + g);
    const retainedPerGather = (process.memoryUsage().rss - rss0) / controlGathers;
    const baseline = process.memoryUsage().rss;
    const sweepEach = 380; // 380 gathers × 1.44 MB = 547 MB: every sweep fills the budget and evicts
    const navigator = new DatasetNavigator({ datasetCacheLimit: DATASETS, navigation: { budget: BUDGET, prefetchDepth: 2, prefetchConcurrency: 2 } });
    let maxHeld = 0;
    const ids: string[] = [];
    const { peakRss, samples } = await withPeakRss(async () => {
      for (const location of locations) ids.push(await navigator.addDataset(location));
      for (const id of ids) {
        context.log(`sweeping ${sweepEach} gathers of ${navigator.getDatasetMetadata(id)?.name} (${id.slice(0, 8)})`);
        await navigator.setActiveDataset(id);
        await navigator.ready();
        const gathers = navigator.gatherNavigator() as GatherNavigator;
        for (let i = 0; i < sweepEach; i++) {
          await gathers.next();
          maxHeld = Math.max(maxHeld, gathers.stats().bytes);
        }
        await gathers.idle();
      }
    });
    const sizes = navigator.listDatasets().map((d) => d.sampleBytes);
    const others = ids.slice(0, -1).map((id) => navigator.gatherNavigator(id)?.stats().bytes ?? 0);

    // Switching between datasets held in memory.
    const switches: number[] = [];
    for (let i = 0; i < 60; i++) {
      const id = ids[i % ids.length];
      const t0 = performance.now();
      await navigator.setActiveDataset(id);
      switches.push(performance.now() - t0);
      await sleep(5);
    }
    await navigator.ready();
    navigator.dispose();

    // Switching to a dataset released from memory (datasetCacheLimit 1): it is opened again (metadata, index).
    const small = new DatasetNavigator({ datasetCacheLimit: 1, warmUp: false, navigation: { budget: BUDGET } });
    const smallIds: string[] = [];
    for (const location of locations) smallIds.push(await small.addDataset(location));
    const reopens: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await small.setActiveDataset(smallIds[(i + 1) % smallIds.length]);
      reopens.push(performance.now() - t0);
    }
    small.dispose();

    const peakMB = peakRss / MB;
    const baseMB = baseline / MB;
    return [
      {
        bench: "navigation-5x1GB-peak-rss",
        value: round(peakMB),
        unit: "MB",
        note: `whole process, rss sampled every 50 ms (${samples} samples); ${DATASETS} datasets open at once (datasetCacheLimit ${DATASETS}), each ${round(Math.min(...sizes) / 1e9, 2)} GB of float32 samples (hard-linked copies of one 1.05 GB SEG-Y import, own metadata files); ${sweepEach} gathers swept in each in turn with prefetch depth 2, cache budget ${BUDGET / MB} MB; baseline rss before opening ${round(baseMB)} MB, so peak − baseline − budget = ${round(peakMB - baseMB - BUDGET / MB)} MB above baseline and budget (the decode path's retained memory, see the control, then V8 heap, header columns, freed gathers not yet collected); cache bytes held at most ${round(maxHeld / MB)} MB; control: reading ${controlGathers} gathers straight from the store with no cache grew rss by ${round(retainedPerGather / MB, 2)} MB per gather read (the store's decode path keeps memory: lz4-napi 2.10's async uncompress does not release its output buffers, also not after gc(); with the decoder switched to uncompressSync, tried once by preloading a patch, this benchmark peaked at 732 MB = baseline 123 + budget 512 + 97 MB); the datasets left kept ${others.map((b) => round(b / MB, 1)).join(", ")} MB each (their gather on screen); ${load}`,
      },
      {
        bench: "navigation-switch-active-dataset",
        value: round(median(switches), 3),
        unit: "ms",
        note: `median of 60 setActiveDataset() calls cycling over 5 datasets held in memory, until active-dataset-changed (p95 ${round(percentile(switches, 95), 3)} ms, max ${round(Math.max(...switches), 3)} ms); nothing is reloaded: the previous dataset's navigator is suspended (prefetch cancelled, cache trimmed to the gather on screen), this one's resumes with its gather on screen; its prefetch window refills in the background; target < 10 ms; ${load}`,
      },
      {
        bench: "navigation-switch-active-dataset-reopen",
        value: round(median(reopens), 2),
        unit: "ms",
        note: `median of 30 switches to a dataset released from memory (datasetCacheLimit 1): the store is opened again (COMPLETE marker, metadata.json, gathers.json of 701 gathers) before the switch is announced (p95 ${round(percentile(reopens, 95), 2)} ms); ${load}`,
      },
    ];
  },
};

interface SweepResult {
  latencies: number[];
  /** Statistics at the end. */
  stats: CacheStats;
  /** Requests of the sweep itself (not the positioning before it) answered from the cache, joining a prefetch, or from the store. */
  sweep: { hits: number; joined: number; misses: number; hitRate: number };
}

/** Steps `SWEEP` times through a fresh navigator's gathers from position `start`, dwelling between steps. */
async function sweep(data: LazySeismicData, start: number, prefetch: boolean, dwellMs: number): Promise<SweepResult> {
  const nav = new GatherNavigator(data, { budget: BUDGET, prefetch, prefetchDepth: 2, prefetchConcurrency: 2 });
  await nav.goToIndex(start);
  await nav.idle();
  const before = nav.stats();
  const latencies: number[] = [];
  for (let i = 0; i < SWEEP; i++) {
    if (dwellMs > 0) await sleep(dwellMs);
    const t0 = performance.now();
    await nav.next();
    latencies.push(performance.now() - t0);
  }
  const stats = nav.stats();
  nav.dispose();
  const hits = stats.hits - before.hits;
  return { latencies, stats, sweep: { hits, joined: stats.joined - before.joined, misses: stats.misses - before.misses, hitRate: hits / SWEEP } };
}

const sweeps: Benchmark = {
  name: "navigation-sweep",
  description: `next-gather latency through ${SWEEP} gathers of a 1 GB dataset (240 traces × 1500 samples each) with prefetch on and off; cache hit rate`,
  async run(context) {
    const [location] = await fiveDatasets(context);
    const data = await LazySeismicData.open(new FileSystemStore(location), location);
    const start = 300;
    context.log("reading the swept gathers once, so that both runs find them in the OS page cache");
    for (let g = start; g <= start + SWEEP + 3; g++) await data.getGatherAt(g);
    const load = loadNote();
    const off = await sweep(data, start, false, DWELL_MS);
    const on = await sweep(data, start, true, DWELL_MS);
    const burst = await sweep(data, start, true, 0);
    const line = (r: SweepResult) =>
      `median ${round(median(r.latencies), 3)} ms, p95 ${round(percentile(r.latencies, 95), 2)} ms, max ${round(Math.max(...r.latencies), 2)} ms; of the ${SWEEP} steps ${r.sweep.hits} cache hits, ${r.sweep.joined} joined a prefetch in flight, ${r.sweep.misses} read the store`;
    const common = `a step every ${DWELL_MS} ms (a viewer showing each gather that long), gathers ${start + 1}..${start + SWEEP} of 701, 1.44 MB each, read from the OS page cache; budget ${BUDGET / MB} MB`;
    const results: BenchResult[] = [
      {
        bench: "navigation-next-gather-prefetch-off",
        value: round(median(off.latencies), 3),
        unit: "ms",
        note: `median of ${SWEEP} next() calls without prefetch, ${common}: ${line(off)}; ${load}`,
      },
      {
        bench: "navigation-next-gather-prefetch-on",
        value: round(median(on.latencies), 3),
        unit: "ms",
        note: `median of ${SWEEP} next() calls with prefetch depth 2 (2 reads in parallel), ${common}: ${line(on)}; ${load}`,
      },
      {
        bench: "navigation-cache-hit-rate",
        value: round(on.sweep.hitRate * 100, 1),
        unit: "%",
        note: `next() calls answered from the cache during the ${SWEEP}-step prefetch-on sweep, one step every ${DWELL_MS} ms (${on.sweep.hits} hits, ${on.sweep.joined} joined a prefetch still in flight, counted as not hits, ${on.sweep.misses} misses); without prefetch ${round(off.sweep.hitRate * 100, 1)} %; back to back without dwell ${round(burst.sweep.hitRate * 100, 1)} %; prefetch completed ${on.stats.prefetch.completed}, cancelled ${on.stats.prefetch.cancelled}, evicted unused ${on.stats.wastedPrefetches}`,
      },
      {
        bench: "navigation-next-gather-prefetch-on-no-dwell",
        value: round(median(burst.latencies), 3),
        unit: "ms",
        note: `median of ${SWEEP} next() calls back to back (no time between steps: prefetch can only overlap reads), prefetch depth 2: ${line(burst)}; ${load}`,
      },
    ];
    return results;
  },
};

/** The navigation benchmarks. */
export const benchmarks: Benchmark[] = [fiveOpen, sweeps];
