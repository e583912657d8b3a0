/**
 * The kernel-side widget base class against a recording kernel (the one seam where messages leave): the exact
 * wire messages of open, update, echo, request_state, custom and close, binary values at any depth, and the
 * state-only behaviour under plain Node.
 */
import assert from "node:assert/strict";
import { KernelUnavailableError, WidgetClosedError } from "../../kernel-ext/errors";
import { kernelAvailable } from "../../kernel-ext/kernel-runtime";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../../kernel-ext/module-info";
import { RecordingKernel } from "../../kernel-ext/testing";
import { Widget, type ChangeSource, type WidgetSpec } from "../../kernel-ext/widget";

const SPEC: WidgetSpec = {
  modelName: "ProbeModel",
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: "ProbeView",
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

type ProbeState = { zoom: number; trace: Float32Array | DataView; meta: Record<string, unknown> };

function probe(): Widget<ProbeState> {
  return new Widget<ProbeState>(SPEC, { zoom: 1, trace: new Float32Array([1, 2]), meta: { name: "a" } });
}

describe("Widget (kernel side) against a recording kernel", () => {
  let kernel: RecordingKernel;
  beforeEach(() => {
    kernel = RecordingKernel.install();
  });
  afterEach(() => kernel.uninstall());

  it("opens a jupyter.widget comm with the full state, binary values as buffers, metadata version 2.1.0", () => {
    const w = probe();
    assert.equal(kernelAvailable(), true);
    const [open] = kernel.messages;
    assert.equal(open.msgType, "comm_open");
    assert.equal(open.content.comm_id, w.id);
    assert.equal(open.content.target_name, "jupyter.widget");
    assert.deepEqual(open.metadata, { version: "2.1.0" });
    const data = open.content.data as { state: Record<string, unknown>; buffer_paths: unknown };
    assert.deepEqual(data.state, {
      _model_name: "ProbeModel",
      _model_module: "seisproc",
      _model_module_version: WIDGET_MODULE_VERSION,
      _view_name: "ProbeView",
      _view_module: "seisproc",
      _view_module_version: WIDGET_MODULE_VERSION,
      _view_count: null,
      zoom: 1,
      meta: { name: "a" },
    });
    assert.deepEqual(data.buffer_paths, [["trace"]]);
    assert.deepEqual([...(open.buffers[0] as Float32Array)], [1, 2]);
    assert.equal(kernel.widgets.get(w.id)?.modelName, "ProbeModel");
  });

  it("set() sends one update with nested buffers and fires change events from the kernel", () => {
    const w = probe();
    const seen: [unknown, unknown, ChangeSource][] = [];
    w.on("change:zoom", (v, o, s) => seen.push([v, o, s]));
    const all: unknown[] = [];
    w.on("change", (v, o) => all.push([v, o]));
    w.set({ zoom: 2, meta: { picks: [new Int16Array([5]), 3] } });
    const update = kernel.commData(w.id).at(-1);
    assert.deepEqual(update, { method: "update", state: { zoom: 2, meta: { picks: [null, 3] } }, buffer_paths: [["meta", "picks", 0]] });
    assert.deepEqual([...(kernel.messages.at(-1)?.buffers[0] as Int16Array)], [5]);
    assert.deepEqual(seen, [[2, 1, "kernel"]]);
    assert.equal(all.length, 1);
    assert.equal(w.get("zoom"), 2);
  });

  it("applies a front-end update: buffers put back as DataViews, echo_update sent first, change events from the front end", () => {
    const w = probe();
    const seen: unknown[] = [];
    w.on("change:trace", (v, _o, s) => seen.push([v instanceof DataView ? (v as DataView).getFloat32(0, true) : v, s]));
    kernel.frontEndUpdate(w.id, { zoom: 4 }, [["trace"]], [new Float32Array([9.5])]);
    const [echo] = kernel.commData(w.id).slice(1);
    assert.deepEqual(echo, { method: "echo_update", state: { zoom: 4 }, buffer_paths: [["trace"]] });
    assert.equal(kernel.commMessages(w.id).at(-1)?.buffers.length, 1);
    assert.equal(w.get("zoom"), 4);
    assert.deepEqual(seen, [[9.5, "frontend"]]);
  });

  it("ignores front-end attempts to change the model's identity keys", () => {
    const w = probe();
    kernel.frontEndUpdate(w.id, { _model_name: "Evil", zoom: 3 });
    assert.equal(w.fullState()._model_name, "ProbeModel");
    assert.deepEqual(kernel.commData(w.id).at(-1), { method: "echo_update", state: { zoom: 3 }, buffer_paths: [] });
    assert.equal(w.get("zoom"), 3);
  });

  it("answers request_state with the whole state and its buffers", () => {
    const w = probe();
    kernel.frontEndMessage(w.id, { method: "request_state" });
    const reply = kernel.commData(w.id).at(-1) as { method: string; state: Record<string, unknown>; buffer_paths: unknown };
    assert.equal(reply.method, "update");
    assert.equal(reply.state.zoom, 1);
    assert.equal(reply.state._model_name, "ProbeModel");
    assert.deepEqual(reply.buffer_paths, [["trace"]]);
  });

  it("routes custom messages both ways", () => {
    const w = probe();
    const got: unknown[] = [];
    w.onCustom((content, buffers) => got.push([content, buffers.map((b) => b.byteLength)]));
    kernel.frontEndMessage(w.id, { method: "custom", content: { ask: 1 } }, [new Uint8Array(3)]);
    assert.deepEqual(got, [[{ ask: 1 }, [3]]]);
    w.send({ answer: 2 }, [new Float64Array(2)]);
    const sent = kernel.commMessages(w.id).at(-1);
    assert.deepEqual(sent?.content.data, { method: "custom", content: { answer: 2 } });
    assert.equal(sent?.buffers[0].byteLength, 16);
  });

  it("displays as a widget view with a text/plain fallback", () => {
    const w = probe();
    w.display();
    const shown = kernel.messages.at(-1);
    assert.equal(shown?.msgType, "display_data");
    const data = shown?.content.data as Record<string, unknown>;
    assert.deepEqual(data["application/vnd.jupyter.widget-view+json"], { model_id: w.id, version_major: 2, version_minor: 1 });
    assert.equal(data["text/plain"], `Probe(id=${w.id})`);
  });

  it("closes from either side; a closed widget cannot display or send", () => {
    const a = probe();
    a.close();
    assert.deepEqual(kernel.commMessages(a.id).at(-1)?.msgType, "comm_close");
    assert.equal(a.closed, true);
    assert.equal(kernel.widgets.has(a.id), false);
    assert.throws(() => a.display(), WidgetClosedError);
    const b = probe();
    let closed = 0;
    b.onClose(() => closed++);
    kernel.frontEndClose(b.id);
    assert.equal(b.closed, true);
    assert.equal(closed, 1);
    assert.throws(() => b.send({}), WidgetClosedError);
    b.set({ zoom: 5 });
    assert.equal(kernel.commMessages(b.id).filter((m) => m.msgType === "comm_msg").length, 0);
    assert.equal(b.get("zoom"), 5);
  });

  it("answers request_states on the control comm with every live widget", () => {
    const a = probe();
    const b = probe();
    b.close();
    const control = kernel.frontEndOpen("jupyter.widget.control");
    kernel.frontEndMessage(control, { method: "request_states" });
    const reply = kernel.commMessages(control).at(-1);
    const data = reply?.content.data as { method: string; states: Record<string, { model_name: string; state: Record<string, unknown> }>; buffer_paths: unknown[] };
    assert.equal(data.method, "update_states");
    assert.deepEqual(Object.keys(data.states), [a.id]);
    assert.equal(data.states[a.id].model_name, "ProbeModel");
    assert.deepEqual(data.buffer_paths, [[a.id, "state", "trace"]]);
    assert.equal(reply?.buffers.length, 1);
  });

  it("closes comms the front end opens for unknown targets", () => {
    const id = kernel.frontEndOpen("nobody.listens");
    assert.deepEqual(kernel.messages.at(-1), { msgType: "comm_close", content: { comm_id: id, data: {} }, metadata: {}, buffers: [] });
  });

  it("reports a listener that throws on a front-end update without breaking the comm", () => {
    const w = probe();
    w.on("change:zoom", () => {
      throw new Error("listener bug");
    });
    kernel.frontEndUpdate(w.id, { zoom: 8 });
    assert.equal((kernel.handlerErrors[0] as Error).message, "listener bug");
    kernel.frontEndUpdate(w.id, { meta: {} });
    assert.deepEqual(w.get("meta"), {});
  });
});

describe("Widget under plain Node (no kernel)", () => {
  it("holds state and fires change events, but display and send say the kernel is missing", () => {
    assert.equal(kernelAvailable(), false);
    const w = probe();
    assert.equal(w.connected, false);
    const seen: unknown[] = [];
    w.on("change:zoom", (v) => seen.push(v));
    w.set({ zoom: 3 });
    assert.deepEqual(seen, [3]);
    assert.throws(() => w.display(), (e: unknown) => e instanceof KernelUnavailableError && e.operation === "Widget.display" && /seisproc kernel install/.test(e.message));
    assert.throws(() => w.send({}), KernelUnavailableError);
  });
});
