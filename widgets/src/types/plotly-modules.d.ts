/**
 * Types for the parts of plotly.js the viewer bundles (plotly.js ships no TypeScript types, and @types/plotly.js
 * is not a dependency): `plotly.js/lib/core` (the plot API, with `scatter` built in) and the trace modules
 * registered with it. Only what the viewer calls is typed.
 *
 * @module
 */
declare module "plotly.js/lib/core" {
  /** A plot's root element after plotting (plotly keeps its state on it). */
  export interface PlotlyHTMLElement extends HTMLDivElement {
    on(event: string, handler: (event: any) => void): void;
    removeAllListeners?(event: string): void;
    data: Record<string, any>[];
    layout: Record<string, any>;
    _fullLayout: any;
    _fullData: any[];
  }
  export type Figure = { data: Record<string, unknown>[]; layout: Record<string, unknown>; config?: Record<string, unknown> };
  export function react(root: HTMLElement, data: Record<string, unknown>[], layout?: Record<string, unknown>, config?: Record<string, unknown>): Promise<PlotlyHTMLElement>;
  export function newPlot(root: HTMLElement, data: Record<string, unknown>[], layout?: Record<string, unknown>, config?: Record<string, unknown>): Promise<PlotlyHTMLElement>;
  export function restyle(root: HTMLElement, update: Record<string, unknown>, traces?: number | number[]): Promise<PlotlyHTMLElement>;
  export function relayout(root: HTMLElement, update: Record<string, unknown>): Promise<PlotlyHTMLElement>;
  export function redraw(root: HTMLElement): Promise<PlotlyHTMLElement>;
  export function purge(root: HTMLElement): void;
  export function register(modules: unknown | unknown[]): void;
  export const Plots: { resize(root: HTMLElement): Promise<void> };
  export const version: string;
}
declare module "plotly.js/lib/heatmap" {
  const heatmap: unknown;
  export default heatmap;
}
declare module "plotly.js/src/components/colorscale" {
  const colorscale: {
    makeColorScaleFuncFromTrace: (trace: unknown, opts?: { noNumericCheck?: boolean; returnArray?: boolean }) => unknown;
    extractScale(trace: unknown): { domain: number[]; range: unknown[] };
  };
  export default colorscale;
}
declare module "plotly.js/src/lib/supports_pixelated_image" {
  /** Whether the browser renders `image-rendering: pixelated` images (plotly's own feature test, run once). */
  function supportsPixelatedImage(): boolean;
  export default supportsPixelatedImage;
}
declare module "tinycolor2" {
  interface TinyColor {
    toRgb(): { r: number; g: number; b: number; a: number };
  }
  function tinycolor(color: string | Record<string, number>): TinyColor;
  export default tinycolor;
}
