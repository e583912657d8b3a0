/**
 * What {@link validateStore} reports: problems (what kind, which key, what is wrong, whether
 * {@link repairStore} can fix it), the shared context of the checks, and the list that collects problems with
 * a bound per kind so that a store missing a million chunks gives a readable report.
 *
 * @module
 */
import type { ReadableStore } from "../storage/types";
import type { StoreMetadata } from "./store-metadata";

/**
 * One thing wrong with a store. `kind` is one of a fixed set (see {@link PROBLEM_KINDS}); `key` is the store key
 * concerned (e.g. `"/traces/3.0"`) or, for the source file, its path.
 *
 * @example
 * ```ts
 * const p: StoreProblem = { kind: "chunk-missing", key: "/traces/3.0", detail: "the chunk is missing", repairable: false };
 * ```
 */
export interface StoreProblem {
  kind: string;
  key: string;
  detail: string;
  /** True when {@link repairStore} can rebuild it from the rest of the store. */
  repairable: boolean;
}

/**
 * Every problem kind, with what it means.
 *
 * @example
 * ```ts
 * PROBLEM_KINDS["chunk-missing"]; // "a traces or raw_headers chunk is missing"
 * ```
 */
export const PROBLEM_KINDS: Readonly<Record<string, string>> = {
  "not-a-store": "no SeisProc metadata, no unfinished import and no Zarr group: not a trace store",
  "unfinished-import": "the import did not finish (seisproc/progress.json, no COMPLETE marker); run it again to resume",
  "metadata-missing": "seisproc/metadata.json is missing",
  "metadata-invalid": "seisproc/metadata.json is unreadable, lacks fields, or has an unknown format version",
  "complete-missing": "the seisproc/COMPLETE marker is missing",
  "complete-mismatch": "the COMPLETE marker is unreadable or disagrees with the metadata",
  "progress-leftover": "a complete store still holds seisproc/progress.json",
  "group-mismatch": "the root .zgroup / .zattrs (zarr.json in Zarr format 3) are missing or disagree with the metadata",
  "array-missing": "a .zarray (zarr.json) of traces, raw_headers or time is missing",
  "array-mismatch": "a .zarray (zarr.json) disagrees with the metadata (shape, chunks, dtype, compression)",
  "chunk-missing": "a traces or raw_headers chunk is missing",
  "chunk-corrupt": "a chunk does not decode, or decodes to the wrong number of bytes",
  "time-mismatch": "the time coordinate is missing or holds other values than the metadata gives",
  "header-part-missing": "a header Parquet part is missing",
  "header-part-corrupt": "a header part is not readable Parquet or lacks the gather key columns",
  "header-part-rows": "a header part's row count or trace column range is wrong",
  "gathers-missing": "seisproc/gathers.json is missing",
  "gathers-invalid": "seisproc/gathers.json is unreadable or inconsistent (counts, keys, starts)",
  "gathers-mismatch": "the gather index disagrees with the header key columns",
  "gather-order-missing": "the gather_order array of an unsorted file is missing",
  "gather-order-invalid": "gather_order is not a permutation of the traces",
  "source-missing": "the source file given to check against does not exist",
  "source-changed": "the source file's size or SHA-256 differs from the one imported",
};

/** The most problems of one kind listed one by one; the rest are counted in one more entry. */
const PER_KIND_LIMIT = 50;

/**
 * Collects problems, at most {@link PER_KIND_LIMIT} of a kind listed one by one.
 *
 * @example
 * ```ts
 * const list = new ProblemList();
 * list.add("chunk-missing", "/traces/0.0", "the chunk is missing", false);
 * list.toArray().length; // 1
 * ```
 */
export class ProblemList {
  private readonly items: StoreProblem[] = [];
  private readonly counts = new Map<string, number>();

  /** Adds a problem. */
  add(kind: string, key: string, detail: string, repairable: boolean): void {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= PER_KIND_LIMIT) this.items.push({ kind, key, detail, repairable });
  }

  /** True when a problem of one of these kinds was added. */
  has(...kinds: string[]): boolean {
    return kinds.some((k) => this.counts.has(k));
  }

  /** How many problems were added, in all. */
  get size(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  /** The problems, with one summary entry per kind beyond the limit. */
  toArray(): StoreProblem[] {
    const out = [...this.items];
    for (const [kind, count] of this.counts) {
      if (count <= PER_KIND_LIMIT) continue;
      const sample = this.items.find((p) => p.kind === kind);
      out.push({ kind, key: "…", detail: `and ${(count - PER_KIND_LIMIT).toLocaleString("en-US")} more ${kind} problems not listed`, repairable: sample?.repairable ?? false });
    }
    return out;
  }
}

/** Progress of a validation: which phase, how far. */
export interface ValidationProgress {
  phase: "chunks" | "headers" | "index" | "source";
  done: number;
  total: number;
}

/** What the checks share: the store, its metadata, the problems found and the counters of what was checked. */
export interface CheckContext {
  store: ReadableStore;
  metadata: StoreMetadata;
  problems: ProblemList;
  checked: { chunks: number; parts: number; traces: number };
  onProgress?: (progress: ValidationProgress) => void;
  signal?: AbortSignal;
}
