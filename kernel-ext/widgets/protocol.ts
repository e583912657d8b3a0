/**
 * The wire contract between SeisProc's kernel-side widget models (kernel-ext/widgets) and their front-end models
 * and views (widgets/): state keys, custom message shapes and the names of the model and view classes. This file
 * has no imports and no Node APIs, so the browser bundle compiles the very same file: the two sides cannot
 * disagree on a message shape.
 *
 * State keys are snake_case (ipywidgets convention, and what a saved notebook's widget state shows); gather samples
 * always travel as binary buffers (`Float32Array`), never as JSON numbers.
 *
 * @module
 */

/** The display modes of the gather viewer. */
export const DISPLAY_MODES = ["density", "wiggle", "variable-area", "density-wiggle"] as const;
/**
 * How a gather is drawn: variable density (a heatmap), wiggle lines, wiggles with filled positive lobes, or
 * wiggles over the heatmap.
 *
 * @example
 * ```ts
 * viewer.setDisplayMode("variable-area" satisfies DisplayMode);
 * ```
 */
export type DisplayMode = (typeof DISPLAY_MODES)[number];

/** The interpolations of the density display. */
export const INTERPOLATIONS = ["none", "fast", "bilinear"] as const;
/**
 * Interpolation of the density display: `none` (one flat brick per sample, plotly `zsmooth: false`), `fast`
 * (the browser smooths the brick image, `zsmooth: "fast"`), `bilinear` (plotly's bilinear interpolation,
 * `zsmooth: "best"`, slowest).
 *
 * @example
 * ```ts
 * viewer.setInterpolation("bilinear" satisfies Interpolation);
 * ```
 */
export type Interpolation = (typeof INTERPOLATIONS)[number];

/** The colormaps every front end knows (the first is the default). */
export const COLORMAP_NAMES = ["seismic", "gray", "gray_r", "bwr", "RdBu", "viridis"] as const;
/**
 * A colormap name.
 *
 * @example
 * ```ts
 * viewer.setColormap("gray" satisfies ColormapName);
 * ```
 */
export type ColormapName = (typeof COLORMAP_NAMES)[number];

/**
 * What the user looks at, in data units: trace positions (1-based, within the gather) and times in ms. `null`
 * in state means "everything" (autorange).
 *
 * @example
 * ```ts
 * const v: Viewport = { trace_min: 1, trace_max: 120, time_min: 0, time_max: 800 };
 * ```
 */
export interface Viewport {
  trace_min: number;
  trace_max: number;
  time_min: number;
  time_max: number;
}

/**
 * One block of gather samples as sent to the browser: which traces and samples it holds (after decimation) and
 * how to place them on the axes. The samples themselves travel beside it as a `Float32Array` buffer, trace after
 * trace (`traces × samples` values).
 *
 * @example
 * ```ts
 * const x = meta.first_trace + i * meta.trace_step;       // trace position of column i
 * const t = meta.t0_ms + (meta.first_sample + j * meta.sample_step + (meta.sample_step - 1) / 2) * meta.dt_ms;
 * ```
 */
export interface GatherBlockMeta {
  /** The request this answers (0 for a block the kernel pushed on its own, such as the saved snapshot). */
  request_id: number;
  /** The gather key and its position among the dataset's gathers. */
  key: number;
  index: number;
  /** Traces in the whole gather, and samples per trace, before decimation. */
  gather_traces: number;
  gather_samples: number;
  /** Columns and rows in this block. */
  traces: number;
  samples: number;
  /** Trace position (1-based) of the first column, and the step between columns (1: every trace). */
  first_trace: number;
  trace_step: number;
  /** Sample index (0-based) of the first row, and samples folded into each row (1: no decimation). */
  first_sample: number;
  sample_step: number;
  /** Time of sample 0 and the sample interval, in ms. */
  t0_ms: number;
  dt_ms: number;
  /** Header values of the block's traces (one value per column), for hover. */
  headers: Record<string, number[]>;
  /** Milliseconds the kernel spent (load + decimate), for the status bar. */
  kernel_ms: number;
  /** Where the gather came from in the kernel: its cache, a prefetch, or the store. */
  source: "cache" | "prefetch" | "store";
  /** True when the kernel had cut this block ahead of the request (a prefetched neighbour, cut while idle). */
  cut_ahead?: boolean;
}

/**
 * The kernel's cache and prefetch state, shown in the viewer's status bar.
 *
 * @example
 * ```ts
 * `${s.cached} cached, hit rate ${Math.round(s.hit_rate * 100)} %, prefetch ${s.prefetch}`;
 * ```
 */
export interface ViewerStatus {
  cached: number;
  cache_bytes: number;
  budget_bytes: number;
  hits: number;
  misses: number;
  hit_rate: number;
  /** "off", "idle" or "running". */
  prefetch: "off" | "idle" | "running";
  prefetch_running: number;
  prefetch_queued: number;
  /** The last error the kernel met serving this viewer (empty when none). */
  error: string;
}

/**
 * The viewer's status before anything is known (nothing cached, prefetch off), on both sides of the wire.
 *
 * @example
 * ```ts
 * widget.set({ status: EMPTY_VIEWER_STATUS });
 * ```
 */
export const EMPTY_VIEWER_STATUS: ViewerStatus = { cached: 0, cache_bytes: 0, budget_bytes: 0, hits: 0, misses: 0, hit_rate: 0, prefetch: "off", prefetch_running: 0, prefetch_queued: 0, error: "" };

/**
 * The gather viewer's state before anything happened: no comparison, an empty status, no snapshot, nothing to undo.
 * Both sides of the wire start from it (the kernel's model and the front end's defaults).
 *
 * @example
 * ```ts
 * const state = { ...settings, ...VIEWER_START_STATE, height: 520 };
 * ```
 */
export const VIEWER_START_STATE = {
  compare: null,
  status: EMPTY_VIEWER_STATUS,
  snapshot: null,
  snapshot_samples: null,
  snapshot_compare: null,
  snapshot_compare_samples: null,
  can_undo: false,
  can_redo: false,
  undo_label: "",
} as const;

/** A dataset as the dataset switcher lists it. */
export interface DatasetEntry {
  id: string;
  name: string;
  /** Where it is stored (a path or a URL), for the properties dialog. */
  location: string;
  traces: number;
  samples: number;
  gathers: number;
  dt_ms: number | null;
}

/**
 * The properties dialog's content for one dataset: titled sections of label/value rows (geometry, headers, CRS,
 * provenance, storage), so the front end needs no knowledge of dataset internals.
 *
 * @example
 * ```ts
 * const p: DatasetProperties = { id, sections: [{ title: "Geometry", rows: [["traces", "4800"]] }] };
 * ```
 */
export interface DatasetProperties {
  id: string;
  sections: { title: string; rows: [string, string][] }[];
}

/** Progress of an import started from the dataset switcher. */
export interface ImportProgress {
  /** "idle", "running", "done" or "failed". */
  phase: "idle" | "running" | "done" | "failed";
  path: string;
  /** 0..1 */
  fraction: number;
  message: string;
}

/** One processing step as the provenance panel shows it. */
export interface ProvenanceRow {
  id: string;
  processor: string;
  parameters: Record<string, unknown>;
  input: string;
  output: string;
  timestamp: string;
  checksum: string;
  /** Result of the last verification: null (not verified), true or false. */
  verified: boolean | null;
}

/** One entry of the command history as the history panel shows it. */
export interface HistoryRow {
  description: string;
  /** True for commands that can be redone (undone already). */
  undone: boolean;
}

/**
 * The gather viewer's synchronised state (kernel and front end hold the same keys). Binary values (`gather_keys`,
 * the snapshot samples) travel as buffers. The snapshot is the gather on screen, kept in state so that a saved
 * notebook (and the HTML report made from it) shows it without a kernel.
 *
 * @example
 * ```ts
 * viewer.get("gain"); viewer.get("viewport"); // { trace_min, trace_max, time_min, time_max } | null
 * ```
 */
export interface GatherViewerState extends Record<string, unknown> {
  dataset_id: string;
  dataset_name: string;
  /** The header the gathers are keyed by (e.g. FieldRecord). */
  key_name: string;
  /** Every gather key, ascending (binary, Float64Array). */
  gather_keys: Float64Array;
  /** The gather shown (null for a dataset without gathers). */
  gather_key: number | null;
  gain: number;
  /** Percentile (0 < clip <= 100) of absolute amplitude that saturates the colours / wiggles before gain. */
  clip: number;
  colormap: string;
  interpolation: Interpolation;
  display_mode: DisplayMode;
  viewport: Viewport | null;
  /** The comparison dataset, when comparison mode is on. */
  compare: { dataset_id: string; dataset_name: string } | null;
  status: ViewerStatus;
  snapshot: GatherBlockMeta | null;
  snapshot_samples: Float32Array | null;
  snapshot_compare: GatherBlockMeta | null;
  snapshot_compare_samples: Float32Array | null;
  can_undo: boolean;
  can_redo: boolean;
  /** Description of the command that Ctrl+Z would undo (empty when none). */
  undo_label: string;
  /** Plot height in CSS pixels. */
  height: number;
}

/**
 * The dataset switcher's synchronised state.
 *
 * @example
 * ```ts
 * switcher.get("datasets").map((d) => d.name);
 * ```
 */
export interface DatasetSwitcherState extends Record<string, unknown> {
  datasets: DatasetEntry[];
  active_id: string | null;
  import_progress: ImportProgress;
  /** The last properties asked for (the front end shows them in a dialog). */
  properties: DatasetProperties | null;
  /** The outcome of the last action, shown as a one-line message. */
  message: string;
  export_formats: string[];
}

/**
 * The provenance panel's synchronised state.
 *
 * @example
 * ```ts
 * panel.get("steps").length;
 * ```
 */
export interface ProvenancePanelState extends Record<string, unknown> {
  dataset_id: string | null;
  dataset_name: string;
  steps: ProvenanceRow[];
  /** "", "running", "ok" or "failed: …". */
  verify_status: string;
}

/**
 * The history panel's synchronised state.
 *
 * @example
 * ```ts
 * panel.get("entries").filter((e) => !e.undone).length;
 * ```
 */
export interface HistoryPanelState extends Record<string, unknown> {
  entries: HistoryRow[];
  can_undo: boolean;
  can_redo: boolean;
  /** Set when the session was reset (a counter, so every reset is a change). */
  resets: number;
  message: string;
}

/**
 * A session document as it travels (the engine's `SessionDocument`, seen from a file with no imports): the viewer's
 * state, its format version and when it was saved.
 *
 * @example
 * ```ts
 * const doc: SessionDocumentJson = { kind: "seisproc-session", formatVersion: 1, savedAt: "2026-01-01T00:00:00Z", state: { gain: 2 } };
 * ```
 */
export interface SessionDocumentJson {
  kind: string;
  formatVersion: number;
  savedAt: string;
  state: {
    viewport?: { timeMin: number; timeMax: number; traceMin: number; traceMax: number };
    gain?: number;
    colormap?: string;
    interpolation?: string;
    currentDatasetId?: string | null;
    currentGatherKey?: number | null;
    sortKeys?: string[];
    panelLayout?: object;
  };
}

/** Where a notebook session's state came from when it was opened. */
export type SessionSource = "notebook-metadata" | "notebook-widgets" | "session-file" | "defaults";

/**
 * A notebook session's synchronised state: the session as a versioned document (what a session file holds), so
 * that the front end saves it in the notebook's `metadata.widgets` and a later kernel can restore it from there.
 *
 * @example
 * ```ts
 * session.get("session").state.currentGatherKey; // 3
 * ```
 */
export interface NotebookSessionState extends Record<string, unknown> {
  /** The session document (`sessionToDocument(state)` in the engine; a session file holds the same). */
  session: SessionDocumentJson;
  /** The notebook file the kernel runs, or "" when unknown. */
  notebook: string;
  /** Where the state came from when the session was opened. */
  restored_from: SessionSource;
  /** The notebook file the session was last written into by `saveToNotebook`, or "". */
  saved_to: string;
}

// ---- custom messages, front end → kernel ----

/**
 * Asks for a gather at (at most) the given resolution; `window` restricts it to part of the gather (a zoomed view
 * at full detail).
 *
 * @example
 * ```ts
 * model.send({ type: "gather-request", request_id: 7, key: 105, max_traces: 900, max_samples: 600 });
 * ```
 */
export interface GatherRequest {
  type: "gather-request";
  request_id: number;
  key: number;
  max_traces: number;
  max_samples: number;
  window?: { trace_start: number; trace_end: number; sample_start: number; sample_end: number };
}

/** Withdraws a request the front end no longer wants (the user moved on). */
export interface GatherCancel {
  type: "gather-cancel";
  request_id: number;
}

/** Undo or redo through the kernel's command history (Ctrl+Z / Ctrl+Y, the history panel's buttons). */
export interface HistoryAction {
  type: "undo" | "redo";
}

/** Actions of the dataset switcher, provenance and history panels. */
export type PanelAction =
  | { type: "activate"; id: string }
  | { type: "close-dataset"; id: string }
  | { type: "properties"; id: string }
  | { type: "export"; id: string; path: string; format: string }
  | { type: "import"; path: string }
  | { type: "verify"; id: string }
  | { type: "session-reset" };

/**
 * Every custom message a SeisProc front end sends.
 *
 * @example
 * ```ts
 * const msg: FrontEndMessage = { type: "undo" };
 * ```
 */
export type FrontEndMessage = GatherRequest | GatherCancel | HistoryAction | PanelAction;

// ---- custom messages, kernel → front end ----

/**
 * A gather block answering a request; buffers: `[samples]`, or `[samples, compareSamples]` in comparison mode.
 *
 * @example
 * ```ts
 * const samples = new Float32Array(buffers[0].buffer, buffers[0].byteOffset, buffers[0].byteLength / 4);
 * ```
 */
export interface GatherReply {
  type: "gather";
  meta: GatherBlockMeta;
  /** The comparison dataset's block (same key and decimation), when comparison mode is on. */
  compare: GatherBlockMeta | null;
}

/** A request that failed (the message says why). */
export interface GatherErrorReply {
  type: "gather-error";
  request_id: number;
  key: number;
  message: string;
}

/** The answer to a `properties` action, or the outcome of an action. */
export type PanelReply = { type: "properties"; properties: DatasetProperties } | { type: "action-result"; action: string; ok: boolean; message: string };

/**
 * Every custom message a SeisProc kernel model sends.
 *
 * @example
 * ```ts
 * if ((content as KernelMessage).type === "gather") draw(content as GatherReply);
 * ```
 */
export type KernelMessage = GatherReply | GatherErrorReply | PanelReply;

// ---- model and view names ----

/**
 * The front-end class names, one pair per widget.
 *
 * @example
 * ```ts
 * WIDGET_CLASSES.gatherViewer.model; // "GatherViewerModel"
 * ```
 */
export const WIDGET_CLASSES = {
  gatherViewer: { model: "GatherViewerModel", view: "GatherViewerView" },
  datasetSwitcher: { model: "DatasetSwitcherModel", view: "DatasetSwitcherView" },
  provenancePanel: { model: "ProvenancePanelModel", view: "ProvenancePanelView" },
  historyPanel: { model: "HistoryPanelModel", view: "HistoryPanelView" },
  notebookSession: { model: "NotebookSessionModel", view: "NotebookSessionView" },
} as const;
