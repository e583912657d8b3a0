/**
 * Renderer of a project, from its plain JSON shape (`id`, `name`, `datasets`, `processingHistory`, `notes`):
 * the project itself or anything exposing it as `.project` (a project manager). Shows its datasets and a count of
 * its processing steps; render the history itself with the provenance renderer.
 *
 * @module
 */
import { isRecord, renderFields, renderTable, shortId } from "../html";
import type { Rendered, Renderer } from "../registry";

/** The plain project fields the renderer reads. */
interface ProjectShape {
  id: string;
  name: string;
  datasets: Record<string, unknown>[];
  processingHistory: unknown[];
  notes?: unknown;
  createdAt?: unknown;
  modifiedAt?: unknown;
}

function asProject(value: unknown): ProjectShape | undefined {
  const candidate = isRecord(value) && isRecord(value.project) && !Array.isArray(value.datasets) ? value.project : value;
  if (!isRecord(candidate)) return undefined;
  if (typeof candidate.id !== "string" || typeof candidate.name !== "string" || !Array.isArray(candidate.datasets) || !Array.isArray(candidate.processingHistory)) return undefined;
  return candidate as unknown as ProjectShape;
}

/**
 * Renders a project.
 *
 * @example
 * ```ts
 * display(manager.project);
 * ```
 */
export const projectRenderer: Renderer = {
  name: "project",
  accepts: (value) => asProject(value) !== undefined,
  render(value): Rendered {
    const p = asProject(value) as ProjectShape;
    const summary = renderFields(`Project ${p.name} (${shortId(p.id)})`, [
      ["datasets", p.datasets.length],
      ["processing steps", p.processingHistory.length],
      ["created", p.createdAt],
      ["modified", p.modifiedAt],
      ["notes", typeof p.notes === "string" && p.notes !== "" ? p.notes : undefined],
    ]);
    if (p.datasets.length === 0) return summary;
    const table = renderTable(
      ["name", "id", "storage", "source", "added"],
      p.datasets.map((d) => [d.name, shortId(d.datasetId ?? d.id), d.storagePath ?? d.location, d.sourcePath === "" ? "(processed)" : d.sourcePath, d.addedAt]),
    );
    return { html: `${summary.html}<div style="margin-top:0.5em">${table.html}</div>`, text: `${summary.text}\n\n${table.text}` };
  },
};
