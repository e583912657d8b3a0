/**
 * The gather index: which traces make each gather (ensemble) for a header key, in what order. Files sorted by
 * the key need no reordering; unsorted files get a permutation (`gather_order`) so that every gather is one
 * contiguous run of it. Duplicate traces (same key and secondary key) and missing ones (gaps in the secondary
 * key within a gather) are counted, not rejected.
 *
 * @module
 */

/** The gather index of a store, as kept in `seisproc/gathers.json`. */
export interface GatherIndex {
  /** Header field that defines gathers, e.g. `"FieldRecord"`. */
  key: string;
  /** Field that orders traces within a gather, e.g. `"TraceNumber"`, or null for file order. */
  secondaryKey: string | null;
  /** True when the traces already come in gather order (then there is no `gather_order` array). */
  sorted: boolean;
  /** Gather key values, ascending. */
  keys: number[];
  /** For each gather, its first position in gather order. */
  starts: number[];
  /** For each gather, its number of traces. */
  counts: number[];
  /** Traces whose (key, secondary key) pair repeats an earlier trace's. */
  duplicateTraces: number;
  /** Traces missing from gathers whose secondary key values have gaps (max − min + 1 − distinct, summed). */
  missingTraces: number;
}

/**
 * Builds the gather index from the key columns of all traces.
 *
 * @example
 * ```ts
 * const { index, order } = buildGatherIndex("FieldRecord", Float64Array.of(2, 1, 1), null, null);
 * index.keys; // [1, 2]; order = [1, 2, 0]
 * ```
 */
export function buildGatherIndex(
  key: string,
  keyValues: Float64Array,
  secondaryKey: string | null,
  secondaryValues: Float64Array | null,
): { index: GatherIndex; order: Int32Array | null } {
  const n = keyValues.length;
  const secondary = secondaryValues ?? new Float64Array(0);
  const before = (a: number, b: number): boolean =>
    keyValues[a] < keyValues[b] || (keyValues[a] === keyValues[b] && secondaryValues !== null && secondary[a] < secondary[b]);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (before(i, i - 1)) sorted = false;
  let order: Int32Array | null = null;
  if (!sorted) {
    const permutation = Array.from({ length: n }, (_, i) => i);
    permutation.sort((a, b) => keyValues[a] - keyValues[b] || (secondaryValues === null ? 0 : secondary[a] - secondary[b]) || a - b);
    order = Int32Array.from(permutation);
  }
  const at = (position: number): number => (order === null ? position : order[position]);
  const keys: number[] = [];
  const starts: number[] = [];
  const counts: number[] = [];
  let duplicateTraces = 0;
  let missingTraces = 0;
  for (let p = 0; p < n; ) {
    const k = keyValues[at(p)];
    let end = p + 1;
    while (end < n && keyValues[at(end)] === k) end++;
    keys.push(k);
    starts.push(p);
    counts.push(end - p);
    if (secondaryValues !== null) {
      const seen = new Set<number>();
      let min = Infinity;
      let max = -Infinity;
      for (let q = p; q < end; q++) {
        const s = secondary[at(q)];
        if (seen.has(s)) duplicateTraces++;
        seen.add(s);
        if (s < min) min = s;
        if (s > max) max = s;
      }
      if (Number.isFinite(max - min) && max - min + 1 - seen.size < 1e7) missingTraces += max - min + 1 - seen.size;
    }
    p = end;
  }
  return { index: { key, secondaryKey, sorted: order === null, keys, starts, counts, duplicateTraces, missingTraces }, order };
}

/**
 * Trace indices of gather `g` in gather order.
 *
 * @example
 * ```ts
 * tracesOfGather(index, order, 0); // Int32Array of the first gather's traces
 * ```
 */
export function tracesOfGather(index: GatherIndex, order: Int32Array | null, g: number): Int32Array {
  const start = index.starts[g];
  const count = index.counts[g];
  if (order !== null) return order.subarray(start, start + count);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = start + i;
  return out;
}
