import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { defaultSessionState, SessionFormatError, sessionFromJson, SessionManager, sessionToJson, type LogLevel, type SessionManagerEvents, type SessionState } from "../../src";
import { tempDir } from "../helpers/paths";

function recordingLogger(): { logger: { log(level: LogLevel, message: string): void }; warnings: string[] } {
  const warnings: string[] = [];
  return { logger: { log: (level, message) => (level === "warn" ? warnings.push(message) : undefined) }, warnings };
}

/** The payload of the manager's next `event`. */
function nextEvent<K extends keyof SessionManagerEvents>(session: SessionManager, event: K): Promise<SessionManagerEvents[K]> {
  return new Promise((resolve) => session.once(event, resolve));
}

function onDisk(file: string): SessionState {
  return sessionFromJson(readFileSync(file, "utf8"), file);
}

describe("SessionManager", () => {
  it("starts from the defaults, with a warning, when there is no session file", async () => {
    const file = path.join(tempDir(), "session.json");
    const { logger, warnings } = recordingLogger();
    const session = new SessionManager(file, { logger, autoSave: false });
    const report = await session.restore();
    assert.equal(report.source, "defaults");
    assert.deepEqual(report.state, defaultSessionState());
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /no session file/);
    assert.equal(existsSync(file), false, "restoring writes nothing");
  });

  it("saves and restores a session exactly", async () => {
    const file = path.join(tempDir(), "nested", "dir", "session.json");
    const session = new SessionManager(file, { autoSave: false });
    session.update({ gain: 4, colormap: "gray", currentDatasetId: "d-1", currentGatherKey: 17, sortKeys: ["CDP"], panelLayout: { split: 0.4 } });
    session.update({ viewport: { timeMin: 100, timeMax: 400 } });
    await session.save();
    const restored = new SessionManager(file);
    const report = await restored.restore();
    assert.equal(report.source, "file");
    assert.deepEqual(report.state, session.state);
    assert.deepEqual(report.state.viewport, { timeMin: 100, timeMax: 400, traceMin: 0, traceMax: 100 });
    await restored.dispose();
  });

  for (const [what, content] of [
    ["garbage", "\u0000\u0001 not json at all"],
    ["truncated JSON", sessionToJson(defaultSessionState()).slice(0, 40)],
    ["a bad field", sessionToJson(defaultSessionState()).replace('"gain": 1', '"gain": -1')],
    ["a newer format", sessionToJson(defaultSessionState()).replace('"formatVersion": 1', '"formatVersion": 99')],
  ] as const) {
    it(`falls back to the defaults with a warning, and keeps the broken file aside, for ${what}`, async () => {
      const dir = tempDir();
      const file = path.join(dir, "session.json");
      writeFileSync(file, content);
      const { logger, warnings } = recordingLogger();
      const session = new SessionManager(file, { logger, autoSave: false });
      const report = await session.restore();
      assert.equal(report.source, "defaults");
      assert.deepEqual(session.state, defaultSessionState());
      assert.ok(report.brokenFileKeptAt !== undefined && report.problem !== undefined);
      assert.equal(path.dirname(report.brokenFileKeptAt), dir);
      assert.match(path.basename(report.brokenFileKeptAt), /^session\.json\.broken-\d{8}T\d{9}Z$/);
      assert.equal(readFileSync(report.brokenFileKeptAt, "utf8"), content, "the broken file is kept byte for byte");
      assert.equal(existsSync(file), false);
      assert.equal(warnings.length, 1);
      assert.ok(warnings[0].includes(report.brokenFileKeptAt), warnings[0]);
      session.update({ gain: 2 });
      await session.save();
      assert.equal(onDisk(file).gain, 2);
      assert.ok(existsSync(report.brokenFileKeptAt), "saving does not touch the kept file");
    });
  }

  it("auto-saves a burst of changes once, with the last state", async () => {
    const file = path.join(tempDir(), "session.json");
    const session = new SessionManager(file, { autoSaveDelayMs: 20 });
    let saves = 0;
    session.on("session-saved", () => saves++);
    const saved = nextEvent(session, "session-saved");
    for (let i = 1; i <= 50; i++) session.update({ gain: i });
    assert.equal(session.savePending, true);
    const { state } = await saved;
    assert.equal(state.gain, 50);
    assert.equal(onDisk(file).gain, 50);
    assert.equal(session.savePending, false);
    await session.dispose();
    assert.equal(saves, 1);
  });

  it("saves within autoSaveMaxDelayMs even while the quiet time never comes", async () => {
    const file = path.join(tempDir(), "session.json");
    const session = new SessionManager(file, { autoSaveDelayMs: 1e9, autoSaveMaxDelayMs: 5 });
    const saved = nextEvent(session, "session-saved");
    session.update({ colormap: "gray" });
    assert.equal((await saved).state.colormap, "gray");
    await session.dispose();
  });

  it("dispose writes what is pending and stops auto-saving", async () => {
    const file = path.join(tempDir(), "session.json");
    const session = new SessionManager(file, { autoSaveDelayMs: 1e9, autoSaveMaxDelayMs: 1e9 });
    session.update({ interpolation: "bilinear" });
    assert.equal(existsSync(file), false);
    await session.dispose();
    assert.equal(onDisk(file).interpolation, "bilinear");
    session.update({ interpolation: "nearest" });
    assert.equal(session.savePending, false, "no timer after dispose");
    assert.equal(onDisk(file).interpolation, "bilinear");
    await session.save(); // explicit saves still work
    assert.equal(onDisk(file).interpolation, "nearest");
  });

  it("reset goes back to the defaults and saves them", async () => {
    const file = path.join(tempDir(), "session.json");
    const session = new SessionManager(file, { autoSaveDelayMs: 1e9 });
    session.update({ gain: 8, sortKeys: ["offset"] });
    const changes: Array<[number, number]> = [];
    session.on("session-changed", ({ state, previous }) => changes.push([previous.gain, state.gain]));
    session.reset();
    assert.deepEqual(session.state, defaultSessionState());
    assert.deepEqual(changes, [[8, 1]]);
    await session.dispose();
    assert.deepEqual(onDisk(file), defaultSessionState());
  });

  it("refuses an invalid update and keeps the state", () => {
    const session = new SessionManager(path.join(tempDir(), "session.json"), { autoSave: false });
    session.update({ gain: 3 });
    const before = session.state;
    assert.throws(() => session.update({ viewport: { timeMin: 2000 } }), (e: unknown) => e instanceof SessionFormatError && e.field === "state.viewport.timeMax");
    assert.throws(() => session.update({ gain: -2 }), SessionFormatError);
    assert.equal(session.state, before);
    assert.ok(Object.isFrozen(session.state.viewport));
  });

  it("reports a failed automatic save through an event and the logger, without an unhandled rejection", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "blocker"), "a file where a directory should be");
    const { logger, warnings } = recordingLogger();
    const session = new SessionManager(path.join(dir, "blocker", "session.json"), { logger, autoSaveDelayMs: 1 });
    const failed = nextEvent(session, "session-save-failed");
    session.update({ gain: 2 });
    const { error } = await failed;
    assert.match(String((error as Error).message), /blocker/);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /automatic save failed/);
    await assert.rejects(session.save());
  });

  it("leaves no temporary files beside the session file", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "s"));
    const session = new SessionManager(path.join(dir, "s", "session.json"), { autoSave: false });
    for (let i = 1; i <= 5; i++) {
      session.update({ gain: i });
      await session.save();
    }
    assert.deepEqual(readdirSync(path.join(dir, "s")), ["session.json"]);
  });
});
