/**
 * FK filter: a velocity-fan reject in the frequency-wavenumber domain. The gather goes through a 2-D FFT (a
 * real FFT along time, zero-padded to a power of two >= 1.25 × the trace length, then a complex FFT across the
 * traces, zero-padded to a power of two); every (f, k) bin whose apparent velocity |f / k| is at most
 * `rejectVelocity` is removed, those at least `passVelocity` are kept, and those between are ramped with a
 * cosine-squared taper. Both dips are filtered. It removes slow, steep events such as ground roll and the
 * direct wave. The trace spacing is a parameter, or the median spacing of the `offset` header.
 *
 * @module
 */
import { ProcessingError, ProcessingParameterError } from "./errors";
import { FftPlan, nextPowerOfTwo } from "./fft";
import { defineProcessor, requireHeader, requireInterval, type ProcessingGather } from "./processor";
import { RealFftPlan } from "./real-fft";
import { cosineTaper } from "./taper";

/** Parameters of {@link fkFilter}. */
export interface FkFilterParameters {
  /** Apparent velocities at or below it are removed, m/s. */
  rejectVelocity: number;
  /** Apparent velocities at or above it are kept, m/s (>= rejectVelocity). */
  passVelocity: number;
  /** Distance between adjacent traces, m; null: the median of |Δoffset| between adjacent traces. */
  traceSpacing: number | null;
}

/**
 * The FK fan-reject processor.
 *
 * @example
 * ```ts
 * fkFilter.apply(gather, fkFilter.validate({ rejectVelocity: 1200, passVelocity: 1600, traceSpacing: 25 }));
 * ```
 */
export const fkFilter = defineProcessor<FkFilterParameters>({
  name: "fk-filter",
  version: "1.0.0",
  description: "FK velocity-fan reject: removes events whose apparent velocity is below a threshold (ground roll, direct wave)",
  parameters: {
    rejectVelocity: { type: "number", unit: "m/s", min: 0, max: 1e6, description: "apparent velocities at or below it are removed" },
    passVelocity: { type: "number", unit: "m/s", min: 0, exclusiveMin: true, max: 1e6, description: "apparent velocities at or above it are kept" },
    traceSpacing: { type: "number", unit: "m", default: null, nullable: true, min: 0, exclusiveMin: true, max: 1e6, description: "distance between adjacent traces (null: from the offset header)" },
  },
  check({ rejectVelocity, passVelocity }) {
    if (!(passVelocity >= rejectVelocity)) throw new ProcessingParameterError("fk-filter", "passVelocity", `must be >= rejectVelocity (${rejectVelocity}), got ${passVelocity}`);
  },
  headers: (p) => (p.traceSpacing === null ? ["offset"] : []),
  apply(gather, parameters) {
    const dt = requireInterval(gather, "fk-filter") / 1000;
    const { samples, samplesPerTrace: ns, traceCount: ntr } = gather;
    // One trace has only the zero wavenumber, which always passes.
    if (ntr < 2) return;
    const dx = parameters.traceSpacing ?? offsetSpacing(gather);
    const nt = Math.max(2, nextPowerOfTwo(Math.ceil(ns * 1.25)));
    const nk = nextPowerOfTwo(ntr);
    const time = RealFftPlan.of(nt);
    const space = FftPlan.of(nk);
    const bins = time.bins;
    // Spectra of all traces, trace after trace.
    const specRe = new Float64Array(ntr * bins);
    const specIm = new Float64Array(ntr * bins);
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    for (let tr = 0; tr < ntr; tr++) {
      time.forward(samples, re, im, tr * ns, ns);
      specRe.set(re, tr * bins);
      specIm.set(im, tr * bins);
    }
    const colRe = new Float64Array(nk);
    const colIm = new Float64Array(nk);
    const weights = new Float64Array(nk);
    const { rejectVelocity: vReject, passVelocity: vPass } = parameters;
    for (let b = 0; b < bins; b++) {
      const f = b / (nt * dt);
      // Weight of each wavenumber at this frequency; all ones means nothing to do.
      let all = true;
      for (let m = 0; m < nk; m++) {
        const k = Math.abs(m <= nk / 2 ? m : m - nk) / (nk * dx);
        const w = k === 0 ? 1 : velocityWeight(f / k, vReject, vPass);
        weights[m] = w;
        if (w !== 1) all = false;
      }
      if (all) continue;
      for (let tr = 0; tr < ntr; tr++) {
        colRe[tr] = specRe[tr * bins + b];
        colIm[tr] = specIm[tr * bins + b];
      }
      colRe.fill(0, ntr);
      colIm.fill(0, ntr);
      space.forward(colRe, colIm);
      for (let m = 0; m < nk; m++) {
        colRe[m] *= weights[m];
        colIm[m] *= weights[m];
      }
      space.inverse(colRe, colIm);
      for (let tr = 0; tr < ntr; tr++) {
        specRe[tr * bins + b] = colRe[tr];
        specIm[tr * bins + b] = colIm[tr];
      }
    }
    for (let tr = 0; tr < ntr; tr++) {
      re.set(specRe.subarray(tr * bins, (tr + 1) * bins));
      im.set(specIm.subarray(tr * bins, (tr + 1) * bins));
      time.inverse(re, im, samples, tr * ns, ns);
    }
  },
});

/** 0 at or below `reject`, 1 at or above `pass`, a cosine-squared ramp between. */
function velocityWeight(v: number, reject: number, pass: number): number {
  if (v >= pass) return 1;
  if (v <= reject) return 0;
  return cosineTaper((v - reject) / (pass - reject));
}

/** The median of the non-zero |Δoffset| between adjacent traces. */
function offsetSpacing(gather: ProcessingGather): number {
  const offsets = requireHeader(gather, "offset", "fk-filter");
  const steps: number[] = [];
  for (let i = 1; i < offsets.length; i++) {
    const d = Math.abs(offsets[i] - offsets[i - 1]);
    if (d > 0 && Number.isFinite(d)) steps.push(d);
  }
  if (steps.length === 0) {
    throw new ProcessingError("cannot derive the trace spacing: the offset header does not change between traces; set traceSpacing", { dataset: gather.dataset, processor: "fk-filter", gather: gather.key });
  }
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1];
}
