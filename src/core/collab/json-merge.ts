/**
 * Three-way merge of JSON documents: `base` is the version a writer loaded, `ours` what it wants to save, `theirs`
 * what another writer saved meanwhile. Values only one side changed take that side; objects merge key by key;
 * arrays of records with ids (datasets, processing steps, notes with ids) merge record by record; other arrays
 * and multi-line text merge as sequences, keeping both sides' insertions at the same place (appended notes).
 * What both sides changed differently is a {@link MergeConflict}, never silently overwritten, unless a resolver
 * the caller gave decides it.
 *
 * @module
 */
import { MergeConflictError } from "./errors";
import { mergeSequences } from "./sequence-merge";
import type { JsonValue } from "../project/json-value";
import { canonicalJson } from "../provenance/canonical-json";
import { deepEqual, formatPath, isJsonObject, type MergeConflict, type PathSegment } from "./json-path";

/** How a resolver settles a conflict: take a side, or give the value to keep (`{ value: undefined }` removes it). */
export type ConflictResolution = "ours" | "theirs" | { value: JsonValue | undefined };

/** Settles conflicts at matching paths instead of reporting them. */
export interface ConflictResolver {
  /**
   * The paths it applies to, as in {@link formatPath} but with `*` for any one segment (key, index or record):
   * `"modifiedAt"`, `"datasets.*.lastOpened"`. Or a predicate over the segments.
   */
  path: string | ((segments: readonly PathSegment[]) => boolean);
  /** The resolution, or a function choosing one (returning undefined reports the conflict after all). */
  resolve: ConflictResolution | ((conflict: MergeConflict) => ConflictResolution | undefined);
}

/** Options of {@link mergeJson}. */
export interface MergeOptions {
  /**
   * Field names that identify records in arrays, tried in order (default `["id", "datasetId", "uuid"]`). An
   * array merges by id when every record of all three versions is an object with the same such field holding a
   * string or number, unique within its array.
   */
  idKeys?: readonly string[];
  /** Resolvers for conflicts expected to happen (timestamps every save touches); the first that matches decides. */
  resolvers?: readonly ConflictResolver[];
  /**
   * Paths (as in {@link ConflictResolver.path}) of free-text fields, such as `"notes"`: these merge line by line
   * even when they hold one line, so that two writers adding text to an empty field both keep theirs. Other
   * strings merge line by line only when they hold several lines; one-line values changed differently conflict.
   */
  textPaths?: readonly string[];
}

/** The outcome of {@link mergeJson}: the merged value (theirs at conflicting paths) and the conflicts, if any. */
export interface MergeResult {
  /** The merged document; `undefined` when it was deleted. At each conflict it holds theirs. */
  value: JsonValue | undefined;
  /** The conflicts no resolver settled; empty for a clean merge. */
  conflicts: MergeConflict[];
}

/** Default id fields, tried in order. */
export const DEFAULT_ID_KEYS: readonly string[] = ["id", "datasetId", "uuid"];

/**
 * Merges two edits of a JSON document made from the same base. Never throws for conflicts: they come back in
 * `conflicts` (see {@link mergeJsonOrThrow}).
 *
 * @example
 * ```ts
 * const base = { name: "North", datasets: [{ id: "a", name: "raw" }] };
 * const ours = { name: "North Sea", datasets: [{ id: "a", name: "raw" }, { id: "b", name: "nmo" }] };
 * const theirs = { name: "North", datasets: [{ id: "a", name: "raw" }, { id: "c", name: "stack" }] };
 * mergeJson(base, ours, theirs).value;
 * // { name: "North Sea", datasets: [{ id: "a", ... }, { id: "c", ... }, { id: "b", ... }] }
 * ```
 */
export function mergeJson(base: JsonValue | undefined, ours: JsonValue | undefined, theirs: JsonValue | undefined, options: MergeOptions = {}): MergeResult {
  const merger = new Merger(options.idKeys ?? DEFAULT_ID_KEYS, options.resolvers ?? [], options.textPaths ?? []);
  const value = merger.merge(base, ours, theirs, []);
  return { value, conflicts: merger.conflicts };
}

/**
 * {@link mergeJson}, throwing a {@link MergeConflictError} (naming `resource`) when conflicts remain.
 *
 * @example
 * ```ts
 * const merged = mergeJsonOrThrow("project.json", loaded, edited, onDisk);
 * ```
 */
export function mergeJsonOrThrow(resource: string, base: JsonValue | undefined, ours: JsonValue, theirs: JsonValue, options: MergeOptions = {}): JsonValue | undefined {
  const { value, conflicts } = mergeJson(base, ours, theirs, options);
  if (conflicts.length > 0) throw new MergeConflictError(resource, conflicts, { base, ours, theirs });
  return value;
}

/** True when a resolver's path pattern matches `segments`. */
function pathMatches(pattern: ConflictResolver["path"], segments: readonly PathSegment[]): boolean {
  if (typeof pattern === "function") return pattern(segments);
  const want = pattern === "" ? [] : pattern.split(".");
  if (want.length !== segments.length) return false;
  return want.every((w, i) => {
    if (w === "*") return true;
    const s = segments[i];
    if (typeof s === "string") return s === w;
    return formatPath([s]) === w;
  });
}

/** One merge's state: the options and the conflicts found so far. */
class Merger {
  readonly conflicts: MergeConflict[] = [];

  constructor(
    private readonly idKeys: readonly string[],
    private readonly resolvers: readonly ConflictResolver[],
    private readonly textPaths: readonly string[],
  ) {}

  merge(base: JsonValue | undefined, ours: JsonValue | undefined, theirs: JsonValue | undefined, path: PathSegment[]): JsonValue | undefined {
    if (deepEqual(ours, theirs)) return ours;
    if (deepEqual(base, ours)) return theirs;
    if (deepEqual(base, theirs)) return ours;
    // Both sides changed this value, differently.
    if (isJsonObject(ours) && isJsonObject(theirs) && (base === undefined || isJsonObject(base))) {
      return this.mergeObjects(base ?? {}, ours, theirs, path);
    }
    if (Array.isArray(ours) && Array.isArray(theirs) && (base === undefined || Array.isArray(base))) {
      const b = base ?? [];
      const idKey = this.idKeyOf(b, ours, theirs);
      if (idKey !== undefined) return this.mergeRecords(idKey, b, ours, theirs, path);
      const merged = mergeSequences(b, ours, theirs, canonicalJson, true);
      if (!merged.conflict) return merged.items;
    } else if (typeof ours === "string" && typeof theirs === "string" && (base === undefined || typeof base === "string")) {
      const lines = (s: string): string[] => (s === "" ? [] : s.split(/(?<=\n)/));
      const b = lines(base ?? "");
      const o = lines(ours);
      const t = lines(theirs);
      if (b.length > 1 || o.length > 1 || t.length > 1 || this.textPaths.some((p) => pathMatches(p, path))) {
        const merged = mergeSequences(b, o, t, (line) => (line.endsWith("\n") ? line : `${line}\n`));
        if (!merged.conflict) return joinLines(merged.items);
      }
    }
    return this.conflict({ path: formatPath(path), segments: [...path], base, ours, theirs });
  }

  /** Records a conflict, unless a resolver settles it; returns the value to keep (theirs when unresolved). */
  private conflict(c: MergeConflict): JsonValue | undefined {
    for (const r of this.resolvers) {
      if (!pathMatches(r.path, c.segments)) continue;
      const resolution = typeof r.resolve === "function" ? r.resolve(c) : r.resolve;
      if (resolution === undefined) break;
      if (resolution === "ours") return c.ours;
      if (resolution === "theirs") return c.theirs;
      return resolution.value;
    }
    this.conflicts.push(c);
    return c.theirs;
  }

  private mergeObjects(base: { [k: string]: JsonValue }, ours: { [k: string]: JsonValue }, theirs: { [k: string]: JsonValue }, path: PathSegment[]): JsonValue {
    const out: { [k: string]: JsonValue } = {};
    const keys = [...new Set([...Object.keys(theirs), ...Object.keys(ours), ...Object.keys(base)])];
    for (const k of keys) {
      const v = this.merge(own(base, k), own(ours, k), own(theirs, k), [...path, k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  /** The id field that makes all three arrays arrays of records, or undefined. */
  private idKeyOf(...arrays: JsonValue[][]): string | undefined {
    const all = arrays.flat();
    if (all.length === 0) return undefined;
    return this.idKeys.find((k) =>
      arrays.every((arr) => {
        const ids = new Set<string | number>();
        for (const item of arr) {
          if (!isJsonObject(item)) return false;
          const id = own(item, k);
          if (typeof id !== "string" && typeof id !== "number") return false;
          if (ids.has(id)) return false;
          ids.add(id);
        }
        return true;
      }),
    );
  }

  /** Merges arrays of records by id: theirs' order, with our new records after their neighbours in ours. */
  private mergeRecords(idKey: string, base: JsonValue[], ours: JsonValue[], theirs: JsonValue[], path: PathSegment[]): JsonValue[] {
    const idOf = (v: JsonValue): string | number => (v as { [k: string]: string | number })[idKey];
    const byId = (arr: JsonValue[]): Map<string | number, JsonValue> => new Map(arr.map((v) => [idOf(v), v]));
    const b = byId(base);
    const o = byId(ours);
    const t = byId(theirs);
    const merged = new Map<string | number, JsonValue>();
    const order: (string | number)[] = theirs.map(idOf);
    const isTheirsNew = (id: string | number): boolean => t.has(id) && !b.has(id) && !o.has(id);
    // Records in ours but not in theirs (ours added them, or theirs deleted them and the merge decides) go after
    // the nearest record before them in ours that is already placed (or at the start when there is none).
    ours.forEach((v, i) => {
      const id = idOf(v);
      if (t.has(id)) return;
      let at = -1;
      for (let j = i - 1; j >= 0 && at < 0; j--) at = order.indexOf(idOf(ours[j]));
      // Records they added at the same place come first, as with text insertions.
      while (at + 1 < order.length && isTheirsNew(order[at + 1])) at++;
      order.splice(at + 1, 0, id);
    });
    for (const id of order) {
      const v = this.merge(b.get(id), o.get(id), t.get(id), [...path, { idKey, id }]);
      if (v !== undefined) merged.set(id, v);
    }
    return [...merged.values()];
  }
}

/** `obj[k]` when `k` is the object's own key, else undefined (never a prototype member). */
function own(obj: { [k: string]: JsonValue }, k: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined;
}

/** Joins merged lines, adding the newline a line lost by ending the text when another line now follows it. */
function joinLines(lines: string[]): string {
  return lines.map((l, i) => (i < lines.length - 1 && !l.endsWith("\n") ? `${l}\n` : l)).join("");
}
