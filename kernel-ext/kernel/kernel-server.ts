/**
 * The SeisProc kernel: tslab 1.0.22's ZeroMQ server and code executor, with the shell dispatcher replaced.
 *
 * Kept from tslab: socket binding and the heartbeat (`ZmqServer.init`), cell compilation and execution
 * (`createExecutor`, `createConverter`), completion, inspection and `is_complete`.
 *
 * Replaced (`ZmqServer.handleShellMessage`), fixing tslab's defects:
 * - signatures cover the four JSON frames only, so messages with binary buffers are accepted, and buffers are
 *   sent as raw frames (tslab hashed buffer frames and JSON-stringified outgoing ones); a bad or replayed
 *   signature is dropped and logged, never executed;
 * - `comm_info_request` is answered with `comm_info_reply` (tslab: `complete_reply`), and comms work;
 * - error replies carry `ename` / `evalue` / `traceback`, and an `error` message is published;
 * - after an error, only requests already queued are aborted (tslab dropped everything arriving within 200 ms);
 * - every message carries the parent header of the request it answers (`AsyncLocalStorage`), with `busy` /
 *   `idle` around each request, including comm messages;
 * - the last expression's value is an `execute_result` with a rich display (widgets show themselves).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { viewOf } from "../binary-state";
import { CommManager, type PublishOptions } from "../comm-manager";
import { mimeBundleFor } from "../display/display";
import { installKernel, type KernelRuntime, type WidgetModelEntry } from "../kernel-runtime";
import { PACKAGE_VERSION } from "../module-info";
import { serveWidgetControl } from "../widget-control";
import Module from "node:module";
import * as path from "node:path";
import { CodeCache } from "./compile-cache";
import { buildSnapshotInBackground, parseOptionsMatch, preparsedFiles } from "./snapshot";
import type { SnapshotState } from "./snapshot-types";
import { describeFailure, describeThrown, formatCalls, type ErrorCall } from "./error-report";
import { availableNotebookModules, installRequireHook, installTypeScriptOptions } from "./module-resolution";
import { OutputStreams } from "./output-streams";
import { currentParent, runWithParent, setFallbackParent } from "./parent-context";
import { loadTslab, tslabRequire, TSLAB_VERSION, type ConnectionInfo, type TslabConverter, type TslabConverterSet, type TslabExecutor, type TslabHandler, type TslabModules, type TslabZmqServer, type ZmqSocket } from "./tslab-internals";
import { decodeMessage, encodeMessage, newHeader, ReplayGuard, Signer, type MessageHeader, type WireMessage } from "./wire";

/**
 * How to start a kernel.
 *
 * @example
 * ```ts
 * const options: KernelServerOptions = { connectionFile: "/run/user/1000/jupyter/kernel-1.json" };
 * ```
 */
export interface KernelServerOptions {
  /** The Jupyter connection file (ports, key, signature scheme). */
  connectionFile: string;
  /** The directory cells resolve relative imports from (default: the current directory). */
  cwd?: string;
  /** The notebook file, when known (see `notebook-path`). */
  notebookPath?: string;
  /** Where the kernel's own log lines go (default: the real stderr). */
  log?: (line: string) => void;
  /** Use and save a V8 code cache of the TypeScript compiler (default true; see `compile-cache`). */
  codeCache?: boolean;
  /** The start-up snapshot's state, when the process was started from one (see `snapshot`). */
  snapshot?: SnapshotState;
  /** Build a start-up snapshot in the background after the first cell when none was used (default true). */
  buildSnapshot?: boolean;
}

/** One cell being executed. */
interface CellRun {
  count: number;
  silent: boolean;
  errors: ErrorCall[];
}

/** Puts an already-loaded module instance (the snapshot's TypeScript) into Node's module cache under `file`. */
function injectModule(file: string, exports: unknown): void {
  const loader = Module as unknown as { _cache: NodeJS.Dict<NodeJS.Module>; _nodeModulePaths(dir: string): string[] };
  const mod = new Module(file) as NodeJS.Module & { filename: string; loaded: boolean; paths: string[] };
  mod.filename = file;
  mod.loaded = true;
  mod.exports = exports;
  mod.paths = loader._nodeModulePaths(path.dirname(file));
  loader._cache[file] = mod;
}

/** A converter set that builds tslab's converters on first use, as tslab's own does. */
function lazyConverters(tslab: TslabModules): TslabConverterSet {
  let node: TslabConverter | undefined;
  let browser: TslabConverter | undefined;
  return {
    get node() {
      return (node ??= tslab.converter.createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (browser ??= tslab.converter.createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}

/**
 * A running SeisProc kernel.
 *
 * @example
 * ```ts
 * const kernel = await KernelServer.start({ connectionFile: process.argv[2] });
 * process.on("SIGTERM", () => kernel.shutdown());
 * ```
 */
export class KernelServer {
  /** The runtime notebook code sees (`currentKernel()`). */
  readonly runtime: KernelRuntime;
  private readonly session = randomUUID();
  private readonly signer: Signer;
  private readonly replay = new ReplayGuard();
  private readonly sendChains = new Map<ZmqSocket, Promise<void>>();
  private readonly streams: OutputStreams;
  private readonly log: (line: string) => void;
  private executionCount = 0;
  private errorEpoch = 0;
  private queue: Promise<void> = Promise.resolve();
  private run: CellRun | undefined;
  private closed = false;
  private readonly uninstall: (() => void)[] = [];
  private codeCache: CodeCache | undefined;
  private snapshotUsed = false;
  private preparsed: ReturnType<typeof preparsedFiles> | undefined;
  private firstCellDone = false;

  private constructor(
    private readonly tslab: TslabModules,
    private readonly zmq: TslabZmqServer,
    private readonly handler: TslabHandler,
    private readonly executor: TslabExecutor,
    private readonly converters: TslabConverterSet,
    connection: ConnectionInfo,
    private readonly options: KernelServerOptions,
    executorConsole: { log: (value: unknown) => void; error: (...args: unknown[]) => void },
  ) {
    this.signer = new Signer(connection.signature_scheme, connection.key);
    this.streams = new OutputStreams(currentParent, (name, text, parent) => this.publish("stream", { name, text }, {}, parent));
    this.log = options.log ?? ((line) => this.streams.realStderr(`[seisproc kernel] ${line}\n`));
    executorConsole.log = (value) => this.showLastExpression(value);
    executorConsole.error = (...args) => this.captureError(args);
    const publish = (msgType: string, content: Record<string, unknown>, opts?: PublishOptions): void => this.publish(msgType, content, opts);
    const comms = new CommManager(
      publish,
      { log: (level, message, fields) => this.log(`${level}: ${message}${fields === undefined ? "" : ` ${JSON.stringify(fields)}`}`) },
      (where, error) => this.streams.write("stderr", `${where} threw: ${describeThrown(error).traceback.join("\n")}\n`),
    );
    this.runtime = { publish, comms, widgets: new Map<string, WidgetModelEntry>(), notebookPath: options.notebookPath };
  }

  /**
   * Starts a kernel: patches module resolution and tslab's compiler options, loads tslab, binds the sockets of
   * `options.connectionFile`, installs the runtime, redirects stdout/stderr into cell output and warms the cell
   * compiler. Resolves once the kernel answers requests.
   */
  static async start(options: KernelServerOptions): Promise<KernelServer> {
    let logTo: ((line: string) => void) | undefined;
    const modules = availableNotebookModules();
    const removeHook = installRequireHook(modules);
    let codeCache: CodeCache | undefined;
    let preparsed: ReturnType<typeof preparsedFiles> | undefined;
    if (options.snapshot !== undefined) {
      injectModule(tslabRequire().resolve("@tslab/typescript-for-tslab"), options.snapshot.ts);
      preparsed = preparsedFiles(options.snapshot);
    }
    installTypeScriptOptions(modules, {
      beforeLoad: (file) => {
        if (options.codeCache !== false) codeCache = CodeCache.install(file);
      },
      preparsed: preparsed === undefined ? undefined : { get: preparsed.get, accepts: parseOptionsMatch },
      log: (line) => logTo?.(line),
    });
    const tslab = loadTslab();
    const connection = JSON.parse(readFileSync(options.connectionFile, "utf8")) as ConnectionInfo;
    const converters = lazyConverters(tslab);
    const executorConsole = { log: (_value: unknown): void => {}, error: (..._args: unknown[]): void => {} };
    const executor = tslab.executor.createExecutor(options.cwd ?? process.cwd(), converters, executorConsole);
    const handler = new tslab.jupyter.JupyterHandlerImpl(executor, false);
    const zmq = new tslab.jupyter.ZmqServer(handler, options.connectionFile);
    const server = new KernelServer(tslab, zmq, handler, executor, converters, connection, options, executorConsole);
    logTo = (line) => server.logLine(line);
    server.codeCache = codeCache;
    server.snapshotUsed = options.snapshot !== undefined;
    server.preparsed = preparsed;
    server.uninstall.push(removeHook);
    if (tslab.version !== TSLAB_VERSION) server.log(`warning: tslab ${tslab.version} is installed; these patches were written for ${TSLAB_VERSION}`);
    zmq.handleShellMessage = (sock, ...frames) => server.onFrames(sock, frames);
    tslab.jupyter.lastWriteDisplayData = (data, update) => server.publish(update ? "update_display_data" : "display_data", data);
    server.uninstall.push(installKernel(server.runtime));
    serveWidgetControl(server.runtime);
    server.streams.install();
    server.uninstall.push(() => server.streams.uninstall());
    await zmq.init();
    void converters.node; // build the cell compiler now (the slow part of start-up), not in the first cell
    return server;
  }

  /** Interrupts the running cell's asynchronous work (SIGINT does it for synchronous code). */
  interrupt(): void {
    this.executor.interrupt();
  }

  /** Closes the sockets and the compiler and removes the patches; the process can then exit. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.streams.flush();
    for (const undo of this.uninstall.reverse()) undo();
    try {
      this.zmq.close(); // also closes tslab's handler, executor and converters
    } catch (error) {
      this.log(`closing sockets: ${String(error)}`);
      this.converters.close();
    }
  }

  /** Waits until every message queued so far has been handed to ZeroMQ. */
  async drain(): Promise<void> {
    this.streams.flush();
    await Promise.all([...this.sendChains.values()]);
  }

  /** Writes a line to the kernel's log (its real stderr, never a cell's output). */
  logLine(line: string): void {
    this.log(line);
  }

  /** Reports an error that escaped all handlers (an uncaught exception or unhandled rejection) to the cell that caused it. */
  reportUncaught(kind: string, error: unknown): void {
    const text = `${kind}: ${describeThrown(error).traceback.join("\n")}\n`;
    if (currentParent() === undefined) this.log(text.trimEnd());
    else this.streams.write("stderr", text);
  }

  // --- sending ---------------------------------------------------------------------------------------------

  private sendOn(sock: ZmqSocket, msg: Omit<WireMessage, "buffers"> & { buffers: readonly ArrayBufferView[] }): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = encodeMessage(msg, this.signer);
    } catch (error) {
      this.log(`cannot encode ${msg.header.msg_type}: ${error instanceof Error ? error.message : String(error)}`);
      if (msg.header.msg_type !== "stream") this.streams.write("stderr", `seisproc kernel: a ${msg.header.msg_type} message could not be encoded: ${String(error)}\n`);
      return;
    }
    const previous = this.sendChains.get(sock) ?? Promise.resolve();
    const next = previous.then(() => sock.send(frames)).catch((error: unknown) => this.log(`send ${msg.header.msg_type} failed: ${String(error)}`));
    this.sendChains.set(sock, next);
  }

  /** Publishes one iopub message, by default parented to the request being handled: the one exit of messages. */
  private publish(msgType: string, content: Record<string, unknown>, options: PublishOptions = {}, parent: MessageHeader | undefined = currentParent()): void {
    if (msgType !== "stream") this.streams.flush();
    this.sendOn(this.zmq.iopub, {
      identities: [Buffer.from(`kernel.${this.session}.${msgType}`)],
      header: newHeader(msgType, this.session),
      parent: parent ?? {},
      metadata: options.metadata ?? {},
      content,
      buffers: options.buffers ?? [],
    });
  }

  private reply(sock: ZmqSocket, request: WireMessage, msgType: string, content: Record<string, unknown>): void {
    this.streams.flush();
    this.sendOn(sock, { identities: request.identities, header: newHeader(msgType, this.session), parent: request.header, metadata: {}, content, buffers: [] });
  }

  private status(state: "busy" | "idle", request: WireMessage): void {
    this.publish("status", { execution_state: state }, {}, request.header);
  }

  // --- receiving -------------------------------------------------------------------------------------------

  private async onFrames(sock: ZmqSocket, frames: Buffer[]): Promise<void> {
    let msg: WireMessage;
    try {
      msg = decodeMessage(frames, this.signer, this.replay);
    } catch (error) {
      this.log(error instanceof Error ? error.message : String(error));
      return;
    }
    await runWithParent(msg.header, async () => {
      if (msg.header.msg_type === "execute_request") {
        await this.execute(sock, msg);
        return;
      }
      this.status("busy", msg);
      let terminate = false;
      try {
        terminate = this.dispatch(sock, msg);
      } catch (error) {
        this.log(`${msg.header.msg_type} failed: ${describeThrown(error).traceback.join("\n")}`);
        if (msg.header.msg_type.endsWith("_request")) {
          this.reply(sock, msg, msg.header.msg_type.replace(/_request$/, "_reply"), { status: "error", ...describeThrown(error) });
        }
      } finally {
        this.status("idle", msg);
      }
      if (terminate) await this.shutdownAfterReply();
    });
  }

  /** Handles every request but `execute_request`; true when the kernel must now shut down. */
  private dispatch(sock: ZmqSocket, msg: WireMessage): boolean {
    const c = msg.content;
    const buffers = msg.buffers.map(viewOf);
    switch (msg.header.msg_type) {
      case "kernel_info_request":
        this.reply(sock, msg, "kernel_info_reply", this.kernelInfo());
        return false;
      case "comm_info_request": {
        const target = typeof c.target_name === "string" ? c.target_name : undefined;
        this.reply(sock, msg, "comm_info_reply", { status: "ok", comms: this.runtime.comms.commInfo(target) });
        return false;
      }
      case "comm_open":
        this.runtime.comms.handleOpen(c, buffers, msg.metadata);
        return false;
      case "comm_msg":
        this.runtime.comms.handleMessage(c, buffers, msg.metadata);
        return false;
      case "comm_close":
        this.runtime.comms.handleClose(c, buffers, msg.metadata);
        return false;
      case "is_complete_request":
        this.reply(sock, msg, "is_complete_reply", this.handler.handleIsComplete({ code: String(c.code ?? "") }));
        return false;
      case "inspect_request":
        this.reply(sock, msg, "inspect_reply", this.handler.handleInspect({ code: String(c.code ?? ""), cursor_pos: Number(c.cursor_pos ?? 0) }));
        return false;
      case "complete_request":
        this.reply(sock, msg, "complete_reply", this.handler.handleComplete({ code: String(c.code ?? ""), cursor_pos: Number(c.cursor_pos ?? 0) }));
        return false;
      case "history_request":
        this.reply(sock, msg, "history_reply", { status: "ok", history: [] });
        return false;
      case "interrupt_request":
        this.interrupt();
        this.reply(sock, msg, "interrupt_reply", { status: "ok" });
        return false;
      case "shutdown_request":
        this.reply(sock, msg, "shutdown_reply", { status: "ok", restart: c.restart === true });
        return true;
      default:
        this.log(`unsupported message type ${msg.header.msg_type} ignored`);
        return false;
    }
  }

  private kernelInfo(): Record<string, unknown> {
    const tslabInfo = this.handler.handleKernel();
    return {
      status: "ok",
      protocol_version: "5.3",
      implementation: "seisproc",
      implementation_version: PACKAGE_VERSION,
      language_info: { ...tslabInfo.language_info, version: this.tslab.typescriptVersion },
      banner: `SeisProc ${PACKAGE_VERSION}: TypeScript ${this.tslab.typescriptVersion} (tslab ${this.tslab.version}), Node ${process.version}; start-up snapshot: ${this.snapshotUsed ? "yes" : "no"}`,
      help_links: [],
    };
  }

  private async shutdownAfterReply(): Promise<void> {
    await this.drain();
    this.close();
    setTimeout(() => process.exit(0), 50);
  }

  // --- execution -------------------------------------------------------------------------------------------

  private execute(sock: ZmqSocket, msg: WireMessage): Promise<void> {
    const epoch = this.errorEpoch;
    const task = this.queue.then(() => this.runCell(sock, msg, epoch));
    this.queue = task.catch(() => {});
    return task;
  }

  private async runCell(sock: ZmqSocket, msg: WireMessage, epoch: number): Promise<void> {
    this.status("busy", msg);
    try {
      const c = msg.content;
      const code = typeof c.code === "string" ? c.code : "";
      const silent = c.silent === true;
      if (this.errorEpoch !== epoch) {
        // An earlier cell failed while this one waited: abort it, as ipykernel aborts its queue.
        this.reply(sock, msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
        return;
      }
      if (!silent && c.store_history !== false) this.executionCount++;
      const run: CellRun = { count: this.executionCount, silent, errors: [] };
      setFallbackParent(msg.header);
      if (!silent) this.publish("execute_input", { code, execution_count: run.count });
      this.run = run;
      let ok: boolean;
      try {
        ok = await this.executor.execute(code);
      } catch (error) {
        run.errors.push([error]);
        ok = false;
      } finally {
        this.run = undefined;
      }
      if (!this.firstCellDone) {
        this.firstCellDone = true;
        setImmediate(() => this.afterFirstCell()); // after the reply
      }
      if (ok) {
        if (run.errors.length > 0) this.streams.write("stderr", formatCalls(run.errors));
        this.reply(sock, msg, "execute_reply", { status: "ok", execution_count: run.count, user_expressions: {}, payload: [] });
        return;
      }
      const error = describeFailure(run.errors);
      if (!silent) this.publish("error", { ...error });
      if (c.stop_on_error !== false) this.errorEpoch++;
      this.reply(sock, msg, "execute_reply", { status: "error", execution_count: run.count, ...error });
    } finally {
      this.status("idle", msg);
    }
  }

  /** Saves the code cache (the compiler's hot functions are compiled by now) and starts a snapshot build if useful. */
  private afterFirstCell(): void {
    this.codeCache?.save();
    this.codeCache = undefined;
    const stale = this.preparsed?.stale() ?? 0;
    if (this.options.buildSnapshot !== false && (!this.snapshotUsed || stale > 0)) {
      if (stale > 0) this.log(`${stale} declaration files changed since the start-up snapshot was built: rebuilding it in the background`);
      buildSnapshotInBackground();
    }
  }

  private showLastExpression(value: unknown): void {
    const run = this.run;
    if (run === undefined) {
      this.streams.write("stdout", `${String(value)}\n`);
      return;
    }
    if (run.silent) return;
    const bundle = mimeBundleFor(value);
    this.publish("execute_result", { execution_count: run.count, data: bundle.data, metadata: bundle.metadata });
  }

  private captureError(args: unknown[]): void {
    if (this.run !== undefined) this.run.errors.push(args);
    else this.streams.write("stderr", formatCalls([args]));
  }
}
