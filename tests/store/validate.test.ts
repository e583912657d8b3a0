import { strict as assert } from "node:assert";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  FileSystemStore,
  importSegy,
  LazySeismicData,
  MemoryStore,
  PROBLEM_KINDS,
  readJson,
  repairStore,
  storeStatus,
  validateStore,
  writeJson,
  writeSurvey,
  type StoreKey,
  type StoreMetadata,
  type ValidationReport,
} from "../../src";
import { tempDir } from "../helpers/paths";

const CHANNELS = 24;
const SAMPLES = 120;
const CHUNK = 8;
/** Three chunks per segment: 18 chunks and 6 segments for 144 traces. */
const SEGMENT_BYTES = CHUNK * SAMPLES * 4 * 3;

/** Kinds of the problems, in report order. */
const kinds = (report: ValidationReport): string[] => {
  for (const p of report.problems) assert.ok(p.kind in PROBLEM_KINDS, `${p.kind} is documented in PROBLEM_KINDS`);
  return report.problems.map((p) => p.kind);
};

async function keysOf(store: MemoryStore, prefix: StoreKey): Promise<StoreKey[]> {
  const keys: StoreKey[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys;
}

describe("validating and repairing a trace store", () => {
  const dir = tempDir("seisproc-validate-");
  const file = path.join(dir, "shots.sgy");
  const traces = 6 * CHANNELS;
  /** A pristine import by CDP (unsorted: gather_order exists), copied for each test. */
  const pristine = new MemoryStore();

  before(async () => {
    await writeSurvey(file, { kind: "shots-2d", shots: 6, channels: CHANNELS, samples: SAMPLES, seed: 5 });
    await importSegy(file, pristine, { gatherKey: "CDP", secondaryKey: "offset", chunkTraces: CHUNK, segmentBytes: SEGMENT_BYTES });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function copy(): Promise<MemoryStore> {
    const store = new MemoryStore();
    for (const key of await keysOf(pristine, "/")) await store.set(key, (await pristine.get(key)) ?? new Uint8Array());
    return store;
  }

  it("a fresh import is sound: every chunk, part and trace checked, the source's checksum agrees", async () => {
    const phases = new Set<string>();
    const report = await validateStore(pristine, { source: file, onProgress: (p) => phases.add(p.phase) });
    assert.deepEqual(report, { ok: true, problems: [], checked: { chunks: 2 * (traces / CHUNK), parts: 6, traces } });
    assert.deepEqual([...phases].sort(), ["chunks", "headers", "index", "source"]);
    assert.equal((await storeStatus(pristine)).state, "complete");
  });

  it("stops with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const validation = validateStore(pristine, { signal: controller.signal, onProgress: (p) => p.done >= 3 && controller.abort(reason) });
    await assert.rejects(validation, (e: unknown) => e === reason);
  });

  it("a missing or corrupt chunk is found and is not repairable; the store is left as it is", async () => {
    const store = await copy();
    await store.delete("/traces/4.0");
    const bytes = (await store.get("/raw_headers/2.0")) ?? new Uint8Array();
    await store.set("/raw_headers/2.0", bytes.subarray(0, bytes.length >> 1));
    const garbled = (await store.get("/traces/7.0")) ?? new Uint8Array();
    await store.set("/traces/7.0", garbled.map((v, i) => (i < 4 ? v : (i * 7919 + 13) & 255))); // the LZ4 length header kept
    const header = (await store.get("/raw_headers/5.0")) ?? new Uint8Array();
    await store.set("/raw_headers/5.0", header.map((_, i) => (i * 7919 + 13) & 255)); // a garbled length header
    const report = await validateStore(store);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.problems.map((p) => [p.kind, p.key, p.repairable]),
      [
        ["chunk-missing", "/traces/4.0", false],
        ["chunk-corrupt", "/traces/7.0", false],
        ["chunk-corrupt", "/raw_headers/2.0", false],
        ["chunk-corrupt", "/raw_headers/5.0", false],
      ],
    );
    assert.match(report.problems[1].detail, /does not decode \(lz4: /);
    assert.match(report.problems[3].detail, /header declares \d+ bytes, not 1920/);
    assert.equal(report.checked.traces, traces - 4 * CHUNK);
    const repair = await repairStore(store, { report });
    assert.equal(repair.backup, null);
    assert.deepEqual(repair.rewritten, []);
    assert.match(repair.reimport ?? "", /^seisproc import \S*shots\.sgy STORE --force --gather-key CDP --secondary-key offset --compression lz4 --chunk-traces 8$/);
  });

  it("a lost gather index and gather_order are rebuilt byte for byte, after a backup of what is replaced", async () => {
    const store = await copy();
    const gathers = await store.get("/seisproc/gathers.json");
    const order = await store.get("/gather_order/0");
    await store.delete("/seisproc/gathers.json");
    await store.delete("/gather_order/0");
    const report = await validateStore(store);
    assert.deepEqual(kinds(report), ["gathers-missing"]);
    assert.equal(report.problems[0].repairable, true);
    const repair = await repairStore(store, { report, now: () => new Date("2025-01-02T03:04:05.678Z") });
    assert.equal(repair.backup, "/seisproc/backup/2025-01-02T03-04-05-678Z/");
    const backup = "/seisproc/backup/2025-01-02T03-04-05-678Z";
    assert.deepEqual(await keysOf(store, "/seisproc/backup/"), [`${backup}/.zmetadata`, `${backup}/gather_order/.zarray`, `${backup}/gather_order/.zattrs`]);
    assert.deepEqual(await store.get("/.zmetadata"), await store.get(`${backup}/.zmetadata`), "the consolidated metadata is rewritten as it was");
    assert.deepEqual(await store.get("/seisproc/gathers.json"), gathers);
    assert.deepEqual(await store.get("/gather_order/0"), order);
    assert.equal((await validateStore(store)).ok, true);
    const again = await repairStore(store, { now: () => new Date("2025-01-02T03:04:05.678Z") });
    assert.equal(again.backup, null, "nothing to do, nothing backed up");
  });

  it("a gather_order that is not a permutation, or an index that disagrees with the header keys, is found and rebuilt", async () => {
    const store = await copy();
    const order = new Int32Array(((await store.get("/gather_order/0")) ?? new Uint8Array()).slice().buffer);
    order[1] = order[0];
    await store.set("/gather_order/0", new Uint8Array(order.buffer));
    assert.deepEqual(kinds(await validateStore(store)), ["gather-order-invalid"]);
    const index = await readJson<{ keys: number[] }>(store, "/seisproc/gathers.json");
    await writeJson(store, "/seisproc/gathers.json", { ...index, keys: index?.keys.map((k) => k + 1) });
    await store.set("/gather_order/0", (await pristine.get("/gather_order/0")) ?? new Uint8Array());
    const report = await validateStore(store);
    assert.deepEqual(kinds(report), ["gathers-mismatch"]);
    await repairStore(store, { report });
    assert.deepEqual(await store.get("/seisproc/gathers.json"), await pristine.get("/seisproc/gathers.json"));
    assert.equal((await validateStore(store)).ok, true);
  });

  it("a missing COMPLETE marker is restored only when everything else checks out", async () => {
    const store = await copy();
    await store.delete("/seisproc/COMPLETE");
    await assert.rejects(LazySeismicData.open(store), /no seisproc\/COMPLETE marker/);
    assert.equal((await storeStatus(store)).state, "incomplete");
    const report = await validateStore(store);
    assert.deepEqual(report.problems.map((p) => [p.kind, p.repairable]), [["complete-missing", true]]);
    const repair = await repairStore(store, { report });
    assert.equal(repair.completed, true);
    assert.ok(repair.rewritten.includes("/seisproc/COMPLETE"));
    assert.equal((await validateStore(store)).ok, true);
    assert.equal((await LazySeismicData.open(store)).traceCount, traces);

    const broken = await copy();
    await broken.delete("/seisproc/COMPLETE");
    await broken.delete("/traces/0.0");
    const blocked = await validateStore(broken);
    assert.deepEqual(blocked.problems.map((p) => [p.kind, p.repairable]), [["chunk-missing", false], ["complete-missing", false]]);
    const refused = await repairStore(broken, { report: blocked });
    assert.equal(refused.completed, false);
    assert.equal(await broken.get("/seisproc/COMPLETE"), undefined);
  });

  it("a missing header part is found; the gather index cannot be rebuilt without it", async () => {
    const store = await copy();
    await store.delete("/headers/part-00003.parquet");
    await store.delete("/seisproc/gathers.json");
    const report = await validateStore(store);
    assert.deepEqual(report.problems.map((p) => [p.kind, p.key, p.repairable]), [
      ["header-part-missing", "/headers/part-00003.parquet", false],
      ["gathers-missing", "/seisproc/gathers.json", false],
    ]);
    assert.match(report.problems[0].detail, /traces 72\.\.95/);
    const repair = await repairStore(store, { report });
    assert.deepEqual(repair.rewritten, []);
    assert.equal(await store.get("/seisproc/gathers.json"), undefined);
  });

  it("time, array metadata and group attributes are derived again from the metadata", async () => {
    const store = await copy();
    await store.set("/time/0", new Uint8Array(SAMPLES * 8));
    const zarray = await readJson<Record<string, unknown>>(store, "/traces/.zarray");
    await writeJson(store, "/traces/.zarray", { ...zarray, shape: [traces + 1, SAMPLES] });
    await store.delete("/raw_headers/.zattrs");
    await writeJson(store, "/.zattrs", { seisproc: { formatVersion: 1, complete: false }, survey: "kept" });
    await store.set("/seisproc/progress.json", new TextEncoder().encode("{}"));
    const report = await validateStore(store);
    assert.deepEqual(kinds(report).sort(), ["array-mismatch", "array-missing", "group-mismatch", "progress-leftover", "time-mismatch"]);
    assert.ok(report.problems.every((p) => p.repairable));
    const repair = await repairStore(store, { report });
    assert.deepEqual(repair.deleted, ["/seisproc/progress.json"]);
    assert.equal((await validateStore(store)).ok, true);
    for (const key of ["/time/0", "/traces/.zarray", "/raw_headers/.zattrs"] as const) assert.deepEqual(await store.get(key), await pristine.get(key), key);
    assert.equal((await readJson<{ survey: string }>(store, "/.zattrs"))?.survey, "kept", "other group attributes are kept");
  });

  it("metadata of an unknown format version, or none, is reported and nothing is rebuilt", async () => {
    const store = await copy();
    const metadata = await readJson<StoreMetadata>(store, "/seisproc/metadata.json");
    await writeJson(store, "/seisproc/metadata.json", { ...metadata, formatVersion: 99 });
    const report = await validateStore(store);
    assert.deepEqual(kinds(report), ["metadata-invalid"]);
    assert.match(report.problems[0].detail, /format version 99 is not known/);
    assert.deepEqual((await repairStore(store, { report })).rewritten, []);
    await store.delete("/seisproc/metadata.json");
    assert.deepEqual(kinds(await validateStore(store)), ["metadata-missing"]);
    assert.deepEqual(kinds(await validateStore(new MemoryStore())), ["not-a-store"]);
  });

  it("a changed or missing source is reported, not repaired", async () => {
    const changed = path.join(dir, "changed.sgy");
    const bytes = readFileSync(file);
    bytes[5000] ^= 1;
    writeFileSync(changed, bytes);
    const report = await validateStore(pristine, { source: changed });
    assert.deepEqual(report.problems.map((p) => [p.kind, p.repairable]), [["source-changed", false]]);
    assert.match(report.problems[0].detail, /SHA-256/);
    assert.deepEqual(kinds(await validateStore(pristine, { source: path.join(dir, "gone.sgy") })), ["source-missing"]);
  });

  it("an unfinished import is reported with how far it got", async () => {
    const store = new FileSystemStore(path.join(dir, "unfinished.seis"));
    const controller = new AbortController();
    await assert.rejects(
      importSegy(file, store, {
        chunkTraces: CHUNK,
        segmentBytes: SEGMENT_BYTES,
        signal: controller.signal,
        onProgress: (p) => p.phase === "traces" && p.done >= 60 && controller.abort(new Error("stop")),
      }),
    );
    const report = await validateStore(store);
    assert.deepEqual(kinds(report), ["unfinished-import"]);
    assert.match(report.problems[0].detail, /the import of \S*shots\.sgy did not finish \([1-5] of 6 segments done\); run the same import again/);
  });
});
