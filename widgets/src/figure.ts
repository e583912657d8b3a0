/**
 * The viewer's plotly figure as a pure function of its settings, the gather blocks on screen and the plot's size:
 * a plain `heatmap` (linear axes, `zsmooth: false` unless interpolation asks otherwise, symmetric `zmin/zmax`)
 * for variable density, `scatter` lines (and `fill: "toself"` polygons) for wiggles and variable area, the time
 * axis reversed, and `uirevision` tied to the datasets so redraws keep the user's zoom. In comparison mode two
 * panels share the time axis and their trace axes are linked (`matches`).
 *
 * @module
 */
import type { DisplayMode, Interpolation, Viewport } from "../../kernel-ext/widgets/protocol";
import { plotlyColorscale } from "./colormaps";
import type { HeatmapCells } from "./fast-recolor";
import { amplitudePercentile, densityGrid, windowFor, wigglePaths, type GatherBlock } from "./gather-block";

/**
 * The settings a figure depends on (a subset of the viewer's state).
 *
 * @example
 * ```ts
 * const s: FigureSettings = { gain: 1, clip: 99, colormap: "seismic", interpolation: "none", display_mode: "density", viewport: null, uirevision: "ds-1", height: 520 };
 * ```
 */
export interface FigureSettings {
  gain: number;
  clip: number;
  colormap: string;
  interpolation: Interpolation;
  display_mode: DisplayMode;
  viewport: Viewport | null;
  uirevision: string;
  height: number;
}

/** Plot margins in CSS pixels (the axes sit inside them). */
export const PLOT_MARGIN = { l: 62, r: 14, t: 42, b: 12 } as const;

/**
 * A built figure, with what the viewer needs to recolour it fast and to read hover values.
 *
 * @example
 * ```ts
 * const fig = buildFigure(settings, [block], 900);
 * await Plotly.react(div, fig.data, fig.layout, PLOT_CONFIG);
 * ```
 */
export interface BuiltFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  /** Density cells per panel (empty without density display). */
  cells: HeatmapCells[];
  /** The colour / wiggle limit of each panel (clip percentile amplitude / gain). */
  limits: number[];
  /** The layout as built, as JSON (plotly changes `layout` in place once it is drawn). */
  layoutKey: string;
}

/**
 * The plotly config: no logo, no lasso or box select, wheel zoom on.
 *
 * @example
 * ```ts
 * Plotly.react(div, data, layout, PLOT_CONFIG);
 * ```
 */
export const PLOT_CONFIG: Record<string, unknown> = {
  displaylogo: false,
  scrollZoom: true,
  responsive: false,
  doubleClick: "reset",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
};

const ZSMOOTH: Record<Interpolation, false | "fast" | "best"> = { none: false, fast: "fast", bilinear: "best" };

/**
 * The extent of a gather in plot units: trace positions 1..n and times of its first and last sample.
 *
 * @example
 * ```ts
 * gatherExtent(block.meta); // { trace_min: 1, trace_max: 480, time_min: 0, time_max: 3998 }
 * ```
 */
export function gatherExtent(meta: GatherBlock["meta"]): Viewport {
  return { trace_min: 1, trace_max: meta.gather_traces, time_min: meta.t0_ms, time_max: meta.t0_ms + (meta.gather_samples - 1) * meta.dt_ms };
}

/**
 * The colour / wiggle limit for a block: its `clip` percentile of absolute amplitude divided by `gain` (1 when
 * the gather is all zeros, so the display stays defined).
 *
 * @example
 * ```ts
 * displayLimit(block, 99, 2); // half the 99th percentile of |amplitude|
 * ```
 */
export function displayLimit(block: GatherBlock, clip: number, gain: number): number {
  const p = amplitudePercentile(block.samples, clip);
  const limit = (p > 0 ? p : 1) / (gain > 0 ? gain : 1);
  return Number.isFinite(limit) && limit > 0 ? limit : 1;
}

/**
 * Builds the figure for one panel, or two side by side (comparison mode), in a plot `width` CSS pixels wide.
 *
 * @example
 * ```ts
 * const fig = buildFigure(settings, compare ? [block, compareBlock] : [block], div.clientWidth);
 * ```
 */
export function buildFigure(settings: FigureSettings, panels: GatherBlock[], width: number): BuiltFigure {
  const data: Record<string, unknown>[] = [];
  const cells: HeatmapCells[] = [];
  const limits: number[] = [];
  const plotHeight = Math.max(50, settings.height - PLOT_MARGIN.t - PLOT_MARGIN.b);
  const plotWidth = Math.max(50, width - PLOT_MARGIN.l - PLOT_MARGIN.r);
  const panelWidth = Math.max(20, Math.floor(plotWidth / Math.max(1, panels.length)));
  const density = settings.display_mode === "density" || settings.display_mode === "density-wiggle";
  const wiggle = settings.display_mode !== "density";
  const colorscale = plotlyColorscale(settings.colormap);
  panels.forEach((block, p) => {
    const suffix = p === 0 ? "" : `-${p + 1}`;
    const xaxis = p === 0 ? "x" : `x${p + 1}`;
    const v = settings.viewport ?? gatherExtent(block.meta);
    const limit = displayLimit(block, settings.clip, settings.gain);
    limits.push(limit);
    if (density) {
      const grid = densityGrid(block, windowFor(block.meta, v.trace_min, v.trace_max, v.time_min, v.time_max, settings.viewport === null ? 0 : 0.5), panelWidth, plotHeight);
      cells.push({ uid: `density${suffix}`, z: grid.z, cols: grid.cols, rows: grid.rows });
      data.push({
        type: "heatmap",
        uid: `density${suffix}`,
        xaxis,
        yaxis: "y",
        z: grid.z,
        x0: grid.x0,
        dx: grid.dx,
        y0: grid.y0,
        dy: grid.dy,
        zmin: -limit,
        zmax: limit,
        zauto: false,
        zsmooth: ZSMOOTH[settings.interpolation] ?? false,
        colorscale,
        showscale: false,
        hoverinfo: "none",
      });
    }
    if (wiggle) {
      const fill = settings.display_mode === "variable-area";
      const paths = wigglePaths(block, windowFor(block.meta, v.trace_min, v.trace_max, v.time_min, v.time_max, settings.viewport === null ? 0 : 0.25), Math.max(1, Math.floor(panelWidth / 3)), plotHeight, limit, fill);
      if (fill) {
        data.push({ type: "scatter", uid: `area${suffix}`, xaxis, yaxis: "y", x: paths.fillX, y: paths.fillY, mode: "lines", fill: "toself", fillcolor: "rgba(0,0,0,0.85)", line: { width: 0 }, hoverinfo: "none", connectgaps: false });
      }
      data.push({ type: "scatter", uid: `wiggle${suffix}`, xaxis, yaxis: "y", x: paths.lineX, y: paths.lineY, mode: "lines", line: { color: "black", width: 0.7 }, hoverinfo: "none", connectgaps: false });
    }
  });
  const layout: Record<string, unknown> = {
    uirevision: settings.uirevision,
    height: settings.height,
    margin: { ...PLOT_MARGIN },
    showlegend: false,
    hovermode: false,
    dragmode: "zoom",
    plot_bgcolor: "#ffffff",
    paper_bgcolor: "#ffffff",
    font: { size: 11 },
    yaxis: {
      title: { text: "time (ms)", standoff: 4 },
      showgrid: false,
      zeroline: false,
      ticks: "outside",
      ticklabeloverflow: "allow",
      ...(settings.viewport === null ? { autorange: "reversed" } : { autorange: false, range: [settings.viewport.time_max, settings.viewport.time_min] }),
    },
  };
  const gap = panels.length > 1 ? 0.03 : 0;
  panels.forEach((_, p) => {
    const name = p === 0 ? "xaxis" : `xaxis${p + 1}`;
    const w = (1 - gap * (panels.length - 1)) / panels.length;
    layout[name] = {
      side: "top",
      title: { text: "trace", standoff: 2 },
      showgrid: false,
      zeroline: false,
      ticks: "outside",
      ticklabeloverflow: "allow",
      anchor: "y",
      domain: [p * (w + gap), p * (w + gap) + w],
      ...(p > 0 ? { matches: "x" } : {}),
      ...(settings.viewport === null ? { autorange: true } : { autorange: false, range: [settings.viewport.trace_min, settings.viewport.trace_max] }),
    };
  });
  return { data, layout, cells, limits, layoutKey: JSON.stringify(layout) };
}
