/**
 * What a store holds at a glance, from its marker files only (no chunk is read): a complete import, an
 * unfinished one (and how far it got), a store whose completion marker is gone, nothing, or something else.
 * Commands use it to decide what to do with a store before opening it.
 *
 * @module
 */
import { readJson } from "../storage/json";
import type { ReadableStore, StoreKey } from "../storage/types";
import { STORE_KEYS } from "./layout";

/** What {@link storeStatus} found. */
export interface StoreStatus {
  /**
   * `complete`: the COMPLETE marker is there. `unfinished`: an import's progress file is there, no marker.
   * `incomplete`: Zarr group or metadata without marker nor progress (damaged: validate and repair).
   * `empty`: no keys at all. `foreign`: keys, but none of SeisProc's.
   */
  state: "complete" | "unfinished" | "incomplete" | "empty" | "foreign";
  /** For an unfinished import: the source file's path, when recorded. */
  source?: string;
  /** For an unfinished import: segments done. */
  segmentsDone?: number;
  /** For an unfinished import: segments in all, when the traces array is already described. */
  segmentCount?: number;
}

/**
 * The state of a store, from its marker files. Without `list`, a store with no SeisProc file is `foreign`.
 *
 * @example
 * ```ts
 * const status = await storeStatus(new FileSystemStore("line.seis"));
 * const done = status.state === "unfinished" ? `${status.segmentsDone} of ${status.segmentCount} segments done` : status.state;
 * ```
 */
export async function storeStatus(store: ReadableStore & { list?(prefix?: StoreKey): AsyncIterable<StoreKey> }): Promise<StoreStatus> {
  if ((await store.get(STORE_KEYS.complete)) !== undefined) return { state: "complete" };
  if ((await store.get(STORE_KEYS.progress)) !== undefined) {
    const progress = await readJson<{ source?: { path?: unknown }; segmentTraces?: unknown; done?: unknown }>(store, STORE_KEYS.progress).catch(() => undefined);
    const zarray =
      (await readJson<{ shape?: unknown }>(store, `${STORE_KEYS.traces}/.zarray`).catch(() => undefined)) ??
      (await readJson<{ shape?: unknown }>(store, `${STORE_KEYS.traces}/zarr.json`).catch(() => undefined));
    const traces = Array.isArray(zarray?.shape) && typeof zarray.shape[0] === "number" ? zarray.shape[0] : undefined;
    const per = typeof progress?.segmentTraces === "number" && progress.segmentTraces > 0 ? progress.segmentTraces : undefined;
    const status: StoreStatus = { state: "unfinished", segmentsDone: Array.isArray(progress?.done) ? progress.done.length : 0 };
    if (typeof progress?.source?.path === "string") status.source = progress.source.path;
    if (traces !== undefined && per !== undefined) status.segmentCount = Math.ceil(traces / per);
    return status;
  }
  if ((await store.get(STORE_KEYS.metadata)) !== undefined || (await store.get(STORE_KEYS.group)) !== undefined || (await store.get(STORE_KEYS.zarrJson)) !== undefined) {
    return { state: "incomplete" };
  }
  if (store.list === undefined) return { state: "foreign" };
  for await (const key of store.list("/")) {
    void key;
    return { state: "foreign" };
  }
  return { state: "empty" };
}

/**
 * A sentence on an unfinished import, for messages.
 *
 * @example
 * ```ts
 * describeUnfinished({ state: "unfinished", source: "/d/line.sgy", segmentsDone: 3, segmentCount: 12 });
 * // "the import of /d/line.sgy did not finish (3 of 12 segments done)"
 * ```
 */
export function describeUnfinished(status: StoreStatus): string {
  const of = status.segmentCount === undefined ? "" : ` of ${status.segmentCount}`;
  const source = status.source === undefined ? "" : ` of ${status.source}`;
  return `the import${source} did not finish (${status.segmentsDone ?? 0}${of} segments done)`;
}
