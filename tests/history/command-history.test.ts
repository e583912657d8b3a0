import { strict as assert } from "node:assert";
import {
  ChangeGainCommand,
  ChangeViewportCommand,
  CommandFailedError,
  CommandHistory,
  NavigateGatherCommand,
  ProcessGatherCommand,
  type Command,
  type CommandHistoryEvents,
  type LazySeismicData,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { Rng } from "../helpers/prng";
import { scaleProcessor, smallDataset, TestViewer, type ViewerSnapshot } from "./test-viewer";

function recordEvents(history: CommandHistory): Array<[keyof CommandHistoryEvents, unknown]> {
  const events: Array<[keyof CommandHistoryEvents, unknown]> = [];
  history.on("can-undo-changed", (e) => events.push(["can-undo-changed", e.canUndo]));
  history.on("can-redo-changed", (e) => events.push(["can-redo-changed", e.canRedo]));
  history.on("commands-evicted", (e) => events.push(["commands-evicted", e.descriptions]));
  return events;
}

/** A command that fails on demand. */
class FlakyCommand implements Command {
  failExecute = false;
  failUndo = false;
  value = 0;
  readonly description = "flaky";
  constructor(private readonly target: { value: number }) {}
  execute(): void {
    if (this.failExecute) throw new Error("execute broke");
    this.value = this.target.value;
    this.target.value += 1;
  }
  undo(): void {
    if (this.failUndo) throw new Error("undo broke");
    this.target.value = this.value;
  }
}

describe("CommandHistory", function () {
  this.timeout(60_000);
  let data: LazySeismicData;

  before(async () => {
    data = await smallDataset(tempDir());
  });

  it("random interleavings of every command, undo and redo always match a model of the timeline, within the bound", async () => {
    for (const [seed, limit] of [[1, 100], [2, 4], [3, 1], [4, 7]] as const) {
      const viewer = new TestViewer(data);
      await viewer.goTo(data.gatherKeys()[0]);
      const history = new CommandHistory({ limit });
      const rng = new Rng(seed);
      // The model: the states after each executed command, where we stand, and how far back undo may go.
      let timeline: ViewerSnapshot[] = [viewer.snapshot()];
      let position = 0;
      let floor = 0;
      for (let step = 0; step < 120; step++) {
        const roll = rng.int(10);
        if (roll < 5) {
          const kind = rng.int(4);
          const command =
            kind === 0
              ? new ChangeGainCommand(viewer, rng.range(1, 40) / 4)
              : kind === 1
                ? new ChangeViewportCommand(viewer, { timeMin: rng.range(0, 400), timeMax: rng.range(500, 1000), traceMin: rng.range(0, 7), traceMax: rng.range(8, 16) })
                : kind === 2
                  ? new NavigateGatherCommand(viewer, rng.pick(data.gatherKeys()))
                  : new ProcessGatherCommand(viewer, scaleProcessor(rng.range(2, 5)));
          await history.execute(command);
          timeline = [...timeline.slice(0, position + 1), viewer.snapshot()];
          position++;
          floor = Math.max(floor, position - limit);
        } else if (roll < 8) {
          const undone = await history.undo();
          assert.equal(undone !== undefined, position > floor, `seed ${seed} step ${step}: undo availability`);
          if (undone !== undefined) position--;
        } else {
          const redone = await history.redo();
          assert.equal(redone !== undefined, position < timeline.length - 1, `seed ${seed} step ${step}: redo availability`);
          if (redone !== undefined) position++;
        }
        assert.deepEqual(viewer.snapshot(), timeline[position], `seed ${seed} step ${step}: state`);
        assert.equal(history.canUndo(), position > floor);
        assert.equal(history.canRedo(), position < timeline.length - 1);
        assert.equal(history.getHistory().length, timeline.length - 1 - floor);
      }
    }
  });

  it("forgets the oldest commands beyond its limit, and says which", async () => {
    const view = { gain: 1, viewport: { timeMin: 0, timeMax: 1, traceMin: 0, traceMax: 1 } };
    const history = new CommandHistory({ limit: 3 });
    const events = recordEvents(history);
    for (const gain of [2, 3, 4, 5, 6]) await history.execute(new ChangeGainCommand(view, gain));
    assert.deepEqual(
      history.getHistory().map((e) => e.description),
      ["Change gain 3 → 4", "Change gain 4 → 5", "Change gain 5 → 6"],
    );
    assert.deepEqual(events, [
      ["can-undo-changed", true],
      ["commands-evicted", ["Change gain 1 → 2"]],
      ["commands-evicted", ["Change gain 2 → 3"]],
    ]);
    while ((await history.undo()) !== undefined);
    assert.equal(view.gain, 3, "undo stops at the oldest command kept");
    assert.deepEqual(history.getHistory().map((e) => e.done), [false, false, false]);
  });

  it("bounded by bytes, keeps as many processed gathers as fit, and always the newest", async () => {
    const viewer = new TestViewer(data);
    await viewer.goTo(data.gatherKeys()[0]);
    const perCommand = 2 * 16 * 64 * 4;
    const history = new CommandHistory({ maxBytes: 2 * perCommand + 1 });
    for (let i = 0; i < 4; i++) await history.execute(new ProcessGatherCommand(viewer, scaleProcessor(2)));
    assert.equal(history.getHistory().length, 2);
    assert.equal(history.byteSize, 2 * perCommand);
    const tiny = new CommandHistory({ maxBytes: 10 });
    await tiny.execute(new ProcessGatherCommand(viewer, scaleProcessor(2)));
    assert.equal(tiny.canUndo(), true, "a command bigger than the bound is still kept, alone");
  });

  it("emits canUndo/canRedo changes only when they change, and describes what undo and redo would do", async () => {
    const view = { gain: 1, viewport: { timeMin: 0, timeMax: 1, traceMin: 0, traceMax: 1 } };
    const history = new CommandHistory();
    const events = recordEvents(history);
    const changes: Array<[string, string | undefined, string | undefined]> = [];
    history.on("history-changed", (e) => changes.push([e.action, e.undoDescription, e.redoDescription]));
    await history.execute(new ChangeGainCommand(view, 2));
    await history.execute(new ChangeGainCommand(view, 3));
    await history.undo();
    await history.undo();
    await history.undo(); // nothing to undo: no event
    await history.redo();
    await history.execute(new ChangeGainCommand(view, 5)); // clears the redo list
    await history.clear();
    assert.deepEqual(events, [
      ["can-undo-changed", true],
      ["can-redo-changed", true],
      ["can-undo-changed", false],
      ["can-undo-changed", true],
      ["can-redo-changed", false],
      ["can-undo-changed", false],
    ]);
    assert.deepEqual(changes, [
      ["execute", "Change gain 1 → 2", undefined],
      ["execute", "Change gain 2 → 3", undefined],
      ["undo", "Change gain 1 → 2", "Change gain 2 → 3"],
      ["undo", undefined, "Change gain 1 → 2"],
      ["redo", "Change gain 1 → 2", "Change gain 2 → 3"],
      ["execute", "Change gain 2 → 5", undefined],
      ["clear", undefined, undefined],
    ]);
    assert.equal(view.gain, 5, "clear forgets commands but keeps the state");
  });

  it("runs calls one at a time in call order, even for asynchronous commands", async () => {
    const viewer = new TestViewer(data);
    const [a, b, c] = data.gatherKeys();
    await viewer.goTo(a);
    const history = new CommandHistory();
    // No await between calls: each waits for the one before.
    const calls = [
      history.execute(new NavigateGatherCommand(viewer, b)),
      history.execute(new ProcessGatherCommand(viewer, scaleProcessor(2))),
      history.execute(new NavigateGatherCommand(viewer, c)),
      history.undo(),
      history.undo(),
      history.undo(),
      history.redo(),
    ];
    await Promise.all(calls);
    assert.deepEqual(viewer.visits, [a, b, c, b, a, b]);
    assert.equal(viewer.currentGatherKey, b);
    assert.equal(history.redoDescription(), `Apply scale ×2 to gather ${b}`);
  });

  it("a command that fails leaves the history as it was", async () => {
    const target = { value: 0 };
    const history = new CommandHistory();
    const ok = new FlakyCommand(target);
    await history.execute(ok);
    await history.execute(new FlakyCommand(target));
    await history.undo();
    const broken = new FlakyCommand(target);
    broken.failExecute = true;
    const e = await history.execute(broken).catch((error: unknown) => error);
    assert.ok(e instanceof CommandFailedError && e.phase === "execute" && e.description === "flaky" && (e.cause as Error).message === "execute broke");
    assert.equal(history.canRedo(), true, "a failed execute does not clear the redo list");
    ok.failUndo = true;
    await assert.rejects(history.undo(), (err: unknown) => err instanceof CommandFailedError && err.phase === "undo");
    assert.equal(history.undoDescription(), "flaky");
    ok.failUndo = false;
    assert.equal(await history.undo(), ok);
    assert.equal(target.value, 0);
    // The queue goes on after failures.
    assert.equal(await history.redo(), ok);
  });

  it("merges consecutive gain changes with one merge key (a slider drag) into one undo", async () => {
    const view = { gain: 1, viewport: { timeMin: 0, timeMax: 1, traceMin: 0, traceMax: 1 } };
    const history = new CommandHistory();
    for (let g = 1.5; g <= 4; g += 0.5) await history.execute(new ChangeGainCommand(view, g, { mergeKey: "drag-1" }));
    await history.execute(new ChangeGainCommand(view, 8, { mergeKey: "drag-2" }));
    await history.execute(new ChangeViewportCommand(view, { timeMin: 0, timeMax: 2, traceMin: 0, traceMax: 1 }, { mergeKey: "pan" }));
    await history.execute(new ChangeViewportCommand(view, { timeMin: 1, timeMax: 3, traceMin: 0, traceMax: 1 }, { mergeKey: "pan" }));
    assert.deepEqual(history.getHistory().map((e) => e.description), ["Change gain 1 → 4", "Change gain 4 → 8", "Change viewport to 1–3 ms, traces 0–1"]);
    await history.undo();
    assert.deepEqual(view.viewport, { timeMin: 0, timeMax: 1, traceMin: 0, traceMax: 1 });
    await history.undo();
    await history.undo();
    assert.equal(view.gain, 1);
    await history.redo();
    assert.equal(view.gain, 4);
  });

  it("checks its options", () => {
    assert.throws(() => new CommandHistory({ limit: 0 }), /limit/);
    assert.throws(() => new CommandHistory({ maxBytes: -1 }), /maxBytes/);
  });
});
