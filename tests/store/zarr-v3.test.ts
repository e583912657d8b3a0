import { strict as assert } from "node:assert";
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import {
  exportDataset,
  FileSystemStore,
  importSegy,
  isSeisprocError,
  LazySeismicData,
  MemoryStore,
  readJson,
  repairStore,
  storeStatus,
  validateStore,
  ValidationError,
  writeJson,
  writeSurvey,
  type CompressionName,
  type StoreKey,
  type StoreMetadata,
} from "../../src";
import { decodeBloscFrame, encodeBloscFrame } from "../../src/core/store/blosc-frame";
import { importEsm } from "../../src/core/util/esm";
import { conformanceFiles, type ConformanceFile } from "../helpers/conformance";
import { tempDir } from "../helpers/paths";
import { helperScript, requirePythonModules, runPythonJson } from "../helpers/python";

type Zarrita = typeof import("zarrita");
const zarrita = (): Promise<Zarrita> => importEsm<Zarrita>("zarrita");

/** Every file with lz4 (the default); these with the other compressions too. */
const OTHER_CODECS: Record<Exclude<CompressionName, "lz4">, string[]> = {
  zstd: ["segyio/f3.sgy", "segyio/multiformats/Format6lsb.sgy", "segyio/multiformats/Format12msb.sgy", "segyio/small.su"],
  none: ["segyio/f3-lsb.sgy", "segyio/multiformats/Format8msb.sgy", "segyio/text.sgy"],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Reads a whole array with zarrita's own Zarr v3 reader, from the store's directory. */
async function zarritaArray(root: string, name: string): Promise<{ data: ArrayLike<number | bigint>; shape: number[]; dimensionNames: unknown; attrs: Record<string, unknown> }> {
  const zarr = await zarrita();
  const store = new FileSystemStore(root);
  const array = await zarr.open.v3(zarr.root(store).resolve(name), { kind: "array" });
  const meta = (await readJson<{ dimension_names?: unknown }>(store, `/${name}/zarr.json`)) ?? {};
  // zarrita's get cannot select from an array with no elements (a file of zero traces)
  const chunk = array.shape.includes(0) ? { data: new Uint8Array(0), shape: array.shape } : await zarr.get(array);
  return { data: chunk.data as ArrayLike<number | bigint>, shape: chunk.shape, dimensionNames: meta.dimension_names, attrs: array.attrs };
}

const bytesOf = (a: ArrayLike<number | bigint> & { buffer?: ArrayBufferLike; byteOffset?: number; byteLength?: number }): Buffer =>
  Buffer.from(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength);

describe("Zarr format 3 trace stores (import --zarr-format 3)", () => {
  const dir = tempDir("seisproc-zarr3-");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = conformanceFiles();
  const cases: Array<{ source: ConformanceFile; compression: CompressionName }> = [
    ...files.map((source) => ({ source, compression: "lz4" as const })),
    ...Object.entries(OTHER_CODECS).flatMap(([compression, names]) =>
      names.map((name) => ({ source: files.find((f) => f.relative === name) as ConformanceFile, compression: compression as CompressionName })),
    ),
  ];

  for (const { source, compression } of cases) {
    it(`${source.relative} (${compression}): zarrita reads what LazySeismicData reads, export gives the source's bytes, validate passes`, async function () {
      const root = path.join(dir, `${source.relative.replace(/\W/g, "_")}-${compression}.seis`);
      const store = new FileSystemStore(root);
      const container = source.su ? "su" : "segy";
      await importSegy(source.file, store, { compression, zarrFormat: 3, read: { container } });
      const data = await LazySeismicData.open(store);
      assert.equal(data.metadata.importOptions.zarrFormat, 3);
      assert.equal(data.metadata.formatVersion, 2);
      const keys = filesUnder(root).map((f) => path.relative(root, f));
      assert.ok(!keys.some((k) => /\.z(array|attrs|group|metadata)$/.test(k)), `no Zarr v2 documents: ${keys.join(", ")}`);

      // zarrita's v3 reader, the real chunks and codecs
      const traces = await zarritaArray(root, "traces");
      assert.deepEqual(traces.shape, [data.traceCount, data.samplesPerTrace]);
      assert.deepEqual(traces.dimensionNames, ["trace", "sample"]);
      assert.equal(traces.attrs.coordinates, "time");
      if (data.traceCount > 0) {
        const ours = await data.readTraces(0, data.traceCount);
        assert.ok(bytesOf(traces.data).equals(Buffer.from(ours.buffer, ours.byteOffset, ours.byteLength)), "zarrita's samples differ from LazySeismicData's");
        const raw = await zarritaArray(root, "raw_headers");
        const all = Int32Array.from({ length: data.traceCount }, (_, i) => i);
        assert.ok(bytesOf(raw.data).equals(Buffer.from(await data.readRawHeaders(all))), "zarrita's raw headers differ");
        assert.deepEqual(raw.dimensionNames, ["trace", "header_byte"]);
      }
      const time = await zarritaArray(root, "time");
      assert.deepEqual(time.dimensionNames, ["sample"]);
      assert.equal(time.data.length, data.samplesPerTrace);

      const out = path.join(dir, `${path.basename(root)}.out`);
      await exportDataset(data, out, container);
      if (source.relative !== "obspy/00001034.sgy_first_trace") assert.ok(readFileSync(out).equals(readFileSync(source.file)), "exported bytes differ from the source");
      const report = await validateStore(store, { source: source.file });
      assert.deepEqual(report.problems, []);
      assert.equal(report.checked.traces, data.traceCount);
    });
  }

  it("zarrita opens the group with its consolidated metadata (zarr-python 3's inline format), and reads gather_order", async () => {
    const file = path.join(dir, "shots.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 4, channels: 20, samples: 100, seed: 9 });
    const root = path.join(dir, "shots-by-cdp.seis");
    await importSegy(file, new FileSystemStore(root), { gatherKey: "CDP", chunkTraces: 16, zarrFormat: 3 });
    const zarr = await zarrita();
    const store = await zarr.withConsolidatedMetadata(new FileSystemStore(root), { format: "v3" });
    const contents = store.contents().map((c) => `${c.path} ${c.kind}`).sort();
    assert.deepEqual(contents, ["/ group", "/gather_order array", "/raw_headers array", "/time array", "/traces array"]);
    const group = await zarr.open.v3(zarr.root(store), { kind: "group" });
    assert.equal((group.attrs.seisproc as { formatVersion: number; complete: boolean }).complete, true);
    const order = await zarr.get(await zarr.open.v3(zarr.root(store).resolve("gather_order"), { kind: "array" }));
    const data = await LazySeismicData.open(new FileSystemStore(root));
    assert.deepEqual(Array.from(order.data as Int32Array), Array.from((await data.gatherOrderArray()) ?? []));
    assert.deepEqual(await zarr.get(await zarr.open.v3(zarr.root(store).resolve("traces"), { kind: "array" }), [zarr.slice(16, 20), null]).then((c) => c.shape), [4, 100]);
  });

  it("numcodecs' c-blosc (Debian python3-numcodecs) decodes every chunk to what SeisProc decodes; Debian's zarr-python is 2.x and cannot open format 3", async () => {
    requirePythonModules(["numcodecs", "zarr"], ["python3-numcodecs", "python3-zarr"]);
    const file = path.join(dir, "numcodecs.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 3, channels: 24, samples: 300, seed: 4 }, { format: 1 });
    for (const compression of ["lz4", "zstd"] as const) {
      const root = path.join(dir, `numcodecs-${compression}.seis`);
      await importSegy(file, new FileSystemStore(root), { chunkTraces: 20, zarrFormat: 3, compression });
      const chunks = filesUnder(root).filter((f) => /[\\/]c[\\/]\d+[\\/]0$/.test(f) && !f.includes("time"));
      assert.equal(chunks.length, 8, "4 traces chunks and 4 raw_headers chunks");
      const python = runPythonJson<{ decoded: Array<{ length?: number; sha256?: string; error?: string }>; zarr: string }>(helperScript("blosc_decode.py"), { files: chunks });
      for (const [i, chunk] of chunks.entries()) {
        const ours = await decodeBloscFrame(readFileSync(chunk));
        assert.deepEqual(python.decoded[i], { length: ours.length, sha256: createHash("sha256").update(ours).digest("hex") }, chunk);
      }
      assert.match(python.zarr, /^2\./, "if Debian's zarr-python is 3 now, add an xarray.open_zarr test of format 3 stores");
    }
  });

  it("a corrupt, truncated or missing chunk is reported by validate, and reading it gives a typed error", async () => {
    const file = path.join(dir, "corrupt.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 3, channels: 16, samples: 200, seed: 6 });
    const store = new MemoryStore();
    await importSegy(file, store, { chunkTraces: 16, zarrFormat: 3 });
    const garbled = (await store.get("/traces/c/1/0")) as Uint8Array;
    const flipped = garbled.slice();
    for (let i = 40; i < flipped.length; i += 7) flipped[i] ^= 0x5a;
    await store.set("/traces/c/1/0", flipped);
    await store.set("/raw_headers/c/2/0", garbled.subarray(0, 30));
    await store.delete("/traces/c/2/0");
    const report = await validateStore(store);
    assert.deepEqual(
      report.problems.map((p) => [p.kind, p.key, p.repairable]),
      [
        ["chunk-corrupt", "/traces/c/1/0", false],
        ["chunk-missing", "/traces/c/2/0", false],
        ["chunk-corrupt", "/raw_headers/c/2/0", false],
      ],
    );
    assert.equal(report.checked.traces, 16);
    const data = await LazySeismicData.open(store);
    await assert.rejects(data.readTraces(16, 1), (e: unknown) => isSeisprocError(e) && e instanceof ValidationError && /blosc frame/.test(e.key));
    const repair = await repairStore(store, { report });
    assert.match(repair.reimport ?? "", /--zarr-format 3/);
  });

  it("zarr.json of the arrays and the group, time and gather_order are derived again by repair", async () => {
    const file = path.join(dir, "repair.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 4, channels: 12, samples: 80, seed: 8 });
    const pristine = new MemoryStore();
    await importSegy(file, pristine, { gatherKey: "CDP", chunkTraces: 8, zarrFormat: 3 });
    const store = new MemoryStore();
    for await (const key of pristine.list("/")) await store.set(key, (await pristine.get(key)) as Uint8Array);
    const traces = await readJson<Record<string, unknown>>(store, "/traces/zarr.json");
    await writeJson(store, "/traces/zarr.json", { ...traces, codecs: [{ name: "bytes", configuration: { endian: "little" } }], attributes: { kept: 1 } });
    await store.delete("/raw_headers/zarr.json");
    await store.set("/time/c/0", new Uint8Array(80 * 8));
    await store.delete("/gather_order/c/0");
    const group = await readJson<{ attributes: Record<string, unknown> }>(store, "/zarr.json");
    await writeJson(store, "/zarr.json", { zarr_format: 3, node_type: "group", attributes: { ...group?.attributes, survey: "kept" } });
    const report = await validateStore(store);
    assert.deepEqual(report.problems.map((p) => [p.kind, p.key]).sort(), [
      ["array-mismatch", "/traces/zarr.json"],
      ["array-missing", "/raw_headers/zarr.json"],
      ["gather-order-missing", "/gather_order"],
      ["group-mismatch", "/zarr.json"],
      ["time-mismatch", "/time/c/0"],
    ]);
    assert.ok(report.problems.every((p) => p.repairable));
    const repair = await repairStore(store, { report });
    assert.ok(repair.rewritten.includes("/zarr.json") && repair.rewritten.includes("/gather_order/c/0"), repair.rewritten.join(", "));
    assert.ok(!repair.rewritten.some((k) => /\.z(array|attrs|group|metadata)$/.test(k)), "nothing of Zarr format 2 is written");
    assert.deepEqual((await validateStore(store)).problems, []);
    for (const key of ["/raw_headers/zarr.json", "/time/c/0", "/gather_order/c/0"] as StoreKey[]) assert.deepEqual(await store.get(key), await pristine.get(key), key);
    assert.equal((await readJson<{ attributes: { kept: number } }>(store, "/traces/zarr.json"))?.attributes.kept, 1, "other array attributes are kept");
    assert.equal((await readJson<{ attributes: { survey: string } }>(store, "/zarr.json"))?.attributes.survey, "kept", "other group attributes are kept");
  });

  it("an interrupted import resumes in format 3, a format 2 import of the same file is refused, and bad options get typed errors", async () => {
    const file = path.join(dir, "resume.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 6, channels: 16, samples: 100, seed: 3 });
    const root = path.join(dir, "resume.seis");
    const store = new FileSystemStore(root);
    const options = { chunkTraces: 16, segmentBytes: 16 * 100 * 4 * 2, zarrFormat: 3 as const };
    const abort = new AbortController();
    await assert.rejects(importSegy(file, store, { ...options, signal: abort.signal, onProgress: (p) => p.done >= 40 && abort.abort(new Error("stop")) }));
    assert.equal((await storeStatus(store)).state, "unfinished");
    assert.ok(!filesUnder(root).some((f) => /\.tmp|~$/.test(f)), "no temporary file is left behind");
    await assert.rejects(importSegy(file, store, { ...options, zarrFormat: 2 }), /unfinished import of another file or with other options/);
    const report = await importSegy(file, store, options);
    assert.ok(report.resumedSegments >= 1, "done segments are kept");
    const whole = new MemoryStore();
    await importSegy(file, whole, options);
    const resumed = await LazySeismicData.open(store);
    assert.deepEqual(await resumed.readTraces(0, 96), await (await LazySeismicData.open(whole)).readTraces(0, 96));
    assert.deepEqual((await validateStore(store)).problems, []);

    await assert.rejects(importSegy(file, new MemoryStore(), { zarrFormat: 4 as never }), (e: unknown) => e instanceof ValidationError && e.key === "options.zarrFormat");
    const metadata = (await readJson<StoreMetadata>(store, "/seisproc/metadata.json")) as StoreMetadata;
    await writeJson(store, "/seisproc/metadata.json", { ...metadata, formatVersion: 1 });
    assert.match((await validateStore(store)).problems[0].detail, /Zarr format 3 needs store format version 2/);
  });

  it("blosc frames: round trips for every element size, small and incompressible chunks copied as c-blosc copies them", async () => {
    const noise = new Uint8Array(randomBytes(5000));
    const smooth = new Uint8Array(new Float32Array(4000).map((_, i) => Math.sin(i / 50)).buffer);
    for (const compressor of ["lz4", "zstd"] as const) {
      for (const [data, typesize] of [[smooth, 4], [smooth, 8], [smooth.subarray(2, 1001), 4], [noise, 1], [noise.subarray(0, 100), 2], [new Uint8Array(0), 4]] as const) {
        const frame = await encodeBloscFrame(data, typesize, compressor);
        assert.deepEqual(await decodeBloscFrame(frame), data, `${compressor}, ${data.length} bytes of ${typesize}`);
        assert.equal(frame[3], typesize);
      }
    }
    assert.equal((await encodeBloscFrame(noise, 1, "lz4"))[2] & 0x02, 0x02, "incompressible data is copied");
    assert.ok((await encodeBloscFrame(smooth, 4, "lz4")).length < smooth.length * 0.9, "shuffled smooth floats compress");
    await assert.rejects(encodeBloscFrame(smooth, 0, "lz4"), ValidationError);
    await assert.rejects(decodeBloscFrame(new Uint8Array(10)), ValidationError);
  });

  it("blosc frames written by numcodecs.js's WebAssembly blosc (several blocks, split, bit shuffle) decode to the same bytes", async () => {
    type Codec = { encode(d: Uint8Array): Promise<Uint8Array> };
    const Blosc = (await importEsm<{ default: { fromConfig(c: Record<string, unknown>): Codec } }>("numcodecs/blosc")).default;
    const data = new Uint8Array(new Float32Array(50000).map((_, i) => Math.sin(i / 70) * 1000 + (i % 13)).buffer);
    for (const cname of ["lz4", "zstd", "blosclz", "zlib"]) {
      for (const shuffle of [0, 1, 2]) {
        const frame = await Blosc.fromConfig({ cname, clevel: 5, shuffle, blocksize: 16384 }).encode(data);
        assert.deepEqual(await decodeBloscFrame(frame), data, `${cname}, shuffle ${shuffle}`);
      }
    }
  });
});

describe("Zarr format 3 from the command line", () => {
  const dir = tempDir("seisproc-zarr3-cli-");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("import --zarr-format 3, info names the format, validate passes; a bad --zarr-format is a usage error", async () => {
    const { seisproc } = await import("../helpers/cli");
    const file = path.join(dir, "line.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 2, channels: 10, samples: 50, seed: 1 });
    const root = path.join(dir, "line.seis");
    const imported = seisproc("import", file, root, "--zarr-format", "3");
    assert.equal(imported.code, 0, imported.stderr);
    assert.ok(readFileSync(path.join(root, "zarr.json"), "utf8").includes('"consolidated_metadata"'));
    const info = seisproc("info", root);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /format version 2, Zarr format 3/);
    const valid = seisproc("validate", root);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    const bad = seisproc("import", file, path.join(dir, "bad.seis"), "--zarr-format", "4");
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /--zarr-format must be one of 2, 3/);
  });
});
