/**
 * Errors of the undo/redo history.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/** What a history was doing when a command failed. */
export type CommandPhase = "execute" | "undo" | "redo";

/**
 * A command that threw while being executed, undone or redone. The history is left as it was before the call
 * (a failed execute is not recorded; a failed undo or redo stays where it was), and `cause` holds the command's
 * own error.
 *
 * @example
 * ```ts
 * let failed: { phase: string; command: string; cause: unknown } | undefined;
 * try { await history.undo(); }
 * catch (e) { if (e instanceof CommandFailedError) failed = { phase: e.phase, command: e.description, cause: e.cause }; else throw e; }
 * ```
 */
export class CommandFailedError extends SeisprocError {
  readonly tag = "CommandFailedError";
  /** What the history was doing. */
  readonly phase: CommandPhase;
  /** The command's description. */
  readonly description: string;

  constructor(phase: CommandPhase, description: string, options: SeisprocErrorOptions = {}) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${phase} "${description}" failed: ${why}; the history is unchanged`, options);
    this.phase = phase;
    this.description = description;
  }
}
