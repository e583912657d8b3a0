/**
 * Renderers of datasets: an open `LazySeismicData` (recognised by its `metadata`, `gatherKeys()` and
 * `gatherCount`) and a registry's plain `DatasetInfo` record. Both show size, sampling, gathers and source.
 *
 * @module
 */
import { formatBytes, isRecord, renderFields, shortId } from "../html";
import type { Rendered, Renderer } from "../registry";

/** The parts of a LazySeismicData the renderer reads. */
interface LazyDatasetShape {
  name: string;
  id: string;
  metadata: Record<string, unknown> & { source?: Record<string, unknown> };
  gatherCount: number;
  gatherKeys(): number[];
}

function isLazyDataset(value: unknown): value is LazyDatasetShape {
  return isRecord(value) && isRecord(value.metadata) && typeof value.metadata.traceCount === "number" && typeof value.gatherCount === "number" && typeof value.gatherKeys === "function";
}

function recordLength(samples: unknown, intervalUs: unknown): string | undefined {
  return typeof samples === "number" && typeof intervalUs === "number" ? `${(samples * intervalUs) / 1000} ms` : undefined;
}

function crsText(crs: unknown): string {
  if (!isRecord(crs)) return "none";
  const code = crs.epsg ?? crs.code ?? crs.name;
  return code === undefined ? "set" : String(code);
}

/**
 * Renders an open dataset.
 *
 * @example
 * ```ts
 * registerRenderer(lazyDatasetRenderer);
 * ```
 */
export const lazyDatasetRenderer: Renderer = {
  name: "dataset",
  accepts: isLazyDataset,
  render(value): Rendered {
    const d = value as LazyDatasetShape;
    const m = d.metadata;
    const keys = d.gatherKeys();
    const source = isRecord(m.source) ? m.source : {};
    const importOptions = isRecord(m.importOptions) ? m.importOptions : {};
    const dtypeBytes: Record<string, number> = { float32: 4, int32: 4, int16: 2, int8: 1, float64: 8, uint8: 1 };
    const sampleBytes = typeof m.traceCount === "number" && typeof m.samplesPerTrace === "number" ? m.traceCount * m.samplesPerTrace * (dtypeBytes[String(m.dtype)] ?? 4) : NaN;
    return renderFields(`Dataset ${d.name} (${shortId(d.id)})`, [
      ["traces", m.traceCount],
      ["samples per trace", m.samplesPerTrace],
      ["sample interval", typeof m.sampleIntervalUs === "number" ? `${m.sampleIntervalUs} µs` : "unknown"],
      ["record length", recordLength(m.samplesPerTrace, m.sampleIntervalUs)],
      ["sample type", m.dtype],
      ["samples in memory", formatBytes(sampleBytes)],
      ["gathers", `${d.gatherCount} by ${String(importOptions.gatherKey ?? "gather key")}${keys.length > 0 ? `, keys ${keys[0]} … ${keys[keys.length - 1]}` : ""}`],
      ["source", source.path === undefined ? undefined : `${String(source.path)} (${String(source.container ?? "segy").toUpperCase()} format ${String(source.format)}, ${formatBytes(Number(source.size))})`],
      ["CRS", crsText(m.crs)],
      ["processing steps", Array.isArray(m.provenance) ? m.provenance.length : undefined],
      ["created", m.createdAt],
      ["id", d.id],
    ]);
  },
};

/** The parts of a DatasetInfo record the renderer reads. */
function isDatasetInfo(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.id === "string" && typeof value.traceCount === "number" && typeof value.samplesPerTrace === "number" && typeof value.gatherCount === "number" && "location" in value;
}

/**
 * Renders a registry's dataset record (`DatasetInfo`).
 *
 * @example
 * ```ts
 * mimeBundleFor(info).data["text/plain"]; // "Dataset line-1 (5f0c2a9e)\n  traces: 1,200 …"
 * ```
 */
export const datasetInfoRenderer: Renderer = {
  name: "dataset-info",
  accepts: isDatasetInfo,
  render(value): Rendered {
    const d = value as Record<string, unknown>;
    const spread = isRecord(d.tracesPerGather) ? `${String(d.tracesPerGather.min)}–${String(d.tracesPerGather.max)} traces each` : undefined;
    return renderFields(`Dataset ${String(d.name ?? "")} (${shortId(d.id)})`, [
      ["location", d.location],
      ["traces", d.traceCount],
      ["samples per trace", d.samplesPerTrace],
      ["sample interval", typeof d.sampleIntervalUs === "number" ? `${d.sampleIntervalUs} µs` : "unknown"],
      ["record length", typeof d.recordLengthMs === "number" ? `${d.recordLengthMs} ms` : undefined],
      ["sample type", d.dtype],
      ["samples in memory", typeof d.sampleBytes === "number" ? formatBytes(d.sampleBytes) : undefined],
      ["gathers", `${String(d.gatherCount)} by ${String(d.gatherKey ?? "gather key")}${d.firstGatherKey !== undefined && d.firstGatherKey !== null ? `, keys ${String(d.firstGatherKey)} … ${String(d.lastGatherKey)}` : ""}${spread === undefined ? "" : ` (${spread})`}`],
      ["source", isRecord(d.source) ? d.source.path : undefined],
      ["added", d.addedAt],
      ["id", d.id],
    ]);
  },
};
