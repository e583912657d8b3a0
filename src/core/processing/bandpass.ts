/**
 * Zero-phase band-pass in the frequency domain: an Ormsby trapezoid (corners f1 < f2 <= f3 < f4 in Hz, linear
 * or cosine-squared flanks) applied to each trace's spectrum. The response is real, so the phase is untouched.
 * Each trace is zero-padded to a power of two at least 1.25 × its length (so the filter's wrap-around falls in
 * the padding) and transformed in single precision with {@link Fft32Plan} (PFFFT in WebAssembly SIMD: version
 * 2.0.0; 1.0.0 used the double-precision JavaScript FFT and gives other bits, so its provenance steps verify only
 * against 1.0.0).
 *
 * @module
 */
import { ProcessingParameterError } from "./errors";
import { nextPowerOfTwo } from "./fft";
import { defineProcessor, requireInterval } from "./processor";
import { Fft32Plan } from "./pffft";

/** Parameters of {@link bandpass}. */
export interface BandpassParameters {
  /** Low cut: below it, nothing passes (Hz). */
  f1: number;
  /** Low pass: from it, everything passes (Hz). */
  f2: number;
  /** High pass: up to it, everything passes (Hz). */
  f3: number;
  /** High cut: above it, nothing passes (Hz). */
  f4: number;
  /** Shape of the flanks: `linear` (Ormsby) or `cosine` (cosine-squared, less ringing). */
  taper: "linear" | "cosine";
}

/**
 * The trapezoid's amplitude at `f` Hz.
 *
 * @example
 * ```ts
 * bandpassResponse(7.5, { f1: 5, f2: 10, f3: 40, f4: 60, taper: "linear" }); // 0.5
 * ```
 */
export function bandpassResponse(f: number, { f1, f2, f3, f4, taper }: BandpassParameters): number {
  let r: number;
  if (f < f1 || f > f4) return 0;
  if (f < f2) r = (f - f1) / (f2 - f1);
  else if (f <= f3) return 1;
  else r = (f4 - f) / (f4 - f3);
  return taper === "linear" ? r : Math.sin((Math.PI / 2) * r) ** 2;
}

/**
 * The band-pass processor.
 *
 * @example
 * ```ts
 * bandpass.apply(gather, bandpass.validate({ f1: 5, f2: 10, f3: 40, f4: 60 }));
 * ```
 */
export const bandpass = defineProcessor<BandpassParameters>({
  name: "bandpass",
  version: "2.0.0",
  description: "zero-phase band-pass: an Ormsby trapezoid f1-f2-f3-f4 applied to each trace's spectrum",
  parameters: {
    f1: { type: "number", unit: "Hz", min: 0, max: 1e6, description: "low cut: nothing passes below it" },
    f2: { type: "number", unit: "Hz", min: 0, max: 1e6, description: "low pass: everything passes from it" },
    f3: { type: "number", unit: "Hz", min: 0, max: 1e6, description: "high pass: everything passes up to it" },
    f4: { type: "number", unit: "Hz", min: 0, max: 1e6, description: "high cut: nothing passes above it" },
    taper: { type: "choice", choices: ["linear", "cosine"], default: "linear", description: "shape of the flanks: linear (Ormsby) or cosine-squared" },
  },
  check({ f1, f2, f3, f4 }) {
    if (!(f1 < f2)) throw new ProcessingParameterError("bandpass", "f2", `must be > f1 (${f1}), got ${f2}`);
    if (!(f2 <= f3)) throw new ProcessingParameterError("bandpass", "f3", `must be >= f2 (${f2}), got ${f3}`);
    if (!(f3 < f4)) throw new ProcessingParameterError("bandpass", "f4", `must be > f3 (${f3}), got ${f4}`);
  },
  apply(gather, parameters) {
    const dt = requireInterval(gather, "bandpass") / 1000;
    const { samples, samplesPerTrace: ns, traceCount } = gather;
    const n = Math.max(32, nextPowerOfTwo(Math.ceil(ns * 1.25)));
    const plan = Fft32Plan.of(n);
    const response = plan.realResponse((k) => bandpassResponse(k / (n * dt), parameters));
    for (let tr = 0; tr < traceCount; tr++) plan.filter(samples, response, tr * ns, ns);
  },
});
