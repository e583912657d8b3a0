/**
 * Three-way merge of sequences (lines of text, arrays without record ids), diff3 style: the parts of the base
 * both sides kept anchor the merge, and each stretch between anchors takes whichever side changed it. When both
 * sides only inserted at the same place (two writers appending notes), both insertions are kept, theirs first
 * (array items both inserted are kept once when `dedupe` is set);
 * when both replaced or removed the same stretch differently, the merge reports a conflict.
 *
 * @module
 */

/** The outcome of {@link mergeSequences}: the merged items, or `conflict: true` when no clean merge exists. */
export type SequenceMergeResult<T> = { conflict: false; items: T[] } | { conflict: true };

/** Above this many base×side cells the LCS table is not built and the changed middle is one stretch. */
const MAX_LCS_CELLS = 4_000_000;

/**
 * Merges `ours` and `theirs`, both edited from `base`. Items are compared through `key` (equal keys, equal items).
 * With `dedupe`, an item both sides inserted at the same place is kept once.
 *
 * @example
 * ```ts
 * mergeSequences(["a", "b"], ["a", "b", "c"], ["z", "a", "b"], (s) => s);
 * // { conflict: false, items: ["z", "a", "b", "c"] }
 * ```
 */
export function mergeSequences<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], key: (item: T) => string, dedupe = false): SequenceMergeResult<T> {
  const b = base.map(key);
  const o = ours.map(key);
  const t = theirs.map(key);
  const mo = matchBase(b, o);
  const mt = matchBase(b, t);
  const out: T[] = [];
  let ib = 0;
  let io = 0;
  let it = 0;
  for (;;) {
    let i = ib;
    while (i < b.length && (mo[i] === undefined || mt[i] === undefined)) i++;
    const endO = i < b.length ? (mo[i] as number) : o.length;
    const endT = i < b.length ? (mt[i] as number) : t.length;
    const chunk = resolveChunk(b.slice(ib, i), ours.slice(io, endO), o.slice(io, endO), theirs.slice(it, endT), t.slice(it, endT), dedupe);
    if (chunk === undefined) return { conflict: true };
    out.push(...chunk);
    if (i >= b.length) break;
    out.push(ours[endO]);
    ib = i + 1;
    io = endO + 1;
    it = endT + 1;
  }
  return { conflict: false, items: out };
}

/** The merged items of one stretch between anchors, or undefined for a conflict. */
function resolveChunk<T>(b: string[], ours: T[], o: string[], theirs: T[], t: string[], dedupe: boolean): T[] | undefined {
  const same = (x: string[], y: string[]): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  if (same(o, b)) return theirs;
  if (same(t, b) || same(o, t)) return ours;
  if (b.length === 0) {
    // Both sides only inserted here: keep both, theirs first (without repeating items both inserted, if asked).
    if (!dedupe) return [...theirs, ...ours];
    const seen = new Set(t);
    return [...theirs, ...ours.filter((_, i) => !seen.has(o[i]))];
  }
  return undefined;
}

/**
 * For each base index, the index of the side's item matched to it by a longest common subsequence (undefined
 * when the base item is not kept). Common prefix and suffix are matched first, so that the table stays small.
 */
function matchBase(base: string[], side: string[]): (number | undefined)[] {
  const match: (number | undefined)[] = new Array(base.length).fill(undefined);
  let start = 0;
  while (start < base.length && start < side.length && base[start] === side[start]) {
    match[start] = start;
    start++;
  }
  let endB = base.length;
  let endS = side.length;
  while (endB > start && endS > start && base[endB - 1] === side[endS - 1]) {
    endB--;
    endS--;
    match[endB] = endS;
  }
  const n = endB - start;
  const m = endS - start;
  if (n === 0 || m === 0 || n * m > MAX_LCS_CELLS) return match;
  // lcs[i][j]: LCS length of base[start+i..endB) and side[start+j..endS), one row per base item.
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = base[start + i] === side[start + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (base[start + i] === side[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return match;
}
