/**
 * Checks of the header Parquet parts (present, readable, the right rows and trace range, the gather key
 * columns) and of the gather index (complete, consistent, and in agreement with the header key columns).
 *
 * @module
 */
import { readJson } from "../storage/json";
import { buildGatherIndex, tracesOfGather, type GatherIndex } from "./gather-index";
import { TRACE_COLUMN } from "./header-columns";
import { HeaderPart } from "./header-part";
import { headerPartKey, STORE_KEYS, zarrFormatOf } from "./layout";
import { gatherOrderKeys, readKeyColumns } from "./store-derived";
import type { CheckContext } from "./validate-problems";

/**
 * Checks every header part; true when all are fine (then the gather index can be derived from them).
 *
 * @example
 * ```ts
 * const partsOk = await checkHeaderParts(context);
 * ```
 */
export async function checkHeaderParts(context: CheckContext): Promise<boolean> {
  const { store, metadata, problems } = context;
  const { gatherKey, secondaryKey } = metadata.importOptions;
  let ok = true;
  for (let s = 0; s < metadata.segmentCount; s++) {
    context.signal?.throwIfAborted();
    const key = headerPartKey(s);
    const start = s * metadata.segmentTraces;
    const rows = Math.min(metadata.segmentTraces, metadata.traceCount - start);
    const bad = (kind: string, detail: string): void => {
      problems.add(kind, key, detail, false);
      ok = false;
    };
    const bytes = await store.get(key, { signal: context.signal });
    context.checked.parts++;
    context.onProgress?.({ phase: "headers", done: s + 1, total: metadata.segmentCount });
    if (bytes === undefined) {
      bad("header-part-missing", `the header values of traces ${start}..${start + rows - 1} are missing; re-import the source`);
      continue;
    }
    let part: HeaderPart;
    try {
      part = await HeaderPart.open(bytes);
    } catch (error) {
      bad("header-part-corrupt", `${error instanceof Error ? error.message : String(error)}; re-import the source`);
      continue;
    }
    const lacking = [TRACE_COLUMN, gatherKey, ...(secondaryKey === null ? [] : [secondaryKey])].filter((c) => !part.hasColumn(c));
    if (lacking.length > 0) {
      bad("header-part-corrupt", `has no column ${lacking.join(", ")}; re-import the source`);
      continue;
    }
    const trace = part.statistics()[TRACE_COLUMN];
    if (part.rowCount !== rows) {
      bad("header-part-rows", `holds ${part.rowCount} rows, not ${rows} (traces ${start}..${start + rows - 1}); re-import the source`);
    } else if (rows > 0 && (trace === undefined || trace.min !== start || trace.max !== start + rows - 1)) {
      const range = trace === undefined ? "no statistics" : `${trace.min}..${trace.max}`;
      bad("header-part-rows", `its trace column covers ${range}, not ${start}..${start + rows - 1}; re-import the source`);
    }
  }
  return ok;
}

/**
 * Checks the gather index; with `partsOk`, also against the header key columns. Problems are repairable
 * only when the header parts are fine (the index is rebuilt from them).
 *
 * @example
 * ```ts
 * await checkGatherIndex(context, await checkHeaderParts(context));
 * ```
 */
export async function checkGatherIndex(context: CheckContext, partsOk: boolean): Promise<void> {
  const { store, metadata, problems } = context;
  const n = metadata.traceCount;
  const fix = partsOk ? "; rebuilt from the header parts by repair" : "; it cannot be rebuilt until the header parts are fixed";
  let index: GatherIndex | undefined;
  try {
    index = await readJson<GatherIndex>(store, STORE_KEYS.gathers, { signal: context.signal });
  } catch (error) {
    problems.add("gathers-invalid", STORE_KEYS.gathers, `${error instanceof Error ? error.message : String(error)}${fix}`, partsOk);
    return;
  }
  if (index === undefined) {
    problems.add("gathers-missing", STORE_KEYS.gathers, `the gather index is missing${fix}`, partsOk);
    return;
  }
  const invalid = indexInconsistency(index, metadata.importOptions.gatherKey, metadata.importOptions.secondaryKey, n);
  if (invalid !== undefined) {
    problems.add("gathers-invalid", STORE_KEYS.gathers, `${invalid}${fix}`, partsOk);
    return;
  }
  let order: Int32Array | null = null;
  if (!index.sorted) {
    const [metadataKey, key] = gatherOrderKeys(zarrFormatOf(metadata.importOptions)).filter((k) => !k.endsWith(".zattrs"));
    const bytes = await store.get(key, { signal: context.signal });
    if (bytes === undefined || (await store.get(metadataKey)) === undefined) {
      problems.add("gather-order-missing", STORE_KEYS.gatherOrder, `the traces are not in gather order and gather_order is missing${fix}`, partsOk);
      return;
    }
    order = bytes.length === n * 4 ? new Int32Array(bytes.slice().buffer) : null;
    const seen = new Uint8Array(n);
    if (order === null || order.some((t) => t < 0 || t >= n || seen[t]++ > 0)) {
      problems.add("gather-order-invalid", key, `not a permutation of the ${n} traces (${bytes.length} bytes)${fix}`, partsOk);
      return;
    }
  }
  if (!partsOk) return;
  context.onProgress?.({ phase: "index", done: 0, total: 1 });
  let columns: Awaited<ReturnType<typeof readKeyColumns>>;
  try {
    columns = await readKeyColumns(store, metadata, context.signal);
  } catch (error) {
    if (context.signal?.aborted === true) throw error;
    problems.add("header-part-corrupt", "/headers/", `the key columns cannot be read: ${error instanceof Error ? error.message : String(error)}`, false);
    return;
  }
  const { keys, secondary } = columns;
  const disagreement = indexDisagreement(index, order, keys, secondary);
  const rebuilt = buildGatherIndex(index.key, keys, index.secondaryKey, secondary).index;
  const counts = ["duplicateTraces", "missingTraces"] as const;
  const off = counts.find((c) => rebuilt[c] !== index?.[c]);
  if (disagreement !== undefined) problems.add("gathers-mismatch", STORE_KEYS.gathers, `${disagreement}${fix}`, true);
  else if (off !== undefined) problems.add("gathers-mismatch", STORE_KEYS.gathers, `${off} is ${index[off]}, the header columns give ${rebuilt[off]}${fix}`, true);
  context.onProgress?.({ phase: "index", done: 1, total: 1 });
}

/** Why `index` cannot be the index of `n` traces by `key`, or undefined. */
function indexInconsistency(index: GatherIndex, key: string, secondaryKey: string | null, n: number): string | undefined {
  const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every((v) => typeof v === "number" && Number.isFinite(v));
  if (typeof index !== "object" || index === null) return "is not a JSON object";
  if (index.key !== key || (index.secondaryKey ?? null) !== secondaryKey) {
    return `indexes by ${index.key}/${index.secondaryKey}, but the store was imported with ${key}/${secondaryKey}`;
  }
  if (!isNumbers(index.keys) || !isNumbers(index.starts) || !isNumbers(index.counts) || typeof index.sorted !== "boolean") return "lacks keys, starts, counts or sorted";
  if (index.starts.length !== index.keys.length || index.counts.length !== index.keys.length) return "keys, starts and counts differ in length";
  let position = 0;
  for (let g = 0; g < index.keys.length; g++) {
    if (g > 0 && !(index.keys[g] > index.keys[g - 1])) return `keys are not ascending at gather ${g} (${index.keys[g - 1]}, ${index.keys[g]})`;
    if (index.starts[g] !== position) return `gather ${g} starts at ${index.starts[g]}, not ${position}`;
    if (!Number.isInteger(index.counts[g]) || index.counts[g] < 1) return `gather ${g} has ${index.counts[g]} traces`;
    position += index.counts[g];
  }
  if (position !== n) return `the gathers hold ${position} traces, the store ${n}`;
  return undefined;
}

/** Where the index disagrees with the key columns, or undefined. */
function indexDisagreement(index: GatherIndex, order: Int32Array | null, keys: Float64Array, secondary: Float64Array | null): string | undefined {
  for (let g = 0; g < index.keys.length; g++) {
    const traces = tracesOfGather(index, order, g);
    for (let i = 0; i < traces.length; i++) {
      const t = traces[i];
      if (keys[t] !== index.keys[g]) return `trace ${t} has ${index.key} = ${keys[t]} but is in gather ${index.keys[g]}`;
      if (secondary !== null && i > 0 && secondary[t] < secondary[traces[i - 1]]) {
        return `gather ${index.keys[g]} is not ordered by ${index.secondaryKey} at trace ${t}`;
      }
    }
  }
  return undefined;
}
