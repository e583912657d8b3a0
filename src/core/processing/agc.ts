/**
 * Automatic gain control with a sliding RMS window: each sample is divided by the RMS amplitude of the window
 * of `windowMs` centred on it (cut short at the ends of the trace) and multiplied by `target`. The sum of
 * squares slides with the window (float64, summed afresh every two window lengths), so the cost is O(samples)
 * whatever the window. A window of zeros gives zeros.
 *
 * @module
 */
import { defineProcessor, requireInterval } from "./processor";

/** Parameters of {@link agc}. */
export interface AgcParameters {
  /** Window length in ms (at least one sample). */
  windowMs: number;
  /** RMS amplitude of the output. */
  target: number;
}

/**
 * The AGC processor.
 *
 * @example
 * ```ts
 * agc.apply(gather, agc.validate({ windowMs: 250 }));
 * ```
 */
export const agc = defineProcessor<AgcParameters>({
  name: "agc",
  version: "1.0.0",
  description: "automatic gain control: divides each sample by the RMS amplitude of a sliding window centred on it",
  parameters: {
    windowMs: { type: "number", unit: "ms", default: 500, min: 0, exclusiveMin: true, max: 1e6, description: "length of the sliding window" },
    target: { type: "number", default: 1, min: 0, exclusiveMin: true, max: 1e30, description: "RMS amplitude of the output" },
  },
  apply(gather, { windowMs, target }) {
    const dt = requireInterval(gather, "agc");
    const { samples, samplesPerTrace: ns, traceCount } = gather;
    const length = Math.max(1, Math.round(windowMs / dt));
    const before = Math.floor((length - 1) / 2);
    const after = length - 1 - before;
    // The window's sum of squares slides along the trace (one square in, one out) and is summed afresh every
    // `block` samples, so that rounding left by loud samples that have left the window cannot swamp a quiet one.
    const block = Math.max(2 * length, 64);
    const squares = new Float64Array(ns);
    for (let tr = 0; tr < traceCount; tr++) {
      const base = tr * ns;
      for (let j = 0; j < ns; j++) {
        const v = samples[base + j];
        squares[j] = v * v;
      }
      let sum = 0;
      let lo = 0;
      let hi = 0;
      for (let j = 0, untilFresh = 0; j < ns; j++, untilFresh--) {
        const nextLo = j > before ? j - before : 0;
        const nextHi = j + after + 1 < ns ? j + after + 1 : ns;
        if (untilFresh === 0) {
          sum = 0;
          for (let k = nextLo; k < nextHi; k++) sum += squares[k];
          untilFresh = block;
        } else {
          if (nextHi > hi) sum += squares[hi];
          if (nextLo > lo) sum -= squares[lo];
        }
        lo = nextLo;
        hi = nextHi;
        const v = samples[base + j];
        samples[base + j] = v !== 0 && sum > 0 ? v * Math.sqrt((hi - lo) / sum) * target : 0;
      }
    }
  },
});
