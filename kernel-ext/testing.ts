/**
 * A kernel for tests: {@link RecordingKernel} records every message the kernel side would send (the one seam
 * where messages leave) and lets a test play the front end (open, message, close a comm), with no ZeroMQ and no
 * Jupyter. Widget models are tested against it exactly as they run in the kernel.
 *
 * @module
 */
import { viewOf } from "./binary-state";
import { CommManager, newCommId, type PublishOptions } from "./comm-manager";
import { installKernel, type KernelRuntime, type WidgetModelEntry } from "./kernel-runtime";
import { serveWidgetControl } from "./widget-control";

/**
 * One message the kernel side sent.
 *
 * @example
 * ```ts
 * const msg: RecordedMessage = kernel.messages[0];
 * msg.msgType; // "comm_open"
 * ```
 */
export interface RecordedMessage {
  msgType: string;
  content: Record<string, unknown>;
  metadata: Record<string, unknown>;
  buffers: ArrayBufferView[];
}

function bytesOf(view: ArrayBufferView): DataView {
  return viewOf(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/**
 * A recording kernel runtime. `install()` makes it the process's kernel until `uninstall()`.
 *
 * @example
 * ```ts
 * const kernel = RecordingKernel.install();
 * try {
 *   const w = new MyWidget();
 *   kernel.frontEndUpdate(w.id, { zoom: 2 });
 *   assert.equal(w.get("zoom"), 2);
 *   assert.equal(kernel.commData(w.id).at(-1)?.method, "echo_update");
 * } finally { kernel.uninstall(); }
 * ```
 */
export class RecordingKernel implements KernelRuntime {
  /** Every message sent, in order. */
  readonly messages: RecordedMessage[] = [];
  readonly comms: CommManager;
  readonly widgets = new Map<string, WidgetModelEntry>();
  readonly publish: KernelRuntime["publish"];
  /** Errors thrown by comm handlers (a real kernel prints them to the cell's stderr). */
  readonly handlerErrors: unknown[] = [];
  private removeSelf: (() => void) | undefined;

  constructor(readonly notebookPath: string | undefined = undefined) {
    this.publish = (msgType: string, content: Record<string, unknown>, options: PublishOptions = {}) => {
      this.messages.push({ msgType, content, metadata: options.metadata ?? {}, buffers: [...(options.buffers ?? [])] });
    };
    this.comms = new CommManager(this.publish, undefined, (_where, error) => this.handlerErrors.push(error));
    serveWidgetControl(this);
  }

  /** Creates a recording kernel and installs it as the process's kernel. */
  static install(notebookPath?: string): RecordingKernel {
    const kernel = new RecordingKernel(notebookPath);
    kernel.removeSelf = installKernel(kernel);
    return kernel;
  }

  /** Removes this kernel from the process (restoring whatever was installed before). */
  uninstall(): void {
    this.removeSelf?.();
    this.removeSelf = undefined;
  }

  /** The messages of one comm (`comm_open`, `comm_msg`, `comm_close`), in order. */
  commMessages(commId: string): RecordedMessage[] {
    return this.messages.filter((m) => m.msgType.startsWith("comm_") && m.content.comm_id === commId);
  }

  /** The `data` of each message sent on one comm, in order. */
  commData(commId: string): Record<string, unknown>[] {
    return this.commMessages(commId).map((m) => m.content.data as Record<string, unknown>);
  }

  /** Plays the front end sending `data` (and buffers) on a comm. */
  frontEndMessage(commId: string, data: Record<string, unknown>, buffers: ArrayBufferView[] = []): void {
    this.comms.handleMessage({ comm_id: commId, data }, buffers.map(bytesOf));
  }

  /** Plays the front end sending a widget `update` (binary values must already be separated by the caller). */
  frontEndUpdate(commId: string, state: Record<string, unknown>, bufferPaths: (string | number)[][] = [], buffers: ArrayBufferView[] = []): void {
    this.frontEndMessage(commId, { method: "update", state, buffer_paths: bufferPaths }, buffers);
  }

  /** Plays the front end opening a comm; returns its id. */
  frontEndOpen(target: string, data: Record<string, unknown> = {}): string {
    const id = newCommId();
    this.comms.handleOpen({ comm_id: id, target_name: target, data }, []);
    return id;
  }

  /** Plays the front end closing a comm. */
  frontEndClose(commId: string): void {
    this.comms.handleClose({ comm_id: commId, data: {} }, []);
  }
}
