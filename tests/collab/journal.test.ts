import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ConditionalMemoryStore } from "../../src/core/cloud/conditional";
import { currentOwner, FileJournal, FileSystemConditionalStore, StoreJournal, type ChangeJournal } from "../../src/core/collab";
import { MemoryStore } from "../../src/core/storage/memory-store";
import { tempDir } from "../helpers/paths";

async function checkJournal(journal: ChangeJournal): Promise<void> {
  assert.deepEqual(await journal.read(), []);
  const first = await journal.append([
    { action: "dataset-added", target: "d1", summary: "added dataset d1" },
    { action: "notes-changed", summary: "edited the notes", details: { added: "hi" } },
  ]);
  assert.equal(first.length, 2);
  assert.equal(first[0].who.id, currentOwner().id);
  assert.equal(first[1].target, "");
  const who = { id: "x", host: "h", pid: 7, user: "bo" };
  await journal.append([{ action: "renamed", summary: "renamed", who, at: "2999-01-01T00:00:00.000Z" }]);
  const all = await journal.read();
  assert.deepEqual(
    all.map((e) => [e.action, e.who.user]),
    [
      ["dataset-added", currentOwner().user],
      ["notes-changed", currentOwner().user],
      ["renamed", "bo"],
    ],
  );
  assert.deepEqual(all[1].details, { added: "hi" });
  assert.deepEqual((await journal.read({ limit: 1 })).map((e) => e.action), ["renamed"]);
  assert.deepEqual((await journal.read({ since: "2500-01-01T00:00:00Z" })).map((e) => e.action), ["renamed"]);
}

describe("change journal", () => {
  it("as JSON lines in a file: appends, reads back in order, filters", async () => {
    const dir = tempDir("seisproc-journal-");
    try {
      await checkJournal(new FileJournal(path.join(dir, "j.jsonl")));
      const lines = (await fs.readFile(path.join(dir, "j.jsonl"), "utf8")).split("\n");
      assert.equal(lines.length, 4, "three lines, newline-terminated");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("skips a line cut short by a crash, and keeps the next append on its own line", async () => {
    const dir = tempDir("seisproc-journal-");
    try {
      const file = path.join(dir, "j.jsonl");
      const journal = new FileJournal(file);
      await journal.append([{ action: "a", summary: "first" }]);
      await fs.appendFile(file, '{"id":"torn","at":"2024-');
      await journal.append([{ action: "b", summary: "after the crash" }]);
      assert.deepEqual((await journal.read()).map((e) => e.action), ["a", "b"]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("as one object per entry in a store (memory, conditional memory, file-system conditional)", async () => {
    const root = tempDir("seisproc-journal-");
    try {
      for (const store of [new MemoryStore(), new ConditionalMemoryStore(), new FileSystemConditionalStore(root)]) {
        const journal = new StoreJournal(store, "/p.journal/");
        await checkJournal(journal);
        const keys: string[] = [];
        for await (const k of store.list("/p.journal/")) keys.push(k);
        assert.equal(keys.length, 3);
        assert.ok(keys.every((k) => /^\/p\.journal\/\d{16}-\d{6}-[0-9a-f-]{36}\.json$/.test(k)), keys.join(", "));
        await store.set("/p.journal/0000000000000001-000000-damaged.json", new TextEncoder().encode("{"));
        assert.equal((await journal.read()).length, 3, "a damaged object is skipped");
      }
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
