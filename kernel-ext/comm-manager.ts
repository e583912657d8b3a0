/**
 * Jupyter comms on the kernel side: channels between a kernel object and a front-end object, opened by either
 * side (`comm_open`), carrying JSON data plus binary buffers (`comm_msg`), closed by either side (`comm_close`).
 * Every message the kernel sends leaves through one {@link Publish} function, the seam tests replace.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../src/core/util/logger";
import { SILENT_LOGGER } from "../src/core/util/logger";

/**
 * Options of one outgoing message.
 *
 * @example
 * ```ts
 * const options: PublishOptions = { metadata: { version: "2.1.0" }, buffers: [new Float32Array(3)] };
 * ```
 */
export interface PublishOptions {
  /** The message's metadata (default `{}`). */
  metadata?: Record<string, unknown>;
  /** Binary frames sent after the JSON parts. */
  buffers?: readonly ArrayBufferView[];
}

/**
 * Sends one message on the kernel's iopub channel, with the parent header of whatever caused it.
 *
 * @example
 * ```ts
 * const publish: Publish = (msgType, content) => sent.push({ msgType, content });
 * ```
 */
export type Publish = (msgType: string, content: Record<string, unknown>, options?: PublishOptions) => void;

/**
 * One message received on a comm.
 *
 * @example
 * ```ts
 * comm.onMessage((msg: CommMessage) => console.log(msg.data, msg.buffers.length));
 * ```
 */
export interface CommMessage {
  /** The `data` of the message content (`{}` when absent). */
  data: Record<string, unknown>;
  /** Binary frames, each a `DataView` over exactly its bytes. */
  buffers: DataView[];
  /** The message's metadata. */
  metadata: Record<string, unknown>;
}

/**
 * Called when the front end opens a comm for a registered target.
 *
 * @example
 * ```ts
 * const handler: CommTargetHandler = (comm, open) => comm.onMessage((m) => comm.send({ echo: m.data }));
 * ```
 */
export type CommTargetHandler = (comm: Comm, open: CommMessage) => void;

type Listener<T> = (value: T) => void;

/**
 * One comm. Messages from the front end reach {@link Comm.onMessage} listeners; {@link Comm.send} and
 * {@link Comm.close} send to the front end.
 *
 * @example
 * ```ts
 * const comm = comms.open("my.target", { hello: 1 });
 * comm.onMessage((msg) => comm.send({ got: msg.data }));
 * ```
 */
export class Comm {
  private closedFlag = false;
  private readonly messageListeners = new Set<Listener<CommMessage>>();
  private readonly closeListeners = new Set<Listener<CommMessage>>();

  /** @internal Created by {@link CommManager}. */
  constructor(
    /** The comm's id (the widget's model id for widgets). */
    readonly id: string,
    /** The target name it was opened with. */
    readonly target: string,
    private readonly manager: CommManager,
  ) {}

  /** True once either side closed the comm. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** Sends `data` (and binary `buffers`) to the front end; does nothing once closed. */
  send(data: Record<string, unknown>, options: PublishOptions = {}): void {
    if (this.closedFlag) return;
    this.manager.publish("comm_msg", { comm_id: this.id, data }, options);
  }

  /** Closes the comm from the kernel side (sends `comm_close`); does nothing when already closed. */
  close(data: Record<string, unknown> = {}): void {
    if (this.closedFlag) return;
    this.manager.publish("comm_close", { comm_id: this.id, data }, {});
    this.markClosed({ data, buffers: [], metadata: {} });
  }

  /** Calls `fn` for each message from the front end; returns a function that stops it. */
  onMessage(fn: (msg: CommMessage) => void): () => void {
    this.messageListeners.add(fn);
    return () => void this.messageListeners.delete(fn);
  }

  /** Calls `fn` once when the comm closes (either side); returns a function that stops it. */
  onClose(fn: (msg: CommMessage) => void): () => void {
    this.closeListeners.add(fn);
    return () => void this.closeListeners.delete(fn);
  }

  /** @internal A front-end message for this comm. */
  deliver(msg: CommMessage): void {
    if (this.closedFlag) return;
    for (const fn of [...this.messageListeners]) this.manager.guard(`comm ${this.id} message handler`, () => fn(msg));
  }

  /** @internal Marks the comm closed and tells the close listeners. */
  markClosed(msg: CommMessage): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.manager.forget(this.id);
    for (const fn of [...this.closeListeners]) this.manager.guard(`comm ${this.id} close handler`, () => fn(msg));
    this.messageListeners.clear();
    this.closeListeners.clear();
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A fresh comm id: 32 hex digits, as ipykernel makes them.
 *
 * @example
 * ```ts
 * newCommId(); // "5f0c…" (32 characters)
 * ```
 */
export function newCommId(): string {
  return randomUUID().replace(/-/g, "");
}

/**
 * All comms of one kernel: opens comms to the front end, routes front-end `comm_open` / `comm_msg` /
 * `comm_close` to their comm or target handler, closes comms opened for unknown targets, and answers
 * `comm_info_request`.
 *
 * @example
 * ```ts
 * const comms = new CommManager((msgType, content) => iopub.send(msgType, content));
 * comms.registerTarget("echo", (comm) => comm.onMessage((m) => comm.send(m.data)));
 * ```
 */
export class CommManager {
  private readonly comms = new Map<string, Comm>();
  private readonly targets = new Map<string, CommTargetHandler>();

  constructor(
    /** Where messages leave. */
    readonly publish: Publish,
    private readonly logger: Logger = SILENT_LOGGER,
    /** Called with errors thrown by handlers (default: logged). */
    private readonly onHandlerError: (where: string, error: unknown) => void = () => {},
  ) {}

  /** Opens a comm to the front end (`comm_open` with `data`, `metadata` and `buffers`). */
  open(target: string, data: Record<string, unknown>, options: PublishOptions & { commId?: string } = {}): Comm {
    const comm = new Comm(options.commId ?? newCommId(), target, this);
    this.comms.set(comm.id, comm);
    this.publish("comm_open", { comm_id: comm.id, target_name: target, data, target_module: null }, { metadata: options.metadata, buffers: options.buffers });
    return comm;
  }

  /** Accepts front-end comms opened for `target`; returns a function that unregisters it. */
  registerTarget(target: string, handler: CommTargetHandler): () => void {
    this.targets.set(target, handler);
    return () => {
      if (this.targets.get(target) === handler) this.targets.delete(target);
    };
  }

  /** The open comm with this id. */
  get(id: string): Comm | undefined {
    return this.comms.get(id);
  }

  /** The open comms, optionally only those of one target, as `comm_info_reply` lists them. */
  commInfo(target?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) {
      if (target === undefined || comm.target === target) out[comm.id] = { target_name: comm.target };
    }
    return out;
  }

  /** Handles a front-end `comm_open`: a registered target gets the comm, an unknown one is closed at once. */
  handleOpen(content: unknown, buffers: DataView[], metadata: Record<string, unknown> = {}): void {
    const c = asRecord(content);
    const id = typeof c.comm_id === "string" ? c.comm_id : "";
    const target = typeof c.target_name === "string" ? c.target_name : "";
    if (id === "") {
      this.logger.log("warn", "comm_open without a comm_id ignored", { target });
      return;
    }
    const msg: CommMessage = { data: asRecord(c.data), buffers, metadata };
    const handler = this.targets.get(target);
    const comm = new Comm(id, target, this);
    this.comms.set(id, comm);
    if (handler === undefined) {
      this.logger.log("warn", "comm_open for an unknown target: closed", { target, comm_id: id });
      comm.close({});
      return;
    }
    this.guard(`comm target ${target}`, () => handler(comm, msg));
  }

  /** Handles a front-end `comm_msg`; messages for unknown comms are logged and dropped. */
  handleMessage(content: unknown, buffers: DataView[], metadata: Record<string, unknown> = {}): void {
    const c = asRecord(content);
    const comm = typeof c.comm_id === "string" ? this.comms.get(c.comm_id) : undefined;
    if (comm === undefined) {
      this.logger.log("warn", "comm_msg for an unknown comm dropped", { comm_id: c.comm_id });
      return;
    }
    comm.deliver({ data: asRecord(c.data), buffers, metadata });
  }

  /** Handles a front-end `comm_close`. */
  handleClose(content: unknown, buffers: DataView[], metadata: Record<string, unknown> = {}): void {
    const c = asRecord(content);
    const comm = typeof c.comm_id === "string" ? this.comms.get(c.comm_id) : undefined;
    if (comm === undefined) return;
    comm.markClosed({ data: asRecord(c.data), buffers, metadata });
  }

  /** @internal Drops a closed comm. */
  forget(id: string): void {
    this.comms.delete(id);
  }

  /** @internal Runs a handler, reporting what it throws instead of letting it escape. */
  guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.log("error", `${where} threw`, { error: error instanceof Error ? error.stack ?? error.message : String(error) });
      this.onHandlerError(where, error);
    }
  }
}
