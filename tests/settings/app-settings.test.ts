import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  AppSettings,
  CONFIG_DIR_ENV,
  defaultSettings,
  isSeisprocError,
  resolveConfigDir,
  SETTINGS_VERSION,
  SettingsError,
  settingsJsonSchema,
  ValidationError,
  type Logger,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { makeStore } from "../navigation/fixtures";

const quiet: Logger = { log() {} };
const load = (configDir: string) => AppSettings.load({ configDir, logger: quiet });
const fileIn = (dir: string) => path.join(dir, "settings.json");
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

describe("AppSettings", function () {
  this.timeout(60000);

  it("finds its directory: the API's, else SEISPROC_CONFIG_DIR, else XDG_CONFIG_HOME, else ~/.config", () => {
    const env = { [CONFIG_DIR_ENV]: "/tmp/from-env", XDG_CONFIG_HOME: "/xdg" };
    assert.equal(resolveConfigDir({ configDir: "/tmp/api", env }), "/tmp/api");
    assert.equal(resolveConfigDir({ env }), "/tmp/from-env");
    assert.equal(resolveConfigDir({ env: { XDG_CONFIG_HOME: "/xdg" }, platform: "linux" }), "/xdg/seisproc");
    assert.equal(resolveConfigDir({ env: { XDG_CONFIG_HOME: "relative" }, home: "/home/ana", platform: "linux" }), "/home/ana/.config/seisproc");
    assert.equal(resolveConfigDir({ env: { APPDATA: "C:\\Users\\ana\\AppData\\Roaming" }, platform: "win32" }), path.join("C:\\Users\\ana\\AppData\\Roaming", "seisproc"));
  });

  it("uses the environment variable when the API gives no directory", async () => {
    const dir = tempDir("seisproc-settings-env-");
    const before = process.env[CONFIG_DIR_ENV];
    process.env[CONFIG_DIR_ENV] = dir;
    try {
      const settings = await AppSettings.load({ logger: quiet });
      assert.equal(settings.path, fileIn(dir));
    } finally {
      if (before === undefined) delete process.env[CONFIG_DIR_ENV];
      else process.env[CONFIG_DIR_ENV] = before;
    }
  });

  it("starts from defaults, saves atomically and reads back what it saved", async () => {
    const dir = path.join(tempDir("seisproc-settings-"), "nested", "config");
    const settings = await load(dir);
    assert.equal(settings.fileExisted, false);
    assert.deepEqual(settings.values(), defaultSettings());
    assert.deepEqual(settings.warnings, []);
    const changed: string[] = [];
    settings.on("changed", (e) => changed.push(e.key));
    settings.set("datasetCacheLimit", 5);
    settings.set("prefetch", { enabled: true, depth: 4, concurrency: 3 });
    settings.addLoadedDataset({ id: "d1", path: "/data/one.seis" });
    settings.setActiveDatasetId("d1");
    assert.equal(settings.hasUnsavedChanges, true);
    await settings.save();
    assert.deepEqual(changed, ["datasetCacheLimit", "prefetch", "loadedDatasets", "activeDatasetId"]);
    const onDisk = readJson(fileIn(dir));
    assert.equal(onDisk.version, SETTINGS_VERSION);
    assert.equal(onDisk.datasetCacheLimit, 5);
    assert.deepEqual(readdirSync(dir).sort(), ["settings.json"], "no temporary file or lock is left behind");
    const again = await load(dir);
    assert.deepEqual(again.values(), settings.values());
    assert.equal(again.get("loadedDatasets")[0].name, "one.seis");
    assert.equal(again.get("activeDatasetId"), "d1");
  });

  it("refuses bad values with a ValidationError naming the field", async () => {
    const settings = await load(tempDir("seisproc-settings-"));
    assert.throws(() => settings.set("datasetCacheLimit", 0), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "datasetCacheLimit");
    assert.throws(() => settings.set("prefetch", { enabled: true, depth: 9, concurrency: 2 }), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "prefetch.depth");
    assert.throws(() => settings.set("sessionState", { gain: 1, colormap: "gray", currentGatherId: 0 } as never), (e: unknown) => isSeisprocError(e, ValidationError) && e.key === "sessionState.viewport");
    assert.throws(() => settings.setActiveDatasetId("nope"), ValidationError);
    assert.equal(settings.hasUnsavedChanges, false);
  });

  for (const [label, text] of [
    ["garbage", "{ this is not json"],
    ["an empty file", ""],
    ["a JSON array", "[1, 2]"],
    ["a bad version", '{"version": "two"}'],
  ] as const) {
    it(`keeps a corrupted file (${label}) aside as a backup and uses defaults, with a warning`, async () => {
      const dir = tempDir("seisproc-settings-corrupt-");
      writeFileSync(fileIn(dir), text);
      const settings = await load(dir);
      assert.deepEqual(settings.values(), defaultSettings());
      assert.equal(settings.warnings.length, 1);
      const [warning] = settings.warnings;
      assert.equal(warning.kind, "corrupt");
      assert.ok(warning.backupPath !== undefined && readFileSync(warning.backupPath, "utf8") === text, "the backup holds the corrupted bytes");
      assert.match(path.basename(warning.backupPath), /^settings\.json\.corrupt-\d{8}T\d{6}Z-[0-9a-f]{4}$/);
      assert.equal(existsSync(fileIn(dir)), false, "the corrupted file was moved, not left in place");
      settings.set("autoLoadLastDataset", false);
      await settings.save();
      assert.equal(readJson(fileIn(dir)).autoLoadLastDataset, false);
    });
  }

  it("replaces invalid fields by their defaults, keeps the others and unknown keys, and backs the file up before overwriting it", async () => {
    const dir = tempDir("seisproc-settings-invalid-");
    const original = {
      version: 2,
      datasetCacheLimit: -4,
      autoLoadLastDataset: false,
      loadedDatasets: [{ id: "ok", path: "/a", name: "a", loadedAt: "2024-05-01T10:00:00Z" }, { id: "bad", path: 12 }],
      sessionState: { viewport: { timeMin: 0, timeMax: "far", traceMin: 0, traceMax: 10 }, gain: 3, colormap: "gray", currentGatherId: 7 },
      pluginSettings: { keep: "me" },
    };
    writeFileSync(fileIn(dir), JSON.stringify(original));
    const settings = await load(dir);
    assert.equal(settings.get("datasetCacheLimit"), 3);
    assert.equal(settings.get("autoLoadLastDataset"), false);
    assert.deepEqual(settings.get("loadedDatasets").map((d) => d.id), ["ok"]);
    assert.deepEqual(settings.get("sessionState"), { viewport: { timeMin: 0, timeMax: 1000, traceMin: 0, traceMax: 10 }, gain: 3, colormap: "gray", currentGatherId: 7 });
    assert.equal(settings.warnings[0].kind, "invalid-field");
    assert.deepEqual(settings.warnings[0].problems?.map((p) => p.path), ["loadedDatasets[1]", "datasetCacheLimit", "sessionState.viewport.timeMax"]);
    assert.equal(readFileSync(fileIn(dir), "utf8"), JSON.stringify(original), "loading alone does not touch the file");
    const warnings: string[] = [];
    settings.on("warning", (w) => warnings.push(w.kind));
    await settings.save();
    assert.deepEqual(warnings, ["invalid-field"]);
    const backups = readdirSync(dir).filter((n) => n.startsWith("settings.json.invalid-"));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(path.join(dir, backups[0]), "utf8"), JSON.stringify(original));
    const saved = readJson(fileIn(dir));
    assert.equal(saved.datasetCacheLimit, 3);
    assert.deepEqual(saved.pluginSettings, { keep: "me" }, "keys the schema does not know are kept");
  });

  it("migrates version 0 (no version) and version 1 (snake_case) files, keeping the old file as a backup", async () => {
    const dir = tempDir("seisproc-settings-migrate-");
    writeFileSync(fileIn(dir), JSON.stringify({ gather_cache_size: 5, theme: "dark" }));
    const v0 = await load(dir);
    assert.deepEqual(v0.warnings, []);
    assert.equal(v0.get("datasetCacheLimit"), 3);
    const v1 = {
      version: 1,
      loaded_datasets: [{ id: "x1", path: "/data/x.seis", name: "x", loaded_at: "2023-01-02T03:04:05Z" }],
      active_dataset_id: "x1",
      dataset_cache_limit: 4,
      auto_load_last_dataset: false,
      session_state: { viewport: { time_min: 100, time_max: 900, trace_min: 5, trace_max: 50 }, gain: 2.5, colormap: "gray", current_gather_id: 42 },
      prefetch_depth: 3,
    };
    writeFileSync(fileIn(dir), JSON.stringify(v1));
    const settings = await load(dir);
    assert.deepEqual(settings.warnings, []);
    const values = settings.values();
    assert.deepEqual(values.loadedDatasets, [{ id: "x1", path: "/data/x.seis", name: "x", loadedAt: "2023-01-02T03:04:05Z" }]);
    assert.equal(values.activeDatasetId, "x1");
    assert.equal(values.datasetCacheLimit, 4);
    assert.equal(values.autoLoadLastDataset, false);
    assert.deepEqual(values.sessionState, { viewport: { timeMin: 100, timeMax: 900, traceMin: 5, traceMax: 50 }, gain: 2.5, colormap: "gray", currentGatherId: 42 });
    assert.deepEqual(values.prefetch, { enabled: true, depth: 3, concurrency: 2 });
    await settings.save();
    assert.equal(readJson(fileIn(dir)).version, 2);
    assert.equal(readJson(fileIn(dir)).loaded_datasets, undefined);
    const backups = readdirSync(dir).filter((n) => n.startsWith("settings.json.v1-"));
    assert.equal(backups.length, 1);
    assert.deepEqual(readJson(path.join(dir, backups[0])), v1);
  });

  it("leaves a file from a newer version alone: defaults in memory, and saving is refused", async () => {
    const dir = tempDir("seisproc-settings-newer-");
    const text = JSON.stringify({ version: SETTINGS_VERSION + 1, somethingNew: true });
    writeFileSync(fileIn(dir), text);
    const settings = await load(dir);
    assert.equal(settings.warnings[0].kind, "newer-version");
    assert.notEqual(settings.readOnlyReason, null);
    settings.set("gatherCache", { budgetMB: 512, memoryFraction: 0.25, minMB: 64, maxMB: 4096 });
    await assert.rejects(settings.save(), (e: unknown) => isSeisprocError(e, SettingsError as never) && (e as SettingsError).problem === "newer-version");
    assert.equal(readFileSync(fileIn(dir), "utf8"), text);
  });

  it("saves and restores the session state; a deleted dataset directory is listed as missing and skipped", async () => {
    const dir = tempDir("seisproc-settings-session-");
    const data = tempDir("seisproc-settings-data-");
    const kept = await makeStore(data, "kept", { shots: 2, channels: 4, samples: 20 });
    const gone = await makeStore(data, "gone", { shots: 2, channels: 4, samples: 20 });
    const settings = await load(dir);
    settings.addLoadedDataset({ id: "kept", path: kept });
    settings.addLoadedDataset({ id: "gone", path: gone });
    settings.addLoadedDataset({ id: "remote", path: "s3://bucket/line.seis" });
    settings.setActiveDatasetId("gone");
    await settings.saveSessionState({ viewport: { timeMax: 750 }, gain: 4, currentGatherId: 2 });
    rmSync(gone, { recursive: true });
    const restored = await (await load(dir)).restoreSessionState();
    assert.deepEqual(restored.session, { viewport: { timeMin: 0, timeMax: 750, traceMin: 0, traceMax: 100 }, gain: 4, colormap: "seismic", currentGatherId: 2 });
    assert.deepEqual(restored.datasets.map((d) => d.id), ["kept", "remote"]);
    assert.deepEqual(restored.missing.map((m) => m.dataset.id), ["gone"]);
    assert.match(restored.missing[0].reason, /no such file or directory/);
    assert.equal(restored.activeDatasetId, null, "the active dataset is missing");
    assert.equal(restored.autoLoadLastDataset, true);
  });

  it("two processes saving at once take turns: the file is never broken and neither loses the other's changes", async function () {
    this.timeout(90000);
    const dir = tempDir("seisproc-settings-race-");
    mkdirSync(dir, { recursive: true });
    const rounds = 12;
    const worker = path.join(__dirname, "save-worker.js");
    const startAt = Date.now() + 800;
    const run = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [worker, dir, name, String(rounds), String(startAt)], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker ${name} exited with ${code}: ${stderr}`))));
      });
    const both = Promise.all([run("a"), run("b")]);
    let reads = 0;
    let done = false;
    void both.finally(() => (done = true));
    while (!done) {
      // A reader during the saves sees a complete file every time (or none yet).
      if (existsSync(fileIn(dir))) {
        const text = readFileSync(fileIn(dir), "utf8");
        assert.doesNotThrow(() => JSON.parse(text), `a reader saw a broken file: ${text.slice(0, 200)}`);
        reads++;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await both;
    assert.ok(reads > 0);
    const final = await load(dir);
    assert.deepEqual(final.warnings, []);
    assert.equal(final.get("datasetCacheLimit"), rounds, "worker a's last change is there");
    assert.equal(final.get("sessionState").gain, rounds, "worker b's last change is there");
    const ids = final.get("loadedDatasets").map((d) => d.id).sort();
    const expected = ["a", "b"].flatMap((w) => Array.from({ length: rounds }, (_, i) => `${w}-${i + 1}`)).sort();
    assert.deepEqual(ids, expected, "every dataset either process added was kept");
    assert.deepEqual(readdirSync(dir), ["settings.json"], "no temporary file or lock is left behind");
  });

  it("publishes its schema as JSON Schema", () => {
    const schema = settingsJsonSchema() as { properties: Record<string, { properties?: Record<string, unknown> }> };
    assert.deepEqual(Object.keys(schema.properties).sort(), ["activeDatasetId", "autoLoadLastDataset", "datasetCacheLimit", "gatherCache", "loadedDatasets", "prefetch", "sessionState", "version"]);
    assert.deepEqual(schema.properties.prefetch.properties?.depth, { type: "integer", minimum: 1, maximum: 5, default: 2 });
  });
});
