/**
 * Gain: multiply every sample by a constant (`scalar`), by a constant given in decibels (`db`, factor
 * 10^(dB/20)), or by time to a power (`tpow`, factor t^n with t the sample's time in seconds; samples at or
 * before time zero use half a sample interval, so that t^n stays finite).
 *
 * @module
 */
import { defineProcessor, requireInterval } from "./processor";

/** Parameters of {@link gain}. */
export interface GainParameters {
  /** `scalar`: × value; `db`: × 10^(value/20); `tpow`: × t^value, t in s. */
  mode: "scalar" | "db" | "tpow";
  /** The factor, the decibels, or the power of t. */
  value: number;
}

/**
 * The gain processor.
 *
 * @example
 * ```ts
 * gain.apply(gather, gain.validate({ mode: "tpow", value: 2 })); // spherical-divergence style t² gain
 * gain.apply(gather, gain.validate({ mode: "db", value: 6 })); // about × 2
 * ```
 */
export const gain = defineProcessor<GainParameters>({
  name: "gain",
  version: "1.0.0",
  description: "multiplies samples by a constant, a constant in dB, or time to a power (t^n)",
  parameters: {
    mode: { type: "choice", choices: ["scalar", "db", "tpow"], default: "scalar", description: "scalar: × value; db: × 10^(value/20); tpow: × t^value with t in seconds" },
    value: { type: "number", default: 1, min: -1000, max: 1000, description: "the factor, the gain in dB, or the power of t" },
  },
  apply(gather, { mode, value }) {
    const { samples, samplesPerTrace: ns, traceCount } = gather;
    if (mode !== "tpow") {
      const factor = mode === "db" ? 10 ** (value / 20) : value;
      for (let i = 0; i < samples.length; i++) samples[i] *= factor;
      return;
    }
    const dt = requireInterval(gather, "gain");
    const curve = new Float64Array(ns);
    for (let j = 0; j < ns; j++) {
      const ms = gather.firstSampleTimeMs + j * dt;
      const t = (ms > 0 ? ms : dt / 2) / 1000;
      curve[j] = Math.pow(t, value);
    }
    for (let tr = 0; tr < traceCount; tr++) {
      const base = tr * ns;
      for (let j = 0; j < ns; j++) samples[base + j] *= curve[j];
    }
  },
});
