/**
 * A one-line progress bar on stderr, drawn only on a terminal, at most 10 times a second, and cleared at the end.
 * When stderr is piped it draws nothing.
 *
 * @module
 */
import type { CommandIo } from "./command";

/**
 * A progress bar for `total` units of work.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar(io, "convert");
 * bar.update(500, 1000);
 * bar.done();
 * ```
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly started = Date.now();

  constructor(
    private readonly io: CommandIo,
    private readonly label: string,
  ) {}

  /** Reports `done` of `total`; redraws if enough time has passed. */
  update(done: number, total: number): void {
    if (!this.io.interactive) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.started) / 1000;
    const eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
    const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
    this.io.err(`\r${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${eta > 1 ? `eta ${eta.toFixed(0)}s ` : ""}`);
    this.drawn = true;
  }

  /** Clears the line. */
  done(): void {
    if (this.drawn) this.io.err("\r\x1b[2K");
    this.drawn = false;
  }
}
