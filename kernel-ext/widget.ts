/**
 * The kernel side of a Jupyter widget (protocol 2.1): a model with typed state, synchronised with its front-end
 * model over a comm of target `jupyter.widget`. Subclasses (the viewer models) give a {@link WidgetSpec} naming
 * their front-end model and view, and a state type.
 *
 * - `set` sends an `update`; binary values (any `ArrayBufferView`, at any depth) travel as binary buffers.
 * - Front-end `update`s change the state, are echoed to every front end (`echo_update`), and fire change events.
 * - `request_state` is answered with the whole state; `custom` messages go to {@link Widget.onCustom}.
 * - `display()` shows a view; a widget that is a cell's last expression displays itself.
 *
 * Outside the SeisProc kernel (plain Node) a widget is state only: `get`, `set`, `on` work and change events
 * fire, while `display` and `send` throw {@link KernelUnavailableError}.
 *
 * @module
 */
import { insertBuffers, separateBuffers } from "./binary-state";
import { newCommId, type Comm, type CommMessage } from "./comm-manager";
import { KernelUnavailableError, WidgetClosedError } from "./errors";
import { currentKernel, type KernelRuntime, type WidgetModelEntry } from "./kernel-runtime";
import { MIME_BUNDLE, type MimeBundle } from "./mime-bundle";
import { WIDGET_COMM_TARGET, WIDGET_PROTOCOL_VERSION, WIDGET_VIEW_MIME } from "./module-info";

export {
  /** True when running inside the SeisProc kernel (re-exported from `kernel-runtime`). */
  kernelAvailable,
} from "./kernel-runtime";

/**
 * Which front-end model and view a widget is (the `_model_*` and `_view_*` keys of its state). Module names and
 * versions of SeisProc's own widgets are `WIDGET_MODULE_NAME` / `WIDGET_MODULE_VERSION` from `module-info`.
 *
 * @example
 * ```ts
 * const spec: WidgetSpec = {
 *   modelName: "GatherViewerModel", modelModule: WIDGET_MODULE_NAME, modelModuleVersion: WIDGET_MODULE_VERSION,
 *   viewName: "GatherViewerView", viewModule: WIDGET_MODULE_NAME, viewModuleVersion: WIDGET_MODULE_VERSION,
 * };
 * ```
 */
export interface WidgetSpec {
  modelName: string;
  modelModule: string;
  modelModuleVersion: string;
  /** The view class, or `null` for a model without a view. */
  viewName: string | null;
  viewModule: string;
  viewModuleVersion: string;
}

/**
 * Where a state change came from: kernel code calling `set`, or the front end (an `update` message).
 *
 * @example
 * ```ts
 * widget.on("change:zoom", (value, old, source: ChangeSource) => { if (source === "frontend") save(value); });
 * ```
 */
export type ChangeSource = "kernel" | "frontend";

/**
 * A change listener: the new and old value (for `"change"`, objects of the changed keys' new and old values),
 * and where the change came from.
 *
 * @example
 * ```ts
 * const log: ChangeListener = (value, old) => console.log(old, "→", value);
 * ```
 */
export type ChangeListener = (value: unknown, old: unknown, source: ChangeSource) => void;

/** The state keys that come from the {@link WidgetSpec}; the front end cannot change them. */
const SPEC_KEYS = new Set(["_model_name", "_model_module", "_model_module_version", "_view_name", "_view_module", "_view_module_version", "_view_count"]);

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** JSON has no `undefined`: a key set to `undefined` is sent as `null` so that the front end sees it change. */
function definedValues(patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) out[k] = v === undefined ? null : v;
  return out;
}

/**
 * A kernel-side widget model.
 *
 * @example
 * ```ts
 * type CounterState = { count: number; samples: Float32Array };
 * class Counter extends Widget<CounterState> {
 *   constructor() {
 *     super({ modelName: "CounterModel", modelModule: WIDGET_MODULE_NAME, modelModuleVersion: WIDGET_MODULE_VERSION,
 *             viewName: "CounterView", viewModule: WIDGET_MODULE_NAME, viewModuleVersion: WIDGET_MODULE_VERSION },
 *           { count: 0, samples: new Float32Array(16) });
 *   }
 * }
 * const c = new Counter();
 * c.on("change:count", (value) => console.log("count is now", value));
 * c.set({ count: 1 });
 * c.display();
 * ```
 */
export class Widget<S extends Record<string, unknown>> {
  /** The model id, which is also the comm id. */
  readonly id: string;
  /** The front-end model and view. */
  readonly spec: WidgetSpec;
  private state: S;
  private readonly kernel: KernelRuntime | undefined;
  private readonly comm: Comm | undefined;
  private closedFlag = false;
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly customListeners = new Set<(content: unknown, buffers: DataView[]) => void>();
  private readonly closeListeners = new Set<() => void>();

  /** Creates the model; inside the kernel this opens its comm (`comm_open` with the whole state). */
  constructor(spec: WidgetSpec, state: S) {
    this.spec = { ...spec };
    this.state = { ...state };
    this.kernel = currentKernel();
    if (this.kernel === undefined) {
      this.id = newCommId();
      this.comm = undefined;
      return;
    }
    const { state: json, bufferPaths, buffers } = separateBuffers(definedValues(this.fullState()));
    this.comm = this.kernel.comms.open(WIDGET_COMM_TARGET, { state: json, buffer_paths: bufferPaths }, { metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers });
    this.id = this.comm.id;
    const entry: WidgetModelEntry = {
      id: this.id,
      modelName: spec.modelName,
      modelModule: spec.modelModule,
      modelModuleVersion: spec.modelModuleVersion,
      fullState: () => this.fullState(),
    };
    this.kernel.widgets.set(this.id, entry);
    this.comm.onMessage((msg) => this.handleFrontEndMessage(msg));
    this.comm.onClose(() => this.markClosed());
  }

  /** True after `close()` or after the front end closed the model. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /** True when this widget has a comm to a front end (it was created inside the kernel). */
  get connected(): boolean {
    return this.comm !== undefined && !this.closedFlag;
  }

  /** The current value of one state key. Binary values received from the front end are `DataView`s. */
  get<K extends keyof S>(key: K): S[K] {
    return this.state[key];
  }

  /** A shallow copy of the whole state (without the `_model_*` / `_view_*` keys). */
  getState(): S {
    return { ...this.state };
  }

  /**
   * Changes state keys, sends them to the front end in one `update` (binary values as buffers; always sent, even
   * when equal) and fires change events for the keys whose value changed (`Object.is`). After `close()` only the
   * local state changes.
   */
  set(patch: Partial<S>): void {
    const keys = Object.keys(patch);
    if (keys.length === 0) return;
    const old: Partial<S> = {};
    for (const key of keys) (old as Record<string, unknown>)[key] = this.state[key];
    this.state = { ...this.state, ...patch };
    if (this.comm !== undefined && !this.closedFlag) {
      const { state, bufferPaths, buffers } = separateBuffers(definedValues(patch as Record<string, unknown>));
      this.comm.send({ method: "update", state, buffer_paths: bufferPaths }, { buffers });
    }
    this.emitChanges(keys, old as Record<string, unknown>, "kernel");
  }

  /**
   * Listens to state changes: `"change:key"` for one key (value, old value), `"change"` for any (objects of the
   * changed keys' new and old values). Listeners run for front-end updates and for `set` alike; the third
   * argument says which. Returns a function that removes the listener.
   */
  on(event: `change:${string}` | "change", fn: (value: unknown, old: unknown, source: ChangeSource) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<ChangeListener>();
    this.listeners.set(event, set);
    set.add(fn);
    return () => void set.delete(fn);
  }

  /** Listens to custom messages from the front end (`method: "custom"`); returns a function that removes it. */
  onCustom(fn: (content: unknown, buffers: DataView[]) => void): () => void {
    this.customListeners.add(fn);
    return () => void this.customListeners.delete(fn);
  }

  /** Listens for the widget closing (either side); returns a function that removes the listener. */
  onClose(fn: () => void): () => void {
    this.closeListeners.add(fn);
    return () => void this.closeListeners.delete(fn);
  }

  /** Sends a custom message (`method: "custom"`) with optional binary buffers to the front-end model. */
  send(content: unknown, buffers: ArrayBufferView[] = []): void {
    const comm = this.requireComm("Widget.send");
    comm.send({ method: "custom", content }, { buffers });
  }

  /** Closes the model: tells the front end (`comm_close`) and forgets it in the kernel. */
  close(): void {
    if (this.closedFlag) return;
    this.comm?.close();
    this.markClosed();
  }

  /** Shows a view of this model in the current cell's output (`display_data`). */
  display(): void {
    this.requireComm("Widget.display");
    const bundle = this[MIME_BUNDLE]();
    this.kernel?.publish("display_data", { data: bundle.data, metadata: bundle.metadata, transient: {} });
  }

  /** The display bundle: a widget view plus a `text/plain` fallback for front ends without widgets. */
  [MIME_BUNDLE](): MimeBundle {
    return {
      data: {
        [WIDGET_VIEW_MIME]: { model_id: this.id, version_major: 2, version_minor: 1 },
        "text/plain": this.plainText(),
      },
      metadata: {},
    };
  }

  /** The `text/plain` fallback shown where widgets cannot render; subclasses may say more. */
  protected plainText(): string {
    return `${this.spec.modelName.replace(/Model$/, "")}(id=${this.id})`;
  }

  /** The state the front end holds: the spec's `_model_*` / `_view_*` keys and the widget's own keys. */
  fullState(): Record<string, unknown> {
    return {
      _model_name: this.spec.modelName,
      _model_module: this.spec.modelModule,
      _model_module_version: this.spec.modelModuleVersion,
      _view_name: this.spec.viewName,
      _view_module: this.spec.viewModule,
      _view_module_version: this.spec.viewModuleVersion,
      _view_count: null,
      ...this.state,
    };
  }

  private requireComm(operation: string): Comm {
    if (this.comm === undefined) throw new KernelUnavailableError(operation);
    if (this.closedFlag) throw new WidgetClosedError(this.id, operation);
    return this.comm;
  }

  private handleFrontEndMessage(msg: CommMessage): void {
    const method = msg.data.method;
    if (method === "update") {
      this.applyFrontEndUpdate(msg);
    } else if (method === "request_state") {
      const { state, bufferPaths, buffers } = separateBuffers(definedValues(this.fullState()));
      this.comm?.send({ method: "update", state, buffer_paths: bufferPaths }, { buffers });
    } else if (method === "custom") {
      for (const fn of [...this.customListeners]) fn(msg.data.content, msg.buffers);
    }
    // "echo_update" is a kernel-to-front-end message; anything else is not part of protocol 2.1: both ignored.
  }

  private applyFrontEndUpdate(msg: CommMessage): void {
    const received = asRecord(msg.data.state);
    const state: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(received)) if (!SPEC_KEYS.has(k)) state[k] = v;
    const paths = Array.isArray(msg.data.buffer_paths) ? (msg.data.buffer_paths as unknown[]) : [];
    const kept = paths.map((p, i) => ({ p, b: msg.buffers[i] })).filter(({ p, b }) => b !== undefined && !(Array.isArray(p) && SPEC_KEYS.has(String(p[0]))));
    // Echo first, as ipywidgets 8 does, so every front end converges on the value the kernel accepted.
    this.comm?.send({ method: "echo_update", state: { ...state }, buffer_paths: kept.map(({ p }) => p) }, { buffers: kept.map(({ b }) => b) });
    insertBuffers(state, kept.map(({ p }) => p), kept.map(({ b }) => b));
    const keys = Object.keys(state);
    if (keys.length === 0) return;
    const old: Record<string, unknown> = {};
    const next: Record<string, unknown> = { ...this.state };
    for (const key of keys) {
      old[key] = next[key];
      next[key] = state[key];
    }
    this.state = next as S;
    this.emitChanges(keys, old, "frontend");
  }

  private emitChanges(keys: string[], old: Record<string, unknown>, source: ChangeSource): void {
    const changed = keys.filter((k) => !Object.is(old[k], this.state[k]));
    if (changed.length === 0) return;
    for (const key of changed) {
      for (const fn of [...(this.listeners.get(`change:${key}`) ?? [])]) fn(this.state[key], old[key], source);
    }
    const any = this.listeners.get("change");
    if (any !== undefined && any.size > 0) {
      const values: Record<string, unknown> = {};
      const olds: Record<string, unknown> = {};
      for (const key of changed) {
        values[key] = this.state[key];
        olds[key] = old[key];
      }
      for (const fn of [...any]) fn(values, olds, source);
    }
  }

  private markClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.kernel?.widgets.delete(this.id);
    for (const fn of [...this.closeListeners]) fn();
    this.closeListeners.clear();
  }
}
