import { strict as assert } from "node:assert";
import {
  defaultSessionState,
  SESSION_FORMAT_VERSION,
  SessionFormatError,
  sessionFromDocument,
  sessionFromJson,
  sessionToDocument,
  sessionToJson,
  SessionVersionError,
  validateSessionState,
  type SessionState,
} from "../../src";

function busySession(): SessionState {
  return {
    viewport: { timeMin: 120.5, timeMax: 880, traceMin: 3, traceMax: 47 },
    gain: 2.5,
    colormap: "gray",
    interpolation: "bilinear",
    currentDatasetId: "0b5a8f7e-2d1c-4a3b-9e8f-1c2d3e4f5a6b",
    currentGatherKey: 1042,
    sortKeys: ["FieldRecord", "offset"],
    panelLayout: { panels: [{ id: "main", width: 0.7 }, { id: "spectrum", width: 0.3, visible: true }], split: "horizontal" },
  };
}

function expectFormatError(fn: () => unknown, field: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SessionFormatError, `expected SessionFormatError, got ${String(e)}`);
    assert.equal(e.field, field, e.message);
    return true;
  });
}

describe("session JSON", () => {
  it("round-trips every field exactly, in a versioned document", () => {
    const state = busySession();
    const text = sessionToJson(state, "2024-05-01T12:00:00.000Z");
    const doc = JSON.parse(text) as Record<string, unknown>;
    assert.equal(doc.kind, "seisproc-session");
    assert.equal(doc.formatVersion, SESSION_FORMAT_VERSION);
    assert.equal(doc.savedAt, "2024-05-01T12:00:00.000Z");
    assert.deepEqual(sessionFromJson(text), state);
    assert.equal(sessionToJson(sessionFromJson(text), "2024-05-01T12:00:00.000Z"), text);
  });

  it("embeds in another document (notebook metadata) and reads back from it", () => {
    const notebook = { metadata: { kernelspec: { name: "tslab" }, seisproc: { session: sessionToDocument(busySession()) } }, cells: [] };
    const reloaded = JSON.parse(JSON.stringify(notebook)) as typeof notebook;
    assert.deepEqual(sessionFromDocument(reloaded.metadata.seisproc.session, "notebook metadata"), busySession());
  });

  it("fills missing fields from the defaults (an older or partial writer)", () => {
    const state = sessionFromDocument({ kind: "seisproc-session", formatVersion: 1, state: { gain: 3, viewport: { timeMax: 500 } } });
    assert.deepEqual(state, { ...defaultSessionState(), gain: 3, viewport: { ...defaultSessionState().viewport, timeMax: 500 } });
  });

  it("names the bad field of an invalid state", () => {
    const cases: Array<[string, (s: Record<string, any>) => void]> = [
      ["state.gain", (s) => (s.gain = 0)],
      ["state.gain", (s) => (s.gain = "2")],
      ["state.viewport.timeMax", (s) => (s.viewport.timeMax = 100)],
      ["state.viewport.traceMin", (s) => (s.viewport.traceMin = Number.POSITIVE_INFINITY)],
      ["state.viewport", (s) => (s.viewport = [0, 1, 2, 3])],
      ["state.colormap", (s) => (s.colormap = "")],
      ["state.currentDatasetId", (s) => (s.currentDatasetId = 7)],
      ["state.currentGatherKey", (s) => (s.currentGatherKey = "1042")],
      ["state.sortKeys[1]", (s) => (s.sortKeys[1] = "")],
      ["state.panelLayout", (s) => (s.panelLayout = "wide")],
      ["state.panelLayout.panels[0].render", (s) => (s.panelLayout.panels[0].render = () => undefined)],
    ];
    for (const [field, spoil] of cases) {
      const s = structuredClone({ ...busySession(), panelLayout: { panels: [{ id: "main" }] } }) as unknown as Record<string, any>;
      spoil(s);
      expectFormatError(() => validateSessionState(s, "test"), field);
    }
  });

  it("refuses documents that are not sessions, not JSON, or from a newer SeisProc", () => {
    expectFormatError(() => sessionFromJson("{ gain: 2 }", "s.json"), "");
    expectFormatError(() => sessionFromDocument([]), "");
    expectFormatError(() => sessionFromDocument({ formatVersion: 1, state: {} }), "kind");
    expectFormatError(() => sessionFromDocument({ kind: "seisproc-session", formatVersion: 0, state: {} }), "formatVersion");
    expectFormatError(() => sessionFromDocument({ kind: "seisproc-session", formatVersion: 1, state: null }), "state");
    assert.throws(
      () => sessionFromDocument({ kind: "seisproc-session", formatVersion: SESSION_FORMAT_VERSION + 1, state: {} }, "s.json"),
      (e: unknown) => e instanceof SessionVersionError && e.found === SESSION_FORMAT_VERSION + 1 && /s\.json: .*upgrade/.test(e.message),
    );
  });

  it("sessionToDocument validates too, so no invalid session is ever written", () => {
    expectFormatError(() => sessionToDocument({ ...busySession(), gain: Number.NaN }), "state.gain");
  });
});
