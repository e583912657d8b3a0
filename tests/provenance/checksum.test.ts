import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import {
  asProvenanceStep,
  canonicalJson,
  canonicalSha256,
  CHECKSUM_ALGORITHM,
  checksumDifferences,
  type DatasetChecksum,
  datasetChecksum,
  importSegy,
  LazySeismicData,
  MemoryStore,
  ProvenanceError,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { importSurvey } from "../processing/fixtures";

describe("checksums", () => {
  const dir = tempDir("seisproc-checksum-");
  let raw: Awaited<ReturnType<typeof importSurvey>>;
  before(async () => {
    raw = await importSurvey(dir, "raw", { kind: "shots-2d", shots: 5, channels: 30, samples: 200, seed: 4 }, { chunkTraces: 64 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("hashes exactly what the documentation says: decoded samples and raw headers per block of chunkTraces traces", async () => {
    const data = raw.data;
    const { traceCount, samplesPerTrace, traceHeaderBytes, chunkTraces, dtype } = data.metadata;
    assert.equal(traceCount, 150);
    const lines = [CHECKSUM_ALGORITHM, `dtype ${dtype}`, `traces ${traceCount}`, `samples ${samplesPerTrace}`, `header-bytes ${traceHeaderBytes}`, `chunk-traces ${chunkTraces}`];
    for (let b = 0; b * chunkTraces < traceCount; b++) {
      const start = b * chunkTraces;
      const rows = Math.min(chunkTraces, traceCount - start);
      const samples = (await data.readTraces(start, rows)) as Float32Array;
      const headers = await data.readRawHeaders(Int32Array.from({ length: rows }, (_, i) => start + i));
      const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
      lines.push(`${b} ${sha(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength))} ${sha(headers)}`);
    }
    const expected = createHash("sha256").update(`${lines.join("\n")}\n`).digest("hex");
    const checksum = await datasetChecksum(data);
    assert.equal(checksum.digest, expected);
    assert.equal(checksum.blocks.length, 3);
  });

  it("does not depend on the compression, and changes with one sample bit", async () => {
    const digests = new Set<string>();
    for (const compression of ["lz4", "zstd", "none"] as const) {
      const store = new MemoryStore();
      await importSegy(raw.file, store, { chunkTraces: 64, compression });
      digests.add((await datasetChecksum(await LazySeismicData.open(store))).digest);
    }
    assert.deepEqual([...digests], [(await datasetChecksum(raw.data)).digest]);

    const store = new MemoryStore();
    await importSegy(raw.file, store, { chunkTraces: 64, compression: "none" });
    const chunk = (await store.get("/traces/1.0")) as Uint8Array;
    chunk[100] ^= 1;
    await store.set("/traces/1.0", chunk);
    const changed = await datasetChecksum(await LazySeismicData.open(store));
    assert.notEqual(changed.digest, [...digests][0]);
    assert.deepEqual(
      changed.blocks.map((b) => b.headers),
      (await datasetChecksum(raw.data)).blocks.map((b) => b.headers),
      "the headers are untouched",
    );
    const original = await datasetChecksum(raw.data);
    assert.deepEqual(
      original.blocks.map((b, i) => (b.samples === changed.blocks[i].samples ? "same" : "differs")),
      ["same", "differs", "same"],
    );
  });
});

describe("checksum differences", () => {
  const layout = { dtype: "float32" as const, traceCount: 100, samplesPerTrace: 10, traceHeaderBytes: 240, chunkTraces: 40 };
  const digest = (c: string): string => c.repeat(64);
  const checksum = (blocks: Array<[string, string]>): DatasetChecksum => ({ algorithm: CHECKSUM_ALGORITHM, digest: digest("0"), layout, blocks: blocks.map(([samples, headers]) => ({ samples: digest(samples), headers: digest(headers) })) });

  it("name each differing block's traces, part and chunk key, in the store's Zarr format", () => {
    const recorded = checksum([["a", "b"], ["c", "d"], ["e", "f"]]);
    const current = checksum([["a", "b"], ["c", "9"], ["8", "f"]]);
    const found = (format?: 2 | 3): unknown[] => checksumDifferences(recorded, current, format).map((d) => [d.block, d.firstTrace, d.lastTrace, d.part, d.key]);
    assert.deepEqual(found(), [[1, 40, 79, "headers", "/raw_headers/1.0"], [2, 80, 99, "samples", "/traces/2.0"]]);
    assert.deepEqual(found(3), [[1, 40, 79, "headers", "/raw_headers/c/1/0"], [2, 80, 99, "samples", "/traces/c/2/0"]]);
    assert.deepEqual(checksumDifferences(recorded, recorded), []);
  });
});

describe("canonical JSON", () => {
  it("sorts keys, drops whitespace, writes numbers in their shortest form and -0 as 0", () => {
    assert.equal(canonicalJson({ b: [1, 2.5, -0], a: { z: null, y: "é\n" }, c: true }), '{"a":{"y":"é\\n","z":null},"b":[1,2.5,0],"c":true}');
    assert.equal(canonicalSha256({ x: 1, y: 2 }), canonicalSha256({ y: 2, x: 1.0 }));
    assert.notEqual(canonicalSha256({ x: 1 }), canonicalSha256({ x: 1.0000001 }));
    assert.equal(canonicalSha256({}), createHash("sha256").update("{}").digest("hex"));
  });

  it("refuses values JSON cannot hold", () => {
    assert.throws(() => canonicalJson({ a: Number.NaN }), (e: unknown) => e instanceof ProvenanceError && /\$\.a is NaN/.test(e.message));
    assert.throws(() => canonicalJson({ f: () => 1 }), ProvenanceError);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => canonicalJson(loop), /refers back to itself/);
  });
});

describe("step records", () => {
  it("are checked field by field when read back", () => {
    const hex = "a".repeat(64);
    const step = {
      id: "s1",
      processorName: "agc",
      processorVersion: "1.0.0",
      parameters: { windowMs: 500, target: 1 },
      inputDatasetId: "in",
      outputDatasetId: "out",
      timestamp: "2024-01-01T00:00:00.000Z",
      durationMs: 5,
      checksum: hex,
      checksums: { algorithm: CHECKSUM_ALGORITHM, input: hex, parameters: hex, output: hex },
      software: { name: "seisproc", version: "0.1.0" },
    };
    assert.equal(asProvenanceStep(JSON.parse(JSON.stringify(step))).id, "s1");
    assert.throws(() => asProvenanceStep({ ...step, checksums: { ...step.checksums, output: "xyz" } }), (e: unknown) => e instanceof ProvenanceError && /checksums\.output must be 64 lowercase hex digits/.test(e.message));
    assert.throws(() => asProvenanceStep({ ...step, inputDatasetId: 3 }), /inputDatasetId must be a string/);
    assert.throws(() => asProvenanceStep([]), /must be an object/);
  });
});
