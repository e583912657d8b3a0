/**
 * `CommandHistory` (the seed's undo/redo manager): executes commands and keeps them for undo and redo, bounded
 * by a number of commands and optionally by bytes (the oldest are forgotten first). Calls run one at a time, in
 * the order they were made, even when commands are asynchronous. Typed events report every change and, apart,
 * each change of `canUndo` and `canRedo` (to enable menu items and buttons).
 *
 * @module
 */
import { ValidationError } from "../errors";
import { TypedEmitter } from "../navigation/typed-emitter";
import type { Command } from "./command";
import { CommandFailedError, type CommandPhase } from "./errors";

/** What changed the history. */
export type HistoryAction = "execute" | "merge" | "undo" | "redo" | "clear";

/** The state of a history, as carried by its events. */
export interface HistorySnapshot {
  /** True when there is a command to undo. */
  canUndo: boolean;
  /** True when there is a command to redo. */
  canRedo: boolean;
  /** The description of the command {@link CommandHistory.undo} would undo. */
  undoDescription: string | undefined;
  /** The description of the command {@link CommandHistory.redo} would redo. */
  redoDescription: string | undefined;
}

/** Events of a {@link CommandHistory}. */
export interface CommandHistoryEvents {
  /** The history changed. */
  "history-changed": HistorySnapshot & { action: HistoryAction; command?: Command };
  /** `canUndo` changed. */
  "can-undo-changed": { canUndo: boolean };
  /** `canRedo` changed. */
  "can-redo-changed": { canRedo: boolean };
  /** The oldest commands were forgotten to keep the history within its bounds. */
  "commands-evicted": { descriptions: string[] };
}

/** One command of {@link CommandHistory.getHistory}. */
export interface HistoryEntry {
  /** Its description. */
  description: string;
  /** True when it is done (can be undone), false when undone (can be redone). */
  done: boolean;
}

/** Options of a {@link CommandHistory}. */
export interface CommandHistoryOptions {
  /** Most commands kept for undo (default 100). */
  limit?: number;
  /** Most bytes (sum of commands' `byteSize`) kept; the newest command is always kept (default: no limit). */
  maxBytes?: number;
}

/**
 * Undo and redo.
 *
 * @example
 * ```ts
 * const view = { gain: 1, viewport: { timeMin: 0, timeMax: 1000, traceMin: 0, traceMax: 100 } };
 * const history = new CommandHistory({ limit: 50 });
 * history.on("can-undo-changed", ({ canUndo }) => (undoButton.disabled = !canUndo));
 * await history.execute(new ChangeGainCommand(view, 2));
 * history.undoDescription(); // "Change gain 1 → 2"
 * await history.undo(); // view.gain === 1
 * await history.redo(); // view.gain === 2
 * ```
 */
export class CommandHistory extends TypedEmitter<CommandHistoryEvents> {
  private readonly done: Command[] = [];
  private readonly undone: Command[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** Most commands kept for undo. */
  readonly limit: number;
  /** Most bytes kept. */
  readonly maxBytes: number;

  constructor(options: CommandHistoryOptions = {}) {
    super();
    this.limit = options.limit ?? 100;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (!Number.isSafeInteger(this.limit) || this.limit < 1) throw new ValidationError("limit", `must be a whole number >= 1, got ${this.limit}`);
    if (!(this.maxBytes > 0)) throw new ValidationError("maxBytes", `must be a number > 0, got ${this.maxBytes}`);
  }

  /** True when there is a command to undo. */
  canUndo(): boolean {
    return this.done.length > 0;
  }

  /** True when there is a command to redo. */
  canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** The description of the command {@link undo} would undo, or `undefined`. */
  undoDescription(): string | undefined {
    return this.done.at(-1)?.description;
  }

  /** The description of the command {@link redo} would redo, or `undefined`. */
  redoDescription(): string | undefined {
    return this.undone.at(-1)?.description;
  }

  /** Every command kept, oldest first: the done ones, then the undone ones (next to redo first). */
  getHistory(): HistoryEntry[] {
    return [...this.done.map((c) => ({ description: c.description, done: true })), ...[...this.undone].reverse().map((c) => ({ description: c.description, done: false }))];
  }

  /** Sum of the `byteSize` of the commands kept. */
  get byteSize(): number {
    return [...this.done, ...this.undone].reduce((sum, c) => sum + (c.byteSize ?? 0), 0);
  }

  /** Runs `task` after every earlier call has finished. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async attempt(phase: CommandPhase, command: Command, action: () => void | Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      throw new CommandFailedError(phase, command.description, { cause: error });
    }
  }

  /**
   * Executes `command` and records it for undo; the redo list is cleared. The oldest commands are forgotten
   * beyond the bounds. A command that throws is not recorded (a CommandFailedError).
   */
  execute(command: Command): Promise<void> {
    return this.serial(async () => {
      const before = this.snapshot();
      await this.attempt("execute", command, () => command.execute());
      this.undone.length = 0;
      const merged = this.done.at(-1)?.mergeWith?.(command) === true;
      if (!merged) this.done.push(command);
      this.evict();
      this.changed(before, merged ? "merge" : "execute", command);
    });
  }

  /** Undoes the last done command and returns it, or returns `undefined` when there is none. */
  undo(): Promise<Command | undefined> {
    return this.serial(async () => {
      const command = this.done.at(-1);
      if (command === undefined) return undefined;
      const before = this.snapshot();
      await this.attempt("undo", command, () => command.undo());
      this.done.pop();
      this.undone.push(command);
      this.changed(before, "undo", command);
      return command;
    });
  }

  /** Redoes the last undone command and returns it, or returns `undefined` when there is none. */
  redo(): Promise<Command | undefined> {
    return this.serial(async () => {
      const command = this.undone.at(-1);
      if (command === undefined) return undefined;
      const before = this.snapshot();
      await this.attempt("redo", command, () => (command.redo !== undefined ? command.redo() : command.execute()));
      this.undone.pop();
      this.done.push(command);
      this.changed(before, "redo", command);
      return command;
    });
  }

  /** Forgets every command (the state they made stays as it is). */
  clear(): Promise<void> {
    return this.serial(async () => {
      const before = this.snapshot();
      this.done.length = 0;
      this.undone.length = 0;
      this.changed(before, "clear");
    });
  }

  /** Resolves when every call made so far has finished. */
  async idle(): Promise<void> {
    await this.queue;
  }

  private evict(): void {
    const evicted: Command[] = [];
    let bytes = this.done.reduce((sum, c) => sum + (c.byteSize ?? 0), 0);
    while (this.done.length > 1 && (this.done.length > this.limit || bytes > this.maxBytes)) {
      const oldest = this.done.shift() as Command;
      bytes -= oldest.byteSize ?? 0;
      evicted.push(oldest);
    }
    if (evicted.length > 0) this.emit("commands-evicted", { descriptions: evicted.map((c) => c.description) });
  }

  private snapshot(): HistorySnapshot {
    return { canUndo: this.canUndo(), canRedo: this.canRedo(), undoDescription: this.undoDescription(), redoDescription: this.redoDescription() };
  }

  private changed(before: HistorySnapshot, action: HistoryAction, command?: Command): void {
    const after = this.snapshot();
    this.emit("history-changed", { ...after, action, command });
    if (after.canUndo !== before.canUndo) this.emit("can-undo-changed", { canUndo: after.canUndo });
    if (after.canRedo !== before.canRedo) this.emit("can-redo-changed", { canRedo: after.canRedo });
  }
}
