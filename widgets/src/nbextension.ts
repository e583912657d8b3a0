/**
 * The classic notebook's nbextension entry (`nbextensions/seisproc/extension.js`): tells require.js where the
 * widget module lives, so the notebook's widget manager can load `seisproc` when a widget needs it.
 *
 * @module
 */
declare const window: Window & { require?: { config(c: unknown): void } };

/** Called by the classic notebook when it loads the extension. */
export function load_ipython_extension(): void {
  window.require?.config({ map: { "*": { seisproc: "nbextensions/seisproc/index" } } });
}
