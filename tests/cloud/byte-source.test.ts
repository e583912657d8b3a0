import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { FileAccessError, ValidationError } from "../../src/core/errors";
import { ObjectByteSource, openByteSource, S3Store, type RangedObjects } from "../../src/core/cloud";
import { FileByteSource, SegyReader } from "../../src/core/segy";
import type { GetOptions, RangeQuery, StoreKey } from "../../src/core/storage";
import { writeSurvey } from "../../src/core/synthetic";
import { tempDir } from "../helpers/paths";
import { s3Env, S3_ACCESS_KEY_ID, S3_SECRET, startS3rver, withEnv, type S3Server } from "./servers";

let s3: S3Server;
let store: S3Store;
let dir: string;
let sgy: string;
let bytes: Buffer;

/** The store, counting ranged reads, the bytes they return and how many run at once. */
function counting(inner: S3Store): RangedObjects & { requests: Array<{ offset: number; length: number }>; fetched: number; maxInFlight: number } {
  let inFlight = 0;
  const counter = {
    requests: [] as Array<{ offset: number; length: number }>,
    fetched: 0,
    maxInFlight: 0,
    async getRange(key: StoreKey, range: RangeQuery, options?: GetOptions) {
      assert.ok("offset" in range);
      counter.requests.push({ offset: range.offset, length: range.length });
      inFlight++;
      counter.maxInFlight = Math.max(counter.maxInFlight, inFlight);
      try {
        const out = await inner.getRange(key, range, options);
        counter.fetched += out?.length ?? 0;
        return out;
      } finally {
        inFlight--;
      }
    },
    stat: (key: StoreKey, options?: GetOptions) => inner.stat(key, options),
  };
  return counter;
}

before(async function () {
  this.timeout(60_000);
  s3 = await startS3rver(["src"]);
  store = new S3Store({ bucket: "src", endpoint: s3.endpoint, credentials: { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET } });
  dir = tempDir("seisproc-bytesource-");
  sgy = path.join(dir, "line.sgy");
  await writeSurvey(sgy, { kind: "shots-2d", shots: 5, channels: 48, samples: 500, seed: 11 }, { format: 1 });
  bytes = readFileSync(sgy);
  await store.set("/raw/line.sgy", bytes);
});
after(async () => {
  store?.destroy();
  await s3?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

describe("ObjectByteSource: SEG-Y bytes from an object by ranged reads", () => {
  it("sequential reads are served from blocks fetched ahead in parallel, each block once; the SHA-256 then costs nothing", async () => {
    const objects = counting(store);
    const source = await ObjectByteSource.open(objects, "/raw/line.sgy", { blockBytes: 64 << 10, readAhead: 4 });
    assert.equal(source.size, bytes.length);
    const out = Buffer.alloc(bytes.length);
    for (let offset = 0; offset < bytes.length; offset += 10_000) out.set(await source.read(offset, 10_000), offset);
    assert.ok(out.equals(bytes));
    const blocks = Math.ceil(bytes.length / (64 << 10));
    assert.equal(objects.fetched, bytes.length, "every byte fetched exactly once");
    assert.equal(objects.requests.length, blocks);
    assert.ok(objects.maxInFlight > 1, `read-ahead ran in parallel (max ${objects.maxInFlight})`);
    const requestsBefore = objects.requests.length;
    assert.equal(await source.sha256(), sha256(bytes));
    assert.equal(objects.requests.length, requestsBefore, "the checksum needed no request");
    await source.close();
  });

  it("scattered small reads are single ranged requests of just those bytes", async () => {
    const objects = counting(store);
    const source = await ObjectByteSource.open(objects, "/raw/line.sgy", { blockBytes: 256 << 10 });
    for (const offset of [400_000, 3600, 520_000, 150_000]) {
      assert.deepEqual(Buffer.from(await source.read(offset, 240)), bytes.subarray(offset, offset + 240));
    }
    assert.deepEqual(objects.requests, [400_000, 3600, 520_000, 150_000].map((offset) => ({ offset, length: 240 })));
    // Reads past the end are cut short, as from a file.
    assert.deepEqual(Buffer.from(await source.read(bytes.length - 10, 100)), bytes.subarray(bytes.length - 10));
    assert.equal((await source.read(bytes.length, 100)).length, 0);
    const into = new Uint8Array(300);
    const view = await source.read(1000, 240, into);
    assert.equal(view.buffer, into.buffer, "reads into the caller's buffer");
    await source.close();
  });

  it("computes the SHA-256 of an object it has not read, reading it once", async () => {
    const objects = counting(store);
    const source = await ObjectByteSource.open(objects, "/raw/line.sgy", { blockBytes: 100_000, readAhead: 3 });
    const progress: number[] = [];
    assert.equal(await source.sha256((done) => progress.push(done)), sha256(bytes));
    assert.equal(objects.fetched, bytes.length);
    assert.equal(progress.at(-1), bytes.length);
    await source.close();
  });

  it("the SEG-Y reader reads the same traces from the object as from the file", async () => {
    const [fromObject, fromFile] = await Promise.all([SegyReader.open(await ObjectByteSource.open(store, "/raw/line.sgy", { name: "s3://src/raw/line.sgy", blockBytes: 128 << 10 })), SegyReader.open(sgy)]);
    assert.equal(fromObject.path, "s3://src/raw/line.sgy");
    assert.equal(fromObject.traceCount, fromFile.traceCount);
    for (const [start, count] of [[0, 48], [100, 7], [239, 1]]) {
      const [a, b] = await Promise.all([fromObject.readTraces(start, count), fromFile.readTraces(start, count)]);
      assert.deepEqual(a.samples, b.samples);
      assert.deepEqual(a.rawHeaders, b.rawHeaders);
    }
    await Promise.all([fromObject.close(), fromFile.close()]);
  });

  it("a missing object is a FileAccessError naming it; an object that changes while read is reported, not mixed", async () => {
    await withEnv(s3Env(s3.endpoint), async () => {
      await assert.rejects(openByteSource("s3://src/raw/missing.sgy"), (e: unknown) => e instanceof FileAccessError && /^s3:\/\/src\/raw\/missing\.sgy: no such object/.test(e.message));
    });
    await store.set("/raw/changing.sgy", bytes);
    const source = await ObjectByteSource.open(store, "/raw/changing.sgy", { blockBytes: 64 << 10, readAhead: 0 });
    await source.read(0, 1000);
    await store.set("/raw/changing.sgy", bytes.subarray(0, 100_000));
    await assert.rejects(source.read(300_000, 1000), (e: unknown) => e instanceof FileAccessError && /changed while it was read/.test(e.message));
    await store.delete("/raw/changing.sgy");
    await assert.rejects(source.read(200_000, 1000), (e: unknown) => e instanceof FileAccessError && /deleted while it was read/.test(e.message));
    await source.close();
  });

  it("openByteSource: a path is a local file, a bucket or memory:// is not a file", async () => {
    const local = await openByteSource(sgy);
    assert.ok(local instanceof FileByteSource);
    await local.close();
    const viaUrl = await openByteSource(`file://${sgy}`);
    assert.ok(viaUrl instanceof FileByteSource);
    await viaUrl.close();
    await assert.rejects(openByteSource("s3://src"), (e: unknown) => e instanceof ValidationError && /names a bucket, not a file/.test(e.message));
    await assert.rejects(openByteSource("az://src/"), (e: unknown) => e instanceof ValidationError && /names a container, not a file/.test(e.message));
    await assert.rejects(openByteSource("memory://x"), (e: unknown) => e instanceof ValidationError);
  });
});
