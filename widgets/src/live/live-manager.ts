/**
 * A widget manager for a page connected to a running kernel through `@jupyterlab/services` (no JupyterLab): it
 * answers the kernel's `jupyter.widget` comms with models from `@jupyter-widgets/base`, `controls` and SeisProc's
 * module, and shows views in elements of the page. The live tests and the live benchmark run the real widgets
 * against the real kernel through it.
 *
 * @module
 */
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import { Widget } from "@lumino/widgets";
import * as seisproc from "../index";

const MODULES: Record<string, Record<string, unknown>> = {
  [seisproc.MODULE_NAME]: seisproc as unknown as Record<string, unknown>,
  "@jupyter-widgets/base": base as unknown as Record<string, unknown>,
  "@jupyter-widgets/controls": controls as unknown as Record<string, unknown>,
};

/**
 * The widget manager of one kernel connection.
 *
 * @example
 * ```ts
 * const manager = new LiveWidgetManager(kernel);
 * const model = await manager.get_model(modelId);
 * await manager.show(model, document.body);
 * ```
 */
export class LiveWidgetManager extends ManagerBase {
  constructor(private readonly kernel: Kernel.IKernelConnection) {
    super();
    kernel.registerCommTarget(this.comm_target_name, (comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg) => {
      void this.handle_comm_open(new base.shims.services.Comm(comm), msg);
    });
  }

  /** Shows a view of `model` in `host`; resolves with the view once attached. */
  async show(model: base.WidgetModel, host: HTMLElement): Promise<base.DOMWidgetView> {
    const view = (await this.create_view(model)) as base.DOMWidgetView;
    Widget.attach(view.luminoWidget, host);
    return view;
  }

  protected async loadClass(className: string, moduleName: string, moduleVersion: string): Promise<typeof base.WidgetModel | typeof base.WidgetView> {
    const mod = MODULES[moduleName];
    const cls = mod?.[className];
    if (cls === undefined) throw new Error(`class ${className} of ${moduleName}@${moduleVersion} is not available in this page`);
    return cls as typeof base.WidgetModel;
  }

  protected async _create_comm(target: string, modelId?: string, data?: Record<string, unknown>, metadata?: Record<string, unknown>, buffers?: ArrayBuffer[] | ArrayBufferView[]): Promise<base.IClassicComm> {
    const comm = this.kernel.createComm(target, modelId);
    if (data !== undefined || metadata !== undefined) comm.open(data as never, metadata as never, buffers as never);
    return new base.shims.services.Comm(comm);
  }

  protected async _get_comm_info(): Promise<{}> {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}
