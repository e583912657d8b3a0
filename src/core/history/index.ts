/**
 * Undo and redo: {@link Command}s (process a gather, change the gain or the viewport, go to another gather) that
 * act on small target interfaces, and a bounded {@link CommandHistory} with typed events.
 *
 * @module
 * @example
 * ```ts
 * import { CommandHistory, ChangeGainCommand, NavigateGatherCommand } from "seisproc";
 * const history = new CommandHistory();
 * await history.execute(new ChangeGainCommand(view, 2));
 * await history.execute(new NavigateGatherCommand(navigator, 1042));
 * await history.undo(); // back to the previous gather
 * history.getHistory(); // [{ description: "Change gain 1 → 2", done: true }, { description: "Go to gather 1042 (from 1041)", done: false }]
 * ```
 */
export * from "./change-gain-command";
export * from "./change-viewport-command";
export * from "./command";
export * from "./command-history";
export * from "./errors";
export * from "./navigate-gather-command";
export * from "./process-gather-command";
export * from "./session-view-state";
export * from "./view-targets";
