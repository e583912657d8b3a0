/**
 * The kernel side of the gather viewer, against the recording kernel (the one seam where messages leave) and a
 * real dataset on disk: what it opens the comm with, gather requests answered with Float32Array buffers cut to
 * screen resolution, cancellation, undo / redo of changes made in the browser and in code, refusal of bad values,
 * comparison mode, dataset switching, and life without a kernel.
 */
import assert from "node:assert/strict";
import { KernelUnavailableError } from "../../kernel-ext/errors";
import { RecordingKernel } from "../../kernel-ext/testing";
import { gatherBlock } from "../../kernel-ext/widgets/gather-block";
import { GatherViewer, timeAxis } from "../../kernel-ext/widgets/gather-viewer";
import type { GatherBlockMeta, GatherReply } from "../../kernel-ext/widgets/protocol";
import type { LazySeismicData } from "../../src";
import { tempDir } from "../helpers/paths";
import { openTestDataset, until } from "./helpers/store";

interface Sent {
  data: Record<string, unknown>;
  buffers: ArrayBufferView[];
}

function commSends(kernel: RecordingKernel, id: string): Sent[] {
  return kernel.commMessages(id).map((m) => ({ data: m.content.data as Record<string, unknown>, buffers: m.buffers }));
}

function customReplies(kernel: RecordingKernel, id: string): { content: Record<string, unknown>; buffers: ArrayBufferView[] }[] {
  return commSends(kernel, id)
    .filter((s) => s.data.method === "custom")
    .map((s) => ({ content: s.data.content as Record<string, unknown>, buffers: s.buffers }));
}

function updates(kernel: RecordingKernel, id: string): Sent[] {
  return commSends(kernel, id).filter((s) => s.data.method === "update");
}

function lastUpdateOf(kernel: RecordingKernel, id: string, key: string): unknown {
  const u = updates(kernel, id).filter((s) => Object.prototype.hasOwnProperty.call(s.data.state, key));
  return (u.at(-1)?.data.state as Record<string, unknown> | undefined)?.[key];
}

function asFloat32(view: ArrayBufferView): Float32Array {
  return new Float32Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

describe("widgets: GatherViewer (kernel side)", function () {
  this.timeout(60000);
  let dir: string;
  let data: LazySeismicData;
  let other: LazySeismicData;
  let kernel: RecordingKernel;

  before(async () => {
    dir = tempDir("seisproc-viewer-");
    data = await openTestDataset(dir, "line-a", { shots: 5, channels: 24, samples: 300 });
    other = await openTestDataset(dir, "line-b", { shots: 4, channels: 24, samples: 300, seed: 9 });
  });

  beforeEach(() => {
    kernel = RecordingKernel.install();
  });

  afterEach(() => {
    kernel.uninstall();
  });

  it("opens its comm with the viewer's state and puts the first gather in it as a binary snapshot", async () => {
    const v = new GatherViewer(data, { name: "line A" });
    const open = kernel.commMessages(v.id)[0];
    assert.equal(open.msgType, "comm_open");
    const content = open.content as { target_name: string; data: { state: Record<string, unknown>; buffer_paths: unknown[] } };
    assert.equal(content.target_name, "jupyter.widget");
    const state = content.data.state;
    assert.equal(state._model_name, "GatherViewerModel");
    assert.equal(state._model_module, "seisproc");
    assert.equal(state._view_name, "GatherViewerView");
    assert.equal(state.dataset_name, "line A");
    assert.equal(state.key_name, "FieldRecord");
    assert.equal(state.gather_key, data.gatherKeys()[0]);
    assert.deepEqual(content.data.buffer_paths, [["gather_keys"]], "gather keys travel as a binary buffer");
    assert.deepEqual(Array.from(new Float64Array(open.buffers[0].buffer.slice(open.buffers[0].byteOffset, open.buffers[0].byteOffset + open.buffers[0].byteLength))), data.gatherKeys());

    await v.ready();
    const snapshot = v.get("snapshot") as GatherBlockMeta;
    assert.equal(snapshot.key, data.gatherKeys()[0]);
    assert.equal(snapshot.traces, 24);
    assert.equal(snapshot.samples, 300);
    const gather = await data.getGather(snapshot.key);
    const update = updates(kernel, v.id).find((u) => (u.data.state as Record<string, unknown>).snapshot !== undefined && (u.data.state as Record<string, unknown>).snapshot !== null);
    assert.ok(update, "the snapshot was sent as an update");
    assert.deepEqual(update.data.buffer_paths, [["snapshot_samples"]]);
    assert.deepEqual(asFloat32(update.buffers[0]), Float32Array.from(gather.samples as Float32Array), "the snapshot holds the gather's samples");
    assert.deepEqual(snapshot.headers.offset, Array.from(gather.headers.getChild("offset")?.toArray() ?? [], Number));
    v.close();
  });

  it("answers gather requests with Float32Array buffers cut to the requested resolution", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    const key = data.gatherKeys()[2];
    kernel.frontEndUpdate(v.id, { gather_key: key });
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 41, key, max_traces: 10, max_samples: 100 } });
    await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === 41), "the reply to request 41");
    const reply = customReplies(kernel, v.id).find((r) => (r.content as unknown as GatherReply).meta?.request_id === 41)!;
    const meta = (reply.content as unknown as GatherReply).meta;
    assert.equal(reply.content.type, "gather");
    assert.equal(meta.key, key);
    assert.equal(meta.trace_step, 3, "24 traces into at most 10 columns: every 3rd");
    assert.equal(meta.traces, 8);
    assert.equal(meta.sample_step, 3, "300 samples into at most 100 rows: 3 per row");
    assert.equal(meta.samples, 100);
    assert.equal(reply.buffers.length, 1);
    assert.ok(reply.buffers[0] instanceof Float32Array, "samples are sent as a Float32Array, not JSON numbers");
    const got = asFloat32(reply.buffers[0]);
    assert.equal(got.length, 8 * 100);
    const gather = await data.getGather(key);
    const src = gather.samples as Float32Array;
    for (const [c, r] of [[0, 0], [3, 17], [7, 99]]) {
      const trace = c * 3;
      const window = Array.from(src.subarray(trace * 300 + r * 3, trace * 300 + r * 3 + 3));
      const peak = window.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      assert.equal(got[c * 100 + r], Math.fround(peak), `column ${c} row ${r} is the largest-magnitude sample of its bin`);
    }
    assert.deepEqual(meta.headers.TraceNumber, [0, 3, 6, 9, 12, 15, 18, 21].map((i) => Number(gather.headers.getChild("TraceNumber")!.get(i))));

    // a window at full detail
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 42, key, max_traces: 100, max_samples: 1000, window: { trace_start: 4, trace_end: 8, sample_start: 50, sample_end: 60 } } });
    await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === 42), "the reply to request 42");
    const w = customReplies(kernel, v.id).find((r) => (r.content as unknown as GatherReply).meta?.request_id === 42)!;
    const wm = (w.content as unknown as GatherReply).meta;
    assert.deepEqual([wm.first_trace, wm.traces, wm.first_sample, wm.samples, wm.trace_step, wm.sample_step], [5, 4, 50, 10, 1, 1]);
    assert.deepEqual(asFloat32(w.buffers[0]).subarray(0, 10), src.subarray(4 * 300 + 50, 4 * 300 + 60));
    v.close();
  });

  it("answers a request for a prefetched gather from the navigator's cache, though the front end's new key comes after it", async () => {
    const v = new GatherViewer(data, { navigation: { prefetch: true, prefetchDepth: 1 } });
    await v.ready();
    await v.navigator.idle();
    const next = data.gatherKeys()[1];
    assert.ok(v.navigator.isCached(next), "prefetch read the next gather");
    const reads: number[] = [];
    const getGather = data.getGather;
    data.getGather = function (this: LazySeismicData, key, options) {
      reads.push(key);
      return getGather.call(this, key, options);
    };
    try {
      // the order a browser sends them in: the view asks for its new gather, then saves its new gather_key
      kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 51, key: next, max_traces: 100, max_samples: 100 } });
      kernel.frontEndUpdate(v.id, { gather_key: next });
      await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === 51), "the reply to request 51");
      const meta = (customReplies(kernel, v.id).find((r) => (r.content as unknown as GatherReply).meta?.request_id === 51)!.content as unknown as GatherReply).meta;
      assert.equal(meta.key, next);
      assert.equal(meta.source, "prefetch", "served from what prefetch read");
      assert.ok(!reads.includes(next), `the gather was not read again: reads ${reads.join(",")}`);
      await until(() => v.navigator.current()?.key === next, "the navigator at the new gather");
    } finally {
      data.getGather = getGather;
      v.close();
    }
  });

  it("cuts the prefetched neighbours to the screen resolution asked for ahead of their requests", async () => {
    const v = new GatherViewer(data, { navigation: { prefetch: true, prefetchDepth: 1 } });
    await v.ready();
    const keys = data.gatherKeys();
    const reply = async (id: number, key: number, maxTraces: number, maxSamples: number) => {
      kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: id, key, max_traces: maxTraces, max_samples: maxSamples } });
      kernel.frontEndUpdate(v.id, { gather_key: key });
      await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === id), `the reply to request ${id}`);
      const r = customReplies(kernel, v.id).find((x) => (x.content as unknown as GatherReply).meta?.request_id === id)!;
      return { meta: (r.content as unknown as GatherReply).meta, samples: asFloat32(r.buffers[0]) };
    };
    const first = await reply(61, keys[1], 12, 100);
    assert.equal(first.meta.cut_ahead, false, "nothing was cut before the front end said how");
    await v.navigator.idle();
    await until(() => v.navigator.isCached(keys[2]), "gather 3 prefetched");
    await new Promise((r) => setTimeout(r, 30)); // a few idle turns of the event loop
    const next = await reply(62, keys[2], 12, 100);
    assert.equal(next.meta.cut_ahead, true, "the neighbour's block was ready");
    assert.equal(next.meta.request_id, 62);
    const fresh = gatherBlock(await data.getGather(keys[2]), data.samplesPerTrace, timeAxis(data), { maxTraces: 12, maxSamples: 100 });
    assert.deepEqual([next.meta.traces, next.meta.samples, next.meta.trace_step, next.meta.sample_step], [fresh.meta.traces, fresh.meta.samples, fresh.meta.trace_step, fresh.meta.sample_step]);
    assert.deepEqual(Array.from(next.samples), Array.from(fresh.samples), "the same block a request would have cut");
    assert.deepEqual(next.meta.headers, fresh.meta.headers);
    // a plot of another size: cut on request, to that size
    await v.navigator.idle();
    await new Promise((r) => setTimeout(r, 30));
    const resized = await reply(63, keys[3], 24, 300);
    assert.equal(resized.meta.cut_ahead, false);
    assert.deepEqual([resized.meta.traces, resized.meta.samples], [24, 300]);
    v.close();
  });

  it("drops the answer to a request the front end cancelled", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    const keys = data.gatherKeys();
    kernel.frontEndUpdate(v.id, { gather_key: keys[3] });
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 7, key: keys[3], max_traces: 50, max_samples: 50 } });
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-cancel", request_id: 7 } });
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 8, key: keys[3], max_traces: 50, max_samples: 50 } });
    await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === 8), "the reply to request 8");
    await new Promise((r) => setTimeout(r, 50));
    const ids = customReplies(kernel, v.id).map((r) => (r.content as unknown as GatherReply).meta?.request_id);
    assert.ok(!ids.includes(7), `request 7 was cancelled, yet answered: ${ids.join(",")}`);
    v.close();
  });

  it("records browser changes in its history: Ctrl+Z and Ctrl+Y (custom undo / redo) put them back", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    const keys = data.gatherKeys();

    kernel.frontEndUpdate(v.id, { gain: 2.5 });
    await v.history.idle();
    assert.equal(v.get("gain"), 2.5);
    assert.equal(v.history.undoDescription(), "Change gain 1 → 2.5");
    assert.equal(lastUpdateOf(kernel, v.id, "can_undo"), true);

    kernel.frontEndUpdate(v.id, { gather_key: keys[1] });
    await until(() => v.navigator.current()?.key === keys[1], "the navigator to reach gather 2");
    await v.history.idle();
    assert.equal(v.history.undoDescription(), `Go to gather ${keys[1]} (from ${keys[0]})`);

    const zoom = { trace_min: 3, trace_max: 12, time_min: 100, time_max: 300 };
    kernel.frontEndUpdate(v.id, { viewport: zoom });
    kernel.frontEndUpdate(v.id, { colormap: "gray" });
    await v.history.idle();
    assert.deepEqual(v.history.getHistory().map((e) => e.description.split(" ")[0]), ["Change", "Go", "Zoom", "Set"]);

    const undo = () => kernel.frontEndMessage(v.id, { method: "custom", content: { type: "undo" } });
    undo();
    await v.history.idle();
    assert.equal(v.get("colormap"), "seismic");
    assert.equal(lastUpdateOf(kernel, v.id, "colormap"), "seismic", "the undo was sent to the front end");
    undo();
    await v.history.idle();
    assert.equal(v.get("viewport"), null, "undoing the first zoom shows everything again");
    assert.equal(lastUpdateOf(kernel, v.id, "viewport"), null);
    undo();
    await v.history.idle();
    assert.equal(v.get("gather_key"), keys[0]);
    assert.equal(lastUpdateOf(kernel, v.id, "gather_key"), keys[0]);
    undo();
    await v.history.idle();
    assert.equal(v.get("gain"), 1);
    assert.equal(lastUpdateOf(kernel, v.id, "can_undo"), false);

    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "redo" } });
    await v.history.idle();
    assert.equal(v.get("gain"), 2.5);
    assert.equal(lastUpdateOf(kernel, v.id, "gain"), 2.5);
    v.close();
  });

  it("refuses bad values from the front end and keeps its own", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    kernel.frontEndUpdate(v.id, { gain: -3 });
    assert.equal(v.get("gain"), 1);
    assert.equal(lastUpdateOf(kernel, v.id, "gain"), 1, "the refused value is replaced in the front end");
    kernel.frontEndUpdate(v.id, { colormap: "jet" });
    assert.equal(v.get("colormap"), "seismic");
    kernel.frontEndUpdate(v.id, { gather_key: 999999 });
    assert.equal(v.get("gather_key"), data.gatherKeys()[0]);
    kernel.frontEndUpdate(v.id, { viewport: { trace_min: 1, trace_max: 1, time_min: 0, time_max: 5 } });
    assert.equal(v.get("viewport"), null);
    await until(() => ((v.get("status") as { error: string }).error ?? "").includes("viewport"), "the status to carry the error");
    assert.equal(v.history.canUndo(), false, "nothing refused was recorded");
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 5, key: 424242, max_traces: 10, max_samples: 10 } });
    await until(() => customReplies(kernel, v.id).some((r) => r.content.type === "gather-error"), "an error reply");
    const err = customReplies(kernel, v.id).find((r) => r.content.type === "gather-error")!.content;
    assert.equal(err.request_id, 5);
    assert.match(String(err.message), /no gather with FieldRecord = 424242/);
    assert.deepEqual(kernel.handlerErrors, []);
    v.close();
  });

  it("changes made in code are sent to the front end and undone the same way", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    await v.next();
    await v.setGain(4);
    await v.setColormap("bwr");
    await v.setViewport({ trace_min: 2, trace_max: 9, time_min: 20, time_max: 200 });
    assert.equal(lastUpdateOf(kernel, v.id, "gather_key"), data.gatherKeys()[1]);
    assert.equal(lastUpdateOf(kernel, v.id, "gain"), 4);
    assert.equal(lastUpdateOf(kernel, v.id, "colormap"), "bwr");
    await v.undo();
    await v.undo();
    assert.equal(v.get("colormap"), "seismic");
    assert.equal(v.get("viewport"), null);
    await assert.rejects(v.setGain(0), /gain: must be a finite number > 0/);
    await v.resetView();
    assert.equal(v.get("gain"), 1);
    v.close();
  });

  it("compares two datasets: one request, two buffers with the same gather key", async () => {
    const v = new GatherViewer(data, { compare: other });
    await v.ready();
    assert.deepEqual(v.get("compare"), { dataset_id: other.id, dataset_name: "line-b" });
    const key = data.gatherKeys()[0];
    kernel.frontEndMessage(v.id, { method: "custom", content: { type: "gather-request", request_id: 3, key, max_traces: 100, max_samples: 1000 } });
    await until(() => customReplies(kernel, v.id).some((r) => (r.content as unknown as GatherReply).meta?.request_id === 3), "the comparison reply");
    const reply = customReplies(kernel, v.id).find((r) => (r.content as unknown as GatherReply).meta?.request_id === 3)!;
    const compare = (reply.content as unknown as GatherReply).compare as GatherBlockMeta;
    assert.equal(compare.key, key);
    assert.equal(reply.buffers.length, 2);
    assert.deepEqual(asFloat32(reply.buffers[1]), Float32Array.from((await other.getGather(key)).samples as Float32Array));
    assert.notDeepEqual(asFloat32(reply.buffers[0]), asFloat32(reply.buffers[1]), "different data side by side");
    assert.ok((v.get("snapshot_compare") as GatherBlockMeta | null)?.key === key, "the snapshot holds both panels");
    v.close();
  });

  it("switches to another dataset and back on undo", async () => {
    const v = new GatherViewer(data);
    await v.ready();
    await v.next();
    await v.showDataset(other, { name: "line B" });
    assert.equal(v.get("dataset_id"), other.id);
    assert.equal(v.get("dataset_name"), "line B");
    assert.equal(lastUpdateOf(kernel, v.id, "dataset_id"), other.id);
    await v.waitForSnapshot();
    assert.equal((v.get("snapshot") as GatherBlockMeta).key, other.gatherKeys()[0]);
    await v.undo();
    assert.equal(v.get("dataset_id"), data.id);
    assert.equal(v.get("gather_key"), data.gatherKeys()[1], "back at the gather it showed");
    v.close();
  });

  it("is state only without a kernel: the API works, display() says what is missing", async () => {
    kernel.uninstall();
    const v = new GatherViewer(data);
    await v.ready();
    await v.setGain(3);
    assert.equal(v.get("gain"), 3);
    assert.ok(v.get("snapshot") !== null);
    assert.throws(() => v.display(), KernelUnavailableError);
    v.close();
  });
});
