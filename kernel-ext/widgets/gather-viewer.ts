/**
 * `GatherViewer`, the kernel side of the gather viewer widget: it wraps a dataset and its {@link GatherNavigator}
 * (cache, prefetch of the neighbours), serves the front end's gather requests with `Float32Array` buffers cut to
 * screen resolution, records every change (navigation, gain, zoom, colormap, …, whether made in the browser or
 * in notebook code) in a {@link CommandHistory} so that Ctrl+Z / Ctrl+Y undo and redo them, keeps the gather on
 * screen in its state as a snapshot (so a saved notebook shows it without a kernel), reports cache and prefetch
 * statistics, and can show a second dataset side by side.
 *
 * In a notebook cell: `const v = new GatherViewer(data); v.display();` (or `v` as the cell's last expression).
 * Under plain Node (no kernel) it is state only: the same API works, nothing is sent.
 *
 * @module
 */
import type { CommandHistory as CommandHistoryType } from "../../src/core/history/command-history";
import { CommandHistory } from "../../src/core/history/command-history";
import { ChangeGainCommand } from "../../src/core/history/change-gain-command";
import { ChangeViewportCommand } from "../../src/core/history/change-viewport-command";
import type { Command } from "../../src/core/history/command";
import { NavigateGatherCommand, type NavigateGatherTarget } from "../../src/core/history/navigate-gather-command";
import type { GainTarget, ViewportTarget } from "../../src/core/history/view-targets";
import { NavigationCancelledError } from "../../src/core/navigation/errors";
import { GatherNavigator, type GatherNavigatorOptions } from "../../src/core/navigation/gather-navigator";
import type { CacheStats } from "../../src/core/navigation/navigator-events";
import type { SessionManager } from "../../src/core/session/session-manager";
import type { ViewportLimits } from "../../src/core/session/session-state";
import type { Gather, LazySeismicData } from "../../src/core/store/lazy-seismic-data";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../module-info";
import { Widget, type WidgetSpec } from "../widget";
import { BlocksAhead } from "./blocks-ahead";
import { ViewerSettingError } from "./errors";
import { gatherBlock, type SampleBlock, type TimeAxis } from "./gather-block";
import { VIEWER_START_STATE, WIDGET_CLASSES, type DisplayMode, type GatherRequest, type GatherViewerState, type Interpolation, type Viewport, type ViewerStatus } from "./protocol";
import { SetSettingCommand, type SettingTarget } from "./setting-command";
import { checkSetting, DEFAULT_SETTINGS, fromLimits, fullExtent, interpolationFromSession, interpolationToSession, toLimits, type ViewerSettings } from "./viewer-settings";

/**
 * Options of a {@link GatherViewer}.
 *
 * @example
 * ```ts
 * new GatherViewer(data, { name: "line 12", colormap: "gray", compare: filtered, navigation: { prefetchDepth: 3 } });
 * ```
 */
export interface GatherViewerOptions extends Partial<Omit<ViewerSettings, "display_mode">> {
  /** The dataset's display name (default: the dataset's own name). */
  name?: string;
  /** The navigator to use (e.g. a DatasetNavigator's); default: a new one over the dataset, closed with the viewer. */
  navigator?: GatherNavigator;
  /** Options of the navigator the viewer creates (cache budget, prefetch depth). */
  navigation?: GatherNavigatorOptions;
  /** The history to record into (share one with a HistoryPanel); default: a new one. */
  history?: CommandHistoryType;
  /** The gather shown first (default: the session's, else the first). */
  gatherKey?: number;
  displayMode?: DisplayMode;
  /** A second dataset shown side by side with linked axes (comparison mode). */
  compare?: LazySeismicData;
  /** The plot's height in CSS pixels (default 520). */
  height?: number;
  /** Resolution of the snapshot kept in state for saved notebooks (default 800 traces × 1000 samples); false: none. */
  snapshot?: { maxTraces: number; maxSamples: number } | false;
  /** A session to restore settings from and keep up to date (auto-saved by the session manager). */
  session?: SessionManager;
}

/** A dataset on screen: the data, its navigator, whether the viewer made (and so closes) that navigator. */
interface Shown {
  data: LazySeismicData;
  nav: GatherNavigator;
  owned: boolean;
  name: string;
}

const SPEC: WidgetSpec = {
  modelName: WIDGET_CLASSES.gatherViewer.model,
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: WIDGET_CLASSES.gatherViewer.view,
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

const SNAPSHOT_DEFAULT = { maxTraces: 800, maxSamples: 1000 };
/**
 * How long a gather must stay on screen before its snapshot is put in the state: browsing quickly sends no
 * snapshots (they would compete with the gathers asked for); code that needs it at once waits for it
 * ({@link GatherViewer.waitForSnapshot} asks for it immediately).
 */
const SNAPSHOT_SETTLE_MS = 800;
const SETTING_KEYS = ["gain", "clip", "colormap", "interpolation", "display_mode", "viewport"] as const;

/** The time axis of a dataset: first-sample time and interval in ms (the sample index when there is none). */
export function timeAxis(data: LazySeismicData): TimeAxis {
  const dt = data.sampleIntervalUs;
  return { t0Ms: data.metadata.source?.firstSampleTimeMs ?? 0, dtMs: dt !== null && dt > 0 ? dt / 1000 : 1 };
}

function statusOf(s: CacheStats, error: string): ViewerStatus {
  return {
    cached: s.entries,
    cache_bytes: s.bytes,
    budget_bytes: s.budgetBytes,
    hits: s.hits,
    misses: s.misses,
    hit_rate: s.hitRate,
    prefetch: !s.prefetch.enabled ? "off" : s.prefetch.running + s.prefetch.queued > 0 ? "running" : "idle",
    prefetch_running: s.prefetch.running,
    prefetch_queued: s.prefetch.queued,
    error,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
}

function message(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const own = error instanceof Error ? error.message : String(error);
  return cause instanceof Error && !own.includes(cause.message) ? `${own}: ${cause.message}` : own;
}

/**
 * The gather viewer.
 *
 * @example
 * ```ts
 * const data = await LazySeismicData.open(new FileSystemStore("line.seis"));
 * const v = new GatherViewer(data);
 * v.display();
 * await v.next();            // the browser follows; Ctrl+Z there undoes it
 * await v.setGain(2);
 * v.get("viewport");         // what the user looks at
 * await v.undo();
 * ```
 */
export class GatherViewer extends Widget<GatherViewerState> {
  /** The undo / redo history of this viewer (possibly shared). */
  readonly history: CommandHistoryType;
  private shown: Shown;
  private compareShown: Shown | undefined;
  private committed: ViewerSettings & { gather_key: number | null };
  private loading: { key: number; promise: Promise<Gather> } | undefined;
  private readonly requests = new Map<number, AbortController>();
  /** Neighbours of the gather shown, cut to screen resolution ahead of their requests (not in comparison mode). */
  private readonly ahead = new BlocksAhead(() => (this.compareShown === undefined && !this.closed ? { nav: this.shown.nav, samplesPerTrace: this.shown.data.samplesPerTrace, axis: timeAxis(this.shown.data) } : undefined));
  private readonly snapshotLimits: { maxTraces: number; maxSamples: number } | false;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastError = "";
  private lastSource = new Map<number, "cache" | "prefetch" | "store">();
  private readonly session: SessionManager | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private navUnsubscribe: (() => void)[] = [];
  private readonly readyPromise: Promise<void>;
  private snapshotWaiters: (() => void)[] = [];
  private navTarget!: NavigateGatherTarget;
  private gainTarget!: GainTarget;
  private viewportTarget!: ViewportTarget;
  private settingTarget!: SettingTarget<ViewerSettings>;

  constructor(data: LazySeismicData, options: GatherViewerOptions = {}) {
    const nav = options.navigator ?? new GatherNavigator(data, options.navigation);
    const keys = nav.gatherKeys();
    const session = options.session?.state;
    const fromSession = session !== undefined && session.currentDatasetId === data.id;
    const settings: ViewerSettings = {
      gain: checkSetting("gain", options.gain ?? (fromSession ? session.gain : DEFAULT_SETTINGS.gain)),
      clip: checkSetting("clip", options.clip ?? DEFAULT_SETTINGS.clip),
      colormap: checkSetting("colormap", options.colormap ?? (fromSession ? session.colormap : DEFAULT_SETTINGS.colormap)),
      interpolation: checkSetting("interpolation", options.interpolation ?? (fromSession ? interpolationFromSession(session.interpolation) : DEFAULT_SETTINGS.interpolation)),
      display_mode: checkSetting("display_mode", options.displayMode ?? DEFAULT_SETTINGS.display_mode),
      viewport: checkSetting("viewport", options.viewport !== undefined ? options.viewport : fromSession ? fromLimits(session.viewport) : null),
    };
    let key: number | null = keys.length === 0 ? null : keys[0];
    const wanted = options.gatherKey ?? (fromSession ? session.currentGatherKey : null);
    if (wanted !== null && wanted !== undefined) {
      if (!keys.includes(wanted)) throw new ViewerSettingError("gatherKey", `the dataset has no gather ${wanted}; keys run from ${keys[0]} to ${keys.at(-1)}`);
      key = wanted;
    }
    const name = options.name ?? data.name;
    super(SPEC, {
      dataset_id: data.id,
      dataset_name: name,
      key_name: data.gatherIndex.key,
      gather_keys: Float64Array.from(keys),
      gather_key: key,
      ...settings,
      ...VIEWER_START_STATE,
      height: options.height ?? 520,
    });
    this.makeTargets();
    this.history = options.history ?? new CommandHistory();
    this.shown = { data, nav, owned: options.navigator === undefined, name };
    this.committed = { ...settings, gather_key: key };
    this.snapshotLimits = options.snapshot === undefined ? SNAPSHOT_DEFAULT : options.snapshot;
    this.session = options.session;
    this.watchNavigator();
    for (const k of SETTING_KEYS) this.unsubscribe.push(this.on(`change:${k}`, (value, _old, source) => source === "frontend" && this.fromFrontEnd(k, value)));
    this.unsubscribe.push(this.on("change:gather_key", (value, _old, source) => source === "frontend" && this.keyFromFrontEnd(value)));
    this.unsubscribe.push(this.onCustom((content) => this.onMessage(content)));
    this.unsubscribe.push(this.history.on("history-changed", () => this.historyChanged()));
    this.historyChanged();
    this.onClose(() => this.dispose());
    if (options.compare !== undefined) this.compareShown = this.openCompare(options.compare);
    if (this.compareShown !== undefined) this.set({ compare: { dataset_id: this.compareShown.data.id, dataset_name: this.compareShown.name } });
    this.readyPromise = key === null ? Promise.resolve() : this.navigate(key).then(() => this.waitForSnapshot());
    this.readyPromise.catch(() => undefined);
    this.syncSession();
  }

  // ---- public API ----

  /**
   * Resolves when the gather shown is loaded and its snapshot is in the state. A notebook run by nbconvert keeps
   * only what a cell sent before it finished: end a cell that changes the viewer with `await v.ready()` (the
   * navigation methods already wait for it).
   */
  async ready(): Promise<void> {
    await this.readyPromise;
    await this.waitForSnapshot();
  }

  /** The dataset shown. */
  get dataset(): LazySeismicData {
    return this.shown.data;
  }

  /** The navigator of the dataset shown. */
  get navigator(): GatherNavigator {
    return this.shown.nav;
  }

  /** The key of the gather shown. */
  get gatherKey(): number | null {
    return this.get("gather_key");
  }

  /** Goes to the gather with `key` (recorded for undo). */
  async goTo(key: number): Promise<void> {
    await this.history.execute(new NavigateGatherCommand(this.navTarget, key));
    await this.waitForSnapshot();
  }

  /** Goes to the next gather (the last stays the last). */
  next(): Promise<void> {
    return this.step(1);
  }

  /** Goes to the previous gather (the first stays the first). */
  previous(): Promise<void> {
    return this.step(-1);
  }

  /** Sets the display gain (> 0), recorded for undo. */
  async setGain(gain: number): Promise<void> {
    return this.history.execute(new ChangeGainCommand(this.gainTarget, checkSetting("gain", gain)));
  }

  /** Sets the clip percentile (0 < clip <= 100). */
  async setClip(clip: number): Promise<void> {
    return this.setSetting("clip", clip);
  }

  /** Sets the colormap (`seismic`, `gray`, `gray_r`, `bwr`, `RdBu`, `viridis`). */
  async setColormap(name: string): Promise<void> {
    return this.setSetting("colormap", name);
  }

  /** Sets the density interpolation. */
  async setInterpolation(name: Interpolation): Promise<void> {
    return this.setSetting("interpolation", name);
  }

  /** Sets the display mode (density, wiggle, variable area, both). */
  async setDisplayMode(mode: DisplayMode): Promise<void> {
    return this.setSetting("display_mode", mode);
  }

  /** Zooms to `viewport` (null: everything), recorded for undo. */
  async setViewport(viewport: Viewport | null): Promise<void> {
    const v = checkSetting("viewport", viewport);
    return this.history.execute(new ChangeViewportCommand(this.viewportTarget, toLimits(v ?? this.extent()), { label: v === null ? "Show all" : "Zoom" }));
  }

  /** Undoes the last change (as Ctrl+Z in the browser does). */
  async undo(): Promise<void> {
    await this.history.undo();
  }

  /** Redoes the last undone change. */
  async redo(): Promise<void> {
    await this.history.redo();
  }

  /**
   * Shows another dataset (recorded for undo: undo shows the previous one again, at its gather). `navigator` is
   * the dataset's own navigator when a DatasetNavigator manages it; otherwise the viewer makes one.
   */
  showDataset(data: LazySeismicData, options: { navigator?: GatherNavigator; name?: string; navigation?: GatherNavigatorOptions } = {}): Promise<void> {
    if (data === this.shown.data) return Promise.resolve();
    const next: Shown = { data, nav: options.navigator ?? new GatherNavigator(data, options.navigation), owned: options.navigator === undefined, name: options.name ?? data.name };
    return this.history.execute(new SwitchDatasetCommand(this, next)).then(() => this.waitForSnapshot());
  }

  /** Shows `data` side by side with the dataset shown, with linked axes (null: back to one panel). */
  async compareWith(data: LazySeismicData | null, options: { name?: string } = {}): Promise<void> {
    if (this.compareShown?.owned) this.compareShown.nav.dispose();
    this.compareShown = data === null ? undefined : this.openCompare(data, options.name);
    this.set({ compare: this.compareShown === undefined ? null : { dataset_id: this.compareShown.data.id, dataset_name: this.compareShown.name }, snapshot_compare: null, snapshot_compare_samples: null });
    this.scheduleSnapshot(0);
    await this.waitForSnapshot();
  }

  /** Puts every display setting back to its default and shows everything (recorded for undo, step by step). */
  async resetView(): Promise<void> {
    for (const k of SETTING_KEYS) {
      if (k === "viewport") {
        if (this.committed.viewport !== null) await this.setViewport(null);
      } else if (!sameValue(this.committed[k], DEFAULT_SETTINGS[k])) {
        if (k === "gain") await this.setGain(DEFAULT_SETTINGS.gain);
        else await this.setSetting(k, DEFAULT_SETTINGS[k]);
      }
    }
  }

  /** Resolves when the snapshot of the gather shown is in the state. */
  waitForSnapshot(): Promise<void> {
    if (this.snapshotLimits === false) return Promise.resolve();
    const snap = this.get("snapshot");
    if (snap !== null && snap.key === this.gatherKey && this.snapshotTimer === undefined) return Promise.resolve();
    this.scheduleSnapshot(0);
    return new Promise((resolve) => this.snapshotWaiters.push(resolve));
  }

  protected override plainText(): string {
    const key = this.gatherKey;
    return `GatherViewer(${this.shown.name}: ${this.get("key_name")} ${key ?? "–"}, ${this.shown.nav.gatherCount} gathers)`;
  }

  // ---- targets the history's commands act on (made in the constructor, closing over the viewer) ----

  private makeTargets(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const viewer = this;
    this.navTarget = {
      get currentGatherKey(): number | null {
        return viewer.committed.gather_key;
      },
      goTo: (key: number) => viewer.goToForHistory(key),
    };
    this.gainTarget = {
      get gain(): number {
        return viewer.committed.gain;
      },
      set gain(gain: number) {
        viewer.applySetting("gain", gain);
      },
    };
    this.viewportTarget = {
      get viewport(): ViewportLimits {
        return toLimits(viewer.committed.viewport ?? viewer.extent());
      },
      set viewport(limits: ViewportLimits) {
        const wire = fromLimits(limits);
        viewer.applySetting("viewport", sameValue(wire, viewer.extent()) ? null : wire);
      },
    };
    this.settingTarget = {
      getSetting: (key) => this.committed[key],
      setSetting: (key, value) => this.applySetting(key, value),
    };
  }

  private async goToForHistory(key: number): Promise<void> {
    const previous = this.committed.gather_key;
    this.committed.gather_key = key;
    if (this.get("gather_key") !== key) this.set({ gather_key: key });
    try {
      await this.navigate(key);
    } catch (error) {
      if (error instanceof NavigationCancelledError) return; // later navigation superseded it
      this.committed.gather_key = previous;
      this.set({ gather_key: previous });
      throw error;
    } finally {
      this.syncSession();
    }
  }

  private applySetting<K extends keyof ViewerSettings>(key: K, value: ViewerSettings[K]): void {
    (this.committed as ViewerSettings)[key] = value;
    if (!sameValue(this.get(key), value)) this.set({ [key]: value } as Partial<GatherViewerState>);
    this.syncSession();
  }

  private async setSetting<K extends keyof ViewerSettings>(key: K, value: unknown): Promise<void> {
    const checked = checkSetting(key, value);
    if (sameValue(this.committed[key], checked)) return;
    return this.history.execute(new SetSettingCommand(this.settingTarget, key, checked));
  }

  private extent(): Viewport {
    const g = this.shown.nav.current();
    const axis = timeAxis(this.shown.data);
    return fullExtent(g?.traceIndices.length ?? 1, this.shown.data.samplesPerTrace, axis.t0Ms, axis.dtMs);
  }

  private async step(delta: number): Promise<void> {
    await this.history.idle(); // a navigation still running decides where "next" is
    const keys = this.shown.nav.gatherKeys();
    const i = this.committed.gather_key === null ? -1 : keys.indexOf(this.committed.gather_key);
    const j = Math.min(keys.length - 1, Math.max(0, i + delta));
    if (j >= 0 && j !== i) await this.goTo(keys[j]);
  }

  // ---- the front end ----

  /** A setting changed in the browser: record it (the state has it already), or refuse it and put back ours. */
  private fromFrontEnd(key: (typeof SETTING_KEYS)[number], value: unknown): void {
    let command: Command;
    try {
      const checked = checkSetting(key, value);
      if (sameValue(this.committed[key], checked)) return;
      if (key === "gain") command = new ChangeGainCommand(this.gainTarget, checked as number);
      else if (key === "viewport") command = new ChangeViewportCommand(this.viewportTarget, toLimits((checked as Viewport | null) ?? this.extent()), { label: checked === null ? "Show all" : "Zoom" });
      else command = new SetSettingCommand<ViewerSettings, typeof key>(this.settingTarget, key, checked as ViewerSettings[typeof key]);
    } catch (error) {
      this.refuse(key, error);
      return;
    }
    this.history.execute(command).catch((error: unknown) => this.refuse(key, error));
  }

  private keyFromFrontEnd(value: unknown): void {
    if (typeof value !== "number" || !Number.isFinite(value) || this.shown.data.gatherPosition(value) === undefined) {
      this.refuse("gather_key", new ViewerSettingError("gather_key", `the dataset has no gather ${JSON.stringify(value)}`));
      return;
    }
    if (value === this.committed.gather_key) return;
    this.navigate(value).catch(() => undefined); // start reading at once; the command joins the same read
    this.history.execute(new NavigateGatherCommand(this.navTarget, value)).catch((error: unknown) => this.refuse("gather_key", error));
  }

  private refuse(key: string, error: unknown): void {
    this.lastError = message(error);
    const back = key === "gather_key" ? this.committed.gather_key : this.committed[key as keyof ViewerSettings];
    this.set({ [key]: back } as Partial<GatherViewerState>);
    this.scheduleStatus(0);
  }

  private onMessage(content: unknown): void {
    const msg = content as { type?: string; request_id?: number };
    if (msg === null || typeof msg !== "object") return;
    switch (msg.type) {
      case "gather-request":
        void this.serve(content as GatherRequest);
        break;
      case "gather-cancel":
        if (typeof msg.request_id === "number") this.requests.get(msg.request_id)?.abort();
        break;
      case "undo":
        this.history.undo().catch((error: unknown) => this.report(error));
        break;
      case "redo":
        this.history.redo().catch((error: unknown) => this.report(error));
        break;
      default:
        break;
    }
  }

  private report(error: unknown): void {
    this.lastError = message(error);
    this.scheduleStatus(0);
  }

  /** Answers one gather request (or drops it when it was cancelled meanwhile). */
  private async serve(req: GatherRequest): Promise<void> {
    const id = req.request_id;
    if (typeof id !== "number" || typeof req.key !== "number") return;
    const controller = new AbortController();
    this.requests.set(id, controller);
    const started = performance.now();
    try {
      const { gather: pending, source } = this.gatherFor(req.key, controller.signal);
      const gather = await pending;
      if (controller.signal.aborted || this.closed) return;
      const cut = {
        maxTraces: Number.isFinite(req.max_traces) && req.max_traces > 0 ? req.max_traces : 4096,
        maxSamples: Number.isFinite(req.max_samples) && req.max_samples > 0 ? req.max_samples : 4096,
        window: req.window === undefined ? undefined : { traceStart: req.window.trace_start, traceEnd: req.window.trace_end, sampleStart: req.window.sample_start, sampleEnd: req.window.sample_end },
        requestId: id,
      };
      // a whole gather may have been cut ahead, from what prefetch read, while the kernel was idle
      if (cut.window === undefined) this.ahead.wanted(cut);
      const early = cut.window === undefined && this.compareShown === undefined ? this.ahead.take(gather, cut) : undefined;
      const main = early ?? gatherBlock(gather, this.shown.data.samplesPerTrace, timeAxis(this.shown.data), cut);
      main.meta.request_id = id;
      main.meta.cut_ahead = early !== undefined;
      main.meta.source = source ?? this.lastSource.get(req.key) ?? "cache";
      let compare: SampleBlock | null = null;
      if (this.compareShown !== undefined) compare = await this.compareBlock(req.key, cut, controller.signal);
      if (controller.signal.aborted || this.closed) return;
      main.meta.kernel_ms = performance.now() - started;
      this.send({ type: "gather", meta: main.meta, compare: compare?.meta ?? null }, compare === null ? [main.samples] : [main.samples, compare.samples]);
    } catch (error) {
      if (controller.signal.aborted || error instanceof NavigationCancelledError || this.closed) return;
      this.lastError = message(error);
      this.send({ type: "gather-error", request_id: id, key: req.key, message: this.lastError });
      this.scheduleStatus(0);
    } finally {
      this.requests.delete(id);
    }
  }

  /**
   * The gather `key` and where it came from: the one on screen; the one navigation is loading; one the navigator
   * has cached or is reading (prefetch) — taken as it is, without navigating, so that a request for the next
   * gather, which reaches the kernel just before the front end's new `gather_key`, is answered from the prefetch
   * cache before that navigation starts the next prefetch reads; the gather navigated to (moving the navigator);
   * else a read of its own. `source` is left out when navigation tells it (`gather-changed`).
   */
  private gatherFor(key: number, signal: AbortSignal): { gather: Promise<Gather>; source?: "cache" | "prefetch" | "store" } {
    const nav = this.shown.nav;
    const current = nav.current();
    if (current !== undefined && current.key === key) return { gather: Promise.resolve(current) };
    if (this.loading?.key === key) return { gather: this.loading.promise };
    const ahead = nav.peek(key);
    if (ahead !== undefined) {
      // a prefetch read that later navigation cancels: read it here instead (the request still wants it)
      const gather = ahead.gather.catch((error: unknown) => {
        if (signal.aborted || !(error instanceof NavigationCancelledError)) throw error;
        return this.shown.data.getGather(key, { signal });
      });
      return { gather, source: ahead.source };
    }
    if (key === this.get("gather_key")) return { gather: this.navigate(key) };
    return { gather: this.shown.data.getGather(key, { signal }), source: "store" };
  }

  private async compareBlock(key: number, cut: Parameters<typeof gatherBlock>[3], signal: AbortSignal): Promise<SampleBlock | null> {
    const other = this.compareShown;
    if (other === undefined || other.data.gatherPosition(key) === undefined) return null;
    const gather = other.nav.current()?.key === key ? (other.nav.current() as Gather) : await other.nav.goTo(key);
    if (signal.aborted) return null;
    return gatherBlock(gather, other.data.samplesPerTrace, timeAxis(other.data), cut);
  }

  // ---- navigation, snapshot, status ----

  /** Moves the navigator to `key` (one read per key, however many ask for it). */
  private navigate(key: number): Promise<Gather> {
    if (this.loading?.key === key) return this.loading.promise;
    const promise = this.shown.nav.goTo(key);
    const entry = { key, promise };
    this.loading = entry;
    promise.then(
      () => this.scheduleSnapshot(SNAPSHOT_SETTLE_MS),
      () => undefined,
    );
    void promise
      .catch(() => undefined)
      .finally(() => {
        if (this.loading === entry) this.loading = undefined;
      });
    if (this.compareShown !== undefined && this.compareShown.data.gatherPosition(key) !== undefined) this.compareShown.nav.goTo(key).catch(() => undefined);
    return promise;
  }

  private scheduleSnapshot(delayMs = 150): void {
    if (this.snapshotLimits === false || this.closed) return;
    if (this.snapshotTimer !== undefined) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = undefined;
      void this.updateSnapshot();
    }, delayMs);
  }

  private async updateSnapshot(): Promise<void> {
    const limits = this.snapshotLimits;
    const key = this.committed.gather_key;
    if (limits === false || key === null || this.closed) return this.releaseSnapshotWaiters();
    try {
      const gather = await this.gatherFor(key, new AbortController().signal).gather;
      if (this.committed.gather_key !== key || this.closed) return; // navigation moved on; its own snapshot follows
      const main = gatherBlock(gather, this.shown.data.samplesPerTrace, timeAxis(this.shown.data), limits);
      const compare = this.compareShown === undefined ? null : await this.compareBlock(key, limits, new AbortController().signal);
      this.set({ snapshot: main.meta, snapshot_samples: main.samples, snapshot_compare: compare?.meta ?? null, snapshot_compare_samples: compare?.samples ?? null });
    } catch (error) {
      if (!(error instanceof NavigationCancelledError)) this.report(error);
    }
    this.releaseSnapshotWaiters();
  }

  private releaseSnapshotWaiters(): void {
    if (this.snapshotTimer !== undefined) return;
    const waiters = this.snapshotWaiters;
    this.snapshotWaiters = [];
    for (const w of waiters) w();
  }

  private scheduleStatus(delayMs = 250): void {
    if (this.statusTimer !== undefined || this.closed) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      if (!this.closed) this.set({ status: statusOf(this.shown.nav.stats(), this.lastError) });
    }, delayMs);
  }

  private historyChanged(): void {
    const label = this.history.undoDescription() ?? "";
    this.set({ can_undo: this.history.canUndo(), can_redo: this.history.canRedo(), undo_label: label });
  }

  private watchNavigator(): void {
    for (const off of this.navUnsubscribe) off();
    const nav = this.shown.nav;
    const onStats = () => {
      this.scheduleStatus();
      this.ahead.schedule(); // prefetch may have brought a neighbour in
    };
    const onChanged = (e: { key: number; source: "cache" | "prefetch" | "store" }) => {
      this.lastSource.set(e.key, e.source);
      if (this.lastSource.size > 64) this.lastSource.delete(this.lastSource.keys().next().value as number);
    };
    this.navUnsubscribe = [nav.on("cache-stats", onStats), nav.on("gather-changed", onChanged)];
  }

  private openCompare(data: LazySeismicData, name?: string): Shown {
    return { data, nav: new GatherNavigator(data, { prefetch: true }), owned: true, name: name ?? data.name };
  }

  private syncSession(): void {
    const s = this.session;
    if (s === undefined) return;
    try {
      s.update({
        currentDatasetId: this.shown.data.id,
        currentGatherKey: this.committed.gather_key,
        gain: this.committed.gain,
        colormap: this.committed.colormap,
        interpolation: interpolationToSession(this.committed.interpolation),
        viewport: toLimits(this.committed.viewport ?? this.extent()),
      });
    } catch (error) {
      this.report(error);
    }
  }

  /** Switches the dataset shown (the SwitchDatasetCommand's target). Returns what was shown before. */
  switchTo(next: Shown, key: number | null, viewport: Viewport | null): Shown {
    const before = this.shown;
    this.requests.forEach((c) => c.abort());
    this.ahead.clear();
    this.shown = next;
    this.watchNavigator();
    const keys = next.nav.gatherKeys();
    const k = key !== null && next.data.gatherPosition(key) !== undefined ? key : (next.nav.position()?.key ?? keys[0] ?? null);
    this.committed.gather_key = k;
    this.committed.viewport = viewport;
    this.set({
      dataset_id: next.data.id,
      dataset_name: next.name,
      key_name: next.data.gatherIndex.key,
      gather_keys: Float64Array.from(keys),
      gather_key: k,
      viewport,
      snapshot: null,
      snapshot_samples: null,
    });
    if (k !== null) this.navigate(k).catch((error: unknown) => this.report(error));
    this.syncSession();
    this.scheduleStatus(0);
    return before;
  }

  /** What the SwitchDatasetCommand needs to go back. */
  currentView(): { shown: Shown; key: number | null; viewport: Viewport | null } {
    return { shown: this.shown, key: this.committed.gather_key, viewport: this.committed.viewport };
  }

  private dispose(): void {
    for (const off of this.unsubscribe) off();
    for (const off of this.navUnsubscribe) off();
    this.requests.forEach((c) => c.abort());
    this.ahead.dispose();
    if (this.snapshotTimer !== undefined) clearTimeout(this.snapshotTimer);
    if (this.statusTimer !== undefined) clearTimeout(this.statusTimer);
    this.snapshotTimer = undefined;
    this.releaseSnapshotWaiters();
    if (this.shown.owned) this.shown.nav.dispose();
    if (this.compareShown?.owned) this.compareShown.nav.dispose();
  }

}

/** Shows another dataset; undo shows the previous one again, at its gather and zoom. */
class SwitchDatasetCommand implements Command {
  private before: ReturnType<GatherViewer["currentView"]> | undefined;

  constructor(
    private readonly viewer: GatherViewer,
    private readonly next: Parameters<GatherViewer["switchTo"]>[0],
  ) {}

  get description(): string {
    return this.before === undefined ? `Show dataset ${this.next.name}` : `Show dataset ${this.next.name} (from ${this.before.shown.name})`;
  }

  execute(): void {
    this.before = this.viewer.currentView();
    this.viewer.switchTo(this.next, null, null);
  }

  undo(): void {
    if (this.before !== undefined) this.viewer.switchTo(this.before.shown, this.before.key, this.before.viewport);
  }

  redo(): void {
    this.viewer.switchTo(this.next, null, null);
  }
}
