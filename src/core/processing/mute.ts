/**
 * Top mute by offset and velocity: on a trace at offset x (the `offset`
 * trace header, m), everything before t_m = `timeMs` + |x| / `velocity`
 * is zeroed, with a cosine-squared ramp over the `taperMs` before t_m (so the first sample kept in full is at
 * t_m). It removes first breaks and refractions above a linear moveout line.
 *
 * @module
 */
import { defineProcessor, requireHeader, requireInterval } from "./processor";
import { cosineTaper } from "./taper";

/** Parameters of {@link mute}. */
export interface MuteParameters {
  /** Velocity of the mute line, m/s. */
  velocity: number;
  /** Mute time at zero offset, ms. */
  timeMs: number;
  /** Length of the ramp before the mute line, ms (0: a hard cut). */
  taperMs: number;
}

/**
 * The top-mute processor.
 *
 * @example
 * ```ts
 * mute.apply(gather, mute.validate({ velocity: 1700, timeMs: 40, taperMs: 30 }));
 * ```
 */
export const mute = defineProcessor<MuteParameters>({
  name: "mute",
  version: "1.0.0",
  description: "top mute: zeroes samples above the line t = timeMs + |offset| / velocity, with a cosine ramp",
  parameters: {
    velocity: { type: "number", unit: "m/s", min: 0, exclusiveMin: true, max: 1e6, description: "velocity of the mute line" },
    timeMs: { type: "number", unit: "ms", default: 0, min: -1e6, max: 1e6, description: "mute time at zero offset" },
    taperMs: { type: "number", unit: "ms", default: 20, min: 0, max: 1e6, description: "length of the ramp before the mute line" },
  },
  headers: () => ["offset"],
  apply(gather, { velocity, timeMs, taperMs }) {
    const dt = requireInterval(gather, "mute");
    const offsets = requireHeader(gather, "offset", "mute");
    const { samples, samplesPerTrace: ns, traceCount, firstSampleTimeMs: t0 } = gather;
    for (let tr = 0; tr < traceCount; tr++) {
      const base = tr * ns;
      const muteMs = timeMs + (Math.abs(offsets[tr]) / velocity) * 1000;
      const rampStart = muteMs - taperMs;
      for (let j = 0; j < ns; j++) {
        const t = t0 + j * dt;
        if (t >= muteMs) break;
        samples[base + j] = t < rampStart || taperMs === 0 ? 0 : samples[base + j] * cosineTaper((t - rampStart) / taperMs);
      }
    }
  },
});
