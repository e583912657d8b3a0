/**
 * The types of a synthetic survey description: see {@link resolveSurveySpec} in `./survey-spec` for defaults
 * and validation, and that module's documentation for the (u, v) coordinate convention.
 *
 * @module
 */

/**
 * The three kinds of survey the generator makes.
 *
 * @example
 * ```ts
 * const kind: SurveyKind = "poststack-3d";
 * ```
 */
export type SurveyKind = "shots-2d" | "shots-3d" | "poststack-3d";

/**
 * One reflector. Its zero-offset time varies over the survey with dips and a dome centred on the survey.
 *
 * @example
 * ```ts
 * const r: Reflector = { t0Ms: 800, velocity: 2200, amplitude: -0.8, dipAlongMsPerKm: 20, dipAcrossMsPerKm: 0, domeMs: 0 };
 * ```
 */
export interface Reflector {
  /** Zero-offset two-way time at the survey centre (ms). */
  t0Ms: number;
  /** RMS velocity above the reflector for hyperbolic moveout (m/s). */
  velocity: number;
  /** Peak amplitude of its Ricker wavelet before spreading decay; negative flips polarity. */
  amplitude: number;
  /** Time dip along u (ms per km). */
  dipAlongMsPerKm: number;
  /** Time dip along v (ms per km). */
  dipAcrossMsPerKm: number;
  /** Pull-up at the survey centre (ms), a Gaussian dome reaching ~37 % at the survey's half-diagonal. */
  domeMs: number;
}

/**
 * Fields common to every kind.
 *
 * @example
 * ```ts
 * const common: Partial<CommonSpec> = { samples: 1500, sampleIntervalUs: 4000, seed: 7, noise: 0 };
 * ```
 */
export interface CommonSpec {
  /** Samples per trace, 1..65535 (the binary header field is uint16). Default 1000. */
  samples: number;
  /** Sample interval in µs, 1..32767 (the header fields are int16). Default 2000. */
  sampleIntervalUs: number;
  /** Sample format code for the binary header: 5 (IEEE float) or 1 (IBM float); both 4 bytes. Default 5. */
  format: 1 | 5;
  /** Seed of the noise, an integer in [0, 2^32). Default 1. */
  seed: number;
  /** Reflectors; see {@link DEFAULT_REFLECTORS}. */
  reflectors: Reflector[];
  /** Standard deviation of the additive Gaussian noise; 0 for none. Default 0.05. */
  noise: number;
  /** Dominant frequency of the Ricker wavelet (Hz), below Nyquist. Default 25. */
  frequency: number;
  /** Spreading decay: event amplitudes are scaled by 1 / (1 + t / spreadingMs); 0 for none. Default 500. */
  spreadingMs: number;
  /** World X of local (0, 0) in metres. Default 500000. */
  originX: number;
  /** World Y of local (0, 0) in metres. Default 6000000. */
  originY: number;
  /** Rotation of the u axis, degrees counter-clockwise from X. Default 0 (30 for post-stack). */
  rotationDeg: number;
  /** Mean surface elevation (m). Default 50. */
  elevation: number;
  /** Amplitude of a smooth sinusoidal topography around `elevation` (m). Default 5. */
  topography: number;
  /** Number of the first inline (v bin 0). Default 1. */
  firstInline: number;
  /** Number of the first crossline (u bin 0). Default 1. */
  firstCrossline: number;
  /** Binary header LineNumber. Default 1. */
  lineNumber: number;
}

/**
 * Shot-gather fields shared by 2-D and 3-D shots.
 *
 * @example
 * ```ts
 * const shot: Partial<ShotSpecFields> = { shotSpacing: 25, directAmplitude: 0 };
 * ```
 */
export interface ShotSpecFields {
  /** Direct-wave velocity (m/s); the direct wave arrives at |offset| / directVelocity. Default 1600. */
  directVelocity: number;
  /** Direct-wave amplitude; 0 for none. Default 0.8. */
  directAmplitude: number;
  /** Distance between shots along a line (m). Default 50. */
  shotSpacing: number;
  /** Distance between receivers along a line (m). Default 25. */
  receiverSpacing: number;
}

/**
 * A 2-D line of shot gathers; shot j sits at u = j·shotSpacing.
 *
 * @example
 * ```ts
 * const line: Shots2DSpec = resolveSurveySpec({ kind: "shots-2d", shots: 10 }) as Shots2DSpec;
 * ```
 */
export interface Shots2DSpec extends CommonSpec, ShotSpecFields {
  kind: "shots-2d";
  /** Number of shots. Default 40. */
  shots: number;
  /** Channels per shot, 1..32767. Default 96. */
  channels: number;
  /** `"split"`: offsets (k − (channels−1)/2)·receiverSpacing; `"end-on"`: nearOffset + k·receiverSpacing. */
  spread: "split" | "end-on";
  /** Offset of the first channel of an end-on spread (m). Default 25. */
  nearOffset: number;
}

/**
 * Orthogonal 3-D shots: receiver lines along u (every receiverLineSpacing in v), source lines along v (every
 * sourceLineSpacing in u). Each shot records a patch of receiverLines × channelsPerLine receivers centred on
 * it and snapped to the receiver grid, so the patch rolls with the shots.
 *
 * @example
 * ```ts
 * const s = resolveSurveySpec({ kind: "shots-3d", sourceLines: 2 }) as Shots3DSpec;
 * ```
 */
export interface Shots3DSpec extends CommonSpec, ShotSpecFields {
  kind: "shots-3d";
  /** Number of source lines. Default 3. */
  sourceLines: number;
  /** Shots per source line. Default 8. */
  shotsPerLine: number;
  /** Distance between source lines (m). Default 300. */
  sourceLineSpacing: number;
  /** Receiver lines in each shot's patch. Default 4. */
  receiverLines: number;
  /** Channels per receiver line in the patch; receiverLines × channelsPerLine ≤ 32767. Default 40. */
  channelsPerLine: number;
  /** Distance between receiver lines (m). Default 200. */
  receiverLineSpacing: number;
}

/**
 * A post-stack cube: inline i, crossline j sits at u = j·crosslineSpacing, v = i·inlineSpacing.
 *
 * @example
 * ```ts
 * const cube = resolveSurveySpec({ kind: "poststack-3d", inlines: 50 }) as Poststack3DSpec;
 * ```
 */
export interface Poststack3DSpec extends CommonSpec {
  kind: "poststack-3d";
  /** Number of inlines. Default 100. */
  inlines: number;
  /** Number of crosslines. Default 150. */
  crosslines: number;
  /** Distance between adjacent inlines (m). Default 25. */
  inlineSpacing: number;
  /** Distance between adjacent crosslines (m). Default 12.5. */
  crosslineSpacing: number;
}

/**
 * A complete, validated survey description, discriminated by `kind`.
 *
 * @example
 * ```ts
 * const spec: SurveySpec = resolveSurveySpec({ kind: "shots-3d" });
 * if (spec.kind === "shots-3d") spec.receiverLines; // 4
 * ```
 */
export type SurveySpec = Shots2DSpec | Shots3DSpec | Poststack3DSpec;

/**
 * A reflector as given by a user: only `t0Ms` is required (velocity defaults to 1500 + t0Ms m/s, amplitude
 * to 1, dips and dome to 0).
 *
 * @example
 * ```ts
 * const r: ReflectorInput = { t0Ms: 600, velocity: 2000 };
 * ```
 */
export type ReflectorInput = Partial<Reflector> & { t0Ms: number };

type Input<T extends SurveySpec> = Partial<Omit<T, "kind" | "reflectors">> & { reflectors?: ReflectorInput[] };

/**
 * What {@link resolveSurveySpec} accepts: any subset of a spec; `kind` defaults to `"shots-2d"`.
 *
 * @example
 * ```ts
 * const input: SurveySpecInput = { kind: "poststack-3d", crosslines: 400, reflectors: [{ t0Ms: 900 }] };
 * ```
 */
export type SurveySpecInput =
  | (Input<Shots2DSpec> & { kind?: "shots-2d" })
  | (Input<Shots3DSpec> & { kind: "shots-3d" })
  | (Input<Poststack3DSpec> & { kind: "poststack-3d" });
