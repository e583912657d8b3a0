import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { StorageError } from "../../src/core/errors";
import { AzureBlobStore, ConditionalMemoryStore, ConditionalWritesUnsupportedError, isConditionalStore, S3Store } from "../../src/core/cloud";
import { tempDir } from "../helpers/paths";
import { collect, rejectsWith, storeContractTests, type ContractStore } from "../helpers/store-contract";
import { startAzurite, startS3rver, S3_ACCESS_KEY_ID, S3_SECRET, type AzuriteServer, type S3Server } from "./servers";

const u8 = (...values: number[]): Uint8Array => new Uint8Array(values);
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);


let s3: S3Server;
let azurite: AzuriteServer;
const dirs: string[] = [];

before(async function () {
  this.timeout(60_000);
  [s3, azurite] = await Promise.all([startS3rver(["contract"]), startAzurite()]);
  const { BlobServiceClient } = await import("@azure/storage-blob");
  await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("contract").create();
});
after(async () => {
  await Promise.all([s3?.close(), azurite?.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const s3Store = (prefix: string, extra: Partial<ConstructorParameters<typeof S3Store>[0]> = {}): S3Store =>
  new S3Store({ bucket: "contract", prefix, endpoint: s3.endpoint, region: "us-east-1", credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET }, ...extra });
const azureStore = (prefix: string, extra: Partial<ConstructorParameters<typeof AzureBlobStore>[0]> = {}): AzureBlobStore =>
  new AzureBlobStore({ container: "contract", prefix, connectionString: azurite.connectionString, ...extra });

const backends: Array<{ name: string; make: () => ContractStore }> = [
  { name: "S3Store on s3rver", make: () => s3Store(`t/${randomUUID()}`) },
  { name: "AzureBlobStore on Azurite", make: () => azureStore(`t/${randomUUID()}`) },
  { name: "ConditionalMemoryStore (the reference)", make: () => new ConditionalMemoryStore() },
];

for (const { name, make } of backends) {
  describe(`${name}: the store contract, as FileSystemStore and MemoryStore keep it`, () => storeContractTests(make, { valueBesideChildren: true }));
}

describe("S3Store and AzureBlobStore: prefixes and object names", () => {
  it("keeps a store under its prefix: other prefixes do not see its keys", async () => {
    for (const make of [s3Store, azureStore]) {
      const root = `iso/${randomUUID()}`;
      const a = make(`${root}/a`);
      const ab = make(`${root}/ab`);
      const whole = make(root);
      await a.set("/x", u8(1));
      await ab.set("/y", u8(2));
      assert.deepEqual(await collect(a.list()), ["/x"]);
      assert.deepEqual(await collect(ab.list()), ["/y"]);
      assert.deepEqual(await collect(whole.list()), ["/a/x", "/ab/y"]);
      assert.equal(a.objectName("/x"), `${root}/a/x`);
      assert.equal(a.url.endsWith(`${root}/a`), true);
    }
  });

  it("lists sizes with the keys, from the listing itself, under the store's prefix", async () => {
    for (const make of [s3Store, azureStore]) {
      const root = `sizes/${randomUUID()}`;
      const store = make(`${root}/s`);
      await make(`${root}/sx`).set("/other", u8(9, 9)); // a neighbouring prefix stays out
      await store.set("/traces/1.0", new Uint8Array(1000));
      await store.set("/traces/0.0", u8(1, 2, 3));
      await store.set("/empty", new Uint8Array(0));
      const all: { key: string; size: number }[] = [];
      for await (const item of store.listSizes()) all.push(item);
      assert.deepEqual(all, [
        { key: "/empty", size: 0 },
        { key: "/traces/0.0", size: 3 },
        { key: "/traces/1.0", size: 1000 },
      ], store.url);
      const traces: string[] = [];
      for await (const item of store.listSizes("/traces/")) traces.push(`${item.key}=${item.size}`);
      assert.deepEqual(traces, ["/traces/0.0=3", "/traces/1.0=1000"]);
    }
  });

  it("a missing bucket or container is a StorageError that says so, not a missing key", async () => {
    const s3e = await rejectsWith(
      new S3Store({ bucket: "no-such-bucket", endpoint: s3.endpoint, credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET } }).get("/k"),
      (e): e is StorageError => e instanceof StorageError,
    );
    assert.match(s3e.message, /^s3:\/\/no-such-bucket: get \/k failed: the bucket "no-such-bucket" does not exist \(NoSuchBucket\)/);
    assert.equal(s3e.transient, false);
    const aze = await rejectsWith(new AzureBlobStore({ container: "no-such-container", connectionString: azurite.connectionString }).get("/k"), (e): e is StorageError => e instanceof StorageError);
    assert.match(aze.message, /^az:\/\/no-such-container: get \/k failed: the container "no-such-container" does not exist \(ContainerNotFound\)/);
  });

  it("uploads a file larger than a part as parts (S3 multipart, Azure blocks), appearing whole", async () => {
    const dir = tempDir("seisproc-upload-");
    dirs.push(dir);
    const file = path.join(dir, "big.bin");
    const bytes = new Uint8Array(2_500_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(file, bytes);
    for (const store of [s3Store(`up/${randomUUID()}`), azureStore(`up/${randomUUID()}`)]) {
      const progress: number[] = [];
      await store.uploadFile("/big.bin", file, { partBytes: 1 << 20, concurrency: 2, onProgress: (done) => progress.push(done) });
      assert.deepEqual(await store.get("/big.bin"), bytes, store.url);
      assert.equal(progress.length, 3, "three parts");
      assert.equal(Math.max(...progress), bytes.length);
      // A second upload replaces the value whole.
      writeFileSync(file, bytes.subarray(0, 1_500_000));
      await store.uploadFile("/big.bin", file, { partBytes: 1 << 20 });
      assert.deepEqual(await store.get("/big.bin"), bytes.subarray(0, 1_500_000));
      writeFileSync(file, bytes);
    }
  });
});

describe("conditional writes (If-None-Match: *, If-Match) for locks", () => {
  const conditionalBackends = [
    { name: "AzureBlobStore on Azurite", make: () => azureStore(`cond/${randomUUID()}`) },
    { name: "ConditionalMemoryStore", make: () => new ConditionalMemoryStore() },
  ];
  for (const { name, make } of conditionalBackends) {
    it(`${name}: putIfAbsent, putIfMatch, deleteIfMatch, getWithEtag follow the versions`, async () => {
      const store = make();
      assert.ok(isConditionalStore(store));
      assert.equal(await store.getWithEtag("/lock"), undefined);
      const first = await store.putIfAbsent("/lock", enc("owner-1"));
      assert.equal(typeof first, "string");
      assert.equal(await store.putIfAbsent("/lock", enc("owner-2")), undefined, "taken");
      const read = await store.getWithEtag("/lock");
      assert.deepEqual(read, { bytes: enc("owner-1"), etag: first });
      const second = await store.putIfMatch("/lock", enc("owner-1 renewed"), first!);
      assert.equal(typeof second, "string");
      assert.notEqual(second, first);
      assert.equal(await store.putIfMatch("/lock", enc("owner-2 steals"), first!), undefined, "stale tag");
      assert.equal(await store.deleteIfMatch("/lock", first!), false, "stale tag");
      assert.deepEqual((await store.getWithEtag("/lock"))?.bytes, enc("owner-1 renewed"));
      assert.equal(await store.deleteIfMatch("/lock", second!), true);
      assert.equal(await store.get("/lock"), undefined);
      assert.equal(await store.putIfMatch("/lock", enc("x"), second!), undefined, "gone");
      assert.equal(typeof (await store.putIfAbsent("/lock", enc("owner-3"))), "string", "free again");
    });

    it(`${name}: of 8 racing putIfAbsent calls exactly one wins`, async () => {
      const store = make();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.putIfAbsent("/race", enc(`writer-${i}`))));
      const winners = results.filter((r) => r !== undefined);
      assert.equal(winners.length, 1);
      const winner = results.findIndex((r) => r !== undefined);
      assert.deepEqual(await store.get("/race"), enc(`writer-${winner}`));
    });

    it(`${name}: of 8 racing putIfMatch calls on the same version exactly one wins`, async () => {
      const store = make();
      const tag = (await store.putIfAbsent("/counter", enc("0")))!;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.putIfMatch("/counter", enc(`${i + 1}`), tag)));
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });
  }

  it("s3rver 3.7.1 ignores If-None-Match and If-Match on PUT: the check refuses conditional writes there with a clear error", async () => {
    const store = s3Store(`cond/${randomUUID()}`);
    assert.ok(isConditionalStore(store));
    const e = await rejectsWith(store.putIfAbsent("/lock", enc("owner-1")), (x): x is ConditionalWritesUnsupportedError => x instanceof ConditionalWritesUnsupportedError);
    assert.match(e.message, /ignores If-None-Match: \* and If-Match on writes/);
    assert.match(e.message, /s3rver/);
    assert.equal(e.key, "/lock");
    assert.equal(await store.get("/lock"), undefined, "nothing written");
    assert.deepEqual(await collect(store.list()), [], "the probe object is gone");
    await rejectsWith(store.putIfMatch("/lock", enc("x"), '"tag"'), (x): x is ConditionalWritesUnsupportedError => x instanceof ConditionalWritesUnsupportedError);
  });

  it("s3rver with the check skipped (conditionalWrites: trust) shows why it is needed: the second putIfAbsent overwrites", async () => {
    const store = s3Store(`cond/${randomUUID()}`, { conditionalWrites: "trust" });
    assert.equal(typeof (await store.putIfAbsent("/lock", enc("owner-1"))), "string");
    const second = await store.putIfAbsent("/lock", enc("owner-2"));
    assert.equal(typeof second, "string", "s3rver accepted the second conditional write");
    assert.deepEqual(await store.get("/lock"), enc("owner-2"), "and overwrote the first owner's lock");
  });
});
