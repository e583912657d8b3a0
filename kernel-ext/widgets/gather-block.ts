/**
 * Gathers cut down to what a screen can show, on the kernel side, before they cross the wire: an optional window
 * (traces × samples), then at most `maxTraces` columns (every k-th trace, so each column is a real trace with its
 * headers) and `maxSamples` rows (each row the sample of largest magnitude among those it folds, sign kept, so
 * peaks survive). The result is a `Float32Array` plus the {@link GatherBlockMeta} that places it on the axes.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Gather } from "../../src/core/store/lazy-seismic-data";
import type { GatherBlockMeta } from "./protocol";

/**
 * What a block is cut to.
 *
 * @example
 * ```ts
 * const cut: BlockRequest = { maxTraces: 900, maxSamples: 1000, window: { traceStart: 0, traceEnd: 48, sampleStart: 100, sampleEnd: 600 } };
 * ```
 */
export interface BlockRequest {
  maxTraces: number;
  maxSamples: number;
  /** Half-open trace (0-based, within the gather) and sample ranges; default the whole gather. */
  window?: { traceStart: number; traceEnd: number; sampleStart: number; sampleEnd: number };
  /** The request id the block answers (0 for a block pushed unasked). */
  requestId?: number;
}

/**
 * The time axis of a dataset.
 *
 * @example
 * ```ts
 * const axis: TimeAxis = { t0Ms: 0, dtMs: 2 };
 * ```
 */
export interface TimeAxis {
  t0Ms: number;
  dtMs: number;
}

/**
 * A block ready to send: metadata and samples.
 *
 * @example
 * ```ts
 * widget.send({ type: "gather", meta: block.meta, compare: null }, [block.samples]);
 * ```
 */
export interface SampleBlock {
  meta: GatherBlockMeta;
  samples: Float32Array;
}

/** The header columns shown on hover, when the gather has them. */
export const HOVER_HEADERS = ["FieldRecord", "TraceNumber", "CDP", "offset", "SourceX", "SourceY", "GroupX", "GroupY", "INLINE_3D", "CROSSLINE_3D"];

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.floor(v)));
}

function headerValues(headers: Table, rows: number[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const field of headers.schema.fields) {
    if (!HOVER_HEADERS.includes(field.name)) continue;
    const column = headers.getChild(field.name);
    if (column === null) continue;
    const values = column.toArray() as ArrayLike<number | bigint | null>; // one typed array, not a get() per row
    out[field.name] = rows.map((r) => {
      const v = values[r];
      return v === null || v === undefined ? Number.NaN : Number(v);
    });
  }
  return out;
}

/**
 * Cuts `gather` (with `samplesPerTrace` samples per trace) down as `request` says.
 *
 * @example
 * ```ts
 * const block = gatherBlock(gather, data.samplesPerTrace, { t0Ms: 0, dtMs: 2 }, { maxTraces: 800, maxSamples: 1000 });
 * block.meta.sample_step; // 2 for a 2000-sample gather
 * ```
 */
export function gatherBlock(gather: Gather, samplesPerTrace: number, axis: TimeAxis, request: BlockRequest): SampleBlock {
  const ns = samplesPerTrace;
  const nt = gather.traceIndices.length;
  const w = request.window;
  const t0 = w === undefined ? 0 : clampInt(w.traceStart, 0, nt);
  const t1 = w === undefined ? nt : clampInt(w.traceEnd, t0, nt);
  const s0 = w === undefined ? 0 : clampInt(w.sampleStart, 0, ns);
  const s1 = w === undefined ? ns : clampInt(w.sampleEnd, s0, ns);
  const traceStep = Math.max(1, Math.ceil((t1 - t0) / Math.max(1, Math.floor(request.maxTraces))));
  const sampleStep = Math.max(1, Math.ceil((s1 - s0) / Math.max(1, Math.floor(request.maxSamples))));
  const traces = Math.ceil((t1 - t0) / traceStep);
  const rows = Math.ceil((s1 - s0) / sampleStep);
  const source = gather.samples as ArrayLike<number>;
  const out = new Float32Array(traces * rows);
  const kept: number[] = [];
  for (let c = 0; c < traces; c++) {
    const trace = t0 + c * traceStep;
    kept.push(trace);
    const base = trace * ns;
    const o = c * rows;
    if (sampleStep === 1) {
      for (let r = 0; r < rows; r++) out[o + r] = source[base + s0 + r];
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const a = base + s0 + r * sampleStep;
      const b = Math.min(base + s1, a + sampleStep);
      let best = source[a];
      let bestAbs = Math.abs(best);
      for (let s = a + 1; s < b; s++) {
        const v = source[s];
        const m = Math.abs(v);
        if (m > bestAbs) {
          best = v;
          bestAbs = m;
        }
      }
      out[o + r] = best;
    }
  }
  const meta: GatherBlockMeta = {
    request_id: request.requestId ?? 0,
    key: gather.key,
    index: gather.index,
    gather_traces: nt,
    gather_samples: ns,
    traces,
    samples: rows,
    first_trace: t0 + 1,
    trace_step: traceStep,
    first_sample: s0,
    sample_step: sampleStep,
    t0_ms: axis.t0Ms,
    dt_ms: axis.dtMs,
    headers: headerValues(gather.headers, kept),
    kernel_ms: 0,
    source: "store",
  };
  return { meta, samples: out };
}
