/**
 * SeisProc's Jupyter kernel extension, as notebook code uses it (`import { … } from "seisproc/kernel"` in the
 * SeisProc kernel): the widget base class, rich display, progress displays and notebook-metadata session state.
 * The kernel itself (launcher, wire protocol, tslab patches) lives in `kernel-ext/kernel/`; see docs/kernel.md.
 *
 * @module
 * @example
 * ```ts
 * import { display, kernelAvailable } from "seisproc/kernel";
 * if (kernelAvailable()) display(dataset);
 * ```
 */
export * from "./errors";
export * from "./module-info";
export * from "./binary-state";
export * from "./comm-manager";
export { currentKernel, installKernel, type KernelRuntime, type WidgetModelEntry } from "./kernel-runtime";
export * from "./mime-bundle";
export * from "./widget";
export * from "./widget-control";
export * from "./testing";
export * from "./display/index";
export * from "./notebook-metadata";
export * from "./kernelspec";
