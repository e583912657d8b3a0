import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import * as path from "node:path";
import {
  FileSystemStore,
  LazySeismicData,
  MemoryStore,
  PROCESSING_MARKER,
  ProcessingChain,
  ProcessingError,
  processDataset,
  exportDataset,
  SegyReader,
  convertSegy,
  datasetChecksum,
  importSegy,
  validateStore,
  type StoreKey,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { fileDigests, importSurvey } from "./fixtures";

const CHAIN = new ProcessingChain([
  { processor: "bandpass", parameters: { f1: 4, f2: 8, f3: 45, f4: 65 } },
  { processor: "mute", parameters: { velocity: 1700, timeMs: 30 } },
  { processor: "agc", parameters: { windowMs: 200 } },
]);

async function keys(store: MemoryStore | FileSystemStore, prefix: StoreKey = "/"): Promise<StoreKey[]> {
  const out: StoreKey[] = [];
  for await (const key of store.list(prefix)) out.push(key);
  return out;
}

describe("processing a dataset into a new one", () => {
  const dir = tempDir("seisproc-process-");
  let input: Awaited<ReturnType<typeof importSurvey>>;
  before(async () => {
    input = await importSurvey(dir, "raw");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a complete, valid store with a new id, processed samples, and the input's headers copied verbatim", async () => {
    const before = await fileDigests(input.root);
    const root = path.join(dir, "out-1.seis");
    const out = new FileSystemStore(root);
    const phases = new Set<string>();
    const report = await processDataset(input.data, CHAIN, out, { onProgress: (p) => phases.add(p.phase) });
    assert.deepEqual([...phases].sort(), ["copy", "gathers"]);
    assert.deepEqual(await fileDigests(input.root), before, "the input store is not modified");

    const validation = await validateStore(out);
    assert.deepEqual(validation.problems, []);
    assert.equal(validation.checked.traces, 384);

    const data = await LazySeismicData.open(out);
    assert.equal(data.id, report.datasetId);
    assert.notEqual(data.id, input.data.id);
    assert.match(data.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(data.metadata.dtype, "float32");
    assert.deepEqual(data.metadata.provenance, [report.step]);
    assert.equal(report.step.inputDatasetId, input.data.id);
    assert.equal(report.step.outputDatasetId, data.id);
    assert.deepEqual(data.metadata.source, input.data.metadata.source, "text and binary headers and the source record are kept");
    assert.deepEqual(data.gatherIndex, input.data.gatherIndex);

    const after = await fileDigests(root);
    for (const [file, digest] of before) {
      if (file.startsWith("raw_headers/") || file.startsWith("headers/") || file.startsWith("time/") || file === "seisproc/gathers.json") {
        assert.equal(after.get(file), digest, `${file} copied verbatim`);
      }
    }
    assert.ok(!after.has("seisproc/processing.json"), "the in-progress marker is gone");

    // Every gather is the chain applied to the input gather, bit for bit.
    for (const key of input.data.gatherKeys()) {
      const expected = CHAIN.processGather(await input.data.getGather(key, { columns: CHAIN.headers() }), input.data);
      const actual = (await data.getGather(key)).samples as Float32Array;
      assert.deepEqual(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected.buffer), `gather ${key}`);
    }
    // The processed dataset exports like any other.
    const sgy = path.join(dir, "out-1.sgy");
    await exportDataset(data, sgy, "segy", { format: 5 });
    const reader = await SegyReader.open(sgy);
    assert.equal(reader.traceCount, 384);
    await reader.close();
  });

  it("gives the same bytes whatever the memory budget, for gathers spread over the file (CDP gathers of shot-sorted data)", async () => {
    const spec = { kind: "shots-2d", shots: 4, channels: 24, samples: 500, seed: 5 } as const;
    const byCdp = await importSurvey(dir, "cdp", spec, { gatherKey: "CDP", secondaryKey: "offset", chunkTraces: 16 });
    assert.equal(byCdp.data.gatherIndex.sorted, false);
    const chain = new ProcessingChain([{ processor: "gain", parameters: { mode: "tpow", value: 2 } }, { processor: "trace-balance" }]);
    const small = new MemoryStore();
    const large = new MemoryStore();
    const a = await processDataset(byCdp.data, chain, small, { memoryBytes: 16 * 500 * 4 * 3 });
    const b = await processDataset(byCdp.data, chain, large);
    assert.ok(a.passes > 1, `${a.passes} passes with a small budget`);
    assert.equal(b.passes, 1);
    assert.equal(a.step.checksums.output, b.step.checksums.output);
    assert.equal(a.step.checksums.input, b.step.checksums.input);
    const chunkKeys = await keys(small, "/traces/");
    assert.deepEqual(chunkKeys, await keys(large, "/traces/"));
    for (const key of chunkKeys) assert.deepEqual(await small.get(key), await large.get(key), key);
    assert.deepEqual((await validateStore(small)).problems, []);
  });

  it("refuses an output that holds a dataset unless asked to overwrite, and never writes into its own input", async () => {
    const out = new MemoryStore();
    const first = await processDataset(input.data, CHAIN, out);
    await assert.rejects(processDataset(input.data, CHAIN, out), (e: unknown) => e instanceof ProcessingError && new RegExp(`complete dataset \\(${first.datasetId}\\).*overwrite`).test(e.message));
    const second = await processDataset(input.data, CHAIN, out, { overwrite: true });
    assert.notEqual(second.datasetId, first.datasetId);
    assert.equal(second.step.checksums.output, first.step.checksums.output);
    await assert.rejects(processDataset(input.data, CHAIN, input.store, { overwrite: true }), (e: unknown) => e instanceof ProcessingError && /input's own store/.test(e.message));
    await assert.rejects(processDataset(input.data, CHAIN, new FileSystemStore(input.root), { overwrite: true }), (e: unknown) => e instanceof ProcessingError && /input dataset itself/.test(e.message));
    const foreign = new MemoryStore();
    await foreign.set("/notes.txt", new Uint8Array([1]));
    await assert.rejects(processDataset(input.data, CHAIN, foreign), (e: unknown) => e instanceof ProcessingError && /give an empty store/.test(e.message));
  });

  it("a run that stops half-way leaves a store that never opens as complete, and the next run starts again", async () => {
    const out = new MemoryStore();
    const controller = new AbortController();
    await assert.rejects(
      processDataset(input.data, CHAIN, out, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "gathers" && p.done === 3) controller.abort(new Error("stop"));
        },
      }),
      /stop/,
    );
    assert.ok((await out.get(PROCESSING_MARKER)) !== undefined);
    await assert.rejects(LazySeismicData.open(out), /no seisproc\/COMPLETE marker/);
    assert.equal((await validateStore(out)).ok, false);
    const report = await processDataset(input.data, CHAIN, out);
    assert.deepEqual((await validateStore(out)).problems, []);
    assert.equal((await LazySeismicData.open(out)).id, report.datasetId);
  });

  it("processes integer samples into float32, hashing the input in its own type", async () => {
    const ints = path.join(dir, "int16.sgy");
    const scaled = new ProcessingChain([{ processor: "gain", parameters: { value: 1000 } }]);
    // Synthetic amplitudes are about ±1, so the 16-bit samples are small integers.
    await convertSegy(input.file, ints, { format: 3 });
    const store = new MemoryStore();
    await importSegy(ints, store, { chunkTraces: 48 });
    const data = await LazySeismicData.open(store);
    assert.equal(data.metadata.dtype, "int16");
    const out = new MemoryStore();
    const report = await processDataset(data, scaled, out);
    assert.equal((await datasetChecksum(data)).digest, report.step.checksums.input);
    const processed = await LazySeismicData.open(out);
    assert.equal(processed.metadata.dtype, "float32");
    assert.deepEqual((await validateStore(out)).problems, []);
    const raw = (await data.getGatherAt(1)).samples as Int16Array;
    const got = (await processed.getGatherAt(1)).samples as Float32Array;
    assert.ok(raw.some((v) => v !== 0));
    for (let i = 0; i < raw.length; i++) assert.equal(got[i], raw[i] * 1000);
  });

  it("says which gather and processor failed", async () => {
    const chain = new ProcessingChain([{ processor: "fk-filter", parameters: { rejectVelocity: 100, passVelocity: 200 } }]);
    const noOffsets = await importSurvey(dir, "post", { kind: "poststack-3d", inlines: 3, crosslines: 20, samples: 100, seed: 2 }, { gatherKey: "INLINE_3D" });
    await assert.rejects(processDataset(noOffsets.data, chain, new MemoryStore()), (e: unknown) => e instanceof ProcessingError && e.processor === "fk-filter" && e.gather !== undefined);
  });
});

describe("processing a Zarr format 3 dataset", () => {
  const dir = tempDir("seisproc-process-zarr3-");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a valid format 3 store whose samples equal those of processing the same data in format 2", async () => {
    const v2 = await importSurvey(dir, "raw-v2");
    const v3 = await importSurvey(dir, "raw-v3", undefined, { chunkTraces: 48, zarrFormat: 3 });
    const out2 = new MemoryStore();
    const out3 = new FileSystemStore(path.join(dir, "out-v3.seis"));
    await processDataset(v2.data, CHAIN, out2);
    const report = await processDataset(v3.data, CHAIN, out3);
    assert.deepEqual((await validateStore(out3)).problems, []);
    assert.ok((await keys(out3)).includes("/traces/zarr.json") && !(await keys(out3)).some((k) => k.endsWith(".zarray")), "the output keeps the input's Zarr format");
    const processed = await LazySeismicData.open(out3);
    assert.equal(processed.metadata.importOptions.zarrFormat, 3);
    assert.deepEqual(await processed.readTraces(0, processed.traceCount), await (await LazySeismicData.open(out2)).readTraces(0, processed.traceCount));
    assert.equal(report.outputChecksum.digest, (await datasetChecksum(processed)).digest);
  });
});
