/**
 * A one-line progress bar on stderr: drawn only when stderr is a terminal, redrawn at most 10 times a second,
 * fitted to the terminal's width and cleared at the end. When stderr is piped or redirected it writes nothing.
 *
 * @module
 */
import type { CommandIo } from "./command";

/**
 * Options of a {@link ProgressBar}.
 *
 * @example
 * ```ts
 * const options: ProgressOptions = { minIntervalMs: 250, now: () => performance.now() };
 * ```
 */
export interface ProgressOptions {
  /** Least time between redraws (default 100 ms, i.e. at most 10 redraws a second). */
  minIntervalMs?: number;
  /** The clock, in milliseconds (default `Date.now`); tests pass a fake one. */
  now?: () => number;
}

/**
 * A progress bar for `total` units of work (traces).
 *
 * @example
 * ```ts
 * const bar = new ProgressBar(io, "convert");
 * try {
 *   for (...) bar.update(done, total);
 * } finally {
 *   bar.done(); // clears the line
 * }
 * ```
 */
export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly now: () => number;
  private readonly minIntervalMs: number;
  private readonly started: number;

  constructor(
    private readonly io: CommandIo,
    private readonly label: string,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.started = this.now();
  }

  /** Reports `done` of `total`; redraws when stderr is a terminal and the last redraw is old enough. */
  update(done: number, total: number): void {
    if (!this.io.interactive) return;
    const now = this.now();
    if (now - this.lastDraw < this.minIntervalMs) return;
    this.lastDraw = now;
    this.io.err(`\r${this.render(done, total, now)}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the bar's line, if one was drawn; call it when the work ends, well or not. */
  done(): void {
    if (this.drawn) this.io.err("\r\x1b[K");
    this.drawn = false;
  }

  private render(done: number, total: number, now: number): string {
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    const elapsed = (now - this.started) / 1000;
    const eta = fraction > 0 && fraction < 1 && elapsed > 1 ? ` eta ${formatSeconds(elapsed / fraction - elapsed)}` : "";
    const of = total.toLocaleString("en-US");
    const counts = ` ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString("en-US").padStart(of.length)}/${of}${eta}`;
    const room = Math.max(0, this.io.columns - 1 - this.label.length - 3 - counts.length);
    const width = Math.min(30, room);
    if (width < 5) return `${this.label}${counts}`.slice(0, Math.max(0, this.io.columns - 1));
    const filled = Math.round(fraction * width);
    return `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}]${counts}`;
  }
}

/**
 * Seconds as `42s`, `3m07s` or `1h02m`.
 *
 * @example
 * ```ts
 * formatSeconds(187); // "3m07s"
 * ```
 */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * Runs `work` with a progress bar and clears the bar whatever happens.
 *
 * @example
 * ```ts
 * const result = await withProgress(io, "convert", (update) => convertSegy(a, b, { onProgress: update }));
 * ```
 */
export async function withProgress<T>(io: CommandIo, label: string, work: (update: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const bar = new ProgressBar(io, label);
  try {
    return await work((done, total) => bar.update(done, total));
  } finally {
    bar.done();
  }
}
