/**
 * A progress display for long work in a notebook cell (imports, processing): one output that updates in place
 * (`display_data` once, then `update_display_data` with the same transient `display_id`), an HTML progress bar
 * with a plain-text line as fallback. Updates are sent at most every `minIntervalMs` (the last one always).
 *
 * Outside the SeisProc kernel a progress display does nothing, so that the same code runs in scripts.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { currentKernel } from "../kernel-runtime";
import { escapeHtml } from "./html";
import { publishBundle } from "./display";

/**
 * A progress report, as `importSegy` and `processDataset` give them to `onProgress`.
 *
 * @example
 * ```ts
 * const p: ProgressUpdate = { phase: "traces", done: 450, total: 1000 };
 * ```
 */
export interface ProgressUpdate {
  phase?: string;
  done: number;
  total: number;
}

/**
 * Options of {@link progressDisplay}.
 *
 * @example
 * ```ts
 * const options: ProgressOptions = { unit: "traces", minIntervalMs: 250 };
 * ```
 */
export interface ProgressOptions {
  /**
   * What is counted (shown after the numbers), e.g. `"traces"`, or one unit per phase when phases count different
   * things, e.g. `{ traces: "traces", checksum: "bytes" }` for an import.
   */
  unit?: string | Record<string, string>;
  /** Least time between two updates sent, ms (default 200). */
  minIntervalMs?: number;
}

type State = { done: number; total: number; phase?: string; status: "running" | "done" | "failed"; message?: string };

/**
 * One progress output.
 *
 * @example
 * ```ts
 * const progress = progressDisplay("Importing line1.sgy", { unit: { traces: "traces", index: "traces", checksum: "bytes" } });
 * await importSegy(file, store, { onProgress: progress.onProgress });
 * progress.finish("imported");
 * ```
 */
export class ProgressDisplay {
  /** The output's `display_id`. */
  readonly displayId = randomUUID();
  /** False outside the kernel (the display does nothing). */
  readonly active: boolean;
  private state: State = { done: 0, total: 0, status: "running" };
  private shown = false;
  private readonly phases = new Set<string>();
  private lastSent = 0;
  private readonly minIntervalMs: number;

  constructor(
    /** What is in progress. */
    readonly label: string,
    private readonly options: ProgressOptions = {},
  ) {
    this.active = currentKernel() !== undefined;
    this.minIntervalMs = options.minIntervalMs ?? 200;
    this.send(true);
  }

  /**
   * A callback for `onProgress` options: takes `{ phase, done, total }` (imports, processing) or `(done, total)`
   * (copies).
   */
  readonly onProgress = (progress: ProgressUpdate | number, total?: number): void => {
    if (typeof progress === "number") this.update(progress, total);
    else this.update(progress.done, progress.total, progress.phase);
  };

  /** Records progress; the output is refreshed if the last refresh is old enough. */
  update(done: number, total: number = this.state.total, phase: string | undefined = this.state.phase): void {
    if (this.state.status !== "running") return;
    this.state = { ...this.state, done, total, phase };
    if (phase !== undefined) this.phases.add(phase);
    this.send(false);
  }

  /** Marks the work done (a full bar and `message`). */
  finish(message = "done"): void {
    if (this.state.status !== "running") return;
    this.state = { ...this.state, done: Math.max(this.state.done, this.state.total), phase: undefined, status: "done", message };
    this.send(true);
  }

  /** Marks the work failed, with the error's message. */
  fail(error: unknown): void {
    if (this.state.status !== "running") return;
    this.state = { ...this.state, status: "failed", message: error instanceof Error ? error.message : String(error) };
    this.send(true);
  }

  /** The plain-text line now shown. */
  text(): string {
    const { done, total, phase, status, message } = this.state;
    const named = typeof this.options.unit === "string" ? this.options.unit : phase === undefined ? undefined : this.options.unit?.[phase];
    const unit = named === undefined ? "" : ` ${named}`;
    const pct = total > 0 ? `${Math.floor((100 * done) / total)}% ` : "";
    const counts = total > 0 ? `(${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}${unit})` : done > 0 ? `(${done.toLocaleString("en-US")}${unit})` : "";
    const head = `${this.label}${phase === undefined ? "" : ` [${phase}]`}:`;
    if (status === "failed") return `${head} failed: ${message ?? ""}`;
    // after several phases the last one's counts say little: the message sums it up
    if (status === "done") return `${head} ${message ?? "done"} ${this.phases.size > 1 ? "" : counts}`.trimEnd();
    return `${head} ${pct}${counts}`.trimEnd();
  }

  private html(): string {
    const { done, total, status } = this.state;
    const color = status === "failed" ? "#c62828" : status === "done" ? "#2e7d32" : "#1565c0";
    const bar = total > 0 ? `<progress value="${Math.min(done, total)}" max="${total}" style="width:20em;accent-color:${color}"></progress> ` : "";
    return `<div class="seisproc-progress">${bar}<span style="color:${status === "failed" ? color : "inherit"}">${escapeHtml(this.text())}</span></div>`;
  }

  private send(force: boolean): void {
    if (!this.active) return;
    const now = Date.now();
    if (!force && now - this.lastSent < this.minIntervalMs) return;
    this.lastSent = now;
    publishBundle({ data: { "text/plain": this.text(), "text/html": this.html() }, metadata: {} }, this.displayId, this.shown, "progressDisplay");
    this.shown = true;
  }
}

/**
 * Shows a progress display in the current cell (a no-op outside the kernel).
 *
 * @example
 * ```ts
 * const progress = progressDisplay("AGC", { unit: "gathers" });
 * await processDataset(input, output, steps, { onProgress: progress.onProgress });
 * progress.finish();
 * ```
 */
export function progressDisplay(label: string, options: ProgressOptions = {}): ProgressDisplay {
  return new ProgressDisplay(label, options);
}
