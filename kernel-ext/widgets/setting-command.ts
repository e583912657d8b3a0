/**
 * `SetSettingCommand`: an undoable change of one display setting of a viewer (colormap, clip, interpolation,
 * display mode): the history module's commands cover gain, viewport and navigation; this covers the rest the same
 * way, on a small target (get / set by name), so that Ctrl+Z undoes a colormap change as it undoes a zoom.
 *
 * @module
 */
import type { Command } from "../../src/core/history/command";

/**
 * Something with named settings.
 *
 * @example
 * ```ts
 * const target: SettingTarget<{ colormap: string }> = { getSetting: (k) => state[k], setSetting: (k, v) => (state[k] = v) };
 * ```
 */
export interface SettingTarget<S> {
  getSetting<K extends keyof S>(key: K): S[K];
  setSetting<K extends keyof S>(key: K, value: S[K]): void;
}

function show(value: unknown): string {
  return typeof value === "number" ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * Sets one setting; undo restores the value it had.
 *
 * @example
 * ```ts
 * await history.execute(new SetSettingCommand(viewerTarget, "colormap", "gray"));
 * await history.undo(); // back to the colormap before
 * ```
 */
export class SetSettingCommand<S, K extends keyof S> implements Command {
  private before: S[K] | undefined;
  private executed = false;

  constructor(
    private readonly target: SettingTarget<S>,
    /** The setting changed. */
    readonly key: K,
    /** Its new value. */
    readonly value: S[K],
  ) {}

  /** `"Set colormap seismic → gray"`. */
  get description(): string {
    return this.executed ? `Set ${String(this.key)} ${show(this.before)} → ${show(this.value)}` : `Set ${String(this.key)} to ${show(this.value)}`;
  }

  execute(): void {
    this.before = this.target.getSetting(this.key);
    this.executed = true;
    this.target.setSetting(this.key, this.value);
  }

  undo(): void {
    if (this.executed) this.target.setSetting(this.key, this.before as S[K]);
  }

  redo(): void {
    this.target.setSetting(this.key, this.value);
  }
}
