/**
 * `SessionManager`: keeps the current {@link SessionState}, restores it from a session file (falling back to the
 * defaults, with a warning, when the file is missing or broken, and keeping a broken file aside), saves it
 * atomically, and auto-saves it after changes (debounced: one write after a burst of changes, and at least one
 * per `autoSaveMaxDelayMs` while changes keep coming). Call {@link SessionManager.dispose} at the end to write
 * what is pending and stop the timer.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileAccessError, ValidationError } from "../errors";
import { TypedEmitter } from "../navigation/typed-emitter";
import { frozenCopy } from "../project/json-value";
import { AtomicFile } from "../util/atomic-file";
import { defaultLogger, type Logger } from "../util/logger";
import { sessionFromJson, sessionToJson, validateSessionState } from "./session-json";
import { defaultSessionState, type SessionState, type ViewportLimits } from "./session-state";

/** A change to a session: any fields, and any part of the viewport. */
export type SessionStatePatch = Partial<Omit<SessionState, "viewport">> & { viewport?: Partial<ViewportLimits> };

/** What {@link SessionManager.restore} found. */
export interface SessionRestoreReport {
  /** The session now current. */
  state: SessionState;
  /** `"file"` when restored from the session file, `"defaults"` when it was missing or broken. */
  source: "file" | "defaults";
  /** Why the file could not be used, when it could not. */
  problem?: string;
  /** Where a broken file was moved, when it was broken. */
  brokenFileKeptAt?: string;
}

/** Events of a {@link SessionManager}. */
export interface SessionManagerEvents {
  /** The session changed (by an update, a reset or a restore). */
  "session-changed": { state: SessionState; previous: SessionState };
  /** The session was written to its file. */
  "session-saved": { state: SessionState; path: string };
  /** An automatic save failed (the error is also logged); the next change tries again. */
  "session-save-failed": { error: unknown };
}

/** Options of a {@link SessionManager}. */
export interface SessionManagerOptions {
  /** Where warnings go (default {@link defaultLogger}). */
  logger?: Logger;
  /** Quiet time after the last change before an automatic save, ms (default 500). */
  autoSaveDelayMs?: number;
  /** Longest time a change waits for its automatic save while changes keep coming, ms (default 5000). */
  autoSaveMaxDelayMs?: number;
  /** False to save only on {@link SessionManager.save} and {@link SessionManager.dispose} (default true). */
  autoSave?: boolean;
  /** The defaults for {@link SessionManager.reset} and for missing or broken files (default {@link defaultSessionState}). */
  defaults?: () => SessionState;
}

/** A name beside `file` for keeping a broken copy: `session.json.broken-20240501T120000123Z`. */
function brokenPath(file: string): string {
  return `${file}.broken-${new Date().toISOString().replace(/[-:.]/g, "")}`;
}

/**
 * The session of a viewer, kept in a session file.
 *
 * @example
 * ```ts
 * const session = new SessionManager("project/.seisproc/session.json");
 * const { state, source } = await session.restore(); // defaults (with a warning) if missing or broken
 * session.update({ gain: 2, viewport: { timeMin: 200, timeMax: 800 } }); // auto-saved shortly after
 * session.reset();
 * await session.dispose(); // writes what is pending
 * ```
 */
export class SessionManager extends TypedEmitter<SessionManagerEvents> {
  /** The session file, made absolute. */
  readonly path: string;
  private current: SessionState;
  private readonly logger: Logger;
  private readonly delayMs: number;
  private readonly maxDelayMs: number;
  private readonly autoSave: boolean;
  private readonly defaults: () => SessionState;
  private timer: NodeJS.Timeout | undefined;
  private pendingSince: number | undefined;
  private writing: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(file: string, options: SessionManagerOptions = {}) {
    super();
    this.path = path.resolve(file);
    this.logger = options.logger ?? defaultLogger();
    this.delayMs = checkDelay("autoSaveDelayMs", options.autoSaveDelayMs ?? 500);
    this.maxDelayMs = checkDelay("autoSaveMaxDelayMs", options.autoSaveMaxDelayMs ?? 5000);
    this.autoSave = options.autoSave ?? true;
    this.defaults = options.defaults ?? defaultSessionState;
    this.current = frozenCopy(this.freshDefaults());
  }

  /** The defaults, checked (a bad `defaults` option is a SessionFormatError naming "defaults"). */
  private freshDefaults(): SessionState {
    return validateSessionState(this.defaults(), "defaults");
  }

  /** The current session (frozen). */
  get state(): SessionState {
    return this.current;
  }

  /** True while a change waits for its automatic save. */
  get savePending(): boolean {
    return this.pendingSince !== undefined;
  }

  private setState(next: SessionState): void {
    const previous = this.current;
    this.current = frozenCopy(next);
    this.emit("session-changed", { state: this.current, previous });
  }

  /**
   * Reads the session file and makes it current. A missing file, or one that is not a valid session (not JSON,
   * bad fields, a newer format), gives the defaults and a warning; a broken file is first moved aside (its new
   * path is in the report) so that nothing is lost and the next save does not overwrite it.
   */
  async restore(): Promise<SessionRestoreReport> {
    let text: string;
    try {
      text = await fs.readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw fileAccessError(this.path, error);
      const problem = "no session file yet";
      this.logger.log("warn", `session: ${problem}; starting with the defaults`, { path: this.path });
      this.setState(this.freshDefaults());
      return { state: this.current, source: "defaults", problem };
    }
    try {
      this.setState(sessionFromJson(text, this.path));
      return { state: this.current, source: "file" };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      const kept = brokenPath(this.path);
      try {
        await fs.rename(this.path, kept);
      } catch (renameError) {
        throw fileAccessError(this.path, renameError);
      }
      this.logger.log("warn", `session: the session file cannot be used (${problem}); starting with the defaults, the file was kept as ${kept}`, { path: this.path, keptAt: kept });
      this.setState(this.freshDefaults());
      return { state: this.current, source: "defaults", problem, brokenFileKeptAt: kept };
    }
  }

  /**
   * Changes part of the session and schedules an automatic save. Throws a SessionFormatError (and changes
   * nothing) when the result is not a valid session.
   */
  update(patch: SessionStatePatch): SessionState {
    const next = validateSessionState({ ...this.current, ...patch, viewport: { ...this.current.viewport, ...patch.viewport } }, "update", "state");
    this.setState(next);
    this.scheduleSave();
    return this.current;
  }

  /** Goes back to the defaults and schedules an automatic save. */
  reset(): SessionState {
    this.setState(this.freshDefaults());
    this.scheduleSave();
    return this.current;
  }

  /**
   * Schedules an automatic save (the seed's `auto_save`): after `autoSaveDelayMs` without further calls, or
   * `autoSaveMaxDelayMs` after the first unsaved change, whichever comes first. Does nothing when auto-save is
   * off or the manager is disposed.
   */
  scheduleSave(): void {
    if (!this.autoSave || this.disposed) return;
    const now = Date.now();
    this.pendingSince ??= now;
    const wait = Math.max(0, Math.min(this.delayMs, this.pendingSince + this.maxDelayMs - now));
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch((error: unknown) => {
        this.logger.log("warn", `session: automatic save failed: ${error instanceof Error ? error.message : String(error)}`, { path: this.path });
        this.emit("session-save-failed", { error });
      });
    }, wait);
    this.timer.unref();
  }

  /** Writes the current session now (atomically), cancelling a scheduled save. */
  save(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingSince = undefined;
    const run = this.writing.then(() => this.write());
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const state = this.current;
    try {
      await fs.mkdir(path.dirname(this.path), { recursive: true });
    } catch (error) {
      throw fileAccessError(path.dirname(this.path), error);
    }
    const out = await AtomicFile.create(this.path);
    try {
      await out.write(new TextEncoder().encode(sessionToJson(state)));
      await out.commit();
    } catch (error) {
      await out.abort();
      throw error;
    }
    this.emit("session-saved", { state, path: this.path });
  }

  /** Writes a scheduled save now, if there is one, and waits for writes in progress. */
  async flush(): Promise<void> {
    if (this.pendingSince !== undefined) await this.save();
    else await this.writing;
  }

  /** Writes what is pending and stops automatic saves; later changes stay in memory until {@link save}. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.flush();
  }
}

function checkDelay(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new ValidationError(name, `must be a number of milliseconds >= 0, got ${value}`);
  return value;
}
