/**
 * Gather samples in the browser: a block as the kernel sent it (metadata + `Float32Array`), its axes, the
 * amplitude percentile that `clip` refers to, and the reduction of a window of it to screen resolution for the
 * density (heatmap rows) and wiggle displays. Pure functions of typed arrays: no DOM, no plotly.
 *
 * @module
 */
import type { GatherBlockMeta } from "../../kernel-ext/widgets/protocol";

/**
 * One gather block: metadata and samples, trace after trace (`meta.traces × meta.samples`).
 *
 * @example
 * ```ts
 * const block: GatherBlock = { meta, samples: float32FromView(buffers[0]) };
 * ```
 */
export interface GatherBlock {
  meta: GatherBlockMeta;
  samples: Float32Array;
}

/**
 * A window of a block in its own column / row indices (half-open).
 *
 * @example
 * ```ts
 * const all: BlockWindow = { col0: 0, col1: meta.traces, row0: 0, row1: meta.samples };
 * ```
 */
export interface BlockWindow {
  col0: number;
  col1: number;
  row0: number;
  row1: number;
}

/**
 * A `Float32Array` over the bytes of a received buffer (a `DataView`, `ArrayBuffer` or typed array); copied when
 * the bytes are not 4-byte aligned.
 *
 * @example
 * ```ts
 * float32FromView(new DataView(new Float32Array([1, 2]).buffer)); // Float32Array [1, 2]
 * ```
 */
export function float32FromView(value: DataView | ArrayBuffer | ArrayBufferView): Float32Array {
  if (value instanceof Float32Array) return value;
  const view = value instanceof ArrayBuffer ? new DataView(value) : (value as ArrayBufferView);
  const { buffer, byteOffset, byteLength } = view;
  if (byteOffset % 4 === 0) return new Float32Array(buffer, byteOffset, Math.floor(byteLength / 4));
  return new Float32Array(buffer.slice(byteOffset, byteOffset + byteLength - (byteLength % 4)));
}

/**
 * Same as {@link float32FromView} for `Float64Array` (gather keys).
 *
 * @example
 * ```ts
 * float64FromView(new DataView(new Float64Array([101, 102]).buffer)); // Float64Array [101, 102]
 * ```
 */
export function float64FromView(value: DataView | ArrayBuffer | ArrayBufferView): Float64Array {
  if (value instanceof Float64Array) return value;
  const view = value instanceof ArrayBuffer ? new DataView(value) : (value as ArrayBufferView);
  const { buffer, byteOffset, byteLength } = view;
  if (byteOffset % 8 === 0) return new Float64Array(buffer, byteOffset, Math.floor(byteLength / 8));
  return new Float64Array(buffer.slice(byteOffset, byteOffset + byteLength - (byteLength % 8)));
}

/**
 * Trace position (1-based, within the gather) of column `col`.
 *
 * @example
 * ```ts
 * columnPosition(meta, 0); // meta.first_trace
 * ```
 */
export function columnPosition(meta: GatherBlockMeta, col: number): number {
  return meta.first_trace + col * meta.trace_step;
}

/**
 * Time in ms of the centre of row `row` (a row may fold `sample_step` samples).
 *
 * @example
 * ```ts
 * rowTime(meta, 0); // meta.t0_ms when nothing is decimated
 * ```
 */
export function rowTime(meta: GatherBlockMeta, row: number): number {
  return meta.t0_ms + (meta.first_sample + row * meta.sample_step + (meta.sample_step - 1) / 2) * meta.dt_ms;
}

/**
 * The column nearest to trace position `x` (clamped to the block).
 *
 * @example
 * ```ts
 * nearestColumn(meta, columnPosition(meta, 3)); // 3
 * ```
 */
export function nearestColumn(meta: GatherBlockMeta, x: number): number {
  return Math.min(meta.traces - 1, Math.max(0, Math.round((x - meta.first_trace) / meta.trace_step)));
}

/**
 * The row nearest to time `t` (clamped to the block).
 *
 * @example
 * ```ts
 * nearestRow(meta, rowTime(meta, 10)); // 10
 * ```
 */
export function nearestRow(meta: GatherBlockMeta, t: number): number {
  const r = (t - meta.t0_ms) / meta.dt_ms - meta.first_sample - (meta.sample_step - 1) / 2;
  return Math.min(meta.samples - 1, Math.max(0, Math.round(r / meta.sample_step)));
}

/**
 * The block window covering trace positions `[xMin, xMax]` and times `[tMin, tMax]`, widened by `margin` (a
 * fraction of its size on each side) and clamped to the block.
 *
 * @example
 * ```ts
 * windowFor(meta, 1, 48, 0, 1000, 0.5);
 * ```
 */
export function windowFor(meta: GatherBlockMeta, xMin: number, xMax: number, tMin: number, tMax: number, margin = 0): BlockWindow {
  const c0 = (Math.min(xMin, xMax) - meta.first_trace) / meta.trace_step;
  const c1 = (Math.max(xMin, xMax) - meta.first_trace) / meta.trace_step;
  const rowOf = (t: number) => ((t - meta.t0_ms) / meta.dt_ms - meta.first_sample) / meta.sample_step;
  const r0 = rowOf(Math.min(tMin, tMax));
  const r1 = rowOf(Math.max(tMin, tMax));
  const mc = (c1 - c0) * margin;
  const mr = (r1 - r0) * margin;
  const clampTo = (v: number, n: number) => Math.min(n, Math.max(0, v));
  const w = {
    col0: clampTo(Math.floor(c0 - mc), meta.traces),
    col1: clampTo(Math.ceil(c1 + mc) + 1, meta.traces),
    row0: clampTo(Math.floor(r0 - mr), meta.samples),
    row1: clampTo(Math.ceil(r1 + mr) + 1, meta.samples),
  };
  if (w.col1 <= w.col0) w.col1 = Math.min(meta.traces, w.col0 + 1);
  if (w.row1 <= w.row0) w.row1 = Math.min(meta.samples, w.row0 + 1);
  return w;
}

/**
 * The whole block as a window.
 *
 * @example
 * ```ts
 * fullWindow(meta); // { col0: 0, col1: meta.traces, row0: 0, row1: meta.samples }
 * ```
 */
export function fullWindow(meta: GatherBlockMeta): BlockWindow {
  return { col0: 0, col1: meta.traces, row0: 0, row1: meta.samples };
}

const sortedAbs = new WeakMap<Float32Array, Float32Array>();
const PERCENTILE_SAMPLE = 16384;

/**
 * The `percentile` (0 < p <= 100) of absolute amplitude in `samples`, from an evenly strided sample of at most
 * 16384 values (exact for smaller arrays; cached per array; a few ms for any gather). 0 for an empty or all-zero
 * array.
 *
 * @example
 * ```ts
 * amplitudePercentile(new Float32Array([-4, 1, 2, 3]), 100); // 4
 * ```
 */
export function amplitudePercentile(samples: Float32Array, percentile: number): number {
  let sorted = sortedAbs.get(samples);
  if (sorted === undefined) {
    const n = samples.length;
    const step = Math.max(1, Math.floor(n / PERCENTILE_SAMPLE));
    const count = Math.floor((n + step - 1) / step);
    sorted = new Float32Array(count);
    let k = 0;
    for (let i = 0; i < n && k < count; i += step) {
      const v = samples[i];
      sorted[k++] = Number.isFinite(v) ? Math.abs(v) : 0;
    }
    sorted.sort();
    sortedAbs.set(samples, sorted);
  }
  if (sorted.length === 0) return 0;
  const p = Math.min(100, Math.max(0, percentile));
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/**
 * A window of a block reduced to at most `maxCols × maxRows` for a heatmap: rows are times (plotly's `z[row]`),
 * columns traces. Columns are picked at a stride (each drawn column is a real trace); rows fold several samples
 * into the one of largest magnitude (keeping its sign), so peaks survive decimation.
 *
 * @example
 * ```ts
 * const grid = densityGrid(block, fullWindow(block.meta), 800, 500);
 * Plotly.react(div, [{ type: "heatmap", z: grid.z, x0: grid.x0, dx: grid.dx, y0: grid.y0, dy: grid.dy }]);
 * ```
 */
export interface DensityGrid {
  /**
   * Rows of values (time), each `cols` long. Plain arrays, not typed arrays: plotly's `Plotly.react` walks every
   * object in its data looking for colours, and walking a typed array means one string key per value.
   */
  z: number[][];
  cols: number;
  rows: number;
  /** Position of column 0 and the step between columns, in trace positions. */
  x0: number;
  dx: number;
  /** Time of row 0 and the step between rows, in ms. */
  y0: number;
  dy: number;
  /** The block columns / rows each grid column / row stands for. */
  colStep: number;
  rowStep: number;
  window: BlockWindow;
}

/**
 * Reduces a window of `block` to a {@link DensityGrid} of at most `maxCols × maxRows`.
 *
 * @example
 * ```ts
 * densityGrid(block, fullWindow(block.meta), 480, 500).rows; // <= 500
 * ```
 */
export function densityGrid(block: GatherBlock, window: BlockWindow, maxCols: number, maxRows: number): DensityGrid {
  const { meta, samples } = block;
  const ns = meta.samples;
  const colStep = Math.max(1, Math.ceil((window.col1 - window.col0) / Math.max(1, maxCols)));
  const rowStep = Math.max(1, Math.ceil((window.row1 - window.row0) / Math.max(1, maxRows)));
  const cols = Math.ceil((window.col1 - window.col0) / colStep);
  const rows = Math.ceil((window.row1 - window.row0) / rowStep);
  const z: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) z[r] = new Array<number>(cols).fill(0);
  for (let c = 0; c < cols; c++) {
    const base = (window.col0 + c * colStep) * ns;
    if (rowStep === 1) {
      for (let r = 0; r < rows; r++) z[r][c] = samples[base + window.row0 + r];
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const s0 = base + window.row0 + r * rowStep;
      const s1 = Math.min(base + window.row1, s0 + rowStep);
      let best = samples[s0];
      let bestAbs = Math.abs(best);
      for (let s = s0 + 1; s < s1; s++) {
        const v = samples[s];
        const a = Math.abs(v);
        if (a > bestAbs) {
          best = v;
          bestAbs = a;
        }
      }
      z[r][c] = best;
    }
  }
  const x0 = columnPosition(meta, window.col0);
  const dx = meta.trace_step * colStep;
  const firstSample = meta.first_sample + window.row0 * meta.sample_step;
  const foldedSamples = meta.sample_step * rowStep;
  const y0 = meta.t0_ms + (firstSample + (foldedSamples - 1) / 2) * meta.dt_ms;
  const dy = foldedSamples * meta.dt_ms;
  return { z, cols, rows, x0, dx, y0, dy, colStep, rowStep, window };
}

/**
 * Wiggle and variable-area paths: one polyline per trace (`NaN` between traces) and, for variable area, one
 * closed polygon per trace filling its positive lobes.
 *
 * @example
 * ```ts
 * const w = wigglePaths(block, fullWindow(block.meta), 200, 500, clipAmplitude / gain, true);
 * Plotly.react(div, [{ type: "scatter", mode: "lines", x: w.lineX, y: w.lineY }]);
 * ```
 */
export interface WigglePaths {
  lineX: Float64Array;
  lineY: Float64Array;
  fillX: Float64Array | null;
  fillY: Float64Array | null;
  /** Traces drawn (every `colStep`-th column). */
  traces: number;
  colStep: number;
}

/**
 * Builds {@link WigglePaths} for a window: at most `maxTraces` traces and `maxRows` points per trace; an
 * amplitude of `limit` deflects one trace spacing, larger ones are clipped there.
 *
 * @example
 * ```ts
 * wigglePaths(block, fullWindow(block.meta), 120, 400, 2.5, false).fillX; // null
 * ```
 */
export function wigglePaths(block: GatherBlock, window: BlockWindow, maxTraces: number, maxRows: number, limit: number, fill: boolean): WigglePaths {
  const { meta, samples } = block;
  const ns = meta.samples;
  const colStep = Math.max(1, Math.ceil((window.col1 - window.col0) / Math.max(1, maxTraces)));
  const rowStep = Math.max(1, Math.ceil((window.row1 - window.row0) / Math.max(1, maxRows)));
  const traces = Math.ceil((window.col1 - window.col0) / colStep);
  const rows = Math.ceil((window.row1 - window.row0) / rowStep);
  const spacing = meta.trace_step * colStep;
  const scale = limit > 0 ? spacing / limit : 0;
  const lineX = new Float64Array(traces * (rows + 1));
  const lineY = new Float64Array(traces * (rows + 1));
  const fillX = fill ? new Float64Array(traces * (rows + 4)) : null;
  const fillY = fill ? new Float64Array(traces * (rows + 4)) : null;
  const times = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    times[r] = meta.t0_ms + (meta.first_sample + (window.row0 + r * rowStep) * meta.sample_step + (meta.sample_step * rowStep - 1) / 2) * meta.dt_ms;
  }
  let li = 0;
  let fi = 0;
  for (let t = 0; t < traces; t++) {
    const col = window.col0 + t * colStep;
    const x = columnPosition(meta, col);
    const base = col * ns;
    const fillStart = fi;
    for (let r = 0; r < rows; r++) {
      const s0 = base + window.row0 + r * rowStep;
      const s1 = Math.min(base + window.row1, s0 + rowStep);
      let v = samples[s0];
      for (let s = s0 + 1; s < s1; s++) if (Math.abs(samples[s]) > Math.abs(v)) v = samples[s];
      let d = v * scale;
      if (Number.isNaN(d)) d = 0;
      else if (d > spacing) d = spacing;
      else if (d < -spacing) d = -spacing;
      lineX[li] = x + d;
      lineY[li++] = times[r];
      if (fillX !== null && fillY !== null) {
        fillX[fi] = x + Math.max(0, d);
        fillY[fi++] = times[r];
      }
    }
    lineX[li] = NaN;
    lineY[li++] = NaN;
    if (fillX !== null && fillY !== null) {
      // back up the trace's zero line, close the polygon, then a gap before the next trace
      fillX[fi] = x;
      fillY[fi++] = times[rows - 1];
      fillX[fi] = x;
      fillY[fi++] = times[0];
      fillX[fi] = fillX[fillStart];
      fillY[fi++] = fillY[fillStart];
      fillX[fi] = NaN;
      fillY[fi++] = NaN;
    }
  }
  return {
    lineX: lineX.subarray(0, li),
    lineY: lineY.subarray(0, li),
    fillX: fillX === null ? null : fillX.subarray(0, fi),
    fillY: fillY === null ? null : fillY.subarray(0, fi),
    traces,
    colStep,
  };
}
