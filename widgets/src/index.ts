/**
 * SeisProc's front-end widget module (`seisproc`): the models and views that the kernel-side widgets in
 * kernel-ext/widgets name in their `_model_name` / `_view_name`. Every bundle (classic notebook AMD module,
 * JupyterLab extension, offline embed) exports exactly this.
 *
 * @module
 * @example
 * ```ts
 * import * as seisproc from "./index";
 * new HTMLManager({ loader: async (name) => (name === seisproc.MODULE_NAME ? seisproc : undefined) });
 * ```
 */
export { MODULE_NAME, MODULE_VERSION } from "./version";
export { GatherViewerModel, GatherViewerView, type DrawnDetail } from "./gather-viewer";
export { DatasetSwitcherModel, DatasetSwitcherView } from "./dataset-switcher";
export { ProvenancePanelModel, ProvenancePanelView } from "./provenance-panel";
export { HistoryPanelModel, HistoryPanelView } from "./history-panel";
export { NotebookSessionModel, NotebookSessionView } from "./notebook-session";
