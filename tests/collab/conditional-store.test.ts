import { strict as assert } from "node:assert";
import { promises as fs, readdirSync } from "node:fs";
import * as path from "node:path";
import { ConditionalMemoryStore, type ConditionalStore } from "../../src/core/cloud/conditional";
import { contentEtag, FileSystemConditionalStore } from "../../src/core/collab";
import type { MutableStore } from "../../src/core/storage/types";
import { tempDir } from "../helpers/paths";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

/** Every file under `dir`, recursively, relative to it (directories end in "/"). */
function tree(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(path.join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`]));
}

const backends: Array<{ name: string; make: () => { store: MutableStore & ConditionalStore; cleanup: () => Promise<void>; root?: string } }> = [
  {
    name: "FileSystemConditionalStore",
    make: () => {
      const root = tempDir("seisproc-cas-");
      return { store: new FileSystemConditionalStore(root), root, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
    },
  },
  { name: "ConditionalMemoryStore (the reference)", make: () => ({ store: new ConditionalMemoryStore(), cleanup: async () => undefined }) },
];

for (const backend of backends) {
  describe(`conditional writes: ${backend.name}`, () => {
    let env: ReturnType<(typeof backends)[number]["make"]>;
    beforeEach(() => (env = backend.make()));
    afterEach(() => env.cleanup());

    it("creates only when absent, replaces only when the tag matches, deletes only when it matches", async () => {
      const { store } = env;
      assert.equal(await store.getWithEtag("/a/lock"), undefined);
      const t1 = await store.putIfAbsent("/a/lock", bytes("one"));
      assert.equal(typeof t1, "string");
      assert.equal(await store.putIfAbsent("/a/lock", bytes("two")), undefined);
      assert.deepEqual(await store.getWithEtag("/a/lock"), { bytes: bytes("one"), etag: t1 });
      assert.equal(await store.putIfMatch("/a/lock", bytes("three"), '"not-the-tag"'), undefined);
      const t2 = await store.putIfMatch("/a/lock", bytes("three"), t1 as string);
      assert.notEqual(t2, undefined);
      assert.notEqual(t2, t1);
      assert.equal(await store.putIfMatch("/a/lock", bytes("four"), t1 as string), undefined, "an old tag no longer matches");
      assert.equal(text(await store.get("/a/lock")), "three");
      assert.equal(await store.deleteIfMatch("/a/lock", t1 as string), false);
      assert.equal(await store.deleteIfMatch("/a/lock", t2 as string), true);
      assert.equal(await store.get("/a/lock"), undefined);
      assert.equal(await store.putIfMatch("/a/lock", bytes("five"), t2 as string), undefined, "a deleted key matches no tag");
    });

    it("lets exactly one of many racing writers win each condition", async () => {
      const { store } = env;
      const created = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putIfAbsent("/race", bytes(`writer ${i}`))));
      assert.equal(created.filter((t) => t !== undefined).length, 1);
      const winner = created.findIndex((t) => t !== undefined);
      assert.equal(text(await store.get("/race")), `writer ${winner}`);
      const tag = created[winner] as string;
      const swapped = await Promise.all(Array.from({ length: 16 }, (_, i) => store.putIfMatch("/race", bytes(`swap ${i}`), tag)));
      assert.equal(swapped.filter((t) => t !== undefined).length, 1);
      assert.equal(text(await store.get("/race")), `swap ${swapped.findIndex((t) => t !== undefined)}`);
    });

    it("keeps a counter exact under concurrent compare-and-swap increments", async () => {
      const { store } = env;
      await store.putIfAbsent("/counter", bytes("0"));
      const increment = async (): Promise<void> => {
        for (;;) {
          const current = await store.getWithEtag("/counter");
          if (current === undefined) throw new Error("counter vanished");
          if ((await store.putIfMatch("/counter", bytes(String(Number(text(current.bytes)) + 1)), current.etag)) !== undefined) return;
        }
      };
      await Promise.all(Array.from({ length: 20 }, increment));
      assert.equal(text(await store.get("/counter")), "20");
    });
  });
}

describe("FileSystemConditionalStore on disk", () => {
  it("tags values with their content hash and leaves no temporary files or lock directories behind", async () => {
    const root = tempDir("seisproc-cas-");
    try {
      const store = new FileSystemConditionalStore(root);
      const tag = await store.putIfAbsent("/dir/value", bytes("hello"));
      assert.equal(tag, contentEtag(bytes("hello")));
      await store.putIfAbsent("/dir/value", bytes("again"));
      await store.putIfMatch("/dir/value", bytes("bye"), tag as string);
      await store.putIfMatch("/dir/value", bytes("never"), tag as string);
      assert.deepEqual(tree(root), ["dir/", "dir/value"]);
      assert.deepEqual(await fs.readFile(path.join(root, "dir", "value"), "utf8"), "bye");
      const keys: string[] = [];
      for await (const k of store.list("/")) keys.push(k);
      assert.deepEqual(keys, ["/dir/value"]);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
