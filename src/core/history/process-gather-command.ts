/**
 * `ProcessGatherCommand`: applies a processor to the gather on display and displays the result; undo displays
 * the gather from before, redo the processed one again (kept, not recomputed, so both are exactly as they were).
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { Gather } from "../store/lazy-seismic-data";
import type { Command } from "./command";
import type { GatherDisplayTarget, GatherProcessor } from "./view-targets";

/** Bytes of a gather's samples when it has a typed-array `samples`, else 0. */
function samplesBytes(gather: unknown): number {
  const samples = (gather as { samples?: unknown } | null | undefined)?.samples;
  return ArrayBuffer.isView(samples) ? samples.byteLength : 0;
}

/**
 * Processes the displayed gather.
 *
 * @example
 * ```ts
 * const agc: GatherProcessor<Gather> = { name: "AGC 500 ms", apply: (g) => runAgc(g, 500) };
 * await history.execute(new ProcessGatherCommand(viewer, agc)); // viewer shows the AGC'd gather
 * await history.undo(); // viewer shows the raw gather again
 * ```
 */
export class ProcessGatherCommand<G = Gather> implements Command {
  private before: G | undefined;
  private after: G | undefined;

  constructor(
    private readonly target: GatherDisplayTarget<G>,
    private readonly processor: GatherProcessor<G>,
  ) {}

  /** `"Apply AGC 500 ms to gather 1042"`. */
  get description(): string {
    const key = (this.before as { key?: unknown } | undefined)?.key;
    return `Apply ${this.processor.name}${typeof key === "number" ? ` to gather ${key}` : ""}`;
  }

  /** Bytes of the samples of the gathers kept (before and after). */
  get byteSize(): number {
    return samplesBytes(this.before) + samplesBytes(this.after);
  }

  /** The processed gather, once executed. */
  get result(): G | undefined {
    return this.after;
  }

  /** Processes the displayed gather and displays the result. */
  async execute(): Promise<void> {
    const before = this.target.displayedGather;
    if (before === undefined) throw new ValidationError("gather", `no gather is displayed, so "${this.processor.name}" has nothing to process; show a gather first`);
    const after = await this.processor.apply(before);
    const inPlace = (after as unknown) === (before as unknown) || (samplesBytes(before) > 0 && (after as { samples?: unknown }).samples === (before as { samples?: unknown }).samples);
    if (inPlace) throw new ValidationError("processor", `"${this.processor.name}" returned its input (or its input's samples); a processor must return a new gather so that undo can restore the old one`);
    await this.target.showGather(after);
    this.before = before;
    this.after = after;
  }

  /** Displays the gather from before. */
  async undo(): Promise<void> {
    if (this.before === undefined) throw new ValidationError("command", `"${this.description}" was never executed, so there is nothing to undo`);
    await this.target.showGather(this.before);
  }

  /** Displays the processed gather again. */
  async redo(): Promise<void> {
    if (this.after === undefined) throw new ValidationError("command", `"${this.description}" was never executed, so there is nothing to redo`);
    await this.target.showGather(this.after);
  }
}
