/**
 * SeisProc's notebook widgets, kernel side: {@link GatherViewer} (gathers on demand as binary buffers, undo / redo,
 * comparison mode, saved snapshot), {@link DatasetSwitcher}, {@link ProvenancePanel}, {@link HistoryPanel} and
 * {@link NotebookSession} (the session, saved with the notebook).
 * Their front ends are the `seisproc` widget module built from widgets/ (docs/widgets.md); the message shapes
 * both sides share are in `./protocol`.
 *
 * @module
 * @example
 * ```ts
 * import { GatherViewer } from "seisproc/kernel";
 * const v = new GatherViewer(await LazySeismicData.open(new FileSystemStore("line.seis")));
 * v.display();
 * ```
 */
export * from "./errors";
export * from "./protocol";
export * from "./gather-block";
export * from "./viewer-settings";
export * from "./setting-command";
export * from "./gather-viewer";
export * from "./dataset-properties";
export * from "./dataset-switcher";
export * from "./provenance-panel";
export * from "./history-panel";
export * from "./notebook-session";
