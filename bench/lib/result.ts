/** One benchmark result line: `{"bench", "value", "unit"}`, plus the peer's figures when a peer ran. */
export interface BenchResult {
  bench: string;
  value: number;
  unit: "ms" | "MB/s" | "Msamples/s" | "MB" | "x" | "%" | "count";
  peer?: string;
  peer_value?: number;
  ratio?: number;
  note?: string;
}

/** A named benchmark. */
export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

/** What every benchmark gets: a data directory kept between runs and a logger to stderr. */
export interface BenchContext {
  dataDir: string;
  log(message: string): void;
}

/** The smallest of `runs` timings of `fn`, in milliseconds. */
export async function bestOf(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Rounds for printing. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The median of some timings. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
