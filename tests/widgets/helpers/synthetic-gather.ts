/**
 * Hand-built widget state for the gather viewer: a synthetic shot gather (hyperbolic reflections of both
 * polarities, Ricker wavelets, a little noise) as the viewer's saved snapshot, with the model's other keys, in
 * the `application/vnd.jupyter.widget-state+json` format (binary values as base64 buffers). It tests the front
 * end and the embed bundle without the kernel side.
 *
 * @module
 */
import type { GatherBlockMeta, GatherViewerState } from "../../../kernel-ext/widgets/protocol";
import { WIDGET_MODULE_VERSION } from "../../../kernel-ext/module-info";

/** A synthetic gather: samples trace after trace, and its geometry. */
export interface SyntheticGather {
  traces: number;
  samples: number;
  dtMs: number;
  data: Float32Array;
  offsets: number[];
}

function ricker(t: number, f: number): number {
  const a = Math.PI * f * t;
  return (1 - 2 * a * a) * Math.exp(-a * a);
}

/** A deterministic shot gather of `traces × samples` (2 ms sampling). */
export function syntheticGather(traces: number, samples: number, seed = 1): SyntheticGather {
  const dtMs = 2;
  const data = new Float32Array(traces * samples);
  const offsets = Array.from({ length: traces }, (_, i) => 50 + 25 * i);
  const reflectors = [
    { t0: 0.12, v: 1600, a: 1.0 },
    { t0: 0.3, v: 1900, a: -0.8 },
    { t0: 0.5, v: 2300, a: 0.7 },
    { t0: 0.75, v: 2700, a: -0.6 },
    { t0: 1.0, v: 3000, a: 0.5 },
  ];
  let s = seed >>> 0 || 1;
  const noise = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 4294967296 - 0.5) * 0.04;
  };
  for (let i = 0; i < traces; i++) {
    const x = offsets[i];
    for (let j = 0; j < samples; j++) {
      const t = (j * dtMs) / 1000;
      let v = noise();
      for (const r of reflectors) v += r.a * ricker(t - Math.sqrt(r.t0 * r.t0 + (x / r.v) ** 2), 25);
      data[i * samples + j] = v;
    }
  }
  return { traces, samples, dtMs, data, offsets };
}

/** The block metadata of a whole, undecimated gather. */
export function fullBlockMeta(g: SyntheticGather, key: number, index: number): GatherBlockMeta {
  return {
    request_id: 0,
    key,
    index,
    gather_traces: g.traces,
    gather_samples: g.samples,
    traces: g.traces,
    samples: g.samples,
    first_trace: 1,
    trace_step: 1,
    first_sample: 0,
    sample_step: 1,
    t0_ms: 0,
    dt_ms: g.dtMs,
    headers: { FieldRecord: g.offsets.map(() => key), offset: g.offsets, TraceNumber: g.offsets.map((_, i) => i + 1) },
    kernel_ms: 0,
    source: "store",
  };
}

function base64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("base64");
}

/** The saved state of one viewer model (and its id), as nbclient would write it. */
export function viewerWidgetState(g: SyntheticGather, overrides: Partial<GatherViewerState> = {}, modelId = "viewer-model-1", compare?: SyntheticGather): { modelId: string; state: Record<string, unknown> } {
  const keys = new Float64Array([101, 102, 103, 104]);
  const key = 102;
  const viewerState: Omit<GatherViewerState, "gather_keys" | "snapshot_samples" | "snapshot_compare_samples"> & Record<string, unknown> = {
    dataset_id: "synthetic-1",
    dataset_name: "synthetic shots",
    key_name: "FieldRecord",
    gather_key: key,
    gain: 1,
    clip: 99,
    colormap: "seismic",
    interpolation: "none",
    display_mode: "density",
    viewport: null,
    compare: compare === undefined ? null : { dataset_id: "synthetic-2", dataset_name: "synthetic, filtered" },
    status: { cached: 0, cache_bytes: 0, budget_bytes: 0, hits: 0, misses: 0, hit_rate: 0, prefetch: "off", prefetch_running: 0, prefetch_queued: 0, error: "" },
    snapshot: fullBlockMeta(g, key, 1),
    snapshot_compare: compare === undefined ? null : fullBlockMeta(compare, key, 1),
    can_undo: false,
    can_redo: false,
    undo_label: "",
    height: 480,
    ...overrides,
  };
  const full = {
    _model_name: "GatherViewerModel",
    _model_module: "seisproc",
    _model_module_version: WIDGET_MODULE_VERSION,
    _view_name: "GatherViewerView",
    _view_module: "seisproc",
    _view_module_version: WIDGET_MODULE_VERSION,
    _view_count: null,
    ...viewerState,
  };
  return {
    modelId,
    state: {
      model_name: "GatherViewerModel",
      model_module: "seisproc",
      model_module_version: WIDGET_MODULE_VERSION,
      state: full,
      buffers: [
        { path: ["gather_keys"], encoding: "base64", data: base64(keys) },
        { path: ["snapshot_samples"], encoding: "base64", data: base64(g.data) },
        ...(compare === undefined ? [] : [{ path: ["snapshot_compare_samples"], encoding: "base64", data: base64(compare.data) }]),
      ],
    },
  };
}

/** A notebook with a Markdown cell and one code cell whose output is a view of each given model. */
export function notebookWithWidgets(models: { modelId: string; state: Record<string, unknown> }[]): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "seisproc", display_name: "SeisProc (TypeScript)", language: "typescript" },
      widgets: {
        "application/vnd.jupyter.widget-state+json": {
          version_major: 2,
          version_minor: 0,
          state: Object.fromEntries(models.map((m) => [m.modelId, m.state])),
        },
      },
    },
    cells: [
      { cell_type: "markdown", metadata: {}, source: ["# Synthetic gather\n", "A viewer built from **hand-made** widget state."] },
      {
        cell_type: "code",
        metadata: {},
        execution_count: 1,
        source: "const v = new GatherViewer(data);\nv.display();",
        outputs: models.map((m) => ({
          output_type: "display_data",
          metadata: {},
          data: {
            "application/vnd.jupyter.widget-view+json": { model_id: m.modelId, version_major: 2, version_minor: 1 },
            "text/plain": "GatherViewer(...)",
          },
        })),
      },
    ],
  };
}
