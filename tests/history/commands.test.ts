import { strict as assert } from "node:assert";
import {
  ChangeGainCommand,
  ChangeViewportCommand,
  CommandHistory,
  NavigateGatherCommand,
  ProcessGatherCommand,
  SessionManager,
  sessionViewState,
  ValidationError,
  type Command,
  type LazySeismicData,
} from "../../src";
import { tempDir } from "../helpers/paths";
import { scaleProcessor, smallDataset, TestViewer, type ViewerSnapshot } from "./test-viewer";

/** Executes, undoes and redoes `command` through a history; checks each state against the snapshots. */
async function roundTrip(viewer: TestViewer, command: Command): Promise<{ before: ViewerSnapshot; after: ViewerSnapshot }> {
  const history = new CommandHistory();
  const before = viewer.snapshot();
  await history.execute(command);
  const after = viewer.snapshot();
  assert.notDeepEqual(after, before, `"${command.description}" changed nothing`);
  for (let i = 0; i < 3; i++) {
    assert.equal(await history.undo(), command);
    assert.deepEqual(viewer.snapshot(), before, `undo of "${command.description}" (round ${i})`);
    assert.equal(await history.redo(), command);
    assert.deepEqual(viewer.snapshot(), after, `redo of "${command.description}" (round ${i})`);
  }
  return { before, after };
}

describe("undo/redo commands on a viewer over a real store", function () {
  this.timeout(60_000);
  let data: LazySeismicData;
  let viewer: TestViewer;

  before(async () => {
    data = await smallDataset(tempDir());
  });

  beforeEach(async () => {
    viewer = new TestViewer(data);
    await viewer.goTo(data.gatherKeys()[0]);
  });

  it("ChangeGainCommand: undo and redo restore the gain exactly; it describes itself", async () => {
    const command = new ChangeGainCommand(viewer, 2.5);
    assert.equal(command.description, "Change gain to 2.5");
    await roundTrip(viewer, command);
    assert.equal(command.description, "Change gain 1 → 2.5");
  });

  it("ChangeViewportCommand: undo and redo restore the window exactly, without sharing objects", async () => {
    const zoom = { timeMin: 100.25, timeMax: 480, traceMin: 2, traceMax: 9 };
    const command = new ChangeViewportCommand(viewer, zoom, { label: "Zoom" });
    const { before } = await roundTrip(viewer, command);
    assert.equal(command.description, "Zoom to 100.3–480 ms, traces 2–9");
    zoom.timeMin = 0; // the caller's object is not the command's
    assert.equal(viewer.viewport.timeMin, 100.25);
    viewer.viewport.timeMax = 999; // nor is the target's
    const history = new CommandHistory();
    await history.execute(new ChangeViewportCommand(viewer, { ...before.viewport, timeMax: 500 }));
    await history.undo();
    assert.equal(viewer.viewport.timeMax, 999);
  });

  it("NavigateGatherCommand: reads the gathers from the store, undo goes back to the previous one", async () => {
    const [first, , third] = data.gatherKeys();
    const command = new NavigateGatherCommand(viewer, third);
    const { before, after } = await roundTrip(viewer, command);
    assert.equal(before.currentGatherKey, first);
    assert.equal(after.currentGatherKey, third);
    assert.equal(command.description, `Go to gather ${third} (from ${first})`);
    assert.deepEqual(viewer.visits, [first, third, first, third, first, third, first, third]);
  });

  it("NavigateGatherCommand from no gather: undo has nowhere to go and stays", async () => {
    const fresh = new TestViewer(data);
    const history = new CommandHistory();
    await history.execute(new NavigateGatherCommand(fresh, data.gatherKeys()[1]));
    assert.equal(history.undoDescription(), `Go to gather ${data.gatherKeys()[1]}`);
    await history.undo();
    assert.equal(fresh.currentGatherKey, data.gatherKeys()[1]);
    assert.equal(history.canRedo(), true);
  });

  it("ProcessGatherCommand: undo shows the raw samples again, redo the processed ones, bit for bit", async () => {
    const raw = viewer.displayedGather;
    const command = new ProcessGatherCommand(viewer, scaleProcessor(3));
    const { before, after } = await roundTrip(viewer, command);
    assert.notEqual(before.displayed?.samplesSha256, after.displayed?.samplesSha256);
    assert.equal(viewer.displayedGather?.samples[5], ((raw?.samples as Float32Array)[5] ?? Number.NaN) * 3);
    assert.equal(command.description, `Apply scale ×3 to gather ${data.gatherKeys()[0]}`);
    assert.equal(command.byteSize, 2 * 16 * 64 * 4);
  });

  it("ProcessGatherCommand refuses a processor that returns its input, and needs a displayed gather", async () => {
    const history = new CommandHistory();
    const inPlace = { name: "in place", apply: (g: NonNullable<TestViewer["displayedGather"]>) => g };
    await assert.rejects(history.execute(new ProcessGatherCommand(viewer, inPlace)), (e: unknown) => e instanceof Error && /must return a new gather/.test(e.message));
    await assert.rejects(history.execute(new ProcessGatherCommand(new TestViewer(data), scaleProcessor(2))), /no gather is displayed/);
    assert.equal(history.canUndo(), false);
  });

  it("commands check their arguments", () => {
    assert.throws(() => new ChangeGainCommand(viewer, 0), ValidationError);
    assert.throws(() => new ChangeGainCommand(viewer, Number.NaN), ValidationError);
    assert.throws(() => new ChangeViewportCommand(viewer, { timeMin: 5, timeMax: 5, traceMin: 0, traceMax: 1 }), ValidationError);
    assert.throws(() => new NavigateGatherCommand(viewer, Number.POSITIVE_INFINITY), ValidationError);
  });

  it("a failed navigation (no such gather) is not recorded and leaves the viewer where it was", async () => {
    const history = new CommandHistory();
    const before = viewer.snapshot();
    await assert.rejects(history.execute(new NavigateGatherCommand(viewer, 123456)), /no gather with FieldRecord = 123456/);
    assert.deepEqual(viewer.snapshot(), before);
    assert.equal(history.canUndo(), false);
  });

  it("gain and viewport commands drive a session through sessionViewState, and undo restores it", async () => {
    const session = new SessionManager(`${tempDir()}/session.json`, { autoSave: false });
    const view = sessionViewState(session);
    const history = new CommandHistory();
    await history.execute(new ChangeGainCommand(view, 6));
    await history.execute(new ChangeViewportCommand(view, { timeMin: 10, timeMax: 20, traceMin: 1, traceMax: 2 }));
    assert.equal(session.state.gain, 6);
    assert.deepEqual(session.state.viewport, { timeMin: 10, timeMax: 20, traceMin: 1, traceMax: 2 });
    await history.undo();
    await history.undo();
    assert.equal(session.state.gain, 1);
    assert.deepEqual(session.state.viewport, { timeMin: 0, timeMax: 1000, traceMin: 0, traceMax: 100 });
  });
});
