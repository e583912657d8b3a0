/**
 * Small DOM helpers for the widgets' controls (no framework): elements with classes and children, buttons,
 * selects and labelled inputs, and the widgets' stylesheet, injected once per page.
 *
 * @module
 */
import { WIDGET_CSS } from "./styles";

/**
 * Creates an element with a class name, attributes and children (strings become text).
 *
 * @example
 * ```ts
 * const bar = h("div", { class: "sp-status" }, "ready");
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | number | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) el.append(c);
  return el;
}

/**
 * A button that runs `onClick`.
 *
 * @example
 * ```ts
 * toolbar.append(button("▶", "next gather (→)", () => next(), "next"));
 * ```
 */
export function button(label: string, title: string, onClick: () => void, action = ""): HTMLButtonElement {
  const b = h("button", { class: "sp-button", title, type: "button", ...(action ? { "data-action": action } : {}) }, label);
  b.addEventListener("click", (e) => {
    e.preventDefault();
    onClick();
  });
  return b;
}

/**
 * A select of `options` (value, label) with `value` selected; `onChange` gets the new value.
 *
 * @example
 * ```ts
 * select([["seismic", "seismic"], ["gray", "gray"]], "seismic", (v) => model.set("colormap", v), "colormap");
 * ```
 */
export function select(options: readonly (readonly [string, string])[], value: string, onChange: (value: string) => void, name = ""): HTMLSelectElement {
  const s = h("select", { class: "sp-select", ...(name ? { "data-control": name, title: name } : {}) });
  for (const [v, label] of options) s.append(h("option", { value: v }, label));
  s.value = value;
  s.addEventListener("change", () => onChange(s.value));
  return s;
}

/**
 * Puts `select`'s options to `options`, keeping `value` selected.
 *
 * @example
 * ```ts
 * setOptions(datasetSelect, datasets.map((d) => [d.id, d.name]), activeId);
 * ```
 */
export function setOptions(s: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  s.replaceChildren(...options.map(([v, label]) => h("option", { value: v }, label)));
  s.value = value;
}

/**
 * A labelled control: `label` then `control` in one inline group.
 *
 * @example
 * ```ts
 * toolbar.append(labelled("gain", gainInput));
 * ```
 */
export function labelled(label: string, ...controls: HTMLElement[]): HTMLSpanElement {
  return h("span", { class: "sp-group" }, h("span", { class: "sp-label" }, label), ...controls);
}

/**
 * Adds the widgets' stylesheet to the document once.
 *
 * @example
 * ```ts
 * injectStyles(); // in every view's render()
 * ```
 */
export function injectStyles(doc: Document = document): void {
  if (doc.getElementById("seisproc-widget-styles") !== null) return;
  const style = doc.createElement("style");
  style.id = "seisproc-widget-styles";
  style.textContent = WIDGET_CSS;
  doc.head.append(style);
}

/**
 * A number for display: fixed decimals for small magnitudes, no trailing zeros, exponent for extremes.
 *
 * @example
 * ```ts
 * formatNumber(0.000123); // "1.23e-4"
 * ```
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e7)) return v.toExponential(2).replace(/\.?0+e/, "e");
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(a < 1 ? 3 : 6)));
}
