import { strict as assert } from "node:assert";
import { amplitudeStatistics, comparisonRows, compareDatasets, DatasetNavigator, FileSystemStore, LazySeismicData } from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore } from "../navigation/fixtures";

/** Statistics computed the plain way, over every sample, for checking. */
async function bruteForce(data: LazySeismicData) {
  const all = (await data.readTraces(0, data.traceCount)) as Float32Array;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (const v of all) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    squares += v * v;
  }
  const mean = sum / all.length;
  let m2 = 0;
  for (const v of all) m2 += (v - mean) ** 2;
  return { samples: all.length, min, max, mean, rms: Math.sqrt(squares / all.length), std: Math.sqrt(m2 / all.length) };
}

describe("dataset comparison", function () {
  this.timeout(60000);
  const dir = tempDir("seisproc-compare-");
  let a: LazySeismicData;
  let b: LazySeismicData;
  let locations: string[];

  before(async () => {
    locations = [
      await makeStore(dir, "a", { shots: 5, channels: 16, samples: 100, seed: 1, sampleIntervalUs: 2000, chunkTraces: 8 }),
      await makeStore(dir, "b", { shots: 7, channels: 16, samples: 100, seed: 2, sampleIntervalUs: 4000, chunkTraces: 8 }),
    ];
    a = await LazySeismicData.open(new FileSystemStore(locations[0]), "a");
    b = await LazySeismicData.open(new FileSystemStore(locations[1]), "b");
  });

  it("computes amplitude statistics over every trace that match a plain computation", async () => {
    const stats = await amplitudeStatistics(a, { maxTraces: Infinity });
    const plain = await bruteForce(a);
    assert.equal(stats.sampled, false);
    assert.equal(stats.traces, 80);
    assert.equal(stats.samples, plain.samples);
    assert.equal(stats.nonFinite, 0);
    assert.equal(stats.min, plain.min);
    assert.equal(stats.max, plain.max);
    for (const key of ["mean", "rms", "std"] as const) assert.ok(Math.abs(stats[key] - plain[key]) <= 1e-9 * Math.abs(plain[key]) + 1e-12, `${key}: ${stats[key]} vs ${plain[key]}`);
  });

  it("samples whole chunks spread through the dataset when asked for fewer traces", async () => {
    const stats = await amplitudeStatistics(a, { maxTraces: 24 });
    assert.equal(stats.sampled, true);
    assert.equal(stats.traces, 24, "three chunks of 8 traces");
    assert.ok(stats.rms > 0);
  });

  it("puts geometry, sample interval, header ranges and amplitudes side by side, listing what differs", async () => {
    const c = await compareDatasets(a, b, { maxTraces: Infinity });
    assert.deepEqual(c.names, { a: "a", b: "b" });
    assert.deepEqual(c.sampleInterval, { a: 2000, b: 4000, same: false });
    assert.equal(c.geometry.a.gatherCount, 5);
    assert.equal(c.geometry.b.gatherCount, 7);
    assert.equal(c.geometry.same, false);
    assert.ok(c.geometry.differences.some((d) => d.startsWith("gatherCount: 5 vs 7")));
    assert.ok(c.geometry.differences.some((d) => d.startsWith("recordLengthMs: 200 vs 400")));
    assert.ok(c.geometry.a.sourceExtent !== null && c.geometry.a.receiverExtent !== null);
    const record = c.headerRanges.find((r) => r.column === "FieldRecord");
    assert.deepEqual(record, { column: "FieldRecord", a: { min: 1, max: 5 }, b: { min: 1, max: 7 }, same: false });
    const channels = c.headerRanges.find((r) => r.column === "TraceNumber");
    assert.equal(channels?.same, true);
    assert.deepEqual(c.amplitudes.a, await amplitudeStatistics(a, { maxTraces: Infinity }));
    assert.equal(c.amplitudes.rmsRatio, c.amplitudes.a.rms / c.amplitudes.b.rms);
    assert.ok(c.differences.includes("sample interval: 2000 µs vs 4000 µs"));
    const rows = comparisonRows(c);
    assert.deepEqual(rows.find((r) => r[0] === "gatherCount"), ["gatherCount", "5", "7", false]);
  });

  it("finds no difference between a dataset and itself, also through the DatasetNavigator", async () => {
    const navigator = new DatasetNavigator({ warmUp: false });
    const id = await navigator.addDataset(locations[0]);
    const again = await LazySeismicData.open(new FileSystemStore(locations[0]), "again");
    const c = await compareDatasets(a, again);
    assert.deepEqual(c.differences, []);
    assert.equal(c.geometry.same, true);
    const other = await navigator.addDataset(locations[1]);
    const viaNavigator = await navigator.compareDatasets(id, other, { maxTraces: 16 });
    assert.deepEqual(viaNavigator.names, { a: "a", b: "b" });
    await assert.rejects(navigator.compareDatasets(id, "nope"), /no such dataset/);
    navigator.dispose();
  });
});
