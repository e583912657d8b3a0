/**
 * Renderer of processing histories: a list of provenance steps (each a plain object with `processorName` and
 * `parameters`, as `ProvenanceStep` and the project's `ProcessingStep` are), or an object holding one as
 * `steps`, `processingHistory` or `provenance` (a provenance document, a project, a store's metadata). One row
 * per step: processor and version, parameters, input → output dataset, time, duration, output checksum.
 *
 * @module
 */
import { displayValue, isRecord, renderTable, shortId } from "../html";
import type { Rendered, Renderer } from "../registry";

function isStep(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.processorName === "string" && "parameters" in value;
}

function stepsOf(value: unknown): Record<string, unknown>[] | undefined {
  if (Array.isArray(value)) return value.length > 0 && value.every(isStep) ? (value as Record<string, unknown>[]) : undefined;
  if (!isRecord(value)) return undefined;
  // A project has datasets too: leave it to the project renderer unless asked for its history.
  if (Array.isArray(value.datasets)) return undefined;
  for (const key of ["steps", "processingHistory", "provenance"]) {
    const list = value[key];
    if (Array.isArray(list) && list.every(isStep)) return list as Record<string, unknown>[];
  }
  return undefined;
}

/**
 * Renders a processing history.
 *
 * @example
 * ```ts
 * display(dataset.metadata.provenance);
 * ```
 */
export const provenanceRenderer: Renderer = {
  name: "provenance",
  accepts: (value) => stepsOf(value) !== undefined,
  render(value): Rendered {
    const steps = stepsOf(value) ?? [];
    const rows = steps.map((s, i) => [
      i + 1,
      `${String(s.processorName)}${typeof s.processorVersion === "string" ? ` ${s.processorVersion}` : ""}`,
      displayValue(s.parameters, 60),
      `${shortId(s.inputDatasetId)} → ${s.outputDatasetId === null ? "(view)" : shortId(s.outputDatasetId)}`,
      s.timestamp,
      typeof s.durationMs === "number" ? `${Math.round(s.durationMs)} ms` : "—",
      typeof s.checksum === "string" && s.checksum !== "" ? s.checksum.slice(0, 12) : "—",
    ]);
    return renderTable(["#", "processor", "parameters", "input → output", "time", "duration", "output sha256"], rows, { caption: `Processing history (${steps.length} step${steps.length === 1 ? "" : "s"})` });
  },
};
