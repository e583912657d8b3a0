/**
 * The gather viewer's front end: `GatherViewerModel` (the synchronised state, binary values deserialised to typed
 * arrays) and `GatherViewerView` (toolbar, plotly plot, hover line, status bar). The view asks its kernel model
 * for gathers by request id and draws what comes back; zoom and pan go to the model's `viewport` and come back
 * from it; gain, clip and colormap recolour the heatmap in place; arrows navigate and Ctrl+Z / Ctrl+Y ask the
 * kernel to undo / redo. Without a kernel (a static HTML report) the view draws the saved snapshot and display
 * changes still work.
 *
 * @module
 */
import { DOMWidgetModel, DOMWidgetView, type ISerializers } from "@jupyter-widgets/base";
import type { PlotlyHTMLElement } from "plotly.js/lib/core";
import {
  COLORMAP_NAMES,
  DISPLAY_MODES,
  EMPTY_VIEWER_STATUS,
  INTERPOLATIONS,
  VIEWER_START_STATE,
  WIDGET_CLASSES,
  type DisplayMode,
  type FrontEndMessage,
  type GatherBlockMeta,
  type GatherErrorReply,
  type GatherReply,
  type Interpolation,
  type Viewport,
  type ViewerStatus,
} from "../../kernel-ext/widgets/protocol";
import { colormapLut, plotlyColorscale } from "./colormaps";
import { formatNumber, h, injectStyles } from "./dom";
import { canRecolor, recolorHeatmap, sameFrame } from "./fast-recolor";
import { buildFigure, displayLimit, PLOT_CONFIG, PLOT_MARGIN, type BuiltFigure, type FigureSettings } from "./figure";
import { columnPosition, float32FromView, float64FromView, nearestColumn, nearestRow, rowTime, type GatherBlock } from "./gather-block";
import { GatherRequests, type PendingRequest } from "./gather-requests";
import { Plotly, withHeatmapsUnpainted } from "./plotly";
import { MODULE_NAME, MODULE_VERSION } from "./version";
import { buildToolbar, sliderFromGain, type Toolbar } from "./viewer-toolbar";

const binaryF32 = {
  deserialize: (value: unknown) => (value === null || value === undefined ? null : float32FromView(value as DataView)),
  serialize: (value: unknown) => value,
};


/**
 * The gather viewer's model.
 *
 * @example
 * ```ts
 * model.get("gain"); model.set("gain", 2); model.save_changes();
 * ```
 */
export class GatherViewerModel extends DOMWidgetModel {
  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    gather_keys: { deserialize: (value: unknown) => (value === null || value === undefined ? new Float64Array(0) : float64FromView(value as DataView)), serialize: (value: unknown) => value },
    snapshot_samples: binaryF32,
    snapshot_compare_samples: binaryF32,
  };
  static model_name = WIDGET_CLASSES.gatherViewer.model;
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_name = WIDGET_CLASSES.gatherViewer.view;
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;

  /** Request ids start at a random offset so two front ends on one model do not collide. */
  private requestCounter = Math.floor(Math.random() * 1e6) * 1000;

  override defaults(): Record<string, unknown> {
    return {
      ...super.defaults(),
      _model_name: GatherViewerModel.model_name,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: GatherViewerModel.view_name,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
      dataset_id: "",
      dataset_name: "",
      key_name: "gather",
      gather_keys: new Float64Array(0),
      gather_key: null,
      gain: 1,
      clip: 99,
      colormap: COLORMAP_NAMES[0],
      interpolation: INTERPOLATIONS[0],
      display_mode: DISPLAY_MODES[0],
      viewport: null,
      ...VIEWER_START_STATE,
      height: 520,
    };
  }

  /** A request id no other request of this model used. */
  nextRequestId(): number {
    return ++this.requestCounter;
  }
}

/** Blocks on screen: the gather (and the comparison dataset's), and optionally a zoomed window at full detail. */
interface Shown {
  key: number;
  main: GatherBlock;
  compare: GatherBlock | null;
}

/**
 * Detail of a draw, sent as the `seisproc-drawn` DOM event on the view's element (tests and benchmarks wait for
 * it).
 *
 * @example
 * ```ts
 * view.el.addEventListener("seisproc-drawn", (e) => console.log((e as CustomEvent<DrawnDetail>).detail.ms));
 * ```
 */
export interface DrawnDetail {
  /** Why it was drawn: "gather", "snapshot", "detail", "zoom", "viewport", "display", "recolor", "resize". */
  reason: string;
  /** The gather key drawn. */
  key: number;
  /** Milliseconds from the trigger to the drawn frame being handed to the browser. */
  ms: number;
  /** True when the heatmap was recoloured in place instead of redrawn by plotly. */
  fast: boolean;
  /** Round trip of the request that brought the gather (kernel → browser → drawn), when there was one. */
  roundTripMs: number | null;
  /** For a request's draw: ms from sending it to its reply arriving, and the kernel's own share of that. */
  replyMs: number | null;
  kernelMs: number | null;
  draws: number;
}

function sameViewport(a: Viewport | null, b: Viewport | null): boolean {
  if (a === null || b === null) return a === b;
  const close = (x: number, y: number, span: number) => Math.abs(x - y) <= Math.max(1e-9, Math.abs(span) * 1e-6);
  const xs = a.trace_max - a.trace_min;
  const ts = a.time_max - a.time_min;
  return close(a.trace_min, b.trace_min, xs) && close(a.trace_max, b.trace_max, xs) && close(a.time_min, b.time_min, ts) && close(a.time_max, b.time_max, ts);
}

function round(v: number): number {
  return Number(v.toPrecision(7));
}

/**
 * The gather viewer's view.
 *
 * @example
 * ```ts
 * // created by the widget manager from the model's `_view_name`; in a test page:
 * const view = await manager.create_view(model); manager.display_view(view, element);
 * ```
 */
export class GatherViewerView extends DOMWidgetView {
  private toolbar!: Toolbar;
  private plotDiv!: HTMLDivElement;
  private hoverLine!: HTMLDivElement;
  private statusBar!: HTMLDivElement;
  private requests!: GatherRequests;
  private shown: Shown | null = null;
  private detail: Shown | null = null;
  private built: BuiltFigure | null = null;
  private plotted = false;
  private drawing = false;
  private redrawWanted: { reason: string; since: number; roundTrip: boolean } | null = null;
  /** The gather the draw under way is of (null between draws). */
  private drawingShown: Shown | null = null;
  private draws = 0;
  private lastRoundTrip: number | null = null;
  private lastKernelMs: number | null = null;
  private lastReplyMs: number | null = null;
  private lastError = "";
  private message = "";
  private localViewport: Viewport | null | undefined = undefined;
  private resizeObserver: ResizeObserver | undefined;
  private lastWidth = 0;
  private started = false;
  private removed = false;
  /** The key and viewport the last detail request was for (one request per zoom). */
  private detailAskedFor = "";

  override render(): void {
    injectStyles();
    this.el.classList.add("sp-widget", "sp-viewer");
    this.el.tabIndex = 0;
    this.el.setAttribute("data-lm-suppress-shortcuts", "true");
    this.toolbar = buildToolbar({
      step: (d) => this.step(d),
      goToIndex: (i, commit) => this.goToIndex(i, commit),
      jump: (text) => this.jump(text),
      gain: (g, commit) => this.setAndSave({ gain: g }, commit),
      clip: (c) => this.setAndSave({ clip: c }, true),
      colormap: (name) => this.setAndSave({ colormap: name }, true),
      interpolation: (name) => this.setAndSave({ interpolation: name }, true),
      displayMode: (mode) => this.setAndSave({ display_mode: mode }, true),
      undo: () => this.history("undo"),
      redo: () => this.history("redo"),
    });
    this.plotDiv = h("div", { class: "sp-plot" });
    this.hoverLine = h("div", { class: "sp-hover", "data-field": "hover" }, " ");
    this.statusBar = h("div", { class: "sp-status", "data-field": "status" });
    this.el.append(this.toolbar.root, this.plotDiv, this.hoverLine, this.statusBar);
    this.requests = new GatherRequests(
      (msg) => this.sendToKernel(msg),
      () => (this.model as GatherViewerModel).nextRequestId(),
    );

    this.listenTo(this.model, "change:gather_key", () => this.onKeyChanged());
    this.listenTo(this.model, "change:gather_keys", () => this.updateControls());
    this.listenTo(this.model, "change:gain change:clip change:colormap", () => this.recolor());
    this.listenTo(this.model, "change:interpolation change:display_mode change:height", () => this.requestDraw("display"));
    this.listenTo(this.model, "change:viewport", () => this.onViewportChanged());
    this.listenTo(this.model, "change:status change:can_undo change:can_redo change:undo_label change:dataset_name", () => this.updateControls());
    this.listenTo(this.model, "change:snapshot change:snapshot_samples", () => this.onSnapshot());
    this.listenTo(this.model, "change:compare", () => this.onCompareChanged());
    this.listenTo(this.model, "msg:custom", (content: unknown, buffers: unknown) => this.onCustom(content, (buffers ?? []) as DataView[]));
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    this.plotDiv.addEventListener("mousemove", (e) => this.onHover(e));
    this.plotDiv.addEventListener("mouseleave", () => (this.hoverLine.textContent = " "));
    this.updateControls();
    void this.displayed.then(() => this.start());
  }

  override remove(): unknown {
    this.removed = true;
    this.resizeObserver?.disconnect();
    if (this.live) this.requests.cancelAll();
    try {
      Plotly.purge(this.plotDiv);
    } catch {
      // nothing drawn yet
    }
    return super.remove();
  }

  /** True when a kernel is connected (false in a static report). */
  private get live(): boolean {
    return this.model.comm_live === true;
  }

  private start(): void {
    if (this.started || this.removed) return;
    this.started = true;
    this.lastWidth = this.plotDiv.clientWidth;
    if (typeof ResizeObserver !== "undefined") {
      this.resizeObserver = new ResizeObserver(() => {
        const w = this.plotDiv.clientWidth;
        if (w > 0 && Math.abs(w - this.lastWidth) > 2) {
          this.lastWidth = w;
          this.requestDraw("resize");
        }
      });
      this.resizeObserver.observe(this.plotDiv);
    }
    this.onSnapshot();
    this.fetchCurrent();
  }

  // ---- state helpers ----

  private settings(): FigureSettings {
    const m = this.model;
    const compare = m.get("compare") as { dataset_id: string } | null;
    return {
      gain: Number(m.get("gain")) || 1,
      clip: Number(m.get("clip")) || 99,
      colormap: String(m.get("colormap")),
      interpolation: m.get("interpolation") as Interpolation,
      display_mode: m.get("display_mode") as DisplayMode,
      viewport: (m.get("viewport") as Viewport | null) ?? null,
      uirevision: `${m.get("dataset_id")}|${compare?.dataset_id ?? ""}`,
      height: Number(m.get("height")) || 520,
    };
  }

  private keys(): Float64Array {
    return (this.model.get("gather_keys") as Float64Array | null) ?? new Float64Array(0);
  }

  private currentKey(): number | null {
    const k = this.model.get("gather_key");
    return typeof k === "number" ? k : null;
  }

  private keyIndex(key: number | null): number {
    if (key === null) return -1;
    const keys = this.keys();
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }

  private setAndSave(patch: Record<string, unknown>, commit: boolean): void {
    this.model.set(patch);
    if (commit && this.live) this.touch();
  }

  private sendToKernel(msg: FrontEndMessage): void {
    if (this.live) this.model.send(msg as never, this.callbacks());
  }

  // ---- navigation ----

  private step(delta: number): void {
    const keys = this.keys();
    if (keys.length === 0) return;
    const i = this.keyIndex(this.currentKey());
    const j = Math.min(keys.length - 1, Math.max(0, (i < 0 ? 0 : i) + delta));
    if (j !== i) this.goToIndex(j, true);
  }

  private goToIndex(index: number, commit: boolean): void {
    const keys = this.keys();
    if (index < 0 || index >= keys.length) return;
    if (!commit) {
      this.toolbar.keyLabel.textContent = `${this.model.get("key_name")} ${keys[index]} (${index + 1}/${keys.length})`;
      return;
    }
    if (!this.live) {
      this.message = "navigation needs a running kernel: this is a saved view";
      this.updateControls();
      return;
    }
    this.setAndSave({ gather_key: keys[index] }, true);
  }

  private jump(text: string): void {
    const keys = this.keys();
    const wanted = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(wanted) || keys.length === 0) {
      this.message = `"${text}" is not a gather key`;
      this.updateControls();
      return;
    }
    let best = 0;
    for (let i = 1; i < keys.length; i++) if (Math.abs(keys[i] - wanted) < Math.abs(keys[best] - wanted)) best = i;
    this.message = keys[best] === wanted ? "" : `no gather ${wanted}; the nearest is ${keys[best]}`;
    this.goToIndex(best, true);
    this.updateControls();
  }

  private history(action: "undo" | "redo"): void {
    if (!this.live) return;
    this.sendToKernel({ type: action });
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    const tag = target?.tagName ?? "";
    const editing = tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && (target as HTMLInputElement).type !== "range" && (target as HTMLInputElement).type !== "button");
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    let handled = true;
    if (mod && !e.altKey && key === "z" && !editing) this.history(e.shiftKey ? "redo" : "undo");
    else if (mod && !e.altKey && key === "y" && !editing) this.history("redo");
    else if (mod || e.altKey || editing) handled = false;
    else if (e.key === "ArrowRight" || e.key === "ArrowDown" || e.key === "PageDown") this.step(1);
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp" || e.key === "PageUp") this.step(-1);
    else if (e.key === "Home") this.goToIndex(0, true);
    else if (e.key === "End") this.goToIndex(this.keys().length - 1, true);
    else if (e.key === "+" || e.key === "=") this.setAndSave({ gain: Number((Number(this.model.get("gain")) * 1.25).toPrecision(4)) }, true);
    else if (e.key === "-") this.setAndSave({ gain: Number((Number(this.model.get("gain")) / 1.25).toPrecision(4)) }, true);
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  // ---- data in ----

  private onKeyChanged(): void {
    this.detail = null;
    this.fetchCurrent(); // the request leaves first; the controls follow
  }

  private onCompareChanged(): void {
    this.shown = null;
    this.detail = null;
    this.fetchCurrent();
  }

  /** Plot area size in CSS pixels (per panel). */
  private plotArea(): { width: number; height: number; panels: number } {
    const width = Math.max(100, this.plotDiv.clientWidth || 800);
    const height = this.settings().height;
    const panels = this.model.get("compare") ? 2 : 1;
    return { width: Math.max(20, (width - PLOT_MARGIN.l - PLOT_MARGIN.r) / panels), height: Math.max(20, height - PLOT_MARGIN.t - PLOT_MARGIN.b), panels };
  }

  /** Asks the kernel for the current gather, unless it is on screen already. */
  private fetchCurrent(): void {
    const key = this.currentKey();
    if (key === null || !this.started) return this.updateControls();
    if (this.shown?.key === key && (this.shown.compare !== null) === Boolean(this.model.get("compare"))) {
      this.requests.cancel("gather");
      // (unless the draw under way is of this very gather: the saved snapshot, drawn as the view starts)
      if (!(this.drawingShown === this.shown && this.redrawWanted === null)) this.requestDraw("gather");
      this.updateControls();
      return;
    }
    if (!this.live) return this.updateControls(); // a static page draws its snapshot only
    // one sample per screen pixel: zooming in asks for the visible window in full detail (maybeRequestDetail)
    const area = this.plotArea();
    this.requests.request("gather", { key, max_traces: Math.ceil(area.width), max_samples: Math.ceil(area.height) });
    this.updateControls();
  }

  /** Draws the saved snapshot when nothing better is on screen (always, in a static page). */
  private onSnapshot(): void {
    if (!this.started) return;
    const meta = this.model.get("snapshot") as GatherBlockMeta | null;
    const samples = this.model.get("snapshot_samples") as Float32Array | null;
    if (meta === null || samples === null) return;
    if (this.live && (meta.key !== this.currentKey() || this.shown?.key === meta.key)) return;
    // a saved notebook may have moved on after its last snapshot was sent: show the gather that was saved
    this.message = !this.live && meta.key !== this.currentKey() ? `the saved gather is ${meta.key} (the notebook went on to ${this.currentKey()} after saving it)` : "";
    const cmeta = this.model.get("snapshot_compare") as GatherBlockMeta | null;
    const csamples = this.model.get("snapshot_compare_samples") as Float32Array | null;
    this.shown = { key: meta.key, main: { meta, samples }, compare: cmeta !== null && csamples !== null ? { meta: cmeta, samples: csamples } : null };
    this.detail = null;
    this.requestDraw("snapshot");
  }

  private onCustom(content: unknown, buffers: DataView[]): void {
    const pending = this.requests.accept(content);
    if (pending === undefined) return;
    const reply = content as GatherReply | GatherErrorReply;
    if (reply.type === "gather-error") {
      this.lastError = reply.message;
      this.updateControls();
      return;
    }
    if (pending.key !== reply.meta.key || buffers.length < 1) return;
    const main: GatherBlock = { meta: reply.meta, samples: float32FromView(buffers[0]) };
    const compare: GatherBlock | null = reply.compare !== null && buffers.length > 1 ? { meta: reply.compare, samples: float32FromView(buffers[1]) } : null;
    this.lastError = "";
    this.lastKernelMs = reply.meta.kernel_ms;
    this.lastReplyMs = performance.now() - pending.sentAt;
    const shown = { key: reply.meta.key, main, compare };
    if (pending.kind === "detail") this.detail = shown;
    else {
      this.shown = shown;
      this.detail = null;
    }
    this.requestDraw(pending.kind === "detail" ? "detail" : "gather", pending);
  }

  // ---- drawing ----

  /** The blocks to draw: the detail window when it covers what is visible, else the whole gather. */
  private blocksToDraw(): GatherBlock[] | null {
    const shown = this.shown;
    if (shown === null || (this.live && shown.key !== this.currentKey())) return null;
    const v = this.settings().viewport;
    const d = this.detail;
    if (d !== null && d.key === shown.key && v !== null) {
      const m = d.main.meta;
      const covers =
        columnPosition(m, 0) <= v.trace_min + m.trace_step && columnPosition(m, m.traces - 1) >= v.trace_max - m.trace_step && rowTime(m, 0) <= v.time_min + m.dt_ms * m.sample_step && rowTime(m, m.samples - 1) >= v.time_max - m.dt_ms * m.sample_step;
      if (covers) return d.compare !== null ? [d.main, d.compare] : [d.main];
    }
    return shown.compare !== null ? [shown.main, shown.compare] : [shown.main];
  }

  /**
   * Asks for a redraw; redraws asked for while one runs are merged into one. A gather reply's draw is timed from
   * its request (the round trip) and keeps that timing when merged with a later, lesser reason.
   */
  private requestDraw(reason: string, pending?: PendingRequest): void {
    const wanted = { reason, since: pending?.sentAt ?? performance.now(), roundTrip: pending?.kind === "gather" };
    if (this.redrawWanted === null || !this.redrawWanted.roundTrip || wanted.roundTrip) this.redrawWanted = wanted;
    if (!this.drawing) void this.drawLoop();
  }

  private async drawLoop(): Promise<void> {
    this.drawing = true;
    try {
      while (this.redrawWanted !== null && !this.removed) {
        const { reason, since, roundTrip } = this.redrawWanted;
        this.redrawWanted = null;
        this.drawingShown = this.shown;
        await this.drawNow(reason, since, roundTrip);
      }
    } catch (error) {
      this.lastError = `drawing failed: ${error instanceof Error ? error.message : String(error)}`;
      this.updateControls();
    } finally {
      this.drawing = false;
      this.drawingShown = null;
    }
  }

  private async drawNow(reason: string, since: number, isRoundTrip: boolean): Promise<void> {
    const blocks = this.blocksToDraw();
    if (blocks === null || !this.started) return;
    const settings = this.settings();
    const width = Math.max(100, this.plotDiv.clientWidth || 800);
    const next = buildFigure(settings, blocks, width);
    if ((reason === "gather" || reason === "snapshot") && this.swapCells(next)) {
      // another gather of the same shape: its cells drawn into the heatmap image, no plotly rebuild
      this.built = next;
      this.markBlock(blocks[0]);
      this.finishDraw(reason, since, true, isRoundTrip);
      this.maybeRequestDetail(blocks[0]);
      return;
    }
    this.built = next;
    // plotly builds the axes and places the heatmap; the view paints the cells on its canvas (no PNG to encode,
    // none to decode), or plotly paints them after all when that cannot be done
    const gd = this.plotDiv;
    const paintsCells = settings.display_mode === "density" && settings.interpolation !== "bilinear" && next.cells.length === next.data.length;
    await withHeatmapsUnpainted(gd, paintsCells ? next.cells.map((c) => c.uid) : [], () => Plotly.react(gd, next.data, next.layout, PLOT_CONFIG));
    if (paintsCells && !this.paintCells(next)) await Plotly.redraw(gd);
    this.markBlock(blocks[0]);
    if (!this.plotted) {
      this.plotted = true;
      const gd = this.plotDiv as PlotlyHTMLElement;
      gd.on("plotly_relayout", (ev: Record<string, unknown>) => this.onRelayout(ev));
    }
    this.finishDraw(reason, since, false, isRoundTrip);
    this.maybeRequestDetail(blocks[0]);
  }

  /** Which block is on screen (the whole gather, or a zoomed window at full detail), for tests and the curious. */
  private markBlock(block: GatherBlock): void {
    this.el.dataset.sampleStep = String(block.meta.sample_step);
    this.el.dataset.traceStep = String(block.meta.trace_step);
  }

  private finishDraw(reason: string, since: number, fast: boolean, isRoundTrip: boolean): void {
    this.draws++;
    const ms = performance.now() - since;
    if (isRoundTrip) this.lastRoundTrip = ms;
    const key = this.shown?.key ?? Number.NaN;
    this.el.dataset.drawnKey = String(key);
    this.el.dataset.draws = String(this.draws);
    this.updateControls();
    const detail: DrawnDetail = {
      reason,
      key,
      ms,
      fast,
      roundTripMs: isRoundTrip ? ms : null,
      replyMs: isRoundTrip ? this.lastReplyMs : null,
      kernelMs: isRoundTrip ? this.lastKernelMs : null,
      draws: this.draws,
    };
    this.el.dispatchEvent(new CustomEvent("seisproc-drawn", { detail, bubbles: true }));
  }

  /**
   * Draws `next` by putting its cells into the heatmaps on screen, when it differs from them only in cells and
   * colour limits (see sameFrame); false (nothing changed) otherwise, and the caller redraws with plotly.
   */
  private swapCells(next: BuiltFigure): boolean {
    const drawn = this.built;
    if (drawn === null || !this.plotted || !sameFrame(drawn, next)) return false;
    const gd = this.plotDiv as PlotlyHTMLElement;
    // all or nothing: a panel that cannot be swapped leaves the others as they were
    return next.cells.every((cells) => canRecolor(gd, cells)) && this.paintCells(next);
  }

  /** Paints the heatmap cells of `built` (drawn by plotly) on the canvas over the plot; false if any panel could not be. */
  private paintCells(built: BuiltFigure): boolean {
    const colorscale = built.data[0]?.colorscale as [number, string][];
    const lut = colormapLut(this.settings().colormap);
    const gd = this.plotDiv as PlotlyHTMLElement;
    return built.cells.every((cells, i) => recolorHeatmap(gd, cells, -built.limits[i], built.limits[i], lut, colorscale));
  }

  /** Gain, clip or colormap changed: recolour the heatmap in place when that is all it takes. */
  private recolor(): void {
    this.updateControls();
    const built = this.built;
    const settings = this.settings();
    const blocks = this.blocksToDraw();
    if (built === null || blocks === null || this.drawing || settings.display_mode !== "density" || settings.interpolation === "bilinear" || built.cells.length !== blocks.length) {
      this.requestDraw("recolor");
      return;
    }
    const t0 = performance.now();
    const lut = colormapLut(settings.colormap);
    const colorscale = plotlyColorscale(settings.colormap);
    const gd = this.plotDiv as PlotlyHTMLElement;
    const ok = built.cells.every((cells, i) => {
      const limit = displayLimit(blocks[i], settings.clip, settings.gain);
      built.limits[i] = limit;
      return recolorHeatmap(gd, cells, -limit, limit, lut, colorscale);
    });
    if (!ok) {
      this.requestDraw("recolor");
      return;
    }
    this.finishDraw("recolor", t0, true, false);
  }

  /** When zoomed in beyond the detail of the gather block, asks the kernel for the visible window in full. */
  private maybeRequestDetail(block: GatherBlock): void {
    const v = this.settings().viewport;
    const shown = this.shown;
    if (!this.live || v === null || shown === null || (shown.main.meta.trace_step === 1 && shown.main.meta.sample_step === 1)) return;
    if (block !== shown.main) return; // a detail block is on screen already
    const m = shown.main.meta;
    const area = this.plotArea();
    const visibleCols = (v.trace_max - v.trace_min) / m.trace_step;
    const visibleRows = (v.time_max - v.time_min) / (m.dt_ms * m.sample_step);
    if (visibleCols >= area.width * 0.75 && visibleRows >= area.height * 0.75) return;
    const span = v.trace_max - v.trace_min;
    const tspan = v.time_max - v.time_min;
    const traceStart = Math.max(0, Math.floor(v.trace_min - 1 - span * 0.5));
    const traceEnd = Math.min(m.gather_traces, Math.ceil(v.trace_max + span * 0.5));
    const sampleStart = Math.max(0, Math.floor((v.time_min - tspan * 0.5 - m.t0_ms) / m.dt_ms));
    const sampleEnd = Math.min(m.gather_samples, Math.ceil((v.time_max + tspan * 0.5 - m.t0_ms) / m.dt_ms) + 1);
    if (traceEnd <= traceStart || sampleEnd <= sampleStart) return;
    const askedFor = JSON.stringify([shown.key, v]);
    if (askedFor === this.detailAskedFor) return;
    this.detailAskedFor = askedFor;
    this.requests.request("detail", {
      key: shown.key,
      max_traces: Math.ceil(area.width * 2),
      max_samples: Math.ceil(area.height * 2),
      window: { trace_start: traceStart, trace_end: traceEnd, sample_start: sampleStart, sample_end: sampleEnd },
    });
  }

  // ---- viewport ----

  private onRelayout(ev: Record<string, unknown>): void {
    const keys = Object.keys(ev);
    if (!keys.some((k) => k.includes("range") || k.includes("autorange"))) return;
    const fl = (this.plotDiv as PlotlyHTMLElement)._fullLayout;
    const xr = fl?.xaxis?.range as number[] | undefined;
    const yr = fl?.yaxis?.range as number[] | undefined;
    if (xr === undefined || yr === undefined) return;
    const auto = keys.some((k) => k.endsWith("autorange")) && fl.xaxis.autorange === true && fl.yaxis.autorange !== false;
    let v: Viewport | null = {
      trace_min: round(Math.min(xr[0], xr[1])),
      trace_max: round(Math.max(xr[0], xr[1])),
      time_min: round(Math.min(yr[0], yr[1])),
      time_max: round(Math.max(yr[0], yr[1])),
    };
    if (auto) v = null;
    const current = (this.model.get("viewport") as Viewport | null) ?? null;
    if (sameViewport(v, current)) return;
    this.localViewport = v;
    this.setAndSave({ viewport: v }, true);
  }

  private onViewportChanged(): void {
    const v = (this.model.get("viewport") as Viewport | null) ?? null;
    const local = this.localViewport;
    this.localViewport = undefined;
    if (local !== undefined && sameViewport(local, v)) {
      // the user zoomed: plotly shows it already; refine the level of detail
      this.requestDraw("zoom");
      return;
    }
    this.requestDraw("viewport");
  }

  // ---- hover ----

  private onHover(e: MouseEvent): void {
    const gd = this.plotDiv as PlotlyHTMLElement;
    const fl = gd._fullLayout;
    const blocks = this.blocksToDraw();
    if (fl === undefined || blocks === null) return;
    const rect = this.plotDiv.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const ya = fl.yaxis;
    for (let p = 0; p < blocks.length; p++) {
      const xa = fl[p === 0 ? "xaxis" : `xaxis${p + 1}`];
      if (xa === undefined || px < xa._offset || px > xa._offset + xa._length || py < ya._offset || py > ya._offset + ya._length) continue;
      const x = xa.p2c(px - xa._offset) as number;
      const t = ya.p2c(py - ya._offset) as number;
      const meta = blocks[p].meta;
      const col = nearestColumn(meta, x);
      const row = nearestRow(meta, t);
      const amp = blocks[p].samples[col * meta.samples + row];
      const headers = Object.entries(meta.headers)
        .map(([name, values]) => (values[col] === undefined || values[col] === null ? "" : `${name} ${formatNumber(values[col])}`))
        .filter((s) => s !== "")
        .join(" · ");
      this.hoverLine.textContent = `trace ${columnPosition(meta, col)} · ${formatNumber(Number(rowTime(meta, row).toFixed(3)))} ms · amp ${formatNumber(amp)}${headers ? " · " + headers : ""}`;
      this.hoverLine.dataset.trace = String(columnPosition(meta, col));
      return;
    }
  }

  // ---- controls and status ----

  private updateControls(): void {
    if (this.toolbar === undefined) return;
    const m = this.model;
    const keys = this.keys();
    const key = this.currentKey();
    const index = this.keyIndex(key);
    const tb = this.toolbar;
    const compare = m.get("compare") as { dataset_name: string } | null;
    tb.title.textContent = compare ? `${m.get("dataset_name")} | ${compare.dataset_name}` : String(m.get("dataset_name"));
    tb.slider.max = String(Math.max(0, keys.length - 1));
    if (index >= 0) tb.slider.value = String(index);
    tb.keyLabel.textContent = key === null ? "no gathers" : `${m.get("key_name")} ${key} (${index + 1}/${keys.length})`;
    const live = this.live;
    tb.prev.disabled = !live || index <= 0;
    tb.next.disabled = !live || index < 0 || index >= keys.length - 1;
    tb.slider.disabled = !live || keys.length < 2;
    tb.jumpInput.disabled = !live;
    const gain = Number(m.get("gain"));
    if (document.activeElement !== tb.gainInput) tb.gainInput.value = formatNumber(gain);
    if (document.activeElement !== tb.gainSlider) tb.gainSlider.value = String(sliderFromGain(gain));
    if (document.activeElement !== tb.clipInput) tb.clipInput.value = String(m.get("clip"));
    tb.colormap.value = String(m.get("colormap"));
    tb.interpolation.value = String(m.get("interpolation"));
    tb.displayMode.value = String(m.get("display_mode"));
    tb.undo.disabled = !live || !m.get("can_undo");
    tb.redo.disabled = !live || !m.get("can_redo");
    tb.undo.title = m.get("undo_label") ? `undo ${m.get("undo_label")} (Ctrl+Z)` : "undo (Ctrl+Z)";
    this.el.dataset.gatherKey = String(key);
    this.renderStatus();
  }

  private renderStatus(): void {
    const m = this.model;
    const s = (m.get("status") as ViewerStatus | null) ?? EMPTY_VIEWER_STATUS;
    const parts: HTMLElement[] = [];
    const shown = this.shown;
    const key = this.currentKey();
    if (shown !== null) {
      const meta = shown.main.meta;
      const drawn = this.blocksToDraw()?.[0]?.meta ?? meta;
      const dec =
        drawn !== meta
          ? ` (zoomed window ${drawn.traces}×${drawn.samples}, ${drawn.trace_step > 1 || drawn.sample_step > 1 ? `every ${drawn.trace_step}×${drawn.sample_step}` : "full detail"})`
          : meta.trace_step > 1 || meta.sample_step > 1
            ? ` (shown ${meta.traces}×${meta.samples})`
            : "";
      parts.push(h("span", { "data-field": "gather" }, `${m.get("key_name")} ${shown.key}: ${meta.gather_traces} traces × ${meta.gather_samples} samples${dec}`));
    } else if (key !== null) {
      parts.push(h("span", {}, `${m.get("key_name")} ${key}: loading…`));
    }
    if (this.live) {
      parts.push(h("span", { "data-field": "cache" }, `cache ${s.cached} gathers, ${(s.cache_bytes / 1e6).toFixed(1)} MB, hit rate ${Math.round(s.hit_rate * 100)} %`));
      parts.push(h("span", { "data-field": "prefetch" }, `prefetch ${s.prefetch}${s.prefetch === "running" ? ` (${s.prefetch_running} reading, ${s.prefetch_queued} queued)` : ""}`));
      const timing = [this.lastKernelMs !== null ? `kernel ${this.lastKernelMs.toFixed(0)} ms` : "", this.lastRoundTrip !== null ? `round trip ${this.lastRoundTrip.toFixed(0)} ms` : ""].filter(Boolean).join(", ");
      if (timing) parts.push(h("span", { "data-field": "timing" }, timing));
      if (this.requests.inFlight("gather")) parts.push(h("span", {}, "loading…"));
      if (m.get("can_undo") && m.get("undo_label")) parts.push(h("span", { "data-field": "history" }, `last: ${m.get("undo_label")} (Ctrl+Z)`));
    } else {
      parts.push(h("span", { class: "sp-offline", "data-field": "offline" }, "saved view (no kernel): display settings work, navigation does not"));
    }
    const error = this.lastError || s.error;
    if (error) parts.push(h("span", { class: "sp-error", "data-field": "error" }, error));
    if (this.message) parts.push(h("span", { class: "sp-error", "data-field": "message" }, this.message));
    this.statusBar.replaceChildren(...parts);
  }
}
