import { strict as assert } from "node:assert";
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { isSeisprocError, StorageError } from "../../src/core/errors";
import {
  FileSystemStore,
  MemoryStore,
  withRetry,
  writeJson,
  type FileOperations,
  type StoreKey,
} from "../../src/core/storage";
import { importEsm } from "../../src/core/util/esm";
import { tempDir } from "../helpers/paths";
import { collect, isValidation, rejectsWith, storeContractTests } from "../helpers/store-contract";

const dirs: string[] = [];
function freshDir(): string {
  const dir = tempDir("seisproc-storage-");
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const u8 = (...values: number[]): Uint8Array => new Uint8Array(values);

const isStorage = (e: unknown): e is StorageError => isSeisprocError(e, StorageError);

/** An errno-style error, as node:fs throws. */
const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: injected`), { code });

type AnyStore = FileSystemStore | MemoryStore;
const backends: Array<{ name: string; make: () => AnyStore }> = [
  { name: "FileSystemStore", make: () => new FileSystemStore(path.join(freshDir(), "store")) },
  { name: "MemoryStore", make: () => new MemoryStore() },
];

for (const { name, make } of backends) {
  describe(`${name}: the store contract`, () => storeContractTests(make, { valueBesideChildren: false }));
}

describe("FileSystemStore: files on disk", () => {
  it("keeps each key in the file of the same path under the root, creating directories", async () => {
    const root = path.join(freshDir(), "new", "root");
    const store = new FileSystemStore(root);
    await store.set("/traces/0.0", u8(7, 8));
    assert.deepEqual(readFileSync(path.join(root, "traces", "0.0")), Buffer.from([7, 8]));
    assert.equal(store.filePath("/traces/0.0"), path.join(root, "traces", "0.0"));
  });

  it("lists nothing, and reads undefined, when the root does not exist yet", async () => {
    const store = new FileSystemStore(path.join(freshDir(), "absent"));
    assert.deepEqual(await collect(store.list()), []);
    assert.equal(await store.get("/x"), undefined);
  });

  it("never writes outside the root for an escaping key", async () => {
    const dir = freshDir();
    const store = new FileSystemStore(path.join(dir, "root"));
    await rejectsWith(store.set("/../escaped" as StoreKey, u8(1)), isValidation);
    await rejectsWith(store.set("/..\\escaped" as StoreKey, u8(1)), isValidation);
    assert.equal(existsSync(path.join(dir, "escaped")), false);
    assert.deepEqual(readdirSync(dir), []);
  });

  it("writes atomically: a temp file in the same directory, complete before the rename, old value intact until then", async () => {
    const root = freshDir();
    const renames: Array<{ from: string; to: string; tempBytes: Buffer; targetBytes: Buffer }> = [];
    const spy: FileOperations = {
      ...fs,
      rename: async (from, to) => {
        renames.push({ from: String(from), to: String(to), tempBytes: await fs.readFile(from), targetBytes: await fs.readFile(to) });
        return fs.rename(from, to);
      },
    };
    const store = new FileSystemStore(root, { fs: spy });
    await new FileSystemStore(root).set("/arr/0.0", u8(1, 1, 1));
    const big = new Uint8Array(3 << 20).fill(2);
    await store.set("/arr/0.0", big);
    assert.equal(renames.length, 1);
    const [{ from, to, tempBytes, targetBytes }] = renames;
    assert.equal(to, path.join(root, "arr", "0.0"));
    assert.equal(path.dirname(from), path.dirname(to));
    assert.match(path.basename(from), /^\.0\.0\.partial-\d+-[0-9a-f]{8}$/);
    assert.deepEqual(targetBytes, Buffer.from([1, 1, 1]));
    assert.equal(tempBytes.length, big.length);
    assert.deepEqual(readdirSync(path.join(root, "arr")), ["0.0"]);
    assert.deepEqual(await store.get("/arr/0.0"), big);
  });

  it("syncs each write before its rename, and deferred writes together on flush (files, then their directories)", async () => {
    const root = freshDir();
    const synced: string[] = [];
    const spy: FileOperations = {
      ...fs,
      open: (async (file: string, flags?: string) => {
        const handle = await fs.open(file, flags);
        const sync = handle.sync.bind(handle);
        handle.sync = async () => {
          synced.push(path.relative(root, file).replace(/\.partial-.*$/, ".partial") || ".");
          return sync();
        };
        return handle;
      }) as typeof fs.open,
    };
    const store = new FileSystemStore(root, { fs: spy });
    await store.set("/a/now", u8(1));
    assert.deepEqual(synced, ["a/.now.partial"], "a plain write is synced before it replaces the old value");
    synced.length = 0;
    await store.set("/a/x", u8(2), { deferSync: true });
    await store.set("/b/y", u8(3), { deferSync: true });
    await store.set("/b/gone", u8(4), { deferSync: true });
    assert.deepEqual(synced, []);
    assert.deepEqual(await store.get("/b/y"), u8(3), "a deferred write is readable at once");
    await store.delete("/b/gone");
    await store.flush();
    assert.deepEqual(synced.sort(), ["a", "a/x", "b", "b/y"]);
    synced.length = 0;
    await store.flush();
    assert.deepEqual(synced, [], "nothing left to sync");

    // A failed flush keeps its files for the next one.
    let failing = true;
    const flaky = new FileSystemStore(root, {
      fs: { ...fs, open: (async (file: string, flags?: string) => (failing && flags === "r" ? Promise.reject(errno("EIO")) : fs.open(file, flags))) as typeof fs.open },
      retry: { attempts: 1 },
    });
    await flaky.set("/c/z", u8(5), { deferSync: true });
    const e = await rejectsWith(flaky.flush(), isStorage);
    assert.equal(e.operation, "flush");
    failing = false;
    await flaky.flush();
  });

  it("makes a directory removed since its last write again", async () => {
    const root = freshDir();
    const store = new FileSystemStore(root);
    await store.set("/d/one", u8(1));
    rmSync(path.join(root, "d"), { recursive: true });
    await store.set("/d/two", u8(2));
    assert.deepEqual(await store.get("/d/two"), u8(2));
  });

  it("leaves the old value and no temp file behind when the rename fails", async () => {
    const root = freshDir();
    const store = new FileSystemStore(root, { fs: { ...fs, rename: async () => Promise.reject(errno("EACCES")) } });
    await new FileSystemStore(root).set("/k", u8(1));
    const e = await rejectsWith(store.set("/k", u8(2, 2)), isStorage);
    assert.equal(e.transient, false);
    assert.equal(e.operation, "set");
    assert.equal(e.key, "/k");
    assert.equal(e.store, root);
    assert.match(e.message, /permission denied/);
    assert.deepEqual(readdirSync(root), ["k"]);
    assert.deepEqual(await store.get("/k"), u8(1));
  });

  it("skips temp files when listing, and refuses keys that look like them", async () => {
    const root = freshDir();
    const store = new FileSystemStore(root);
    await store.set("/a/x", u8(1));
    writeFileSync(path.join(root, "a", ".x.partial-123-deadbeef"), "half");
    assert.deepEqual(await collect(store.list()), ["/a/x"]);
    await rejectsWith(store.set("/a/.y.partial-1-0123abcd", u8(1)), isValidation);
  });

  it("reports a file standing where a directory is needed (EEXIST, ENOTDIR) as a permanent StorageError with advice", async () => {
    // A read-only situation that binds root too (chmod does not stop root, and tests run as root in CI).
    const root = freshDir();
    const store = new FileSystemStore(root);
    await store.set("/a", u8(1));
    for (const [key, code] of [["/a/b", "EEXIST"], ["/a/b/c", "ENOTDIR"]] as const) {
      const e = await rejectsWith(store.set(key, u8(2)), isStorage);
      assert.equal(e.transient, false);
      assert.equal(e.operation, "set");
      assert.equal(e.key, key);
      assert.equal(e.store, root);
      assert.equal((e.cause as NodeJS.ErrnoException).code, code);
      assert.ok(e.message.includes(store.filePath(key)), e.message);
      assert.match(e.message, new RegExp(`${code}: a file stands where a directory is needed.*delete that key or choose another`));
      assert.equal(await store.get(key), undefined);
    }
    assert.deepEqual(await collect(store.list()), ["/a"]);
  });

  it("reports a directory standing where the file should be (EISDIR) as a permanent StorageError", async () => {
    const root = freshDir();
    const store = new FileSystemStore(root);
    await store.set("/d/x", u8(1));
    const e = await rejectsWith(store.set("/d", u8(2)), isStorage);
    assert.equal(e.transient, false);
    assert.match(e.message, /a directory stands where the file should be/);
    assert.deepEqual(readdirSync(root), ["d"]);
  });

  it("retries a transient error (EBUSY twice, then success) and returns the value", async () => {
    const root = freshDir();
    await new FileSystemStore(root).set("/k", u8(5));
    let calls = 0;
    const flaky: FileOperations = {
      ...fs,
      open: (async (...args: Parameters<typeof fs.open>) => {
        calls++;
        if (calls <= 2) throw errno("EBUSY");
        return fs.open(...args);
      }) as typeof fs.open,
    };
    const store = new FileSystemStore(root, { fs: flaky, retry: { attempts: 4, baseDelayMs: 1 } });
    assert.deepEqual(await store.get("/k"), u8(5));
    assert.equal(calls, 3);
  });

  it("gives up on a transient error after the set attempts, with transient: true", async () => {
    let calls = 0;
    const busy: FileOperations = { ...fs, unlink: async () => { calls++; throw errno("EMFILE"); } };
    const store = new FileSystemStore(freshDir(), { fs: busy, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const e = await rejectsWith(store.delete("/k"), isStorage);
    assert.equal(calls, 3);
    assert.equal(e.transient, true);
    assert.equal(e.operation, "delete");
    assert.match(e.message, /EMFILE, still failing after 3 attempts: too many open files/);
  });

  it("does not retry a permanent error", async () => {
    let calls = 0;
    const denied: FileOperations = { ...fs, readdir: (async () => { calls++; throw errno("EACCES"); }) as unknown as typeof fs.readdir };
    const store = new FileSystemStore(freshDir(), { fs: denied, retry: { baseDelayMs: 1 } });
    const e = await rejectsWith(collect(store.list("/x/")), isStorage);
    assert.equal(calls, 1);
    assert.equal(e.operation, "list");
    assert.equal(e.key, "/x/");
  });

  it("is read by zarrita: a Zarr v2 float32 array written through set", async () => {
    const root = freshDir();
    const store = new FileSystemStore(root);
    await writeJson(store, "/.zgroup", { zarr_format: 2 });
    await writeJson(store, "/arr/.zarray", {
      shape: [4, 3],
      chunks: [2, 3],
      dtype: "<f4",
      compressor: null,
      fill_value: 0,
      order: "C",
      filters: null,
      zarr_format: 2,
    });
    const values = Float32Array.from({ length: 12 }, (_, i) => i * 1.5 - 2);
    const chunk = (i: number): Uint8Array => {
      const out = new Uint8Array(24);
      const view = new DataView(out.buffer);
      for (let j = 0; j < 6; j++) view.setFloat32(j * 4, values[i * 6 + j], true);
      return out;
    };
    await store.set("/arr/0.0", chunk(0));
    await store.set("/arr/1.0", chunk(1));

    const zarr = await importEsm<typeof import("zarrita")>("zarrita");
    const arr = await zarr.open.v2(zarr.root(store).resolve("arr"), { kind: "array" });
    assert.deepEqual(arr.shape, [4, 3]);
    assert.equal(arr.dtype, "float32");
    const got = await zarr.get(arr);
    assert.deepEqual(got.shape, [4, 3]);
    assert.deepEqual(Array.from(got.data as Float32Array), Array.from(values));
  });
});

describe("withRetry", () => {
  it("waits base, 2x base, ... capped at maxDelayMs between attempts", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 4) throw errno("EAGAIN");
        return "done";
      },
      { attempts: 4, baseDelayMs: 2, maxDelayMs: 5, isTransient: () => true, onRetry: (_e, _a, ms) => delays.push(ms) },
    );
    assert.equal(result, "done");
    assert.equal(calls, 4);
    assert.deepEqual(delays, [2, 4, 5]);
  });

  it("throws a non-transient error at once, and the last error when attempts run out", async () => {
    let calls = 0;
    const permanent = errno("EACCES");
    await assert.rejects(withRetry(async () => { calls++; throw permanent; }, { isTransient: () => false }), (e) => e === permanent);
    assert.equal(calls, 1);
    calls = 0;
    await assert.rejects(
      withRetry(async () => { calls++; throw errno(`EBUSY${calls}`); }, { attempts: 3, baseDelayMs: 0, isTransient: () => true }),
      /EBUSY3/,
    );
    assert.equal(calls, 3);
  });

  it("stops waiting when the signal aborts, rejecting with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    let calls = 0;
    const started = Date.now();
    const run = withRetry(async () => { calls++; throw errno("EBUSY"); }, {
      attempts: 5,
      baseDelayMs: 10_000,
      isTransient: () => true,
      signal: controller.signal,
      onRetry: () => controller.abort(reason),
    });
    await assert.rejects(run, (e) => e === reason);
    assert.equal(calls, 1);
    assert.ok(Date.now() - started < 5_000);
  });

  it("rejects a nonsensical attempt count", async () => {
    await rejectsWith(withRetry(async () => 1, { attempts: 0, isTransient: () => true }), isValidation);
  });
});
