/**
 * The widgets' stylesheet, as a string (the bundles have no CSS loader for our own styles; `injectStyles` adds it
 * once). Colours follow JupyterLab's CSS variables when they exist, with plain fallbacks for the classic notebook
 * and static HTML reports.
 *
 * @module
 */

/**
 * The CSS of every SeisProc widget (classes start with `sp-`).
 *
 * @example
 * ```ts
 * style.textContent = WIDGET_CSS;
 * ```
 */
export const WIDGET_CSS = `
.sp-widget { font-family: var(--jp-ui-font-family, system-ui, sans-serif); font-size: 12px; color: var(--jp-ui-font-color1, #222);
  border: 1px solid var(--jp-border-color2, #ddd); border-radius: 4px; padding: 4px; box-sizing: border-box; background: var(--jp-layout-color0, #fff); }
.sp-widget:focus { outline: 2px solid var(--jp-brand-color1, #2f7bd8); outline-offset: -2px; }
.sp-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; padding: 2px 2px 4px; }
.sp-group { display: inline-flex; align-items: center; gap: 3px; }
.sp-label { color: var(--jp-ui-font-color2, #666); }
.sp-title { font-weight: 600; margin-right: 6px; }
.sp-button { font: inherit; padding: 1px 7px; min-width: 24px; border: 1px solid var(--jp-border-color1, #bbb); border-radius: 3px;
  background: var(--jp-layout-color1, #f7f7f7); color: inherit; cursor: pointer; }
.sp-button:hover:not(:disabled) { background: var(--jp-layout-color2, #eaeaea); }
.sp-button:disabled { opacity: 0.45; cursor: default; }
.sp-select, .sp-input { font: inherit; padding: 1px 3px; border: 1px solid var(--jp-border-color1, #bbb); border-radius: 3px;
  background: var(--jp-layout-color0, #fff); color: inherit; }
.sp-input.sp-number { width: 5.5em; }
.sp-input.sp-text { width: 16em; }
.sp-slider { width: 140px; }
.sp-plot { width: 100%; position: relative; }
.sp-hover { min-height: 1.4em; font-family: var(--jp-code-font-family, monospace); font-size: 11px; color: var(--jp-ui-font-color1, #333);
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding: 1px 2px; }
.sp-status { display: flex; flex-wrap: wrap; gap: 2px 14px; border-top: 1px solid var(--jp-border-color2, #e3e3e3); padding: 3px 2px 0;
  font-size: 11px; color: var(--jp-ui-font-color2, #555); }
.sp-status .sp-error { color: #b00020; }
.sp-status .sp-offline { color: #8a5a00; }
.sp-list { list-style: none; margin: 2px 0; padding: 0; max-height: 260px; overflow: auto; }
.sp-list li { display: flex; align-items: center; gap: 6px; padding: 2px 4px; border-radius: 3px; }
.sp-list li.sp-active { background: var(--jp-brand-color3, #dbe9fb); }
.sp-list li.sp-undone { color: var(--jp-ui-font-color3, #999); text-decoration: line-through; }
.sp-list .sp-grow { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sp-dialog { border: 1px solid var(--jp-border-color1, #bbb); border-radius: 4px; padding: 6px 8px; margin: 4px 0;
  background: var(--jp-layout-color1, #fafafa); }
.sp-dialog h4 { margin: 6px 0 2px; font-size: 12px; }
.sp-dialog table { border-collapse: collapse; }
.sp-dialog td { padding: 1px 10px 1px 0; vertical-align: top; }
.sp-dialog td:first-child { color: var(--jp-ui-font-color2, #666); }
.sp-progress { width: 180px; height: 10px; }
.sp-table { border-collapse: collapse; width: 100%; }
.sp-table th, .sp-table td { text-align: left; padding: 2px 6px; border-bottom: 1px solid var(--jp-border-color2, #eee); vertical-align: top; }
.sp-table code { font-size: 11px; }
.sp-ok { color: #1a7f37; } .sp-bad { color: #b00020; }
.sp-message { min-height: 1.3em; color: var(--jp-ui-font-color2, #555); }
`;
