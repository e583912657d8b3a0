/**
 * The widget control comm (`jupyter.widget.control`, protocol 2.1): a front end that (re)connects opens it and
 * sends `request_states`; the kernel answers on the same comm with `update_states`, the state of every live
 * widget model at once (binary values as buffers, their paths prefixed with the model id).
 *
 * @module
 */
import { separateBuffers } from "./binary-state";
import type { KernelRuntime } from "./kernel-runtime";
import { WIDGET_CONTROL_TARGET } from "./module-info";

/**
 * Accepts control comms on `runtime`; returns a function that stops accepting new ones.
 *
 * @example
 * ```ts
 * const stop = serveWidgetControl(runtime);
 * ```
 */
export function serveWidgetControl(runtime: KernelRuntime): () => void {
  return runtime.comms.registerTarget(WIDGET_CONTROL_TARGET, (comm) => {
    comm.onMessage((msg) => {
      if (msg.data.method !== "request_states") return;
      const states: Record<string, unknown> = {};
      for (const widget of runtime.widgets.values()) {
        states[widget.id] = {
          model_name: widget.modelName,
          model_module: widget.modelModule,
          model_module_version: widget.modelModuleVersion,
          state: widget.fullState(),
        };
      }
      const { state, bufferPaths, buffers } = separateBuffers(states);
      comm.send({ method: "update_states", states: state, buffer_paths: bufferPaths }, { buffers });
    });
  });
}
