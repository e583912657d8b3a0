import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ConditionalMemoryStore } from "../../src/core/cloud/conditional";
import { isReadOnly, readOnly, ReadOnlyError } from "../../src/core/collab";
import { FileSystemStore } from "../../src/core/storage/file-system-store";
import { tempDir } from "../helpers/paths";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

function refused(operation: string, key?: string): (e: unknown) => boolean {
  return (e) => e instanceof ReadOnlyError && e.operation === operation && e.key === key && e.tag === "ReadOnlyError" && /read-only/.test(e.message);
}

describe("read-only stores", () => {
  it("reads a file-system store as before and refuses every write, leaving the files untouched", async () => {
    const root = tempDir("seisproc-ro-");
    try {
      const writable = new FileSystemStore(root);
      await writable.set("/meta.json", bytes("{}"));
      const store = readOnly(writable);
      assert.equal(isReadOnly(store), true);
      assert.equal(isReadOnly(writable), false);
      assert.equal(readOnly(store), store, "wrapping twice gives the same wrapper");
      assert.deepEqual(await store.get("/meta.json"), bytes("{}"));
      assert.deepEqual(await store.getRange("/meta.json", { offset: 1, length: 1 }), bytes("}"));
      assert.equal(await store.size("/meta.json"), 2);
      const keys: string[] = [];
      for await (const k of store.list()) keys.push(k);
      assert.deepEqual(keys, ["/meta.json"]);
      assert.equal(store.root, writable.root);
      await assert.rejects(store.set("/meta.json", bytes("[]")), refused("set", "/meta.json"));
      await assert.rejects(store.set("/new", bytes("x")), refused("set", "/new"));
      await assert.rejects(store.delete("/meta.json"), refused("delete", "/meta.json"));
      assert.throws(() => Object.assign(store, { root: "/elsewhere" }), (e: unknown) => e instanceof ReadOnlyError);
      assert.deepEqual(await fs.readdir(root), ["meta.json"]);
      assert.equal(await fs.readFile(path.join(root, "meta.json"), "utf8"), "{}");
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it("refuses conditional writes and methods it does not know, but not conditional reads", async () => {
    const inner = new ConditionalMemoryStore();
    const tag = (await inner.putIfAbsent("/lock", bytes("a"))) as string;
    const store = readOnly(inner, "memory://test");
    assert.equal((await store.getWithEtag("/lock"))?.etag, tag);
    await assert.rejects(store.putIfAbsent("/other", bytes("b")), refused("putIfAbsent", "/other"));
    await assert.rejects(store.putIfMatch("/lock", bytes("b"), tag), refused("putIfMatch", "/lock"));
    await assert.rejects(store.deleteIfMatch("/lock", tag), refused("deleteIfMatch", "/lock"));
    await assert.rejects(store.delete("/lock"), (e: unknown) => e instanceof ReadOnlyError && /^memory:\/\/test: delete \/lock refused/.test(e.message));
    assert.deepEqual(await inner.get("/lock"), bytes("a"));
    const custom = readOnly({ get: async () => undefined, compact: async () => "compacted" });
    await assert.rejects(custom.compact(), refused("compact"));
  });
});
