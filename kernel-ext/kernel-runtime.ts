/**
 * The bridge between code running in a notebook cell and the kernel that runs it. The SeisProc kernel installs
 * one {@link KernelRuntime} in a process-wide slot when it starts; widgets and displays find it there. Under
 * plain Node the slot is empty and {@link kernelAvailable} is false. Tests install a recording runtime
 * (`RecordingKernel`) in the same slot.
 *
 * @module
 */
import type { CommManager, Publish } from "./comm-manager";

/**
 * What the kernel knows of one live widget model, for answering `request_states` on the control comm.
 *
 * @example
 * ```ts
 * runtime.widgets.get(id)?.fullState();
 * ```
 */
export interface WidgetModelEntry {
  /** The model id (= comm id). */
  readonly id: string;
  /** `_model_name`. */
  readonly modelName: string;
  /** `_model_module`. */
  readonly modelModule: string;
  /** `_model_module_version`. */
  readonly modelModuleVersion: string;
  /** The whole state as the front end sees it (binary values included, not yet separated). */
  fullState(): Record<string, unknown>;
}

/**
 * The kernel as notebook code sees it.
 *
 * @example
 * ```ts
 * const kernel = currentKernel();
 * kernel?.publish("display_data", { data: { "text/plain": "hi" }, metadata: {}, transient: {} });
 * ```
 */
export interface KernelRuntime {
  /** Sends one iopub message, parented to the cell or comm message being handled. The one exit of messages. */
  readonly publish: Publish;
  /** The kernel's comms. */
  readonly comms: CommManager;
  /** Live widget models by id. */
  readonly widgets: Map<string, WidgetModelEntry>;
  /** The notebook file this kernel runs, when it could be learned (see docs/kernel.md). */
  readonly notebookPath: string | undefined;
}

const SLOT = Symbol.for("seisproc.kernel-runtime");

type Slot = { [SLOT]?: KernelRuntime };

/**
 * The runtime of the kernel this code runs in, or `undefined` outside the SeisProc kernel.
 *
 * @example
 * ```ts
 * const kernel = currentKernel();
 * if (kernel === undefined) console.log("plain Node");
 * ```
 */
export function currentKernel(): KernelRuntime | undefined {
  return (globalThis as Slot)[SLOT];
}

/**
 * True when running inside the SeisProc kernel (or with a test runtime installed).
 *
 * @example
 * ```ts
 * if (kernelAvailable()) viewer.display();
 * ```
 */
export function kernelAvailable(): boolean {
  return currentKernel() !== undefined;
}

/**
 * Installs `runtime` as the process's kernel; returns a function that removes it again (restoring whatever was
 * installed before).
 *
 * @example
 * ```ts
 * const uninstall = installKernel(runtime);
 * try { new MyWidget(); } finally { uninstall(); }
 * ```
 */
export function installKernel(runtime: KernelRuntime): () => void {
  const slot = globalThis as Slot;
  const previous = slot[SLOT];
  slot[SLOT] = runtime;
  return () => {
    if (slot[SLOT] !== runtime) return;
    if (previous === undefined) delete slot[SLOT];
    else slot[SLOT] = previous;
  };
}
