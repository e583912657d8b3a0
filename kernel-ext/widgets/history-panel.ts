/**
 * `HistoryPanel`, the kernel side of the command-history panel (the seed's 3.2 "display command history"): the
 * commands of a {@link CommandHistory} (done and undone), undo / redo buttons, and the session reset action (3.1):
 * the viewer's display back to its defaults, the history cleared, the session file reset.
 *
 * @module
 */
import type { CommandHistory } from "../../src/core/history/command-history";
import type { SessionManager } from "../../src/core/session/session-manager";
import { WIDGET_MODULE_NAME, WIDGET_MODULE_VERSION } from "../module-info";
import { Widget, type WidgetSpec } from "../widget";
import type { GatherViewer } from "./gather-viewer";
import { WIDGET_CLASSES, type HistoryPanelState, type PanelAction } from "./protocol";

/**
 * Options of a {@link HistoryPanel}.
 *
 * @example
 * ```ts
 * new HistoryPanel(viewer.history, { viewer, session });
 * ```
 */
export interface HistoryPanelOptions {
  /** The viewer whose display a session reset puts back to the defaults. */
  viewer?: GatherViewer;
  /** The session a reset resets (its file is rewritten with the defaults). */
  session?: SessionManager;
}

const SPEC: WidgetSpec = {
  modelName: WIDGET_CLASSES.historyPanel.model,
  modelModule: WIDGET_MODULE_NAME,
  modelModuleVersion: WIDGET_MODULE_VERSION,
  viewName: WIDGET_CLASSES.historyPanel.view,
  viewModule: WIDGET_MODULE_NAME,
  viewModuleVersion: WIDGET_MODULE_VERSION,
};

/**
 * The command-history panel.
 *
 * @example
 * ```ts
 * const viewer = new GatherViewer(data);
 * const panel = new HistoryPanel(viewer.history, { viewer });
 * viewer.display(); panel.display();
 * ```
 */
export class HistoryPanel extends Widget<HistoryPanelState> {
  private readonly options: HistoryPanelOptions;

  constructor(
    /** The history shown. */
    readonly history: CommandHistory,
    options: HistoryPanelOptions = {},
  ) {
    super(SPEC, { entries: [], can_undo: false, can_redo: false, resets: 0, message: "" });
    this.options = options;
    this.refresh();
    const off = history.on("history-changed", () => this.refresh());
    const offCustom = this.onCustom((content) => void this.onAction(content as PanelAction | { type: "undo" | "redo" }));
    this.onClose(() => {
      off();
      offCustom();
    });
  }

  /** Re-reads the history. */
  refresh(): void {
    this.set({
      entries: this.history.getHistory().map((e) => ({ description: e.description, undone: !e.done })),
      can_undo: this.history.canUndo(),
      can_redo: this.history.canRedo(),
    });
  }

  /**
   * Resets the session: the viewer's display settings back to their defaults (whole gather, gain 1, …), the
   * history cleared, the session manager reset.
   */
  async resetSession(): Promise<void> {
    await this.options.viewer?.resetView();
    await this.history.clear();
    this.options.session?.reset();
    this.set({ resets: this.get("resets") + 1, message: "session reset" });
    this.refresh();
  }

  protected override plainText(): string {
    return `HistoryPanel(${this.history.getHistory().length} commands)`;
  }

  private async onAction(action: PanelAction | { type: "undo" | "redo" }): Promise<void> {
    try {
      if (action?.type === "undo") await this.history.undo();
      else if (action?.type === "redo") await this.history.redo();
      else if (action?.type === "session-reset") await this.resetSession();
    } catch (error) {
      this.set({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
