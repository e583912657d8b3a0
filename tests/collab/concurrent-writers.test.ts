import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import { FileSystemConditionalStore } from "../../src/core/collab";
import { tempDir } from "../helpers/paths";
import { runWriters } from "./run-writers";

describe("8 processes editing one shared project at once lose no change", () => {
  it("in a directory (lock file, atomic writes, JSON-lines journal)", async () => {
    const dir = tempDir("seisproc-shared-");
    try {
      await runWriters("dir", dir, dir, { rounds: 5, initialNotes: "Shared survey notes." });
      const names = await fs.readdir(dir);
      assert.deepEqual(names.sort(), ["project.seisproc.journal.jsonl", "project.seisproc.json", "project.seisproc.json.bak"], "no lock, owner or temporary files left behind");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("in a conditional store (leases, compare-and-swap writes, one journal object per entry)", async () => {
    const root = tempDir("seisproc-shared-store-");
    try {
      await runWriters("fs-store", root, { store: new FileSystemConditionalStore(root), directory: `file://${root}` }, { rounds: 5, initialNotes: "" });
      const store = new FileSystemConditionalStore(root);
      const lease = JSON.parse(new TextDecoder().decode(await store.get("/project.seisproc.json.lease"))) as { released: boolean };
      assert.equal(lease.released, true, "the last writer released the lease");
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
