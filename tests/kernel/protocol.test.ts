/**
 * The SeisProc kernel speaks the Jupyter messaging protocol and the widget protocol 2.1 with a real client:
 * Debian's jupyter_client drives a real kernel process (tests/kernel/kernel_driver.py) from a notebook directory
 * outside the repository.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "../helpers/paths";
import { b64, buildTestSnapshot, KernelDriver, unb64, waitForExit, type DriverMessage, type Exchange } from "./kernel-driver";

const WIDGET_CELL = `
import { Widget, WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "seisproc/kernel";
type TestState = { value: number; data: Float32Array; nested: Record<string, unknown> };
const w = new Widget<TestState>(
  { modelName: "TestModel", modelModule: WIDGET_MODULE_NAME, modelModuleVersion: WIDGET_MODULE_VERSION,
    viewName: "TestView", viewModule: WIDGET_MODULE_NAME, viewModuleVersion: WIDGET_MODULE_VERSION },
  { value: 1, data: new Float32Array([1.5, 2.5, 3.5]), nested: {} });
w.on("change:value", (v, old, source) => console.log(\`value \${String(old)} -> \${String(v)} from \${source}\`));
w.onCustom((content, buffers) => w.send({ echo: content, sizes: buffers.map((b) => b.byteLength) }, buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice().reverse())));
console.log(w.id);
`;

function only(ex: Exchange, msgType: string): DriverMessage[] {
  return ex.iopub.filter((m) => m.msg_type === msgType);
}

function states(ex: Exchange): string[] {
  return only(ex, "status").map((m) => m.content.execution_state as string);
}

describe("SeisProc kernel with a real Jupyter client (jupyter_client)", function () {
  this.timeout(120_000);
  let kernel: KernelDriver;
  let notebookDir: string;
  let widgetId: string;
  let widgetCell: Exchange & { msgId: string };

  before(async () => {
    notebookDir = tempDir("seisproc-notebook-");
    kernel = await KernelDriver.start(notebookDir, await buildTestSnapshot());
    widgetCell = await kernel.run(WIDGET_CELL);
    widgetId = KernelDriver.stdout(widgetCell).trim();
  });

  after(async () => {
    await kernel?.stop();
  });

  it("answers kernel_info as SeisProc, TypeScript", async () => {
    const ex = await kernel.request("kernel_info_request", {});
    assert.equal(ex.reply?.msg_type, "kernel_info_reply");
    assert.equal(ex.reply?.content.implementation, "seisproc");
    assert.equal(ex.reply?.content.language_info.name, "typescript");
    assert.match(ex.reply?.content.banner as string, /start-up snapshot: yes$/);
    assert.deepEqual(states(ex), ["busy", "idle"]);
  });

  it("resolves seisproc and Node's own types in a notebook directory outside the repository", async () => {
    const ex = await kernel.run(`
import { generateSurvey } from "seisproc";
import { kernelAvailable } from "seisproc/kernel";
const bytes: Buffer = Buffer.from("abc");
const pid: number = process.pid;
console.log(typeof generateSurvey, kernelAvailable(), bytes.length, typeof pid, process.cwd());
`);
    assert.equal(KernelDriver.stdout(ex), `function true 3 number ${notebookDir}\n`);
  });

  it("opens the widget comm from a cell: target jupyter.widget, state and buffer_paths, version 2.1.0, parented to the cell", () => {
    const open = only(widgetCell, "comm_open");
    assert.equal(open.length, 1);
    const msg = open[0];
    assert.equal(msg.content.comm_id, widgetId);
    assert.equal(msg.content.target_name, "jupyter.widget");
    assert.equal(msg.metadata.version, "2.1.0");
    assert.equal(msg.parent_header.msg_id, widgetCell.msgId);
    assert.equal(msg.content.data.state._model_name, "TestModel");
    assert.equal(msg.content.data.state._model_module, "seisproc");
    assert.equal(msg.content.data.state.value, 1);
    assert.equal("data" in msg.content.data.state, false);
    assert.deepEqual(msg.content.data.buffer_paths, [["data"]]);
    assert.deepEqual([...new Float32Array(new Uint8Array(unb64(msg.buffers[0])).buffer)], [1.5, 2.5, 3.5]);
  });

  it("applies a front-end update, echoes it parented to the comm message, inside busy/idle", async () => {
    const ex = await kernel.request("comm_msg", { comm_id: widgetId, data: { method: "update", state: { value: 7 }, buffer_paths: [] } });
    assert.deepEqual(states(ex), ["busy", "idle"]);
    assert.equal(ex.iopub[0].content.execution_state, "busy");
    assert.equal(ex.iopub.at(-1)?.content.execution_state, "idle");
    const echo = only(ex, "comm_msg");
    assert.equal(echo.length, 1);
    assert.equal(echo[0].content.data.method, "echo_update");
    assert.deepEqual(echo[0].content.data.state, { value: 7 });
    assert.equal(echo[0].parent_header.msg_id, ex.msgId);
    assert.equal(KernelDriver.stdout(ex), "value 1 -> 7 from frontend\n");
    const check = await kernel.run(`console.log(w.get("value"))`);
    assert.equal(KernelDriver.stdout(check), "7\n");
  });

  it("exchanges custom messages with binary buffers both ways", async () => {
    const payload = new Uint8Array([1, 2, 3, 4, 5]);
    const ex = await kernel.request("comm_msg", { comm_id: widgetId, data: { method: "custom", content: { ask: "gather", id: 3 } } }, { buffers: [payload] });
    const replies = only(ex, "comm_msg");
    assert.equal(replies.length, 1);
    assert.deepEqual(replies[0].content.data, { method: "custom", content: { echo: { ask: "gather", id: 3 }, sizes: [5] } });
    assert.deepEqual([...unb64(replies[0].buffers[0])], [5, 4, 3, 2, 1]);
    assert.equal(replies[0].parent_header.msg_id, ex.msgId);
  });

  it("answers request_state with the whole state and its buffers", async () => {
    const ex = await kernel.request("comm_msg", { comm_id: widgetId, data: { method: "request_state" } });
    const [update] = only(ex, "comm_msg");
    assert.equal(update.content.data.method, "update");
    assert.equal(update.content.data.state.value, 7);
    assert.equal(update.content.data.state._view_name, "TestView");
    assert.deepEqual(update.content.data.buffer_paths, [["data"]]);
    assert.equal(unb64(update.buffers[0]).length, 12);
  });

  it("sends nested binary values set in the kernel as buffers with their paths", async () => {
    const ex = await kernel.run(`w.set({ nested: { trace: [0, new Float64Array([0.25, -1])], label: "x" }, value: 8 });`);
    const [update] = only(ex, "comm_msg");
    assert.equal(update.parent_header.msg_id, ex.msgId);
    assert.equal(update.content.data.method, "update");
    assert.deepEqual(update.content.data.state, { nested: { trace: [0, null], label: "x" }, value: 8 });
    assert.deepEqual(update.content.data.buffer_paths, [["nested", "trace", 1]]);
    assert.deepEqual([...new Float64Array(new Uint8Array(unb64(update.buffers[0])).buffer)], [0.25, -1]);
  });

  it("puts nested binary buffers from the front end back at their paths as DataViews", async () => {
    const picks = new Float32Array([10, 20]);
    await kernel.request("comm_msg", { comm_id: widgetId, data: { method: "update", state: { nested: { picks: [{ t: null }] } }, buffer_paths: [["nested", "picks", 0, "t"]] } }, { buffers: [picks] });
    const check = await kernel.run(`
const t = (w.get("nested") as { picks: { t: DataView }[] }).picks[0].t;
console.log(t instanceof DataView, t.byteLength, t.getFloat32(4, true));
`);
    assert.equal(KernelDriver.stdout(check), "true 8 20\n");
  });

  it("answers request_states on the jupyter.widget.control comm with every widget's state", async () => {
    const controlId = "c0ffee00000000000000000000000001";
    const open = await kernel.request("comm_open", { comm_id: controlId, target_name: "jupyter.widget.control", data: {} });
    assert.equal(only(open, "comm_close").length, 0);
    const ex = await kernel.request("comm_msg", { comm_id: controlId, data: { method: "request_states" } });
    const [answer] = only(ex, "comm_msg");
    assert.equal(answer.content.comm_id, controlId);
    assert.equal(answer.content.data.method, "update_states");
    const mine = answer.content.data.states[widgetId];
    assert.equal(mine.model_name, "TestModel");
    assert.equal(mine.model_module, "seisproc");
    assert.equal(mine.state.value, 8);
    const paths = answer.content.data.buffer_paths as unknown[][];
    const dataIndex = paths.findIndex((p) => JSON.stringify(p) === JSON.stringify([widgetId, "state", "data"]));
    assert.notEqual(dataIndex, -1);
    assert.equal(unb64(answer.buffers[dataIndex]).length, 12);
  });

  it("closes a comm opened for an unknown target", async () => {
    const ex = await kernel.request("comm_open", { comm_id: "0123456789abcdef0123456789abcdef", target_name: "no.such.target", data: {} });
    const [close] = only(ex, "comm_close");
    assert.equal(close.content.comm_id, "0123456789abcdef0123456789abcdef");
  });

  it("answers comm_info_request with a comm_info_reply listing the widget", async () => {
    const ex = await kernel.request("comm_info_request", { target_name: "jupyter.widget" });
    assert.equal(ex.reply?.msg_type, "comm_info_reply");
    assert.equal(ex.reply?.content.status, "ok");
    assert.deepEqual(ex.reply?.content.comms[widgetId], { target_name: "jupyter.widget" });
  });

  it("displays a widget that is a cell's last expression", async () => {
    const ex = await kernel.run(`w`);
    const [result] = only(ex, "execute_result");
    assert.deepEqual(result.content.data["application/vnd.jupyter.widget-view+json"], { model_id: widgetId, version_major: 2, version_minor: 1 });
    assert.match(result.content.data["text/plain"] as string, /^Test\(id=/);
    const shown = await kernel.run(`w.display()`);
    assert.equal(only(shown, "display_data")[0].content.data["application/vnd.jupyter.widget-view+json"].model_id, widgetId);
  });

  it("keeps a cell's parent header for output of timers the cell started", async () => {
    const ex = await kernel.run(`setTimeout(() => { w.set({ value: 42 }); }, 20);`);
    let late: DriverMessage | undefined;
    for (let i = 0; i < 10 && late === undefined; i++) {
      const msg = await kernel.nextIopub();
      if (msg?.msg_type === "comm_msg" && msg.content.data.state?.value === 42) late = msg;
    }
    assert.equal(late?.parent_header.msg_id, ex.msgId);
  });

  it("closes both ways: front-end comm_close closes the widget, close() sends comm_close", async () => {
    await kernel.run(`const w2 = new Widget({ modelName: "M", modelModule: "seisproc", modelModuleVersion: "*", viewName: null, viewModule: "seisproc", viewModuleVersion: "*" }, { a: 1 }); const w3 = new Widget({ modelName: "M", modelModule: "seisproc", modelModuleVersion: "*", viewName: null, viewModule: "seisproc", viewModuleVersion: "*" }, { a: 1 });`);
    const ids = KernelDriver.stdout(await kernel.run(`console.log(w2.id, w3.id)`)).trim().split(" ");
    await kernel.request("comm_close", { comm_id: ids[0], data: {} });
    const closed = await kernel.run(`console.log(w2.closed); w3.close();`);
    assert.equal(KernelDriver.stdout(closed), "true\n");
    const [close] = only(closed, "comm_close");
    assert.equal(close.content.comm_id, ids[1]);
  });

  it("replies to a failing cell with ename, evalue and traceback, and publishes an error message", async () => {
    const ex = await kernel.execute(`function explode(): never { throw new RangeError("boom at gather 3"); }\nexplode();`);
    assert.equal(ex.reply?.content.status, "error");
    assert.equal(ex.reply?.content.ename, "RangeError");
    assert.equal(ex.reply?.content.evalue, "boom at gather 3");
    assert.ok(Array.isArray(ex.reply?.content.traceback), "a traceback");
    assert.match((ex.reply?.content.traceback as string[]).join("\n"), /at explode/, "the traceback names the function that threw");
    const [error] = only(ex, "error");
    assert.equal(error.content.ename, "RangeError");
    assert.equal(error.content.evalue, "boom at gather 3");
  });

  it("records stack traces and call sites as plain Node does (the snapshot kernel lost Error.stackTraceLimit)", async () => {
    // depd (under koa, under s3rver) reads call sites like this when it is required.
    const ex = await kernel.run(`
function callSites(): NodeJS.CallSite[] {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, sites) => sites;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder);
  const sites = holder.stack ?? [];
  Error.prepareStackTrace = prepare;
  return sites;
}
function outer(): string { return callSites().map((s) => s.getFunctionName()).slice(0, 2).join(" < "); }
console.log(Error.stackTraceLimit, outer(), /at inner/.test((function inner() { return new Error("x").stack ?? ""; })()));
`);
    assert.equal(KernelDriver.stdout(ex), "10 callSites < outer true\n");
  });

  it("reports a cell that does not type-check as a CompileError", async () => {
    const ex = await kernel.execute(`const n: number = "not a number";`);
    assert.equal(ex.reply?.content.status, "error");
    assert.equal(ex.reply?.content.ename, "CompileError");
    assert.match(ex.reply?.content.evalue as string, /not assignable to type 'number'/);
  });

  it("runs a request sent right after an error (tslab dropped those for 200 ms)", async () => {
    const failed = await kernel.execute(`throw new Error("first")`);
    assert.equal(failed.reply?.content.status, "error");
    const next = await kernel.execute(`console.log("second ran")`);
    assert.equal(next.reply?.content.status, "ok");
    assert.equal(KernelDriver.stdout(next), "second ran\n");
  });

  it("aborts requests that were already queued when a cell failed", async () => {
    const go = path.join(notebookDir, "go");
    const first = await kernel.send("execute_request", { code: `while (!require("fs").existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 10));\nthrow new Error("queued failure");`, silent: false, stop_on_error: true });
    const second = await kernel.send("execute_request", { code: `console.log("must not run")`, silent: false, stop_on_error: true });
    await kernel.request("comm_info_request", {}); // the kernel has read both requests once this is answered
    writeFileSync(go, "");
    const a = await kernel.collect(first);
    const b = await kernel.collect(second);
    assert.equal(a.reply?.content.status, "error");
    assert.equal(b.reply?.content.status, "aborted");
    assert.equal(KernelDriver.stdout(b), "");
  });

  it("drops a message with a forged signature without executing it, and stays alive", async () => {
    const marker = path.join(notebookDir, "forged-ran");
    const forged = await kernel.forge("execute_request", { code: `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`, silent: false });
    const next = await kernel.run(`console.log("alive")`);
    assert.equal(KernelDriver.stdout(next), "alive\n");
    assert.equal(await kernel.replySeen(forged), false);
    assert.equal(existsSync(marker), false);
  });

  it("accepts binary buffers in messages from the front end (tslab's HMAC rejected them)", async () => {
    const ex = await kernel.request("comm_msg", { comm_id: widgetId, data: { method: "custom", content: "bytes" } }, { buffers: [new Uint8Array(1000).fill(7), new Uint8Array([9])] });
    const [reply] = only(ex, "comm_msg");
    assert.deepEqual(reply.content.data.content.sizes, [1000, 1]);
    assert.equal(reply.buffers[1], b64(new Uint8Array([9])));
  });

  it("interrupts a cell waiting on a promise and a cell in a busy loop, and keeps running", async () => {
    for (const wait of ["await new Promise((resolve) => setTimeout(resolve, 600_000));", "while (true) {}"]) {
      const marker = path.join(notebookDir, `running-${wait.length}`);
      const code = `require("fs").writeFileSync(${JSON.stringify(marker)}, "");\n${wait}`;
      const started = await kernel.send("execute_request", { code, silent: false, stop_on_error: true });
      while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
      await kernel.interrupt();
      const ex = await kernel.collect(started);
      assert.equal(ex.reply?.content.status, "error", wait);
      assert.match(`${ex.reply?.content.evalue as string}`, /[Ii]nterrupted/);
    }
    assert.equal(KernelDriver.stdout(await kernel.run(`console.log("still here")`)), "still here\n");
  });

  it("answers shutdown_request on the control channel, then exits", async () => {
    const ex = await kernel.request("shutdown_request", { restart: false }, { channel: "control" });
    assert.equal(ex.reply?.msg_type, "shutdown_reply");
    assert.equal(ex.reply?.content.status, "ok");
    assert.equal(await waitForExit(kernel.kernelPid, 30_000), true);
  });
});

describe("SeisProc kernel lifetime", function () {
  this.timeout(120_000);

  it("exits when the client process that started it is killed (with and without the snapshot launcher)", async () => {
    for (const env of [await buildTestSnapshot(), {}]) {
      const kernel = await KernelDriver.start(undefined, env);
      const launched = kernel.kernelPid;
      const running = Number(KernelDriver.stdout(await kernel.run(`console.log(process.pid)`)).trim());
      assert.equal(running !== launched, env.SEISPROC_KERNEL_SNAPSHOT === "1", "a snapshot kernel runs in a child of the launched process");
      kernel.child.kill("SIGKILL");
      assert.equal(await waitForExit(running, 30_000), true, `kernel ${running} still running after its client died`);
      assert.equal(await waitForExit(launched, 30_000), true, `process ${launched} still running after its client died`);
    }
  });
});
