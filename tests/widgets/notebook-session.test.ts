/**
 * NotebookSession against the recording kernel and real notebook files: the session is a widget model whose state
 * follows the viewer; it is written under metadata.seisproc.session (everything else kept) and restored from there
 * or from the widget state a front end saved, the newer winning; damaged or unknown notebooks get clear errors.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { NotebookMetadataError } from "../../kernel-ext/errors";
import { WIDGET_STATE_MIME } from "../../kernel-ext/report/notebook";
import { RecordingKernel } from "../../kernel-ext/testing";
import { GatherViewer } from "../../kernel-ext/widgets/gather-viewer";
import { NotebookSession } from "../../kernel-ext/widgets/notebook-session";
import { defaultSessionState, sessionToDocument, type SessionState } from "../../src";
import { tempDir } from "../helpers/paths";
import { openTestDataset } from "./helpers/store";

type Nb = { cells: unknown[]; metadata: Record<string, any>; nbformat: number; nbformat_minor: number };

function writeNb(file: string, metadata: Record<string, unknown> = {}): void {
  const nb: Nb = { cells: [{ cell_type: "markdown", metadata: {}, source: "# line 1" }], metadata: { kernelspec: { name: "seisproc" }, ...metadata }, nbformat: 4, nbformat_minor: 5 };
  writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
}

function readNb(file: string): Nb {
  return JSON.parse(readFileSync(file, "utf8")) as Nb;
}

function state(patch: Partial<SessionState>): SessionState {
  return { ...defaultSessionState(), ...patch };
}

/** Saved widget state as JupyterLab or nbclient writes it, holding one NotebookSessionModel. */
function widgetsHolding(document: unknown): Record<string, unknown> {
  const session = { model_name: "NotebookSessionModel", model_module: "seisproc", model_module_version: "0.1.0", state: { session: document, notebook: "", restored_from: "defaults", saved_to: "" } };
  const other = { model_name: "LayoutModel", model_module: "@jupyter-widgets/base", model_module_version: "2.0.0", state: {} };
  return { widgets: { [WIDGET_STATE_MIME]: { version_major: 2, version_minor: 0, state: { a1: other, b2: session } } } };
}

describe("widgets: the notebook session (kernel side)", function () {
  this.timeout(60000);
  let dir: string;
  let kernel: RecordingKernel;

  beforeEach(() => {
    dir = tempDir("seisproc-nbsession-");
    kernel = RecordingKernel.install();
  });

  afterEach(() => kernel.uninstall());

  it("is a widget model whose state follows the viewer, and is written into the notebook with everything else kept", async () => {
    const nb = path.join(dir, "line.ipynb");
    writeNb(nb, { seisproc: { note: "kept" }, zeta: 1 });
    const data = await openTestDataset(dir, "line", { shots: 3, channels: 12, samples: 100 });
    const session = await NotebookSession.open({ notebook: nb });
    assert.equal(session.restoredFrom, "defaults");
    const open = kernel.commMessages(session.id)[0];
    assert.equal((open.content.data as { state: Record<string, unknown> }).state._model_name, "NotebookSessionModel");

    const viewer = new GatherViewer(data, { session: session.manager });
    await viewer.ready();
    await viewer.next();
    await viewer.setGain(3);
    const synced = session.get("session").state;
    assert.deepEqual([synced.currentDatasetId, synced.currentGatherKey, synced.gain], [data.id, data.gatherKeys()[1], 3], "the model's state follows the viewer");
    const updates = kernel.commData(session.id).filter((d) => d.method === "update");
    assert.ok(updates.length > 0, "the front end is told of each change, so it saves the latest in metadata.widgets");

    assert.equal(await session.saveToNotebook(), nb);
    const written = readNb(nb);
    assert.equal(written.metadata.seisproc.note, "kept");
    assert.equal(written.metadata.zeta, 1);
    assert.equal(written.metadata.kernelspec.name, "seisproc");
    assert.equal(written.cells.length, 1);
    assert.equal(written.metadata.seisproc.session.kind, "seisproc-session");
    assert.equal(written.metadata.seisproc.session.state.gain, 3);
    assert.equal(session.get("saved_to"), nb);
    viewer.close();
    session.close();

    // a later kernel opening the same notebook gets the viewer back where it was
    const again = await NotebookSession.open({ notebook: nb });
    assert.equal(again.restoredFrom, "notebook-metadata");
    const reopened = new GatherViewer(data, { session: again.manager });
    await reopened.ready();
    assert.deepEqual([reopened.get("gather_key"), reopened.get("gain")], [data.gatherKeys()[1], 3]);
    reopened.close();
  });

  it("restores from the widget state a front end saved, and takes the newer of the two copies", async () => {
    const nb = path.join(dir, "lab.ipynb");
    writeNb(nb, widgetsHolding(sessionToDocument(state({ gain: 4, currentGatherKey: 7 }), "2026-05-02T10:00:00.000Z")));
    const fromWidgets = await NotebookSession.open({ notebook: nb });
    assert.equal(fromWidgets.restoredFrom, "notebook-widgets");
    assert.deepEqual([fromWidgets.current.gain, fromWidgets.current.currentGatherKey], [4, 7]);

    const older = { seisproc: { session: sessionToDocument(state({ gain: 2 }), "2026-05-01T10:00:00.000Z") } };
    writeNb(nb, { ...older, ...widgetsHolding(sessionToDocument(state({ gain: 4 }), "2026-05-02T10:00:00.000Z")) });
    assert.equal((await NotebookSession.open({ notebook: nb })).current.gain, 4, "the front end saved later");
    const newer = { seisproc: { session: sessionToDocument(state({ gain: 5 }), "2026-05-03T10:00:00.000Z") } };
    writeNb(nb, { ...newer, ...widgetsHolding(sessionToDocument(state({ gain: 4 }), "2026-05-02T10:00:00.000Z")) });
    const s = await NotebookSession.open({ notebook: nb });
    assert.deepEqual([s.current.gain, s.restoredFrom], [5, "notebook-metadata"]);

    writeNb(nb, widgetsHolding({ kind: "seisproc-session", formatVersion: 1, savedAt: "x", state: { gain: -1 } }));
    assert.equal((await NotebookSession.open({ notebook: nb })).restoredFrom, "defaults", "a damaged widget copy is skipped");
  });

  it("restores in place with restoreFromNotebook, and reports a notebook with nothing saved", async () => {
    const nb = path.join(dir, "in-place.ipynb");
    writeNb(nb);
    const session = await NotebookSession.open({ notebook: null });
    assert.equal(await session.restoreFromNotebook(nb), false);
    assert.equal(session.current.gain, 1);
    writeNb(nb, { seisproc: { session: sessionToDocument(state({ gain: 6, colormap: "gray" })) } });
    assert.equal(await session.restoreFromNotebook(nb), true);
    assert.deepEqual([session.current.gain, session.current.colormap, session.get("session").state.gain], [6, "gray", 6]);
    assert.match(session.describe(), /restored from the notebook's metadata: gather —, gain 6, colormap gray/);
  });

  it("uses the kernel's own notebook when it knows it, and says what to do when it does not", async () => {
    const nb = path.join(dir, "kernel-knows.ipynb");
    writeNb(nb, { seisproc: { session: sessionToDocument(state({ gain: 8 })) } });
    kernel.uninstall();
    kernel = RecordingKernel.install(nb);
    const known = await NotebookSession.open();
    assert.deepEqual([known.notebook, known.current.gain], [nb, 8]);

    kernel.uninstall();
    kernel = RecordingKernel.install();
    const saved = process.env.SEISPROC_NOTEBOOK;
    delete process.env.SEISPROC_NOTEBOOK;
    try {
      const unknown = await NotebookSession.open();
      assert.equal(unknown.notebook, undefined);
      await assert.rejects(unknown.saveToNotebook(), (e: unknown) => e instanceof NotebookMetadataError && /SEISPROC_NOTEBOOK/.test(e.message));
    } finally {
      if (saved !== undefined) process.env.SEISPROC_NOTEBOOK = saved;
    }
  });

  it("refuses a damaged saved session with a NotebookMetadataError and leaves the file alone", async () => {
    const nb = path.join(dir, "damaged.ipynb");
    writeNb(nb, { seisproc: { session: { kind: "seisproc-session", formatVersion: 1, savedAt: "now", state: { gain: "loud" } } } });
    const before = readFileSync(nb, "utf8");
    await assert.rejects(NotebookSession.open({ notebook: nb }), (e: unknown) => e instanceof NotebookMetadataError && /metadata\.seisproc\.session cannot be used/.test(e.message) && /gain/.test(e.message));
    await assert.rejects(NotebookSession.open({ notebook: path.join(dir, "missing.ipynb") }), NotebookMetadataError);
    assert.equal(readFileSync(nb, "utf8"), before);
  });
});
