/**
 * Trace balancing: scales each trace so that its amplitude measure (RMS, mean absolute value or maximum
 * absolute value) over a time window equals `target`. Dead traces (measure 0) are left as they are.
 *
 * @module
 */
import { ProcessingParameterError } from "./errors";
import { defineProcessor, requireInterval } from "./processor";

/** Parameters of {@link traceBalance}. */
export interface TraceBalanceParameters {
  /** The amplitude measure made equal on every trace. */
  method: "rms" | "mean-abs" | "max";
  /** The measure's value after balancing. */
  target: number;
  /** Start of the measuring window, ms (null: the first sample). */
  startMs: number | null;
  /** End of the measuring window, ms (null: the last sample). */
  endMs: number | null;
}

/**
 * The trace-balancing processor.
 *
 * @example
 * ```ts
 * traceBalance.apply(gather, traceBalance.validate({ method: "rms", startMs: 200, endMs: 1800 }));
 * ```
 */
export const traceBalance = defineProcessor<TraceBalanceParameters>({
  name: "trace-balance",
  version: "1.0.0",
  description: "scales each trace so that its RMS, mean absolute or maximum amplitude in a window equals a target",
  parameters: {
    method: { type: "choice", choices: ["rms", "mean-abs", "max"], default: "rms", description: "the amplitude measure made equal on every trace" },
    target: { type: "number", default: 1, min: 0, exclusiveMin: true, max: 1e30, description: "the measure's value after balancing" },
    startMs: { type: "number", unit: "ms", default: null, nullable: true, min: -1e6, max: 1e6, description: "start of the measuring window (null: first sample)" },
    endMs: { type: "number", unit: "ms", default: null, nullable: true, min: -1e6, max: 1e6, description: "end of the measuring window (null: last sample)" },
  },
  check({ startMs, endMs }) {
    if (startMs !== null && endMs !== null && !(endMs > startMs)) throw new ProcessingParameterError("trace-balance", "endMs", `must be > startMs (${startMs}), got ${endMs}`);
  },
  apply(gather, { method, target, startMs, endMs }) {
    const { samples, samplesPerTrace: ns, traceCount, firstSampleTimeMs: t0 } = gather;
    let first = 0;
    let last = ns - 1;
    if (startMs !== null || endMs !== null) {
      const dt = requireInterval(gather, "trace-balance");
      if (startMs !== null) first = Math.max(0, Math.ceil((startMs - t0) / dt));
      if (endMs !== null) last = Math.min(ns - 1, Math.floor((endMs - t0) / dt));
    }
    if (last < first) return;
    const count = last - first + 1;
    for (let tr = 0; tr < traceCount; tr++) {
      const base = tr * ns;
      let measure = 0;
      for (let j = base + first; j <= base + last; j++) {
        const v = samples[j];
        if (method === "rms") measure += v * v;
        else if (method === "mean-abs") measure += Math.abs(v);
        else if (Math.abs(v) > measure) measure = Math.abs(v);
      }
      if (method === "rms") measure = Math.sqrt(measure / count);
      else if (method === "mean-abs") measure /= count;
      if (!(measure > 0) || !Number.isFinite(measure)) continue;
      const scale = target / measure;
      for (let j = base; j < base + ns; j++) samples[j] *= scale;
    }
  },
});
