/**
 * `ChangeGainCommand`: sets a view's display gain; undo restores the gain it had.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { Command } from "./command";
import { formatForDisplay } from "./display-format";
import type { GainTarget } from "./view-targets";

/** Options of a {@link ChangeGainCommand}. */
export interface ChangeGainOptions {
  /**
   * Gain changes with the same merge key that follow one another (one slider drag) become one command: one undo
   * goes back to the gain before the drag. Leave out to keep every change apart.
   */
  mergeKey?: string;
}

/**
 * Changes the gain of a view.
 *
 * @example
 * ```ts
 * const view = { gain: 1, viewport };
 * await history.execute(new ChangeGainCommand(view, 4)); // view.gain === 4
 * await history.undo(); // view.gain === 1
 * ```
 */
export class ChangeGainCommand implements Command {
  private before: number | undefined;
  private after: number;

  constructor(
    private readonly target: GainTarget,
    gain: number,
    private readonly options: ChangeGainOptions = {},
  ) {
    if (typeof gain !== "number" || !Number.isFinite(gain) || gain <= 0) throw new ValidationError("gain", `must be a finite number > 0, got ${String(gain)}`);
    this.after = gain;
  }

  /** `"Change gain 1 → 2"` (before execution: `"Change gain to 2"`). */
  get description(): string {
    return this.before === undefined ? `Change gain to ${formatForDisplay(this.after)}` : `Change gain ${formatForDisplay(this.before)} → ${formatForDisplay(this.after)}`;
  }

  /** The gain the command sets. */
  get gain(): number {
    return this.after;
  }

  /** Remembers the current gain and sets the new one. */
  execute(): void {
    this.before = this.target.gain;
    this.target.gain = this.after;
  }

  /** Restores the gain from before. */
  undo(): void {
    if (this.before === undefined) throw new ValidationError("command", `"${this.description}" was never executed, so there is nothing to undo`);
    this.target.gain = this.before;
  }

  /** Sets the new gain again. */
  redo(): void {
    this.target.gain = this.after;
  }

  /** Absorbs a following gain change of the same target with the same merge key. */
  mergeWith(next: Command): boolean {
    if (!(next instanceof ChangeGainCommand) || next.target !== this.target) return false;
    if (this.options.mergeKey === undefined || next.options.mergeKey !== this.options.mergeKey || next.before !== this.after) return false;
    this.after = next.after;
    return true;
  }
}
