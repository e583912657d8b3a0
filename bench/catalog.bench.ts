/**
 * Catalog benchmarks: ranked FTS5 search and typed, filtered queries over a catalog of 10,000 synthetic datasets
 * (textual headers of 40 cards, header summaries, notes, processing steps, CRS and survey areas). Target: under
 * 10 ms per query.
 */
import { existsSync, rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import * as path from "node:path";
import { Catalog, CATALOG_SCHEMA_VERSION, CoordinateSystem, geographicBox, type CatalogDatasetInput, type DatasetQuery } from "../src";
import { median, round, type BenchResult, type Benchmark } from "./lib/result";

const DATASETS = 10_000;
const RUNS = 300;

const CLIENTS = ["NORDIC ENERGY", "ATLANTIC PETROLEUM", "BOREAL EXPLORATION", "SILVER BASIN OIL", "GRANITE RESOURCES", "NORTHERN LIGHTS E&P"];
const AREAS = ["UTSIRA HIGH", "VIKING GRABEN", "CENTRAL GRABEN", "FRIGG FIELD", "HORDA PLATFORM", "MORAY FIRTH", "DUTCH SECTOR", "SOUTHERN NORTH SEA"];
const FEATURES = ["SALT DOME", "GAS CHIMNEY", "CHANNEL COMPLEX", "FAULT BLOCK", "CARBONATE BUILDUP", "BRIGHT SPOT", "FLAT SPOT", "TURBIDITE FAN"];
const STEPS = [
  "REFORMAT", "GEOMETRY", "TRACE EDIT", "SPHERICAL DIVERGENCE", "SWELL NOISE ATTENUATION", "LINEAR NOISE", "DESIGNATURE", "ZERO PHASE",
  "DEBUBBLE", "SRME", "DEMULTIPLE", "TAU-P DECON", "SPIKING DECON", "PREDICTIVE DECON", "RADON", "VELOCITY ANALYSIS", "NMO", "DMO",
  "INNER MUTE", "OUTER MUTE", "STACK", "KIRCHHOFF PSTM", "KIRCHHOFF PSDM", "RTM", "FX DECON", "TIME VARIANT FILTER", "AGC",
  "TRACE BALANCE", "Q COMPENSATION", "RESIDUAL STATICS", "REFRACTION STATICS", "DEGHOSTING", "4D BINNING", "REGULARISATION",
]
const PROCESSORS = ["gain", "agc", "bandpass", "mute", "balance", "fk"];
const FIELDS = ["FieldRecord", "TraceNumber", "CDP", "offset", "SourceX", "SourceY", "GroupX", "GroupY", "CDP_X", "CDP_Y", "INLINE_3D", "CROSSLINE_3D", "ReceiverGroupElevation", "SourceDepth", "GroupWaterDepth", "SourceWaterDepth", "ShotPoint", "TRACE_SAMPLE_COUNT", "TRACE_SAMPLE_INTERVAL", "DelayRecordingTime"];
const CODES = [32631, 32632, 23031, 25831];

/** A small seeded PRNG (mulberry32): the same catalog on every build. */
function mulberry32(seed: number): { next(): number } {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Builds (or reuses) the 10,000-dataset catalog. */
async function catalogOf10k(dataDir: string, log: (m: string) => void): Promise<{ file: string; buildMs: number | null }> {
  const file = path.join(dataDir, "catalog-10k.sqlite");
  if (existsSync(file)) {
    const existing = Catalog.open(file);
    const ok = existing.schemaVersion === CATALOG_SCHEMA_VERSION && existing.countDatasets() === DATASETS;
    existing.close();
    if (ok) return { file, buildMs: null };
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  log(`building ${file} with ${DATASETS} datasets`);
  const rng = mulberry32(20240501);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)];
  const crss = new Map<number, CoordinateSystem>();
  for (const code of CODES) crss.set(code, await CoordinateSystem.fromEpsg(code));
  const t0 = performance.now();
  const catalog = Catalog.open(file);
  catalog.transaction(() => {
    for (let i = 0; i < DATASETS; i++) {
      const code = pick(CODES);
      const x = 400_000 + rng.next() * 300_000;
      const y = 6_000_000 + rng.next() * 800_000;
      const area = { minX: x, minY: y, maxX: x + 2_000 + rng.next() * 20_000, maxY: y + 2_000 + rng.next() * 20_000 };
      const feature = pick(FEATURES);
      const flow = [...STEPS].sort(() => rng.next() - 0.5).slice(0, 8 + Math.floor(rng.next() * 12));
      const body = [
        `CLIENT ${pick(CLIENTS)}   AREA ${pick(AREAS)}   LINE ${1000 + i}`,
        `TARGET: ${feature} AT ${1500 + Math.floor(rng.next() * 3000)} MS TWT`,
        `RECORDED ${1985 + Math.floor(rng.next() * 38)} BY ${pick(CLIENTS)} VESSEL ${String.fromCharCode(65 + Math.floor(rng.next() * 26))}${Math.floor(rng.next() * 90)}`,
        `STREAMER ${3000 + Math.floor(rng.next() * 5000)} M  GROUP INT 12.5 M  SHOT INT 25 M  RECORD LENGTH ${6 + Math.floor(rng.next() * 4)} S`,
        `SOURCE ${pick(["AIRGUN", "VIBROSEIS", "DYNAMITE"])} ${1000 + Math.floor(rng.next() * 5000)} CU IN  DEPTH ${5 + Math.floor(rng.next() * 5)} M`,
        "PROCESSING SEQUENCE:",
        ...flow.map((step, k) => `  ${k + 1}. ${step}${rng.next() < 0.3 ? ` ${Math.floor(rng.next() * 100)} HZ` : ""}`),
        `DATUM ${pick(["MSL", "SEABED", "FLOATING"])}  COORDINATES EPSG ${code}`,
      ];
      const lines = Array.from({ length: 40 }, (_, k) => `C${String(k + 1).padStart(2, " ")} ${k < 38 ? (body[k] ?? "") : k === 38 ? "SEG Y REV1" : "END TEXTUAL HEADER"}`);
      const steps = Array.from({ length: Math.floor(rng.next() * 4) }, (_, k) => ({
        id: `bench-${i}-${k}`,
        inputDatasetId: null,
        projectId: null,
        processor: pick(PROCESSORS),
        processorVersion: "1.0.0",
        parameters: { k },
        appliedAt: null,
      }));
      const input: CatalogDatasetInput = {
        id: `bench-${i}`,
        name: `${pick(AREAS).toLowerCase().replace(/ /g, "-")}-${i}`,
        location: `/data/surveys/${i}.seis`,
        sourcePath: `/data/raw/${i}.sgy`,
        sourceSha256: "",
        sourceFormat: 1,
        segyRevision: 1,
        traceCount: 1000 + Math.floor(rng.next() * 1e6),
        samplesPerTrace: 1000 + Math.floor(rng.next() * 3000),
        sampleIntervalUs: pick([1000, 2000, 4000]),
        gatherKey: "FieldRecord",
        gatherCount: 100,
        crs: { epsg: code, name: crss.get(code)?.description ?? "", proj4: crss.get(code)?.projString ?? "" },
        createdAt: new Date(Date.UTC(2015, 0, 1) + rng.next() * 9 * 365 * 86400e3).toISOString(),
        area,
        geographicArea: geographicBox(area, crss.get(code) as CoordinateSystem),
        notes: rng.next() < 0.3 ? `QC note: ${feature.toLowerCase()} poorly imaged; ${pick(STEPS).toLowerCase()} recommended` : "",
        textHeaders: [lines.map((l) => l.padEnd(80, " ")).join("")],
        headerSummary: Object.fromEntries(FIELDS.filter(() => rng.next() < 0.8).map((f) => [f, { min: 0, max: 1 + Math.floor(rng.next() * 1e5) }])),
        processing: steps,
      };
      catalog.upsertDataset(input);
    }
  });
  catalog.close();
  return { file, buildMs: performance.now() - t0 };
}

/** Median and 95th percentile of `runs` wall-clock timings of `fn(i)`, the mean CPU time, and results per call. */
function timings(runs: number, fn: (i: number) => unknown): { runs: number; median: number; p95: number; cpu: number; results: number } {
  const times: number[] = [];
  let results = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = fn(i);
    times.push(performance.now() - t0);
    if (Array.isArray(out)) results += out.length;
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  return { runs, median: median(times), p95: times[Math.floor(times.length * 0.95)], cpu: (cpu.user + cpu.system) / 1000 / runs, results: results / runs };
}

const catalogSearch: Benchmark = {
  name: "catalog-search",
  description: `catalog over ${DATASETS} datasets: FTS5 search (BM25 + snippets), a filtered typed query, and a filtered search`,
  async run(context) {
    const { file, buildMs } = await catalogOf10k(context.dataDir, context.log);
    const catalog = Catalog.open(file, { readonly: true });
    const wgs84 = CoordinateSystem.fromProj("+proj=longlat +datum=WGS84 +no_defs", "WGS 84");
    try {
      // What people look for: a client, an area, a target, a processing step, a header field (each in a few percent to a third of the datasets).
      const words = ["salt dome", "gas chimney", "utsira", "kirchhoff psdm", "bright spot", "viking graben", "turbidite", "nordic energy", "srme deghosting", "vibroseis", "groupwaterdepth salt", "moray*"];
      // Terms found in most datasets: ranking then reads every match.
      const broad = ["processing sequence", "streamer", "groupwaterdepth", "stack"];
      for (let i = 0; i < 20; i++) catalog.search(words[i % words.length]); // warm the page cache
      const fts = timings(RUNS, (i) => catalog.search(words[i % words.length], { limit: 20 }));
      const ftsBroad = timings(RUNS / 3, (i) => catalog.search(broad[i % broad.length], { limit: 20 }));
      const queries: DatasetQuery[] = [
        { area: { minX: 3, minY: 54, maxX: 5, maxY: 56, crs: wgs84 }, sampleIntervalUs: 4000, processing: "agc", limit: 100 },
        { area: { minX: 450_000, minY: 6_100_000, maxX: 550_000, maxY: 6_300_000 }, crs: 32631, createdAfter: "2019-01-01", limit: 100 },
        { sampleIntervalUs: { max: 2000 }, crs: "EPSG:23031", processing: ["bandpass", "mute"], orderBy: "createdAt", limit: 100 },
        { hasHeaderField: "GroupWaterDepth", crs: 25831, createdBefore: "2018-06-01", limit: 100 },
      ];
      const filtered = timings(RUNS, (i) => catalog.datasets(queries[i % queries.length]));
      const where: DatasetQuery[] = [{ crs: 32631, sampleIntervalUs: 4000 }, { area: { minX: 2, minY: 53, maxX: 6, maxY: 58, crs: wgs84 }, processing: "agc" }];
      const filteredFts = timings(RUNS, (i) => catalog.search(words[i % words.length], { limit: 20, where: where[i % where.length] }));
      const note = (t: ReturnType<typeof timings>): string =>
        `median of ${t.runs}, p95 ${round(t.p95, 2)} ms, mean CPU ${round(t.cpu, 2)} ms, ${round(t.results, 1)} results per query; ${DATASETS} datasets; target < 10 ms; load average ${round(loadavg()[0], 1)} on ${cpus().length} CPUs`;
      const results: BenchResult[] = [
        { bench: "catalog-search-fts", value: round(fts.median, 2), unit: "ms", note: `search(words, limit 20): BM25 ranking + 4 snippets per hit; ${note(fts)}` },
        { bench: "catalog-search-fts-broad", value: round(ftsBroad.median, 2), unit: "ms", note: `search of terms in most datasets (${broad.join(", ")}): BM25 must score every match; ${note(ftsBroad)}` },
        { bench: "catalog-query-filtered", value: round(filtered.median, 2), unit: "ms", note: `datasets(query): area (lon/lat or native) + interval + CRS + date + processing applied, limit 100; ${note(filtered)}` },
        { bench: "catalog-search-filtered", value: round(filteredFts.median, 2), unit: "ms", note: `search(words, { where: CRS + interval or area + processing }); ${note(filteredFts)}` },
      ];
      if (buildMs !== null) results.push({ bench: "catalog-build-10k", value: round(buildMs), unit: "ms", note: `${DATASETS} upserts in one transaction (text headers, summaries, steps, FTS rows)` });
      return results;
    } finally {
      catalog.close();
    }
  },
};

/** The catalog benchmarks. */
export const benchmarks: Benchmark[] = [catalogSearch];
