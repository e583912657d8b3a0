/**
 * The command pattern behind undo and redo (the seed's `Command`): something that can be done, undone and redone,
 * with a description for people. Commands may be asynchronous (navigation is).
 *
 * @module
 */

/** A reversible action. */
export interface Command {
  /** For display in menus and history lists, e.g. `"Change gain 1 → 2"`; may become more precise once executed. */
  readonly description: string;
  /** Does the action the first time; remembers what is needed to undo it. */
  execute(): void | Promise<void>;
  /** Restores exactly the state before {@link execute} (or {@link redo}). */
  undo(): void | Promise<void>;
  /** Restores exactly the state after {@link execute}; when absent, the history calls `execute` again. */
  redo?(): void | Promise<void>;
  /** Approximate bytes the command keeps alive (gathers before and after), for a history bounded by size. */
  readonly byteSize?: number;
  /**
   * Offered the command executed right after this one; returns true when it absorbed it (for example successive
   * gain changes of one slider drag), so that one undo undoes both.
   */
  mergeWith?(next: Command): boolean;
}
