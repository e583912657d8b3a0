import { strict as assert } from "node:assert";
import { copyFileSync, promises as fs, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  datasetReferenceFrom,
  LocalProjectFile,
  MemoryStore,
  PROJECT_BACKUP_NAME,
  PROJECT_FILE_NAME,
  PROJECT_FORMAT_VERSION,
  ProjectFormatError,
  projectFromJson,
  ProjectManager,
  ProjectStateError,
  projectToJson,
  ProjectVersionError,
  StoreProjectFile,
  ValidationError,
  type LogLevel,
  type Project,
  type SaveStrategy,
} from "../../src";
import { repoRoot, tempDir } from "../helpers/paths";
import { importSmallSurvey } from "./survey";

const V0_FIXTURE = path.join(repoRoot, "tests", "project", "fixtures", "v0-project.seisproc.json");

/** A logger that keeps what it is given. */
function recordingLogger(): { logger: { log(level: LogLevel, message: string, fields?: Record<string, unknown>): void }; lines: Array<{ level: LogLevel; message: string }> } {
  const lines: Array<{ level: LogLevel; message: string }> = [];
  return { logger: { log: (level, message) => lines.push({ level, message }) }, lines };
}

function onDisk(dir: string, name = PROJECT_FILE_NAME): Project {
  return projectFromJson(readFileSync(path.join(dir, name), "utf8"));
}

async function rejectsWith<E>(promise: Promise<unknown>, kind: new (...args: never[]) => E, check: (e: E) => boolean = () => true): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.ok(check(error), (error as Error).message);
    return error;
  }
  assert.fail(`expected a ${kind.name}`);
}

describe("ProjectManager", function () {
  this.timeout(60_000);

  it("creates, changes, saves, closes and reopens a project with a real imported dataset", async () => {
    const root = tempDir();
    const dir = path.join(root, "north-sea");
    const data = await importSmallSurvey(root, "line1", path.join(dir, "data", "line1.seis"));
    const manager = new ProjectManager();
    const events: string[] = [];
    manager.on("project-opened", () => events.push("opened"));
    manager.on("project-changed", ({ change }) => events.push(change.kind));
    manager.on("project-saved", () => events.push("saved"));
    manager.on("project-closed", () => events.push("closed"));

    const created = await manager.create(dir, { name: "North Sea" });
    assert.equal(onDisk(dir).id, created.id);
    assert.equal(manager.dirty, false);

    const ref = manager.addDataset(datasetReferenceFrom(data, { storagePath: path.join(dir, "data", "line1.seis"), name: "line 1" }));
    assert.equal(ref.datasetId, data.id);
    assert.equal(ref.storagePath, "data/line1.seis", "a store inside the project directory is recorded relative to it");
    assert.equal(ref.metadata.traceCount, 72);
    assert.equal(ref.metadata.gatherCount, 6);
    manager.recordStep({ processorName: "agc", processorVersion: "1.0.0", parameters: { windowMs: 250 }, inputDatasetId: data.id, checksums: { output: "e".repeat(64) } });
    manager.setNotes("first look");
    manager.appendNotes("noisy near offsets");
    manager.rename("North Sea 2024");
    assert.equal(manager.dirty, true);
    assert.equal(onDisk(dir).datasets.length, 0, "changes stay in memory until saved");
    assert.ok(Object.isFrozen(manager.project) && Object.isFrozen(manager.project?.datasets[0].metadata));

    const saved = await manager.save();
    assert.equal(manager.dirty, false);
    assert.deepEqual(onDisk(dir), saved);
    assert.equal(onDisk(dir, PROJECT_BACKUP_NAME).datasets.length, 0, "the backup holds the version before the save");
    assert.equal(saved.notes, "first look\n\nnoisy near offsets");
    assert.equal(saved.processingHistory[0].checksum, "e".repeat(64), "the output checksum is the step's checksum by default");
    assert.ok(saved.modifiedAt >= saved.createdAt);
    await manager.close();
    assert.equal(manager.project, undefined);

    const report = await manager.open(dir);
    assert.deepEqual(report.project, saved);
    assert.deepEqual(report.missingDatasets, []);
    assert.equal(report.fromVersion, PROJECT_FORMAT_VERSION);
    assert.equal(manager.dirty, false);
    assert.deepEqual(manager.removeDataset(data.id), saved.datasets[0]);
    assert.equal(manager.removeDataset(data.id), undefined);
    await manager.close(); // saves the unsaved removal
    assert.deepEqual(onDisk(dir).datasets, []);
    assert.deepEqual(events, ["opened", "dataset-added", "step-recorded", "notes-changed", "notes-changed", "renamed", "saved", "closed", "opened", "dataset-removed", "saved", "closed"]);
  });

  it("opens a project whose dataset store is missing, and says which one", async () => {
    const root = tempDir();
    const dir = path.join(root, "p");
    const kept = await importSmallSurvey(root, "kept", path.join(dir, "data", "kept.seis"), 1);
    const gone = await importSmallSurvey(root, "gone", path.join(root, "elsewhere", "gone.seis"), 2);
    const manager = new ProjectManager();
    await manager.create(dir, { name: "p" });
    manager.addDataset(datasetReferenceFrom(kept, { storagePath: path.join(dir, "data", "kept.seis") }));
    manager.addDataset(datasetReferenceFrom(gone, { storagePath: path.join(root, "elsewhere", "gone.seis") }));
    manager.addDataset({ datasetId: "half", name: "half-imported", storagePath: "data/half.seis" });
    await fs.mkdir(path.join(dir, "data", "half.seis"), { recursive: true });
    await manager.close();
    await fs.rm(path.join(root, "elsewhere"), { recursive: true });

    const { logger, lines } = recordingLogger();
    const reopened = new ProjectManager({ logger });
    const report = await reopened.open(dir);
    assert.equal(report.project.datasets.length, 3, "the project opens with all its references");
    assert.deepEqual(
      report.missingDatasets.map((m) => [m.dataset.datasetId, m.resolvedPath, m.reason.split(" (")[0]]),
      [
        [gone.id, path.join(root, "elsewhere", "gone.seis"), "no such directory"],
        ["half", path.join(dir, "data", "half.seis"), "not a complete SeisProc trace store"],
      ],
    );
    assert.deepEqual(reopened.missingDatasets, report.missingDatasets);
    assert.equal(lines.filter((l) => l.level === "warn").length, 2);
    assert.match(lines[0].message, /gone.*missing: no such directory/);

    // Putting the store back and checking again clears it.
    await importSmallSurvey(root, "gone", path.join(root, "elsewhere", "gone.seis"), 2);
    assert.deepEqual((await reopened.checkDatasets()).map((m) => m.dataset.datasetId), ["half"]);
  });

  it("migrates a format-0 project on open and writes the current format on save, keeping the old file as backup", async () => {
    const dir = tempDir();
    copyFileSync(V0_FIXTURE, path.join(dir, PROJECT_FILE_NAME));
    const { logger, lines } = recordingLogger();
    const manager = new ProjectManager({ logger });
    const report = await manager.open(dir);
    assert.equal(report.fromVersion, 0);
    assert.equal(report.migrations.length, 1);
    assert.equal(report.missingDatasets.length, 2, "the fixture's stores do not exist here");
    assert.ok(lines.some((l) => l.level === "info" && /migrated/.test(l.message)));
    assert.equal(manager.dirty, true, "a migrated project has to be written in the new format");
    await manager.save();
    const written = JSON.parse(readFileSync(path.join(dir, PROJECT_FILE_NAME), "utf8")) as { formatVersion: number };
    assert.equal(written.formatVersion, PROJECT_FORMAT_VERSION);
    assert.equal(readFileSync(path.join(dir, PROJECT_BACKUP_NAME), "utf8"), readFileSync(V0_FIXTURE, "utf8"));
  });

  it("refuses a project from a newer SeisProc and leaves its file untouched", async () => {
    const dir = tempDir();
    const manager = new ProjectManager();
    await manager.create(dir, { name: "future" });
    await manager.close();
    const file = path.join(dir, PROJECT_FILE_NAME);
    const future = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    future.formatVersion = PROJECT_FORMAT_VERSION + 5;
    writeFileSync(file, JSON.stringify(future));
    const before = readFileSync(file, "utf8");
    await rejectsWith(manager.open(dir), ProjectVersionError, (e) => e.found === PROJECT_FORMAT_VERSION + 5 && e.location === file);
    assert.equal(readFileSync(file, "utf8"), before);
    assert.equal(manager.project, undefined);
  });

  it("a broken project file names the file and offers the backup, which opens and is restored on save", async () => {
    const dir = tempDir();
    const manager = new ProjectManager();
    await manager.create(dir, { name: "v1" });
    manager.setNotes("kept in the backup");
    await manager.save();
    manager.setNotes("lost to a broken disk");
    await manager.close();
    writeFileSync(path.join(dir, PROJECT_FILE_NAME), '{"formatVersion": 1, "id": "x", "na');
    const e = await rejectsWith(manager.open(dir), ProjectFormatError);
    assert.match(e.message, /project\.seisproc\.json: is not valid JSON/);
    assert.match(e.message, /fromBackup/);
    const report = await manager.open(dir, { fromBackup: true });
    assert.equal(report.project.notes, "kept in the backup");
    assert.equal(manager.dirty, true);
    await manager.close();
    assert.equal(onDisk(dir).notes, "kept in the backup");
  });

  it("says what is wrong when there is no project, one already exists, or one is already open", async () => {
    const dir = tempDir();
    const manager = new ProjectManager();
    await rejectsWith(manager.open(dir), ProjectStateError, (e) => e.problem === "no-project-file" && e.message.includes(dir));
    assert.throws(() => manager.addDataset({ datasetId: "a", name: "a", storagePath: "a.seis" }), (e: unknown) => e instanceof ProjectStateError && e.problem === "no-project-open");
    await rejectsWith(manager.save(), ProjectStateError, (e) => e.problem === "no-project-open");
    await rejectsWith(manager.close(), ProjectStateError, (e) => e.problem === "no-project-open");
    await manager.create(dir, { name: "one" });
    await rejectsWith(manager.create(tempDir(), { name: "two" }), ProjectStateError, (e) => e.problem === "project-already-open");
    await rejectsWith(manager.open(dir), ProjectStateError, (e) => e.problem === "project-already-open");
    await manager.close();
    await rejectsWith(new ProjectManager().create(dir, { name: "again" }), ProjectStateError, (e) => e.problem === "project-exists");
    // With only a backup left, the error says how to open it.
    renameSync(path.join(dir, PROJECT_FILE_NAME), path.join(dir, PROJECT_BACKUP_NAME));
    await rejectsWith(manager.open(dir), ProjectStateError, (e) => /fromBackup/.test(e.message));
  });

  it("rejects bad datasets and steps with ValidationErrors and changes nothing", async () => {
    const manager = new ProjectManager();
    await manager.create(tempDir(), { name: "v" });
    const before = manager.project;
    assert.throws(() => manager.addDataset({ datasetId: "", name: "x", storagePath: "x.seis" }), (e: unknown) => e instanceof ValidationError && e.key === "dataset.datasetId");
    assert.throws(() => manager.addDataset({ datasetId: "a", name: "x", storagePath: "x.seis", metadata: { when: new Date() as never } }), (e: unknown) => e instanceof ValidationError && e.key === "dataset.metadata.when");
    manager.addDataset({ datasetId: "a", name: "x", storagePath: "x.seis" });
    const afterAdd = manager.project;
    assert.throws(() => manager.addDataset({ datasetId: "a", name: "y", storagePath: "y.seis" }), (e: unknown) => e instanceof ValidationError && /already in project/.test(e.message));
    assert.throws(() => manager.recordStep({ processorName: "agc", processorVersion: "1", parameters: {}, inputDatasetId: "a", checksums: { output: "xyz" } }), (e: unknown) => e instanceof ValidationError && e.key === "step.checksums.output");
    const step = manager.recordStep({ id: "s1", processorName: "agc", processorVersion: "1", parameters: {}, inputDatasetId: "a" });
    assert.equal(step.outputDatasetId, null);
    assert.throws(() => manager.recordStep({ id: "s1", processorName: "agc", processorVersion: "1", parameters: {}, inputDatasetId: "a" }), ValidationError);
    assert.notEqual(before, afterAdd);
    assert.equal(manager.project?.datasets.length, 1);
    assert.equal(manager.project?.processingHistory.length, 1);
  });

  it("hands every save to the save strategy with the base and our version, and adopts what it wrote (the merge seam)", async () => {
    const dir = tempDir();
    const seen: Array<{ base: Project | undefined; ours: Project }> = [];
    // A stand-in for the collaboration layer: re-read the file, keep the other writer's datasets, write the union.
    const merging: SaveStrategy = async ({ file, base, ours }) => {
      seen.push({ base, ours });
      const text = await file.read();
      const theirs = text === undefined ? undefined : projectFromJson(text);
      const baseIds = new Set(base?.datasets.map((d) => d.datasetId));
      const theirNew = theirs?.datasets.filter((d) => !baseIds.has(d.datasetId) && !ours.datasets.some((o) => o.datasetId === d.datasetId)) ?? [];
      const merged = { ...ours, datasets: [...ours.datasets, ...theirNew] };
      await file.write(projectToJson(merged));
      return merged;
    };
    const alice = new ProjectManager({ saveStrategy: merging });
    const created = await alice.create(dir, { name: "shared" });
    assert.equal(seen[0].base, undefined);
    const bob = new ProjectManager({ saveStrategy: merging });
    await bob.open(dir);
    bob.addDataset({ datasetId: "bob-1", name: "bob's", storagePath: "bob.seis" });
    await bob.save();
    alice.addDataset({ datasetId: "alice-1", name: "alice's", storagePath: "alice.seis" });
    const merged = await alice.save();
    assert.deepEqual(seen[2].base, created, "alice's base is what she last wrote");
    assert.deepEqual(seen[2].ours.datasets.map((d) => d.datasetId), ["alice-1"]);
    assert.deepEqual(merged.datasets.map((d) => d.datasetId), ["alice-1", "bob-1"]);
    assert.deepEqual(alice.project, merged, "the manager holds what was written");
    assert.equal(alice.dirty, false);
    assert.deepEqual(onDisk(dir).datasets.map((d) => d.datasetId), ["alice-1", "bob-1"]);
  });

  it("changes made while a save runs stay unsaved, on top of what was saved", async () => {
    const dir = tempDir();
    let release: () => void = () => undefined;
    let slow = false;
    const gated: SaveStrategy = async ({ file, ours }) => {
      if (slow) await new Promise<void>((resolve) => (release = resolve));
      await file.write(projectToJson(ours));
      return ours;
    };
    const manager = new ProjectManager({ saveStrategy: gated });
    await manager.create(dir, { name: "p" });
    manager.setNotes("saved");
    slow = true;
    const saving = manager.save();
    await new Promise((resolve) => setImmediate(resolve));
    manager.rename("renamed during the save");
    release();
    const written = await saving;
    assert.equal(written.notes, "saved");
    assert.equal(written.name, "p");
    assert.equal(manager.project?.name, "renamed during the save");
    assert.equal(manager.dirty, true);
    slow = false;
    await manager.save();
    assert.equal(onDisk(dir).name, "renamed during the save");
  });

  it("keeps a project in any MutableStore through StoreProjectFile, with a backup", async () => {
    const store = new MemoryStore();
    const file = new StoreProjectFile(store, "memory://projects/demo");
    const manager = new ProjectManager();
    await manager.create(file, { name: "in memory" });
    manager.addDataset({ datasetId: "a", name: "a", storagePath: "data/a.seis" });
    await manager.close();
    assert.equal(file.location, "memory://projects/demo/project.seisproc.json");
    assert.equal(projectFromJson((await file.read()) as string).datasets[0].datasetId, "a");
    assert.equal(projectFromJson((await file.readBackup()) as string).datasets.length, 0);
    const report = await manager.open(file);
    assert.deepEqual(report.missingDatasets, [], "stores behind URLs are not checked by default");
    await manager.close();
    // A dataset check can be supplied for remote stores.
    const strict = new ProjectManager({ datasetCheck: async (resolved) => (resolved === "memory://projects/demo/data/a.seis" ? "not in the bucket" : undefined) });
    assert.deepEqual((await strict.open(file)).missingDatasets.map((m) => m.reason), ["not in the bucket"]);
  });

  it("LocalProjectFile writes atomically, keeps no partial files, and skips a backup of identical text", async () => {
    const dir = path.join(tempDir(), "new", "nested");
    const file = new LocalProjectFile(dir);
    assert.equal(await file.read(), undefined);
    await file.write("one\n");
    await file.write("two\n");
    await file.write("two\n");
    assert.equal(await file.read(), "two\n");
    assert.equal(await file.readBackup(), "one\n");
    assert.deepEqual((await fs.readdir(dir)).sort(), [PROJECT_FILE_NAME, PROJECT_BACKUP_NAME].sort());
  });
});
