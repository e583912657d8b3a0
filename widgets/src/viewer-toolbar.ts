/**
 * The gather viewer's controls: navigation (previous / next, a slider over the gathers, jump to a key), display
 * (gain, clip, colormap, interpolation, display mode) and undo / redo. The toolbar only reports what the user
 * did through {@link ToolbarActions}; the view decides what it means.
 *
 * @module
 */
import { COLORMAP_NAMES, DISPLAY_MODES, INTERPOLATIONS, type DisplayMode, type Interpolation } from "../../kernel-ext/widgets/protocol";
import { button, formatNumber, h, labelled, select } from "./dom";

/**
 * What the toolbar asks the view to do. `commit` is false while a slider is dragged and true when it is
 * released (the kernel records one history entry per release).
 *
 * @example
 * ```ts
 * const actions: ToolbarActions = { step: (d) => go(d), goToIndex: (i) => …, jump: (text) => …, gain: (g, commit) => …, … };
 * ```
 */
export interface ToolbarActions {
  step(delta: number): void;
  goToIndex(index: number, commit: boolean): void;
  jump(text: string): void;
  gain(value: number, commit: boolean): void;
  clip(value: number): void;
  colormap(name: string): void;
  interpolation(name: Interpolation): void;
  displayMode(mode: DisplayMode): void;
  undo(): void;
  redo(): void;
}

/**
 * The toolbar's elements, for the view to update when state changes.
 *
 * @example
 * ```ts
 * toolbar.gainInput.value = String(model.get("gain"));
 * ```
 */
export interface Toolbar {
  root: HTMLDivElement;
  title: HTMLSpanElement;
  prev: HTMLButtonElement;
  next: HTMLButtonElement;
  slider: HTMLInputElement;
  keyLabel: HTMLSpanElement;
  jumpInput: HTMLInputElement;
  gainSlider: HTMLInputElement;
  gainInput: HTMLInputElement;
  clipInput: HTMLInputElement;
  colormap: HTMLSelectElement;
  interpolation: HTMLSelectElement;
  displayMode: HTMLSelectElement;
  undo: HTMLButtonElement;
  redo: HTMLButtonElement;
}

/** Gain slider position ↔ gain: the slider moves in log2 steps from 1/16 to 64. */
export const GAIN_SLIDER = { min: -4, max: 6, step: 0.05 } as const;

/**
 * The gain a slider position stands for.
 *
 * @example
 * ```ts
 * gainFromSlider(1); // 2
 * ```
 */
export function gainFromSlider(position: number): number {
  return Number(Math.pow(2, position).toPrecision(4));
}

/**
 * The slider position of a gain.
 *
 * @example
 * ```ts
 * sliderFromGain(4); // 2
 * ```
 */
export function sliderFromGain(gain: number): number {
  return Math.log2(gain > 0 ? gain : 1);
}

/**
 * Builds the toolbar.
 *
 * @example
 * ```ts
 * const toolbar = buildToolbar(actions);
 * view.el.append(toolbar.root);
 * ```
 */
export function buildToolbar(actions: ToolbarActions): Toolbar {
  const title = h("span", { class: "sp-title" });
  const prev = button("◀", "previous gather (← or ↑)", () => actions.step(-1), "prev");
  const next = button("▶", "next gather (→ or ↓)", () => actions.step(1), "next");
  const slider = h("input", { class: "sp-slider", type: "range", min: 0, max: 0, step: 1, value: 0, "data-control": "gather-slider", title: "gathers" });
  slider.addEventListener("input", () => actions.goToIndex(Number(slider.value), false));
  slider.addEventListener("change", () => actions.goToIndex(Number(slider.value), true));
  const keyLabel = h("span", { class: "sp-label", "data-field": "key" });
  const jumpInput = h("input", { class: "sp-input sp-number", type: "text", placeholder: "key", title: "jump to a gather key (Enter)", "data-control": "jump" });
  jumpInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      actions.jump(jumpInput.value);
    }
  });
  const gainSlider = h("input", { class: "sp-slider", type: "range", min: GAIN_SLIDER.min, max: GAIN_SLIDER.max, step: GAIN_SLIDER.step, value: 0, title: "gain", "data-control": "gain-slider" });
  const gainInput = h("input", { class: "sp-input sp-number", type: "number", min: 0, step: 0.1, value: 1, title: "gain", "data-control": "gain" });
  gainSlider.addEventListener("input", () => {
    const g = gainFromSlider(Number(gainSlider.value));
    gainInput.value = formatNumber(g);
    actions.gain(g, false);
  });
  gainSlider.addEventListener("change", () => actions.gain(gainFromSlider(Number(gainSlider.value)), true));
  gainInput.addEventListener("change", () => {
    const g = Number(gainInput.value);
    if (Number.isFinite(g) && g > 0) actions.gain(g, true);
  });
  const clipInput = h("input", { class: "sp-input sp-number", type: "number", min: 1, max: 100, step: 0.5, value: 99, title: "clip: percentile of |amplitude| that saturates", "data-control": "clip" });
  clipInput.addEventListener("change", () => {
    const c = Number(clipInput.value);
    if (Number.isFinite(c) && c > 0 && c <= 100) actions.clip(c);
  });
  const colormap = select(COLORMAP_NAMES.map((n) => [n, n] as const), COLORMAP_NAMES[0], (v) => actions.colormap(v), "colormap");
  const interpolation = select(INTERPOLATIONS.map((n) => [n, n] as const), INTERPOLATIONS[0], (v) => actions.interpolation(v as Interpolation), "interpolation");
  const displayMode = select(DISPLAY_MODES.map((n) => [n, n] as const), DISPLAY_MODES[0], (v) => actions.displayMode(v as DisplayMode), "display-mode");
  const undo = button("↶", "undo (Ctrl+Z)", () => actions.undo(), "undo");
  const redo = button("↷", "redo (Ctrl+Y)", () => actions.redo(), "redo");
  const root = h(
    "div",
    { class: "sp-toolbar" },
    title,
    h("span", { class: "sp-group" }, prev, slider, next, keyLabel),
    labelled("go to", jumpInput),
    labelled("gain", gainSlider, gainInput),
    labelled("clip %", clipInput),
    colormap,
    interpolation,
    displayMode,
    h("span", { class: "sp-group" }, undo, redo),
  );
  return { root, title, prev, next, slider, keyLabel, jumpInput, gainSlider, gainInput, clipInput, colormap, interpolation, displayMode, undo, redo };
}
