/**
 * `NavigateGatherCommand`: goes to another gather through a navigator; undo goes back to the gather shown before.
 * When the navigator also displays gathers ({@link GatherDisplayTarget}), undo also puts back the very gather that
 * was displayed (which may have been processed since it was read), so that the view is exactly as before.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { Command } from "./command";
import type { GatherDisplayTarget, GatherNavigationTarget } from "./view-targets";

/** A navigator that may also display gathers. */
export type NavigateGatherTarget = GatherNavigationTarget & Partial<GatherDisplayTarget<unknown>>;

/** Bytes of a gather's samples when it has a typed-array `samples`, else 0. */
function samplesBytes(gather: unknown): number {
  const samples = (gather as { samples?: unknown } | null | undefined)?.samples;
  return ArrayBuffer.isView(samples) ? samples.byteLength : 0;
}

/**
 * Goes to the gather with a given key. When no gather was shown before, undo has nowhere to go back to and
 * leaves the navigator where it is.
 *
 * @example
 * ```ts
 * await history.execute(new NavigateGatherCommand(navigator, 1042)); // navigator.goTo(1042)
 * await history.undo(); // back to the gather shown before
 * ```
 */
export class NavigateGatherCommand implements Command {
  private before: number | null | undefined;
  private displayedBefore: unknown;

  constructor(
    private readonly target: NavigateGatherTarget,
    /** The key of the gather to go to. */
    readonly key: number,
  ) {
    if (typeof key !== "number" || !Number.isFinite(key)) throw new ValidationError("key", `must be a gather key (a finite number), got ${String(key)}`);
  }

  /** `"Go to gather 1042 (from 1041)"`. */
  get description(): string {
    return this.before === undefined || this.before === null ? `Go to gather ${this.key}` : `Go to gather ${this.key} (from ${this.before})`;
  }

  /** Bytes of the samples of the displayed gather kept for undo. */
  get byteSize(): number {
    return samplesBytes(this.displayedBefore);
  }

  /** Remembers the gather shown (and displayed) and goes to the new one. */
  async execute(): Promise<void> {
    const before = this.target.currentGatherKey;
    const displayed = typeof this.target.showGather === "function" ? this.target.displayedGather : undefined;
    await this.target.goTo(this.key);
    this.before = before;
    this.displayedBefore = displayed;
  }

  /** Goes back to the gather shown before, and displays the gather displayed before. */
  async undo(): Promise<void> {
    if (this.before === undefined) throw new ValidationError("command", `"${this.description}" was never executed, so there is nothing to undo`);
    if (this.before === null) return;
    await this.target.goTo(this.before);
    if (this.displayedBefore !== undefined) await this.target.showGather?.(this.displayedBefore);
  }

  /** Goes to the new gather again. */
  async redo(): Promise<void> {
    await this.target.goTo(this.key);
  }
}
