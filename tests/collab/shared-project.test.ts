import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { ConditionalMemoryStore } from "../../src/core/cloud/conditional";
import { FileLock, LockError, MergeConflictError, ReadOnlyError, SharedProject, type LockOwner, type SharedProjectLocation } from "../../src/core/collab";
import { ValidationError } from "../../src/core/errors";
import { projectFromJson, ProjectStateError } from "../../src/core/project";
import { MemoryStore } from "../../src/core/storage/memory-store";
import { tempDir } from "../helpers/paths";

const owner = (user: string): LockOwner => ({ id: `id-${user}`, host: "test-host", pid: 4000 + user.length, user });
const noCheck = { datasetCheck: async () => undefined };

/** Each kind of place a shared project can live, made fresh. */
const places: Array<{ name: string; make: () => Promise<{ location: SharedProjectLocation; readFile: () => Promise<string | undefined>; cleanup: () => Promise<void> }> }> = [
  {
    name: "a directory",
    make: async () => {
      const dir = tempDir("seisproc-shared-");
      const readFile = (): Promise<string | undefined> => fs.readFile(path.join(dir, "project.seisproc.json"), "utf8").catch(() => undefined);
      return { location: dir, readFile, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "a conditional object store",
    make: async () => {
      const store = new ConditionalMemoryStore();
      const readFile = async (): Promise<string | undefined> => {
        const b = await store.get("/project.seisproc.json");
        return b === undefined ? undefined : new TextDecoder().decode(b);
      };
      return { location: { store, directory: "memory://shared-test" }, readFile, cleanup: async () => undefined };
    },
  },
];

for (const place of places) {
  describe(`shared project in ${place.name}`, () => {
    let env: Awaited<ReturnType<(typeof places)[number]["make"]>>;
    beforeEach(async () => (env = await place.make()));
    afterEach(() => env.cleanup());

    it("merges two writers' non-conflicting changes and journals who did what", async () => {
      const ana = await SharedProject.create(env.location, { name: "North Sea", notes: "Start." }, { ...noCheck, owner: owner("ana") });
      const bo = await SharedProject.open(env.location, { ...noCheck, owner: owner("bo") });
      ana.manager.addDataset({ datasetId: "raw", name: "raw", storagePath: "data/raw.seis" });
      ana.manager.appendNotes("ana: imported raw");
      bo.manager.addDataset({ datasetId: "nmo", name: "nmo", storagePath: "data/nmo.seis" });
      bo.manager.appendNotes("bo: nmo done");
      bo.manager.rename("North Sea 2024");
      await ana.save();
      const merged = await bo.save();
      assert.deepEqual(merged.datasets.map((d) => d.datasetId), ["raw", "nmo"]);
      assert.equal(merged.notes, "Start.\n\nana: imported raw\n\nbo: nmo done");
      assert.equal(merged.name, "North Sea 2024");
      assert.deepEqual(projectFromJson((await env.readFile()) as string), merged, "the file holds the merge");
      assert.equal(bo.project, merged, "the manager holds the merge");
      // ana has not seen bo's changes yet; a save with nothing of her own brings them in without writing.
      assert.deepEqual(ana.project.datasets.map((d) => d.datasetId), ["raw"]);
      const text = await env.readFile();
      await ana.save();
      assert.deepEqual(ana.project.datasets.map((d) => d.datasetId), ["raw", "nmo"]);
      assert.equal(await env.readFile(), text);
      const log = await bo.changes();
      assert.deepEqual(
        log.map((e) => [e.who.user, e.action, e.target]),
        [
          ["ana", "project-created", ana.project.id],
          ["ana", "dataset-added", "raw"],
          ["ana", "notes-changed", "notes"],
          ["bo", "dataset-added", "nmo"],
          ["bo", "notes-changed", "notes"],
          ["bo", "renamed", "name"],
        ],
      );
      assert.match(log[4].summary, /bo: nmo done/);
      await ana.close();
      await bo.close();
    });

    it("keeps both writers' notes when both start from empty notes", async () => {
      const ana = await SharedProject.create(env.location, { name: "p" }, { ...noCheck, owner: owner("ana") });
      const bo = await SharedProject.open(env.location, { ...noCheck, owner: owner("bo") });
      ana.manager.appendNotes("ana was here");
      bo.manager.appendNotes("bo was here");
      await ana.save();
      assert.equal((await bo.save()).notes, "ana was here\nbo was here");
      await ana.close();
      await bo.close();
    });

    it("reports a real conflict with both versions and writes nothing, until told how to settle it", async () => {
      const ana = await SharedProject.create(env.location, { name: "North" }, { ...noCheck, owner: owner("ana") });
      const bo = await SharedProject.open(env.location, { ...noCheck, owner: owner("bo") });
      ana.manager.rename("North (ana)");
      bo.manager.rename("North (bo)");
      bo.manager.addDataset({ datasetId: "nmo", name: "nmo", storagePath: "data/nmo.seis" });
      await ana.save();
      const before = await env.readFile();
      const journalBefore = (await ana.changes()).length;
      const error = await bo.save().then(
        () => assert.fail("the save should have failed"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof MergeConflictError, String(error));
      assert.deepEqual(
        error.conflicts.map((c) => [c.path, c.base, c.ours, c.theirs]),
        [["name", "North", "North (bo)", "North (ana)"]],
      );
      assert.match(error.message, /name: ours "North \(bo\)", theirs "North \(ana\)"/);
      assert.equal((error.theirs as { name: string }).name, "North (ana)");
      assert.equal((error.ours as { name: string }).name, "North (bo)");
      assert.equal(await env.readFile(), before, "nothing was written");
      assert.equal((await ana.changes()).length, journalBefore, "nothing was journalled");
      assert.equal(bo.project.name, "North (bo)", "bo keeps his changes to settle");
      assert.equal(bo.manager.dirty, true);
      assert.equal(await bo.lock.holder(), undefined, "the lock was released");
      const settled = await bo.save({ onConflict: "theirs" });
      assert.equal(settled.name, "North (ana)");
      assert.deepEqual(settled.datasets.map((d) => d.datasetId), ["nmo"], "his other change got through");
      await ana.close();
      await bo.close();
    });

    it("refuses every save when opened read-only, and when marked read-only by someone", async () => {
      const ana = await SharedProject.create(env.location, { name: "North" }, { ...noCheck, owner: owner("ana") });
      const viewer = await SharedProject.open(env.location, { ...noCheck, readOnly: true });
      assert.equal(viewer.readOnly, true);
      viewer.manager.appendNotes("a viewer's note");
      await assert.rejects(viewer.save(), (e: unknown) => e instanceof ReadOnlyError && /opened read-only/.test(e.message));
      await assert.rejects(viewer.setReadOnly(false), (e: unknown) => e instanceof ReadOnlyError);
      await viewer.close(); // does not try to save
      const bo = await SharedProject.open(env.location, { ...noCheck, owner: owner("bo") });
      await ana.setReadOnly(true, "final version delivered");
      bo.manager.appendNotes("late note");
      const before = await env.readFile();
      await assert.rejects(bo.save(), (e: unknown) => e instanceof ReadOnlyError && /marked read-only by ana@test-host .*final version delivered/.test(e.message));
      assert.equal(bo.readOnly, true);
      assert.equal(await env.readFile(), before);
      const later = await SharedProject.open(env.location, noCheck);
      assert.equal(later.readOnly, true, "new sessions see the mark");
      await ana.setReadOnly(false);
      assert.equal((await bo.save()).notes, "late note");
      assert.equal(bo.readOnly, false);
      const actions = (await ana.changes()).map((e) => e.action);
      assert.deepEqual(actions.slice(1), ["marked-read-only", "marked-writable", "notes-changed"]);
      await ana.close();
      await bo.close();
      await later.close({ save: false });
    });
  });
}

describe("shared project locking", () => {
  it("waits for the lock another process holds and fails with the holder named when it stays taken", async () => {
    const dir = tempDir("seisproc-shared-");
    try {
      const shared = await SharedProject.create(dir, { name: "p" }, { ...noCheck, lockTimeoutMs: 0 });
      const held = await new FileLock(path.join(dir, "project.seisproc.json"), { owner: owner("carol") }).acquire();
      shared.manager.appendNotes("x");
      await assert.rejects(shared.save(), (e: unknown) => e instanceof LockError && e.problem === "timeout" && e.holder?.user === "carol");
      await held.release();
      assert.equal((await shared.save()).notes, "x");
      await shared.close();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("opening a directory without a project fails as the ProjectManager does, and creates nothing", async () => {
    const dir = tempDir("seisproc-shared-");
    try {
      const missing = path.join(dir, "no-project-here");
      await assert.rejects(SharedProject.open(missing, noCheck), (e: unknown) => e instanceof ProjectStateError && e.problem === "no-project-file");
      assert.deepEqual(await fs.readdir(dir), []);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("opens by URL (memory://) and refuses stores without conditional writes", async () => {
    const a = await SharedProject.create("memory://collab-url-test", { name: "p" }, noCheck);
    const b = await SharedProject.open("memory://collab-url-test", noCheck);
    assert.equal(b.project.id, a.project.id);
    await a.close();
    await b.close();
    await assert.rejects(SharedProject.open({ store: new MemoryStore() as never, directory: "memory://plain" }), (e: unknown) => e instanceof ValidationError && /conditional writes/.test(e.message));
  });
});
