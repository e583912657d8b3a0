/**
 * The live test page's script (webpack target `live`, global `SeisprocLive`): connects through
 * `@jupyterlab/services` to a Jupyter server, starts the SeisProc kernel, runs code cells in it and shows the widget
 * views they display in the page, each in its own output element, with a {@link LiveWidgetManager}. Tests and the
 * live benchmark drive it with `page.evaluate`.
 *
 * @module
 */
import { KernelManager, ServerConnection, type Kernel, type KernelMessage } from "@jupyterlab/services";
import { LiveWidgetManager } from "./live-manager";

/**
 * What running one cell gave.
 *
 * @example
 * ```ts
 * const r = await SeisprocLive.run('v.get("gain")'); r.text; // "2"
 * ```
 */
export interface CellResult {
  /** `text/plain` of the execute result, if any. */
  text: string | null;
  /** Model ids of the widget views displayed (and shown in the page). */
  views: string[];
  /** Stream output. */
  stdout: string;
  /** `ename: evalue` when the cell failed. */
  error: string | null;
}

let kernel: Kernel.IKernelConnection | undefined;
let manager: LiveWidgetManager | undefined;

/** Connects to the server at `baseUrl` with `token` and starts a kernel of `kernelName`; resolves when it is idle. */
export async function connect(options: { baseUrl: string; token: string; kernelName?: string }): Promise<string> {
  const wsUrl = options.baseUrl.replace(/^http/, "ws");
  const serverSettings = ServerConnection.makeSettings({ baseUrl: options.baseUrl, wsUrl, token: options.token, appendToken: true });
  const kernels = new KernelManager({ serverSettings });
  await kernels.ready;
  kernel = await kernels.startNew({ name: options.kernelName ?? "seisproc" });
  manager = new LiveWidgetManager(kernel);
  await kernel.info;
  return kernel.id;
}

/** Runs `code` in the kernel; widget views it displays are shown in a new output element of `#outputs`. */
export async function run(code: string): Promise<CellResult> {
  if (kernel === undefined || manager === undefined) throw new Error("connect() first");
  const k = kernel;
  const m = manager;
  const out = document.createElement("div");
  out.className = "cell-output";
  document.getElementById("outputs")?.append(out);
  const result: CellResult = { text: null, views: [], stdout: "", error: null };
  const shown: Promise<unknown>[] = [];
  const future = k.requestExecute({ code, store_history: true });
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    const type = msg.header.msg_type;
    const content = msg.content as Record<string, any>;
    if (type === "stream") result.stdout += content.text;
    else if (type === "error") result.error = `${content.ename}: ${content.evalue}`;
    else if (type === "execute_result" || type === "display_data") {
      const view = content.data?.["application/vnd.jupyter.widget-view+json"];
      if (view?.model_id) {
        result.views.push(view.model_id);
        const host = document.createElement("div");
        host.className = "widget-host";
        host.dataset.modelId = view.model_id;
        out.append(host);
        shown.push(m.get_model(view.model_id).then((model) => m.show(model, host)));
      } else if (type === "execute_result") result.text = content.data?.["text/plain"] ?? null;
    }
  };
  const reply = await future.done;
  if (reply.content.status === "error" && result.error === null) result.error = `${(reply.content as any).ename}: ${(reply.content as any).evalue}`;
  await Promise.all(shown);
  return result;
}

/** Shuts the kernel down. */
export async function shutdown(): Promise<void> {
  await kernel?.shutdown();
  kernel = undefined;
}
