import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { exportDataset, FileSystemStore, importSegy, LazySeismicData, MemoryStore, SegyReader, toFloat32, writeSurvey } from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";

function readable(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...readable(full));
    else if (name.endsWith(".expected.json") && JSON.parse(readFileSync(full, "utf8")).expected_outcome === "readable") out.push(full.slice(0, -14));
  }
  return out.sort();
}

// Non-normalised IBM values are exported normalised (same value, other bytes); rotated-small-rev2 has a
// variable-length flag and is imported but checked by value.
const NOT_BYTE_EXACT = new Set(["00001034.sgy_first_trace"]);

describe("import into a trace store and export back", () => {
  const dir = tempDir("seisproc-store-");

  for (const file of readable(conformanceDir())) {
    const name = path.basename(file);
    const su = /\.su/.test(name);
    it(`${name}: imports, and exports back to ${NOT_BYTE_EXACT.has(name) ? "the same values" : "the same bytes"}`, async () => {
      const store = new MemoryStore();
      const report = await importSegy(file, store, { read: { container: su ? "su" : "segy" } });
      const reader = await SegyReader.open(file, { container: su ? "su" : "segy" });
      assert.equal(report.traceCount, reader.traceCount);
      const data = await LazySeismicData.open(store);
      assert.equal(data.traceCount, reader.traceCount);
      assert.equal(data.samplesPerTrace, reader.samplesPerTrace);
      const out = path.join(dir, `${name}.out`);
      await exportDataset(data, out, su ? "su" : "segy");
      if (NOT_BYTE_EXACT.has(name)) {
        const back = await SegyReader.open(out, { byteOrder: reader.byteOrder });
        assert.deepEqual(toFloat32((await back.readTrace(0)).samples), toFloat32((await reader.readTrace(0)).samples));
        await back.close();
      } else {
        assert.ok(readFileSync(out).equals(readFileSync(file)), "exported bytes differ from the source");
      }
      await reader.close();
    });
  }

  it("gathers by FieldRecord: getGather returns that gather's samples and headers", async () => {
    const file = path.join(dir, "shots.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 6, channels: 40, samples: 250, seed: 2 }, { format: 1 });
    const store = new FileSystemStore(path.join(dir, "shots.seis"));
    const report = await importSegy(file, store, { gatherKey: "FieldRecord", secondaryKey: "TraceNumber", chunkTraces: 16 });
    assert.equal(report.gatherCount, 6);
    assert.equal(report.duplicateTraces, 0);
    assert.equal(report.missingTraces, 0);
    const data = await LazySeismicData.open(store);
    assert.deepEqual(data.gatherKeys(), [1, 2, 3, 4, 5, 6]);
    const reader = await SegyReader.open(file);
    const gather = await data.getGather(4);
    assert.equal(gather.traceIndices.length, 40);
    assert.equal(gather.samples.length, 40 * 250);
    for (const k of [0, 17, 39]) {
      const t = gather.traceIndices[k];
      const expected = await reader.readTrace(t);
      assert.equal(expected.header.FieldRecord, 4);
      assert.deepEqual(Array.from(gather.samples.subarray(k * 250, (k + 1) * 250) as Float32Array), Array.from(expected.samples as Float32Array));
      assert.equal(Number(gather.headers.getChild("offset")?.get(k)), expected.header.offset);
    }
    await reader.close();
  });

  it("an unsorted file is indexed, not rejected: gathers by CDP come out whole", async () => {
    const file = path.join(dir, "by-cdp.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 5, channels: 24, samples: 100, seed: 3 });
    const store = new MemoryStore();
    const report = await importSegy(file, store, { gatherKey: "CDP", secondaryKey: "offset" });
    const data = await LazySeismicData.open(store);
    assert.equal(data.gatherIndex.sorted, false);
    assert.equal(report.gatherCount, data.gatherKeys().length);
    const reader = await SegyReader.open(file);
    let total = 0;
    for (const key of data.gatherKeys()) {
      const gather = await data.getGather(key, { columns: ["CDP", "offset"] });
      total += gather.traceIndices.length;
      const cdps = Array.from(gather.headers.getChild("CDP")?.toArray() as ArrayLike<number>);
      assert.ok(cdps.every((c) => c === key), `gather ${key} holds only its CDP`);
      const offsets = Array.from(gather.headers.getChild("offset")?.toArray() as ArrayLike<number>);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), "sorted by offset within the gather");
    }
    assert.equal(total, reader.traceCount);
    await reader.close();
  });

  it("an interrupted import resumes where it stopped, and a foreign unfinished store is refused", async () => {
    const file = path.join(dir, "resume.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 10, channels: 48, samples: 500, seed: 4 });
    const store = new FileSystemStore(path.join(dir, "resume.seis"));
    const controller = new AbortController();
    const options = { chunkTraces: 24, segmentBytes: 24 * 500 * 4 * 4 };
    await assert.rejects(
      importSegy(file, store, {
        ...options,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "traces" && p.done >= 200) controller.abort(new Error("interrupted"));
        },
      }),
    );
    await assert.rejects(LazySeismicData.open(store), /did not finish; run the same import again/);
    const report = await importSegy(file, store, options);
    assert.ok(report.resumedSegments >= 2, `resumed ${report.resumedSegments} segments`);
    assert.equal(report.resumedSegments + report.writtenSegments, 5);
    const data = await LazySeismicData.open(store);
    const out = path.join(dir, "resume-out.sgy");
    await exportDataset(data, out, "segy");
    assert.ok(readFileSync(out).equals(readFileSync(file)));
    await assert.rejects(importSegy(file, store, options), /already holds a complete import/);
  });
});
