/**
 * Amplitude statistics of a dataset's samples (min, max, mean, RMS, standard deviation), over every trace or
 * over a sample of whole chunks spread evenly through the dataset, so that a gigabyte survey is summarised by
 * reading a few megabytes.
 *
 * @module
 */
import { ValidationError } from "../errors";
import type { LazySeismicData } from "../store/lazy-seismic-data";

/** Amplitude statistics of (a sample of) a dataset's traces. Non-finite samples are counted, not included. */
export interface AmplitudeStatistics {
  /** Traces read. */
  traces: number;
  /** Finite samples included. */
  samples: number;
  /** Samples that were NaN or infinite (left out of the rest). */
  nonFinite: number;
  min: number;
  max: number;
  absMax: number;
  mean: number;
  rms: number;
  std: number;
  /** True when only a sample of the traces was read. */
  sampled: boolean;
}

/** Options of {@link amplitudeStatistics}. */
export interface AmplitudeOptions {
  /** Read at most about this many traces, in whole chunks spread evenly (default 4096; Infinity: all). */
  maxTraces?: number;
  signal?: AbortSignal;
}

/** Running sums, merged chunk by chunk (Chan et al.'s parallel variance). */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  sumSquares = 0;
  min = Infinity;
  max = -Infinity;
  nonFinite = 0;

  add(values: ArrayLike<number>): void {
    let n = 0;
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        this.nonFinite++;
        continue;
      }
      n++;
      sum += v;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
    if (n === 0) return;
    const mean = sum / n;
    let m2 = 0;
    let squares = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      m2 += (v - mean) * (v - mean);
      squares += v * v;
    }
    const total = this.n + n;
    const delta = mean - this.mean;
    this.m2 += m2 + (delta * delta * this.n * n) / total;
    this.mean += (delta * n) / total;
    this.n = total;
    this.sumSquares += squares;
  }
}

/** The first trace of each chunk-sized run to read, spread evenly over the dataset. */
function runStarts(traceCount: number, runLength: number, runs: number): number[] {
  const chunkCount = Math.ceil(traceCount / runLength);
  const starts = new Set<number>();
  for (let i = 0; i < runs; i++) starts.add(Math.floor(((i + 0.5) * chunkCount) / runs) * runLength);
  return [...starts].sort((a, b) => a - b);
}

/**
 * Amplitude statistics of a dataset, from whole chunks spread evenly through it (or from every trace).
 *
 * @example
 * ```ts
 * const stats = await amplitudeStatistics(data, { maxTraces: 2000 });
 * const clip = 3 * stats.rms; // a display clip; stats.absMax, stats.sampled: the peak, the traces read
 * ```
 */
export async function amplitudeStatistics(data: LazySeismicData, options: AmplitudeOptions = {}): Promise<AmplitudeStatistics> {
  const maxTraces = options.maxTraces ?? 4096;
  if (!(maxTraces >= 1)) throw new ValidationError("options.maxTraces", `must be at least 1 (or Infinity for every trace), got ${maxTraces}`);
  const { traceCount } = data;
  const runLength = Math.max(1, data.metadata.chunkTraces);
  const sampled = traceCount > maxTraces;
  const starts = sampled ? runStarts(traceCount, runLength, Math.max(1, Math.floor(maxTraces / runLength))) : runStarts(traceCount, runLength, Math.ceil(traceCount / runLength));
  const moments = new Moments();
  let traces = 0;
  for (const start of starts) {
    options.signal?.throwIfAborted();
    const count = Math.min(runLength, traceCount - start);
    const samples = await data.readTraces(start, count, options.signal);
    moments.add(samples instanceof BigInt64Array || samples instanceof BigUint64Array ? Float64Array.from(samples, Number) : samples);
    traces += count;
  }
  const n = moments.n;
  return {
    traces,
    samples: n,
    nonFinite: moments.nonFinite,
    min: n === 0 ? NaN : moments.min,
    max: n === 0 ? NaN : moments.max,
    absMax: n === 0 ? NaN : Math.max(Math.abs(moments.min), Math.abs(moments.max)),
    mean: n === 0 ? NaN : moments.mean,
    rms: n === 0 ? NaN : Math.sqrt(moments.sumSquares / n),
    std: n === 0 ? NaN : Math.sqrt(moments.m2 / n),
    sampled,
  };
}
