/**
 * What a writer changed in a project, as journal entries: datasets added, removed or changed (by dataset id),
 * processing steps recorded, notes and name changed, and any other field. Computed from the version the writer
 * loaded and the version it saves, so that the journal records this writer's changes and nobody else's.
 *
 * @module
 */
import type { Project } from "../project/project-types";
import { deepEqual } from "./json-path";
import type { NewJournalEntry } from "./journal";

/** Longest text kept in an entry's `details` (longer notes are cut). */
const MAX_DETAIL_CHARS = 2000;

/** Fields handled on their own; any other changed field gets a `"field-changed"` entry. */
const SPECIAL = new Set(["datasets", "processingHistory", "notes", "name", "modifiedAt"]);

/**
 * The journal entries for the changes from `base` to `ours` (`base` undefined: the project was created).
 *
 * @example
 * ```ts
 * describeProjectChanges(loaded, edited);
 * // [{ action: "dataset-added", target: "3f2a...", summary: 'added dataset "line 1" (3f2a...)' }, ...]
 * ```
 */
export function describeProjectChanges(base: Project | undefined, ours: Project): NewJournalEntry[] {
  if (base === undefined) return [{ action: "project-created", target: ours.id, summary: `created project "${ours.name}"`, details: { name: ours.name } }];
  const out: NewJournalEntry[] = [];
  const baseSets = new Map(base.datasets.map((d) => [d.datasetId, d]));
  const ourSets = new Map(ours.datasets.map((d) => [d.datasetId, d]));
  for (const d of ours.datasets) {
    const before = baseSets.get(d.datasetId);
    if (before === undefined) {
      out.push({ action: "dataset-added", target: d.datasetId, summary: `added dataset "${d.name}" (${d.datasetId})`, details: { name: d.name, storagePath: d.storagePath } });
    } else if (!deepEqual(before as never, d as never)) {
      const fields = Object.keys({ ...before, ...d }).filter((k) => !deepEqual((before as never)[k], (d as never)[k]));
      out.push({ action: "dataset-changed", target: d.datasetId, summary: `changed ${fields.join(", ")} of dataset "${d.name}" (${d.datasetId})`, details: { fields } });
    }
  }
  for (const d of base.datasets) {
    if (!ourSets.has(d.datasetId)) out.push({ action: "dataset-removed", target: d.datasetId, summary: `removed dataset "${d.name}" (${d.datasetId})`, details: { name: d.name } });
  }
  const baseSteps = new Map(base.processingHistory.map((s) => [s.id, s]));
  const ourSteps = new Set(ours.processingHistory.map((s) => s.id));
  for (const s of ours.processingHistory) {
    const before = baseSteps.get(s.id);
    if (before === undefined) {
      out.push({ action: "step-recorded", target: s.id, summary: `recorded ${s.processorName} ${s.processorVersion} on dataset ${s.inputDatasetId}`, details: { processorName: s.processorName, inputDatasetId: s.inputDatasetId, outputDatasetId: s.outputDatasetId } });
    } else if (!deepEqual(before as never, s as never)) {
      out.push({ action: "step-changed", target: s.id, summary: `changed processing step ${s.id} (${s.processorName})` });
    }
  }
  for (const s of base.processingHistory) {
    if (!ourSteps.has(s.id)) out.push({ action: "step-removed", target: s.id, summary: `removed processing step ${s.id} (${s.processorName})` });
  }
  if (base.notes !== ours.notes) {
    const added = ours.notes.startsWith(base.notes) ? ours.notes.slice(base.notes.length).replace(/^\n+/, "") : undefined;
    const text = added ?? ours.notes;
    out.push({
      action: "notes-changed",
      target: "notes",
      summary: added !== undefined ? `added to the notes: ${oneLine(added)}` : "edited the notes",
      details: { [added !== undefined ? "added" : "notes"]: text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text },
    });
  }
  if (base.name !== ours.name) out.push({ action: "renamed", target: "name", summary: `renamed the project from "${base.name}" to "${ours.name}"`, details: { from: base.name, to: ours.name } });
  for (const key of Object.keys({ ...base, ...ours })) {
    if (SPECIAL.has(key)) continue;
    const a = (base as unknown as Record<string, never>)[key];
    const b = (ours as unknown as Record<string, never>)[key];
    if (!deepEqual(a, b)) out.push({ action: "field-changed", target: key, summary: `changed ${key}` });
  }
  return out;
}

/** The first line of `text`, cut to 80 characters. */
function oneLine(text: string): string {
  const line = text.split("\n")[0];
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
