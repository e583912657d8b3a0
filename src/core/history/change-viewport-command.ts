/**
 * `ChangeViewportCommand`: sets a view's visible window (zoom, pan); undo restores the window it had.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { ViewportLimits } from "../session/session-state";
import type { Command } from "./command";
import { formatForDisplay } from "./display-format";
import type { ViewportTarget } from "./view-targets";

/** Options of a {@link ChangeViewportCommand}. */
export interface ChangeViewportOptions {
  /** Viewport changes with the same merge key that follow one another (one drag) become one command. */
  mergeKey?: string;
  /** A name for the description, e.g. `"Zoom"`, `"Pan"` (default `"Change viewport"`). */
  label?: string;
}

function checked(viewport: ViewportLimits): ViewportLimits {
  const v = { timeMin: viewport.timeMin, timeMax: viewport.timeMax, traceMin: viewport.traceMin, traceMax: viewport.traceMax };
  for (const [k, n] of Object.entries(v)) if (typeof n !== "number" || !Number.isFinite(n)) throw new ValidationError(`viewport.${k}`, `must be a finite number, got ${String(n)}`);
  if (!(v.timeMin < v.timeMax)) throw new ValidationError("viewport.timeMax", `must be greater than timeMin (${v.timeMin}), got ${v.timeMax}`);
  if (!(v.traceMin < v.traceMax)) throw new ValidationError("viewport.traceMax", `must be greater than traceMin (${v.traceMin}), got ${v.traceMax}`);
  return v;
}

function sameViewport(a: ViewportLimits | undefined, b: ViewportLimits): boolean {
  return a !== undefined && a.timeMin === b.timeMin && a.timeMax === b.timeMax && a.traceMin === b.traceMin && a.traceMax === b.traceMax;
}

/**
 * Changes the visible window of a view; the target receives a fresh copy each time.
 *
 * @example
 * ```ts
 * await history.execute(new ChangeViewportCommand(view, { timeMin: 200, timeMax: 600, traceMin: 0, traceMax: 48 }, { label: "Zoom" }));
 * await history.undo(); // view.viewport is the window from before
 * ```
 */
export class ChangeViewportCommand implements Command {
  private before: ViewportLimits | undefined;
  private after: ViewportLimits;

  constructor(
    private readonly target: ViewportTarget,
    viewport: ViewportLimits,
    private readonly options: ChangeViewportOptions = {},
  ) {
    this.after = checked(viewport);
  }

  /** `"Zoom to 200–600 ms, traces 0–48"`. */
  get description(): string {
    const v = this.after;
    return `${this.options.label ?? "Change viewport"} to ${formatForDisplay(v.timeMin)}–${formatForDisplay(v.timeMax)} ms, traces ${formatForDisplay(v.traceMin)}–${formatForDisplay(v.traceMax)}`;
  }

  /** The window the command sets (a copy). */
  get viewport(): ViewportLimits {
    return { ...this.after };
  }

  /** Remembers the current window and sets the new one. */
  execute(): void {
    this.before = { ...this.target.viewport };
    this.target.viewport = { ...this.after };
  }

  /** Restores the window from before. */
  undo(): void {
    if (this.before === undefined) throw new ValidationError("command", `"${this.description}" was never executed, so there is nothing to undo`);
    this.target.viewport = { ...this.before };
  }

  /** Sets the new window again. */
  redo(): void {
    this.target.viewport = { ...this.after };
  }

  /** Absorbs a following viewport change of the same target with the same merge key. */
  mergeWith(next: Command): boolean {
    if (!(next instanceof ChangeViewportCommand) || next.target !== this.target) return false;
    if (this.options.mergeKey === undefined || next.options.mergeKey !== this.options.mergeKey || !sameViewport(next.before, this.after)) return false;
    this.after = { ...next.after };
    return true;
  }
}
