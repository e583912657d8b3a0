/**
 * The store contract every backend keeps (local files, memory, S3, Azure): one suite, run by
 * tests/storage/stores.test.ts for the local stores and tests/cloud/object-stores.test.ts for the object stores.
 */
import { strict as assert } from "node:assert";
import type { AsyncMutable } from "@zarrita/storage";
import { isSeisprocError, ValidationError } from "../../src/core/errors";
import { readJson, writeJson, type MutableStore, type StoreKey } from "../../src/core/storage";

/** A store with ranged reads and sizes, as every backend has. */
export type ContractStore = MutableStore & { getRange: NonNullable<MutableStore["getRange"]>; size: NonNullable<MutableStore["size"]> };

/** What differs between backends. */
export interface ContractOptions {
  /** Whether `/a` and `/a/b` can both hold values (objects can; a file cannot also be a directory). */
  valueBesideChildren: boolean;
}

const u8 = (...values: number[]): Uint8Array => new Uint8Array(values);
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Every key a listing yields, in order. */
export async function collect(keys: AsyncIterable<StoreKey>): Promise<StoreKey[]> {
  const out: StoreKey[] = [];
  for await (const key of keys) out.push(key);
  return out;
}

/** Awaits `promise`, asserts it rejects with an error `check` accepts, and returns that error. */
export async function rejectsWith<E>(promise: Promise<unknown>, check: (e: unknown) => e is E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(check(error), `unexpected error: ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

/** Whether an error is SeisProc's ValidationError. */
export const isValidation = (e: unknown): e is ValidationError => isSeisprocError(e, ValidationError);

/** Declares the contract's tests (call inside a `describe`) for stores made by `make`, each one new and empty. */
export function storeContractTests(make: () => ContractStore, options: ContractOptions): void {
  it("is assignable to zarrita's AsyncMutable store type", () => {
    const store: AsyncMutable = make();
    assert.equal(typeof store.get, "function");
  });

  it("reads a missing key as undefined (get, getRange, size), without throwing", async () => {
    const store = make();
    assert.equal(await store.get("/missing"), undefined);
    assert.equal(await store.get("/no/such/nested/key"), undefined);
    assert.equal(await store.getRange("/missing", { offset: 0, length: 4 }), undefined);
    assert.equal(await store.getRange("/missing", { suffixLength: 4 }), undefined);
    assert.equal(await store.size("/missing"), undefined);
  });

  it("round-trips set and get, and a second set replaces the value", async () => {
    const store = make();
    await store.set("/a", u8(1, 2, 3));
    assert.deepEqual(await store.get("/a"), u8(1, 2, 3));
    await store.set("/a", u8(9));
    assert.deepEqual(await store.get("/a"), u8(9));
    assert.equal(await store.size("/a"), 1);
    await store.set("/empty", new Uint8Array(0));
    assert.deepEqual(await store.get("/empty"), new Uint8Array(0));
    assert.equal(await store.size("/empty"), 0);
  });

  it("keeps binary content byte for byte (every byte value, and 1 MiB of noise)", async () => {
    const store = make();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const noise = new Uint8Array(1 << 20);
    for (let i = 0, x = 12345; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    await store.set("/all", all);
    await store.set("/noise", noise);
    assert.deepEqual(await store.get("/all"), all);
    assert.deepEqual(await store.get("/noise"), noise);
    assert.equal(await store.size("/noise"), noise.length);
    assert.deepEqual(await store.getRange("/noise", { offset: 1000, length: 300_000 }), noise.subarray(1000, 301_000));
  });

  it("copies on set and get, so callers cannot change stored bytes (also for Buffer input)", async () => {
    const store = make();
    const input = Buffer.from([1, 2, 3]);
    await store.set("/k", input);
    input[0] = 99;
    const out = await store.get("/k");
    assert.ok(out !== undefined);
    out[1] = 99;
    assert.deepEqual(await store.get("/k"), u8(1, 2, 3));
  });

  it("reads ranges: offset/length, suffixLength, both cut short at the end", async () => {
    const store = make();
    await store.set("/r", u8(0, 1, 2, 3, 4, 5, 6, 7));
    assert.deepEqual(await store.getRange("/r", { offset: 2, length: 3 }), u8(2, 3, 4));
    assert.deepEqual(await store.getRange("/r", { offset: 6, length: 10 }), u8(6, 7));
    assert.deepEqual(await store.getRange("/r", { offset: 20, length: 2 }), new Uint8Array(0));
    assert.deepEqual(await store.getRange("/r", { offset: 8, length: 2 }), new Uint8Array(0));
    assert.deepEqual(await store.getRange("/r", { suffixLength: 3 }), u8(5, 6, 7));
    assert.deepEqual(await store.getRange("/r", { suffixLength: 100 }), u8(0, 1, 2, 3, 4, 5, 6, 7));
    assert.deepEqual(await store.getRange("/r", { suffixLength: 0 }), new Uint8Array(0));
    assert.deepEqual(await store.getRange("/r", { offset: 0, length: 0 }), new Uint8Array(0));
    await rejectsWith(store.getRange("/r", { offset: -1, length: 2 }), isValidation);
    await rejectsWith(store.getRange("/r", { suffixLength: 1.5 }), isValidation);
  });

  it("lists keys sorted, by string prefix, including nested keys", async () => {
    const store = make();
    for (const key of ["/b", "/a/2", "/a/10", "/a/1", "/arr/x/y/z", "/ab"] as const) await store.set(key, u8(1));
    assert.deepEqual(await collect(store.list()), ["/a/1", "/a/10", "/a/2", "/ab", "/arr/x/y/z", "/b"]);
    assert.deepEqual(await collect(store.list("/")), ["/a/1", "/a/10", "/a/2", "/ab", "/arr/x/y/z", "/b"]);
    assert.deepEqual(await collect(store.list("/a/")), ["/a/1", "/a/10", "/a/2"]);
    assert.deepEqual(await collect(store.list("/a/1")), ["/a/1", "/a/10"]);
    assert.deepEqual(await collect(store.list("/a")), ["/a/1", "/a/10", "/a/2", "/ab", "/arr/x/y/z"]);
    assert.deepEqual(await collect(store.list("/arr/x/")), ["/arr/x/y/z"]);
    assert.deepEqual(await collect(store.list("/nothing/")), []);
    assert.deepEqual(await collect(store.list("/b/")), []);
  });

  it("lists nothing in an empty store", async () => {
    assert.deepEqual(await collect(make().list()), []);
  });

  it("deletes: true when a value was removed, false when there was none", async () => {
    const store = make();
    await store.set("/d/x", u8(1));
    await store.set("/d/y", u8(2));
    assert.equal(await store.delete("/d/x"), true);
    assert.equal(await store.delete("/d/x"), false);
    assert.equal(await store.delete("/never"), false);
    assert.equal(await store.get("/d/x"), undefined);
    assert.deepEqual(await collect(store.list()), ["/d/y"]);
  });

  it(`treats a key that is only a prefix of other keys as missing${options.valueBesideChildren ? ", and may hold both /a and /a/b" : ""}`, async () => {
    const store = make();
    await store.set("/grp/arr/0.0", u8(1));
    assert.equal(await store.get("/grp/arr"), undefined);
    assert.equal(await store.getRange("/grp", { suffixLength: 1 }), undefined);
    assert.equal(await store.size("/grp"), undefined);
    assert.equal(await store.delete("/grp"), false);
    if (!options.valueBesideChildren) return;
    await store.set("/grp", u8(2));
    assert.deepEqual(await store.get("/grp"), u8(2));
    assert.deepEqual(await collect(store.list("/grp")), ["/grp", "/grp/arr/0.0"]);
  });

  it("rejects keys that could leave the store, with a ValidationError", async () => {
    const store = make();
    const bad = ["/../outside", "/a/../../outside", "/a/..", "/./a", "/a\\..\\b", "relative", "", "/a//b", "/a/", "/", "/a\0b"];
    for (const key of bad) {
      await rejectsWith(store.get(key as StoreKey), isValidation);
      await rejectsWith(store.set(key as StoreKey, u8(1)), isValidation);
      await rejectsWith(store.delete(key as StoreKey), isValidation);
    }
    await rejectsWith(collect(store.list("/../" as StoreKey)), isValidation);
    await rejectsWith(collect(store.list("//" as StoreKey)), isValidation);
    assert.deepEqual(await collect(store.list()), []);
  });

  it("rejects a get whose signal has already aborted", async () => {
    const store = make();
    await store.set("/k", u8(1));
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await assert.rejects(store.get("/k", { signal: controller.signal }));
  });

  it("round-trips JSON: pretty, newline-terminated; missing reads undefined; bad bytes name the key", async () => {
    const store = make();
    await writeJson(store, "/meta/.zattrs", { survey: "north", traces: [1, 2] });
    const text = new TextDecoder().decode(await store.get("/meta/.zattrs"));
    assert.equal(text, '{\n  "survey": "north",\n  "traces": [\n    1,\n    2\n  ]\n}\n');
    assert.deepEqual(await readJson(store, "/meta/.zattrs"), { survey: "north", traces: [1, 2] });
    assert.equal(await readJson(store, "/meta/missing.json"), undefined);
    await store.set("/bad.json", enc("{ nope"));
    const e = await rejectsWith(readJson(store, "/bad.json"), isValidation);
    assert.equal(e.key, "/bad.json");
    assert.match(e.message, /not valid JSON/);
    await store.set("/latin1.json", u8(0x22, 0xe9, 0x22));
    assert.match((await rejectsWith(readJson(store, "/latin1.json"), isValidation)).message, /not UTF-8/);
    await rejectsWith(writeJson(store, "/big.json", { n: 1n }), isValidation);
    await rejectsWith(writeJson(store, "/u.json", undefined), isValidation);
    assert.equal(await store.get("/big.json"), undefined);
  });

  it("serves many concurrent reads and writes correctly", async () => {
    const store = make();
    const keys = Array.from({ length: 30 }, (_, i) => `/c/${i}` as StoreKey);
    await Promise.all(keys.map((key, i) => store.set(key, u8(i, i + 1))));
    const values = await Promise.all(keys.map((key) => store.get(key)));
    values.forEach((v, i) => assert.deepEqual(v, u8(i, i + 1)));
    assert.equal((await collect(store.list("/c/"))).length, 30);
  });
}
