/**
 * Rich display in notebook cells: `display(value)` shows any value as the richest representation available
 * (a widget view, a SeisProc renderer's HTML + plain text, or inspected text), and returns a handle to update the
 * same output in place later (`update_display_data` with the output's `display_id`).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { KernelUnavailableError } from "../errors";
import { currentKernel } from "../kernel-runtime";
import type { MimeBundle } from "../mime-bundle";
import { registerBuiltinRenderers } from "./builtin";
import { bundleFromRegistry } from "./registry";

/**
 * The display bundle of any value, with the built-in renderers registered: what `display` shows and what a
 * cell's last expression shows.
 *
 * @example
 * ```ts
 * mimeBundleFor(dataset).data["text/html"]; // "<div class=\"seisproc-summary\">…"
 * ```
 */
export function mimeBundleFor(value: unknown): MimeBundle {
  registerBuiltinRenderers();
  return bundleFromRegistry(value);
}

/**
 * An output shown by {@link display}, which can be replaced in place.
 *
 * @example
 * ```ts
 * const shown = display("starting…");
 * shown.update(report);
 * ```
 */
export class DisplayHandle {
  constructor(
    /** The output's `display_id`. */
    readonly displayId: string,
  ) {}

  /** Replaces the output's content with `value`'s display (everywhere it is shown). */
  update(value: unknown): void {
    publishBundle(mimeBundleFor(value), this.displayId, true, "DisplayHandle.update");
  }
}

/**
 * Sends a bundle as `display_data` (or `update_display_data`) with `displayId` as its transient display id.
 *
 * @example
 * ```ts
 * publishBundle({ data: { "text/plain": "hi" }, metadata: {} }, "progress-1", false);
 * ```
 */
export function publishBundle(bundle: MimeBundle, displayId: string, update: boolean, operation = "display"): void {
  const kernel = currentKernel();
  if (kernel === undefined) throw new KernelUnavailableError(operation);
  kernel.publish(update ? "update_display_data" : "display_data", { data: bundle.data, metadata: bundle.metadata, transient: { display_id: displayId } });
}

/**
 * Shows `value` in the current cell's output; returns a handle to update it in place. Outside the SeisProc
 * kernel it throws {@link KernelUnavailableError}.
 *
 * @example
 * ```ts
 * display(dataset);                  // a summary table
 * display(await dataset.getGather(1001)); // its header table
 * const h = display("working…"); h.update("done");
 * ```
 */
export function display(value: unknown, options: { displayId?: string } = {}): DisplayHandle {
  const handle = new DisplayHandle(options.displayId ?? randomUUID());
  publishBundle(mimeBundleFor(value), handle.displayId, false, "display");
  return handle;
}
