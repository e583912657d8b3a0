/**
 * The dataset properties dialog's content, built on the kernel side as titled sections of label / value rows
 * (geometry, headers, CRS, provenance, storage), so the front end shows it without knowing dataset internals.
 *
 * @module
 */
import type { DatasetInfo } from "../../src/core/datasets/dataset-info";
import type { LazySeismicData } from "../../src/core/store/lazy-seismic-data";
import type { DatasetProperties } from "./protocol";

function n(v: number | null | undefined, unit = ""): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : `${Number(v.toPrecision(6)).toLocaleString("en-US")}${unit}`;
}

function bytes(b: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = b;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(3))} ${units[i]}`;
}

function crsText(crs: unknown): string {
  if (crs === null || crs === undefined) return "none recorded";
  if (typeof crs === "string") return crs;
  const c = crs as { epsg?: number | null; epsgCode?: number | null; name?: string; description?: string; units?: string; proj4?: string };
  const code = c.epsg ?? c.epsgCode;
  const parts = [code ? `EPSG:${code}` : "", c.name ?? c.description ?? "", c.units ? `units ${c.units}` : ""].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : JSON.stringify(crs).slice(0, 200);
}

/**
 * Builds the properties of `data` (described by `info`, the registry's metadata for it).
 *
 * @example
 * ```ts
 * const props = await datasetProperties(data, datasets.getDatasetMetadata(id)!);
 * props.sections.map((s) => s.title); // ["Geometry", "Headers", "CRS", "Provenance", "Storage"]
 * ```
 */
export async function datasetProperties(data: LazySeismicData, info: DatasetInfo): Promise<DatasetProperties> {
  const geometry: [string, string][] = [
    ["traces", n(info.traceCount)],
    ["samples per trace", n(info.samplesPerTrace)],
    ["sample interval", info.sampleIntervalUs === null ? "unknown (sample index)" : n(info.sampleIntervalUs / 1000, " ms")],
    ["record length", n(info.recordLengthMs, " ms")],
    ["gather key", info.gatherKey],
    ["gathers", n(info.gatherCount)],
    ["first / last key", `${n(info.firstGatherKey)} / ${n(info.lastGatherKey)}`],
    ["traces per gather", info.tracesPerGather.min === info.tracesPerGather.max ? n(info.tracesPerGather.min) : `${n(info.tracesPerGather.min)}–${n(info.tracesPerGather.max)}`],
  ];
  let headers: [string, string][];
  try {
    const stats = await data.headers.statistics();
    headers = Object.entries(stats)
      .filter(([, s]) => !(s.min === 0 && s.max === 0))
      .map(([name, s]) => [name, s.min === s.max ? n(s.min) : `${n(s.min)} … ${n(s.max)}`] as [string, string]);
    const zero = Object.entries(stats).filter(([, s]) => s.min === 0 && s.max === 0).length;
    if (zero > 0) headers.push(["(all zero)", `${zero} more fields`]);
  } catch (error) {
    headers = [["unavailable", error instanceof Error ? error.message : String(error)]];
  }
  const steps = Array.isArray(data.metadata.provenance) ? (data.metadata.provenance as { processorName?: string; timestamp?: string; checksum?: string }[]) : [];
  const provenance: [string, string][] =
    steps.length === 0
      ? [["steps", "none: imported data"]]
      : [["steps", String(steps.length)], ...steps.map((s, i) => [`${i + 1}. ${s.processorName ?? "?"}`, `${s.timestamp ?? ""} · ${String(s.checksum ?? "").slice(0, 12)}…`] as [string, string])];
  const storage: [string, string][] = [
    ["id", info.id],
    ["location", info.location],
    ["sample type", info.dtype],
    ["samples in memory", bytes(info.sampleBytes)],
    ["traces per chunk", n(data.metadata.chunkTraces)],
    ["compression", String((data.metadata.importOptions as { compression?: unknown }).compression ?? "none")],
    ["created", info.createdAt],
    ["source", `${info.source.path} (${bytes(info.source.size)}, ${info.source.container.toUpperCase()} format ${info.source.format})`],
    ["source SHA-256", info.source.sha256],
  ];
  return {
    id: info.id,
    sections: [
      { title: "Geometry", rows: geometry },
      { title: "Headers", rows: headers },
      { title: "CRS", rows: [["coordinate system", crsText(info.crs)]] },
      { title: "Provenance", rows: provenance },
      { title: "Storage", rows: storage },
    ],
  };
}
