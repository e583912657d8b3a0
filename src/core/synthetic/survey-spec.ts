/**
 * The description of a synthetic survey ({@link SurveySpec}) and {@link resolveSurveySpec}, which fills in
 * defaults and rejects values that no SEG-Y file could carry.
 *
 * Geometry is laid out in local coordinates (u, v) in metres: u runs along the line (2-D), along the receiver
 * lines (3-D shots) or along the inline direction in which crossline numbers grow (post-stack); v is
 * perpendicular. World coordinates are `x = originX + u·cosθ − v·sinθ`, `y = originY + u·sinθ + v·cosθ` with θ
 * = `rotationDeg`, counter-clockwise from the x axis.
 *
 * @module
 */
import type {
  CommonSpec,
  Poststack3DSpec,
  Reflector,
  ReflectorInput,
  ShotSpecFields,
  Shots2DSpec,
  Shots3DSpec,
  SurveyKind,
  SurveySpec,
  SurveySpecInput,
} from "./spec-types";

export type {
  CommonSpec,
  Poststack3DSpec,
  Reflector,
  ReflectorInput,
  ShotSpecFields,
  Shots2DSpec,
  Shots3DSpec,
  SurveyKind,
  SurveySpec,
  SurveySpecInput,
};

/**
 * The default reflectors: four events, three of them dipping or domed.
 *
 * @example
 * ```ts
 * resolveSurveySpec({ reflectors: [...DEFAULT_REFLECTORS, { t0Ms: 1900 }] });
 * ```
 */
export const DEFAULT_REFLECTORS: readonly Readonly<Reflector>[] = Object.freeze([
  { t0Ms: 400, velocity: 1900, amplitude: 1, dipAlongMsPerKm: 0, dipAcrossMsPerKm: 0, domeMs: 0 },
  { t0Ms: 800, velocity: 2200, amplitude: -0.8, dipAlongMsPerKm: 20, dipAcrossMsPerKm: 0, domeMs: 0 },
  { t0Ms: 1200, velocity: 2600, amplitude: 0.6, dipAlongMsPerKm: 0, dipAcrossMsPerKm: 0, domeMs: 80 },
  { t0Ms: 1600, velocity: 3000, amplitude: 0.5, dipAlongMsPerKm: -10, dipAcrossMsPerKm: 15, domeMs: 0 },
]);

const COMMON: Omit<CommonSpec, "reflectors" | "rotationDeg"> = {
  samples: 1000, sampleIntervalUs: 2000, format: 5, seed: 1, noise: 0.05, frequency: 25, spreadingMs: 500,
  originX: 500000, originY: 6000000, elevation: 50, topography: 5, firstInline: 1, firstCrossline: 1, lineNumber: 1,
};
const SHOT: ShotSpecFields = { directVelocity: 1600, directAmplitude: 0.8, shotSpacing: 50, receiverSpacing: 25 };
const KIND_DEFAULTS = {
  "shots-2d": { ...SHOT, rotationDeg: 0, shots: 40, channels: 96, spread: "split", nearOffset: 25 },
  "shots-3d": {
    ...SHOT, rotationDeg: 0, sourceLines: 3, shotsPerLine: 8, sourceLineSpacing: 300, receiverLines: 4,
    channelsPerLine: 40, receiverLineSpacing: 200,
  },
  "poststack-3d": { rotationDeg: 30, inlines: 100, crosslines: 150, inlineSpacing: 25, crosslineSpacing: 12.5 },
} as const;

const INT32_MAX = 2147483647;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`survey spec: ${message}`);
}
function integer(value: number, name: string, min: number, max: number): void {
  check(Number.isInteger(value) && value >= min && value <= max, `${name} must be an integer in ${min}..${max}, got ${value}`);
}
function finite(value: number, name: string, min = -Infinity, exclusiveMin = false): void {
  const ok = Number.isFinite(value) && (exclusiveMin ? value > min : value >= min);
  check(ok, `${name} must be a finite number ${exclusiveMin ? ">" : ">="} ${min}, got ${value}`);
}

/**
 * Number of traces a spec describes.
 *
 * @example
 * ```ts
 * traceCountOf(resolveSurveySpec({ shots: 10, channels: 48 })); // 480
 * ```
 */
export function traceCountOf(spec: SurveySpec): number {
  switch (spec.kind) {
    case "shots-2d": return spec.shots * spec.channels;
    case "shots-3d": return spec.sourceLines * spec.shotsPerLine * spec.receiverLines * spec.channelsPerLine;
    case "poststack-3d": return spec.inlines * spec.crosslines;
  }
}

/**
 * Fills in defaults for every missing field and validates the result.
 *
 * @throws RangeError naming the offending field when a value is out of range: counts below 1, samples outside
 *   1..65535, an interval outside 1..32767 µs, a frequency at or above Nyquist, more than 2^31 − 1 traces, etc.
 * @example
 * ```ts
 * const spec = resolveSurveySpec({ kind: "poststack-3d", inlines: 20, crosslines: 30, seed: 7 });
 * spec.samples; // 1000
 * resolveSurveySpec({ samples: 0 }); // throws RangeError
 * ```
 */
export function resolveSurveySpec(input: SurveySpecInput = {}): SurveySpec {
  const kind: SurveyKind = input.kind ?? "shots-2d";
  check(kind in KIND_DEFAULTS, `unknown kind ${JSON.stringify(kind)}`);
  const known = new Set([...Object.keys(COMMON), ...Object.keys(KIND_DEFAULTS[kind]), "kind", "reflectors"]);
  const defined = Object.fromEntries(Object.entries(input).filter(([key, value]) => {
    check(known.has(key), `unknown field ${JSON.stringify(key)} for kind ${kind}`);
    return value !== undefined;
  }));
  const reflectors = (input.reflectors ?? DEFAULT_REFLECTORS).map((r, i) => {
    const velocity = r.velocity ?? 1500 + r.t0Ms;
    const full: Reflector = {
      t0Ms: r.t0Ms, velocity, amplitude: r.amplitude ?? 1, dipAlongMsPerKm: r.dipAlongMsPerKm ?? 0,
      dipAcrossMsPerKm: r.dipAcrossMsPerKm ?? 0, domeMs: r.domeMs ?? 0,
    };
    finite(full.t0Ms, `reflectors[${i}].t0Ms`, 0);
    finite(full.velocity, `reflectors[${i}].velocity`, 0, true);
    for (const key of ["amplitude", "dipAlongMsPerKm", "dipAcrossMsPerKm", "domeMs"] as const) {
      finite(full[key], `reflectors[${i}].${key}`);
    }
    return full;
  });
  const spec = { ...COMMON, ...KIND_DEFAULTS[kind], ...defined, kind, reflectors } as SurveySpec;

  integer(spec.samples, "samples", 1, 65535);
  integer(spec.sampleIntervalUs, "sampleIntervalUs", 1, 32767);
  check(spec.format === 1 || spec.format === 5, `format must be 1 (IBM float) or 5 (IEEE float), got ${spec.format}`);
  integer(spec.seed, "seed", 0, 4294967295);
  finite(spec.noise, "noise", 0);
  finite(spec.frequency, "frequency", 0, true);
  const nyquist = 5e5 / spec.sampleIntervalUs;
  check(spec.frequency < nyquist, `frequency ${spec.frequency} Hz must be below Nyquist (${nyquist} Hz)`);
  finite(spec.spreadingMs, "spreadingMs", 0);
  for (const key of ["originX", "originY", "rotationDeg", "elevation", "topography"] as const) finite(spec[key], key);
  for (const key of ["firstInline", "firstCrossline", "lineNumber"] as const) integer(spec[key], key, -1e9, 1e9);

  if (spec.kind === "poststack-3d") {
    integer(spec.inlines, "inlines", 1, INT32_MAX);
    integer(spec.crosslines, "crosslines", 1, INT32_MAX);
    finite(spec.inlineSpacing, "inlineSpacing", 0, true);
    finite(spec.crosslineSpacing, "crosslineSpacing", 0, true);
  } else {
    finite(spec.directVelocity, "directVelocity", 0, true);
    finite(spec.directAmplitude, "directAmplitude");
    finite(spec.shotSpacing, "shotSpacing", 0, true);
    finite(spec.receiverSpacing, "receiverSpacing", 0, true);
    if (spec.kind === "shots-2d") {
      integer(spec.shots, "shots", 1, INT32_MAX);
      integer(spec.channels, "channels", 1, 32767);
      check(spec.spread === "split" || spec.spread === "end-on", `spread must be "split" or "end-on", got ${spec.spread}`);
      finite(spec.nearOffset, "nearOffset");
    } else {
      for (const key of ["sourceLines", "shotsPerLine", "receiverLines", "channelsPerLine"] as const) {
        integer(spec[key], key, 1, INT32_MAX);
      }
      const perShot = spec.receiverLines * spec.channelsPerLine;
      check(perShot <= 32767, `receiverLines × channelsPerLine must be ≤ 32767 (int16 Traces), got ${perShot}`);
      finite(spec.sourceLineSpacing, "sourceLineSpacing", 0, true);
      finite(spec.receiverLineSpacing, "receiverLineSpacing", 0, true);
    }
  }
  const traces = traceCountOf(spec);
  check(traces <= INT32_MAX, `${traces} traces exceed the int32 trace sequence number`);
  return spec;
}
