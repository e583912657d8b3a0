import { strict as assert } from "node:assert";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { AzureBlobStore, openStore, S3Store } from "../../src/core/cloud";
import { FileSystemStore, readJson, type MutableStore, type StoreKey } from "../../src/core/storage";
import { importSegy, LazySeismicData, STORE_KEYS, validateStore, ZarrDataStore, type StoreMetadata } from "../../src/core/store";
import { writeSurvey } from "../../src/core/synthetic";
import type { Logger } from "../../src/core/util/logger";
import { tempDir } from "../helpers/paths";
import { AZURITE_KEY, countFiles, filesContaining, s3Env, S3_ACCESS_KEY_ID, S3_SECRET, startAzurite, startFaultProxy, startS3rver, type AzuriteServer, type FaultProxy, type S3Server } from "./servers";

let s3: S3Server;
let azurite: AzuriteServer;
let proxy: FaultProxy;
let dir: string;
let sgy: string;
let reference: FileSystemStore;
const logLines: string[] = [];
const logger: Logger = { log: (level, message, fields) => logLines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
let restoreEnv: () => void;

/** Every key of a store with its bytes. */
async function contents(store: MutableStore): Promise<Map<StoreKey, Uint8Array>> {
  const out = new Map<StoreKey, Uint8Array>();
  for await (const key of store.list()) out.set(key, (await store.get(key))!);
  return out;
}

/** JSON documents whose fields differ between two imports of the same bytes by nature: times, ids, the source path. */
const VOLATILE = new Set(["createdAt", "completedAt", "datasetId"]);
function stable(key: StoreKey, bytes: Uint8Array, dropPath: boolean): unknown {
  if (!key.endsWith(".json") && !key.endsWith("COMPLETE") && !key.endsWith(".zattrs")) return Buffer.from(bytes).toString("base64");
  const strip = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(strip) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([k]) => !VOLATILE.has(k) && !(dropPath && k === "path")).map(([k, x]) => [k, strip(x)])) : v;
  return strip(JSON.parse(Buffer.from(bytes).toString("utf8")));
}

/** Asserts that two stores hold the same keys and values (modulo times and ids, and the source path if asked). */
async function assertSameStore(actual: MutableStore, expected: MutableStore, what: string, dropPath = false): Promise<void> {
  const [a, e] = await Promise.all([contents(actual), contents(expected)]);
  assert.deepEqual([...a.keys()], [...e.keys()], `${what}: keys`);
  assert.ok(a.size > 10, `${what}: a real store (${a.size} keys)`);
  for (const [key, bytes] of e) assert.deepEqual(stable(key, a.get(key)!, dropPath), stable(key, bytes, dropPath), `${what}: ${key}`);
}

/** Asserts that every gather of two datasets has the same samples and headers. */
async function assertSameData(actual: LazySeismicData, expected: LazySeismicData): Promise<void> {
  assert.deepEqual(actual.gatherKeys(), expected.gatherKeys());
  for (const key of expected.gatherKeys()) {
    const [ga, ge] = await Promise.all([actual.getGather(key), expected.getGather(key)]);
    assert.deepEqual(ga.traceIndices, ge.traceIndices);
    assert.deepEqual(ga.samples, ge.samples, `gather ${key} samples`);
    assert.deepEqual(ga.headers.toArray().map((r) => r.toJSON()), ge.headers.toArray().map((r) => r.toJSON()), `gather ${key} headers`);
  }
}

before(async function () {
  this.timeout(90_000);
  [s3, azurite] = await Promise.all([startS3rver(["data"]), startAzurite()]);
  // A pass-through proxy in front of s3rver, to see the requests.
  proxy = await startFaultProxy(s3.endpoint, () => "pass");
  const { BlobServiceClient } = await import("@azure/storage-blob");
  await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("data").create();
  const env = { ...s3Env(proxy.endpoint), AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_ACCOUNT: undefined, AZURE_STORAGE_KEY: undefined };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  apply(env);
  restoreEnv = () => apply(saved);
  dir = tempDir("seisproc-cloud-data-");
  sgy = path.join(dir, "shots.sgy");
  await writeSurvey(sgy, { kind: "shots-2d", shots: 6, channels: 40, samples: 250, seed: 2 }, { format: 1 });
  reference = new FileSystemStore(path.join(dir, "reference.seis"));
  await importSegy(sgy, reference, { chunkTraces: 40, segmentBytes: 80_000, logger });
  // The raw SEG-Y as an object on both servers.
  await openStore("s3://data/raw").set("/shots.sgy", readFileSync(sgy));
  await openStore("az://data/raw").set("/shots.sgy", readFileSync(sgy));
});

after(async () => {
  restoreEnv?.();
  await proxy?.close();
  await Promise.all([s3?.close(), azurite?.close()]);
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("trace stores on object storage: import, read, validate, export", () => {
  it("a store written to s3rver and to Azurite reads back identically to the local one and validates", async () => {
    const local = await LazySeismicData.open(reference, "reference");
    const localReport = await validateStore(reference);
    assert.equal(localReport.ok, true);
    // Both servers at once: s3rver runs in this process, Azurite in its own.
    await Promise.all(["s3://data/stores/shots.seis", "az://data/stores/shots.seis"].map(async (location) => {
      const store = openStore(location, { s3: { logger }, azure: { logger } });
      assert.ok(store instanceof S3Store || store instanceof AzureBlobStore);
      const report = await importSegy(sgy, store, { chunkTraces: 40, segmentBytes: 80_000, logger });
      assert.equal(report.traceCount, 240);
      assert.ok(report.writtenSegments > 1, "several segments");
      await assertSameStore(store, reference, location);
      const validation = await validateStore(store);
      assert.equal(validation.ok, true, JSON.stringify(validation.problems));
      assert.deepEqual(validation.checked, localReport.checked);
      const remote = await LazySeismicData.open(openStore(location), location);
      assert.equal(remote.traceCount, 240);
      await assertSameData(remote, local);
    }));
  });

  it("a dataset imported from a SEG-Y object on s3rver equals the one imported from the local file, read with ranged requests only", async () => {
    const before = proxy.requests.length;
    const fromObject = new FileSystemStore(path.join(dir, "from-s3.seis"));
    await importSegy("s3://data/raw/shots.sgy", fromObject, { chunkTraces: 40, segmentBytes: 80_000, logger });
    await assertSameStore(fromObject, reference, "local store from s3://", true);
    const metadata = (await readJson<StoreMetadata>(fromObject, STORE_KEYS.metadata))!;
    const expected = (await readJson<StoreMetadata>(reference, STORE_KEYS.metadata))!;
    assert.equal(metadata.source.path, "s3://data/raw/shots.sgy", "the URL is recorded as it was given");
    assert.equal(metadata.source.sha256, expected.source.sha256, "the checksum of the object is the file's");
    assert.equal(metadata.source.size, expected.source.size);
    const gets = proxy.requests.slice(before).filter((r) => r.method === "GET" && r.url.includes("raw/shots.sgy"));
    assert.ok(gets.length >= 1 && gets.every((r) => r.range !== undefined && /^bytes=\d+-\d+$/.test(r.range)), `ranged GETs only: ${JSON.stringify(gets)}`);
    const fetched = gets.reduce((sum, r) => {
      const [a, b] = r.range!.slice(6).split("-").map(Number);
      return sum + (b - a + 1);
    }, 0);
    const size = readFileSync(sgy).length;
    assert.ok(fetched <= size + 64 * 1024, `fetched ${fetched} bytes of a ${size}-byte file: no second download for the checksum`);
  });

  it("imports a SEG-Y object into an object store (s3:// to s3://, az:// to az://) with the same result", async () => {
    const pairs = [
      ["s3://data/raw/shots.sgy", "s3://data/stores/from-object.seis"],
      ["az://data/raw/shots.sgy", "az://data/stores/from-object.seis"],
    ];
    await Promise.all(pairs.map(async ([source, target]) => {
      const store = openStore(target);
      await importSegy(source, store, { chunkTraces: 40, segmentBytes: 80_000, logger });
      await assertSameStore(store, reference, `${source} -> ${target}`, true);
      assert.equal((await validateStore(store)).ok, true);
    }));
  });

  it("an interrupted import into S3 resumes where it stopped", async () => {
    const store = openStore("s3://data/stores/resumed.seis");
    const controller = new AbortController();
    await assert.rejects(
      importSegy(sgy, store, {
        chunkTraces: 40,
        segmentBytes: 80_000,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "traces" && p.done >= 120) controller.abort(new Error("stop"));
        },
      }),
    );
    assert.ok((await store.get(STORE_KEYS.progress)) !== undefined, "progress recorded");
    assert.equal(await store.get(STORE_KEYS.complete), undefined);
    const report = await importSegy(sgy, store, { chunkTraces: 40, segmentBytes: 80_000 });
    assert.ok(report.resumedSegments > 0, "resumed");
    await assertSameStore(store, reference, "resumed");
  });

  it("ZarrDataStore takes URLs: load from s3:// and az://, export to s3:// and az:// byte for byte", async () => {
    const stores = new ZarrDataStore();
    for (const [location, out] of [
      ["s3://data/stores/shots.seis", "s3://data/exports/shots.sgy"],
      ["az://data/stores/shots.seis", "az://data/exports/shots.sgy"],
    ]) {
      const data = await stores.loadDataset(location);
      const result = await stores.export(data.id, out, "segy");
      assert.equal(result.path, out);
      assert.equal(result.traceCount, 240);
      const parent = out.slice(0, out.lastIndexOf("/"));
      const exported = await openStore(parent).get(`/${out.slice(parent.length + 1)}` as StoreKey);
      assert.ok(exported !== undefined && Buffer.from(exported).equals(readFileSync(sgy)), `${out} is the imported file, byte for byte`);
    }
    await stores.saveDataset("az://data/raw/shots.sgy", "memory://saved");
    assert.equal((await stores.loadDataset("memory://saved")).traceCount, 240);
  });

  it("no credential appears in any file or log written during these tests", async () => {
    const secrets = [S3_SECRET, AZURITE_KEY];
    const ours = [dir];
    assert.ok(countFiles(ours) > 20, "the grep looks at real files");
    assert.deepEqual(filesContaining(ours, [...secrets, S3_ACCESS_KEY_ID]), []);
    // The servers' own storage (s3rver keeps objects and their metadata as files) holds no secret either.
    assert.deepEqual(filesContaining([s3.dir], secrets), []);
    assert.ok(logLines.length > 5, "logs were captured");
    const log = logLines.join("\n");
    for (const secret of secrets) assert.ok(!log.includes(secret), "a secret in the log");
    assert.ok(!azurite.output().includes(AZURITE_KEY));
  });
});
