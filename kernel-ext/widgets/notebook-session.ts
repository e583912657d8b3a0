/**
 * `NotebookSession`: the viewing session (viewport, gain, colormap, current dataset and gather) of a notebook, kept
 * where the notebook keeps things.
 *
 * - It is a widget model (`NotebookSessionModel`), so the front end saves its state in the notebook's
 *   `metadata.widgets` whenever the notebook is saved (JupyterLab, Notebook 7, nbclient).
 * - {@link NotebookSession.saveToNotebook} writes it under `metadata.seisproc.session` of the .ipynb (atomically,
 *   everything else untouched): the route for notebooks run headless or closed.
 * - {@link NotebookSession.open} restores it: from the kernel's own notebook when the kernel knows its path (the
 *   newer of `metadata.seisproc` and the saved widget state), else from the session file, else the defaults.
 *
 * A {@link GatherViewer} given `session: notebookSession.manager` starts from the session and keeps it current.
 *
 * @module
 */
import * as path from "node:path";
import { SessionManager, type SessionStatePatch } from "../../src/core/session/session-manager";
import { sessionFromDocument, sessionToDocument, type SessionDocument } from "../../src/core/session/session-json";
import type { SessionState } from "../../src/core/session/session-state";
import { NotebookMetadataError } from "../errors";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../module-info";
import { currentNotebookPath, readNotebookMetadata, updateNotebookMetadata } from "../notebook-metadata";
import { widgetState, type Notebook } from "../report/notebook";
import { Widget, type WidgetSpec } from "../widget";
import { WIDGET_CLASSES, type NotebookSessionState, type SessionSource } from "./protocol";

/**
 * Options of {@link NotebookSession.open}.
 *
 * @example
 * ```ts
 * await NotebookSession.open({ file: "survey/.seisproc/session.json" });
 * ```
 */
export interface NotebookSessionOptions {
  /** The notebook file (default: the kernel's own, when it knows it; `null` for none). */
  notebook?: string | null;
  /** A session file to restore from and auto-save to (a project's); without one the session lives in the notebook only. */
  file?: string;
  /** A session manager to use as it is (e.g. a project's), instead of `file`. */
  manager?: SessionManager;
}

const SPEC: WidgetSpec = {
  modelName: WIDGET_CLASSES.notebookSession.model,
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: WIDGET_CLASSES.notebookSession.view,
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

/** A saved session found in a notebook (read and checked), and where in it. */
interface FoundSession {
  state: SessionState;
  savedAt: string;
  source: SessionSource;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Session documents saved in a notebook's metadata: under `metadata.seisproc.session`, and in saved widget state. */
function sessionsIn(metadata: Record<string, unknown>, file: string): FoundSession[] {
  const found: FoundSession[] = [];
  const ours = metadata.seisproc;
  if (isObject(ours) && ours.session !== undefined) {
    try {
      const state = sessionFromDocument(ours.session, `${file} (metadata.seisproc.session)`);
      found.push({ state, savedAt: (ours.session as SessionDocument).savedAt, source: "notebook-metadata" });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new NotebookMetadataError(file, `the session saved in metadata.seisproc.session cannot be used (${why}); fix or remove it, or open the session with { notebook: null }`, { cause: error });
    }
  }
  const models = Object.values(widgetState({ metadata: metadata as Notebook["metadata"] })?.state ?? {});
  for (const model of models) {
    if (!isObject(model) || model.model_name !== WIDGET_CLASSES.notebookSession.model || !isObject(model.state)) continue;
    try {
      const state = sessionFromDocument(model.state.session, file);
      found.push({ state, savedAt: (model.state.session as SessionDocument).savedAt, source: "notebook-widgets" });
    } catch {
      // a widget state saved by another version, or damaged: the other copies still count
    }
  }
  return found;
}

/** The most recently saved of the sessions found, or undefined. */
function newest(found: FoundSession[]): FoundSession | undefined {
  return found.reduce<FoundSession | undefined>((best, f) => (best === undefined || Date.parse(f.savedAt) > Date.parse(best.savedAt) ? f : best), undefined);
}

/**
 * The session of a notebook, as a widget model the notebook saves.
 *
 * @example
 * ```ts
 * const session = await NotebookSession.open(); // restored from this notebook when it was saved before
 * const viewer = new GatherViewer(data, { session: session.manager }); // starts where the session left off
 * await viewer.next();
 * await session.saveToNotebook(); // metadata.seisproc.session of the .ipynb
 * ```
 */
export class NotebookSession extends Widget<NotebookSessionState> {
  private constructor(
    /** The session manager: the state, its changes (`session-changed`) and the session file, if any. */
    readonly manager: SessionManager,
    /** The notebook file, when known. */
    readonly notebook: string | undefined,
    source: SessionSource,
  ) {
    super(SPEC, { session: sessionToDocument(manager.state), notebook: notebook ?? "", restored_from: source, saved_to: "" });
    const off = manager.on("session-changed", ({ state }) => this.set({ session: sessionToDocument(state) }));
    this.onClose(off);
  }

  /**
   * Opens the session: restored from the notebook (`options.notebook`, else the kernel's own when it knows it) if
   * the notebook saved one, the newer of `metadata.seisproc.session` and the saved widget state; else from the
   * session file; else the defaults. Throws a NotebookMetadataError for a notebook that cannot be read or holds a
   * damaged session under `metadata.seisproc` (nothing is overwritten).
   */
  static async open(options: NotebookSessionOptions = {}): Promise<NotebookSession> {
    const notebook = options.notebook === null ? undefined : (options.notebook ?? currentNotebookPath());
    const manager = options.manager ?? new SessionManager(options.file ?? path.join(process.cwd(), ".seisproc", "notebook-session.json"), { autoSave: options.file !== undefined });
    let source: SessionSource = "defaults";
    const saved = notebook === undefined ? undefined : newest(sessionsIn(await readNotebookMetadata(notebook), notebook));
    if (saved !== undefined) {
      manager.update({ ...saved.state });
      source = saved.source;
    } else if (options.manager === undefined && options.file !== undefined) {
      source = (await manager.restore()).source === "file" ? "session-file" : "defaults";
    } else if (options.manager !== undefined) {
      source = "session-file";
    }
    return new NotebookSession(manager, notebook, source);
  }

  /** The current session. */
  get current(): SessionState {
    return this.manager.state;
  }

  /** Where the session came from when it was opened. */
  get restoredFrom(): SessionSource {
    return this.get("restored_from");
  }

  /** Changes part of the session (as {@link SessionManager.update}). */
  update(patch: SessionStatePatch): SessionState {
    return this.manager.update(patch);
  }

  /**
   * Writes the session under `metadata.seisproc.session` of the notebook at `file` (default: this session's
   * notebook), atomically, every other part of the file untouched. Throws a NotebookMetadataError when no
   * notebook is known (pass one, or start the kernel with `SEISPROC_NOTEBOOK`) or the file cannot be written.
   * In JupyterLab the open notebook is saved by the front end, which keeps the widget state: use this for
   * notebooks run headless (nbclient) or closed.
   */
  async saveToNotebook(file: string | undefined = this.notebook): Promise<string> {
    if (file === undefined) {
      throw new NotebookMetadataError("(unknown notebook)", "the kernel does not know which notebook it runs: pass the notebook's path, or start the kernel with SEISPROC_NOTEBOOK set to it");
    }
    const document = sessionToDocument(this.manager.state);
    await updateNotebookMetadata(file, (ours) => ({ ...(isObject(ours) ? ours : {}), session: document }));
    this.set({ saved_to: file });
    return file;
  }

  /**
   * Makes the session saved in the notebook at `file` current (the newer of `metadata.seisproc.session` and the
   * saved widget state); returns false, changing nothing, when the notebook holds none.
   */
  async restoreFromNotebook(file: string | undefined = this.notebook): Promise<boolean> {
    if (file === undefined) throw new NotebookMetadataError("(unknown notebook)", "the kernel does not know which notebook it runs: pass the notebook's path");
    const saved = newest(sessionsIn(await readNotebookMetadata(file), file));
    if (saved === undefined) return false;
    this.manager.update({ ...saved.state });
    this.set({ restored_from: saved.source });
    return true;
  }

  /** One line: where the session came from and what it shows. */
  describe(): string {
    const s = this.manager.state;
    const from = { "notebook-metadata": "restored from the notebook's metadata", "notebook-widgets": "restored from the notebook's saved widget state", "session-file": "restored from the session file", defaults: "new (nothing saved yet)" }[this.restoredFrom];
    return `session ${from}: gather ${s.currentGatherKey ?? "—"}, gain ${s.gain}, colormap ${s.colormap}`;
  }

  protected override plainText(): string {
    return this.describe();
  }
}
