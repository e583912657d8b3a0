/**
 * The synthetic survey generator: SEG-Y-ready binary header, textual header, and a stream of traces with
 * segyio-named headers and float32 samples (Ricker wavelets on hyperbolic reflections, a linear direct wave,
 * spreading decay and Gaussian noise). Pure computation and deterministic: the same spec gives the same bytes.
 *
 * @module
 */
import { buildGeometry, emptyTraceGeometry, WorldFrame, type TraceGeometry } from "./geometry";
import { Xoshiro128 } from "./random";
import { resolveSurveySpec, traceCountOf, type SurveySpec, type SurveySpecInput } from "./survey-spec";
import { buildTextHeader } from "./text-header";

/**
 * One generated trace: header values by segyio field name, and its samples.
 *
 * @example
 * ```ts
 * const { value: trace } = generateSurvey({ shots: 1 }).traces().next();
 * trace?.header.FieldRecord; // 1
 * ```
 */
export interface SyntheticTrace {
  /** Header values by segyio field name (all integers). */
  header: Record<string, number>;
  /** The samples, one float32 per sample. */
  samples: Float32Array;
}

/**
 * Options of {@link SyntheticSurvey.traces}.
 *
 * @example
 * ```ts
 * for (const t of generateSurvey({}).traces({ start: 96, end: 192, reuse: true })) {
 *   // the second shot; copy t.samples to keep it
 * }
 * ```
 */
export interface TraceStreamOptions {
  /**
   * Yield the same `samples` array for every trace, overwritten by the next one: no allocation per trace, but
   * a consumer must copy what it keeps. Default false (a fresh array per trace). Headers are always fresh.
   */
  reuse?: boolean;
  /** Index of the first trace to yield (0-based). Default 0. Traces are identical to a full run's. */
  start?: number;
  /** Index one past the last trace to yield. Default the trace count. */
  end?: number;
}

/**
 * A generated survey; see {@link generateSurvey}.
 *
 * @example
 * ```ts
 * const survey: SyntheticSurvey = generateSurvey({ kind: "poststack-3d" });
 * survey.binaryHeader.SortingCode; // 4
 * ```
 */
export interface SyntheticSurvey {
  /** The resolved spec. */
  spec: SurveySpec;
  /** Number of traces. */
  traceCount: number;
  /** Samples per trace. */
  samplesPerTrace: number;
  /** Sample interval (µs). */
  sampleIntervalUs: number;
  /** Binary header values by segyio field name. */
  binaryHeader: Record<string, number>;
  /** 3200-character card-image textual header (40 lines of 80 characters, no newlines). */
  textHeader: string;
  /** The traces in file order; each call starts a new, identical stream. */
  traces(options?: TraceStreamOptions): Generator<SyntheticTrace>;
}

/** Bytes of the textual plus binary file headers. */
const FILE_HEADER_BYTES = 3600;
/** Bytes of a trace header. */
const TRACE_HEADER_BYTES = 240;
/** Wavelet table points per sample interval. */
const OVERSAMPLE = 32;
/** Coordinate and elevation scalar: stored value = metres × 100. */
const SCALAR = -100;
/** Largest number of CDP bins whose fold is counted (for CDP_TRACE). */
const MAX_BINS = 1 << 26;
const INT32_MAX = 2147483647;

/** Rounds half away from zero (so offsets of a split spread stay symmetric), as an int32 without −0. */
function roundHalfAway(x: number): number {
  return (x < 0 ? -Math.round(-x) : Math.round(x)) | 0;
}

/**
 * Size in bytes of the SEG-Y file a spec describes: 3600 + traces × (240 + 4 × samples).
 *
 * @example
 * ```ts
 * surveyByteSize({ shots: 10, channels: 100, samples: 1000 }); // 3600 + 1000 * 4240 = 4243600
 * ```
 */
export function surveyByteSize(input: SurveySpecInput): number {
  const spec = resolveSurveySpec(input);
  return FILE_HEADER_BYTES + traceCountOf(spec) * (TRACE_HEADER_BYTES + 4 * spec.samples);
}

/** A Ricker wavelet tabulated every 1/OVERSAMPLE sample over ±half samples, and a function adding it to a trace. */
function waveletAdder(spec: SurveySpec): (out: Float32Array, centre: number, amplitude: number) => void {
  const dt = spec.sampleIntervalUs * 1e-6;
  // exp(−π²f²t²) · (1 − 2π²f²t²) is below 2e-7 of the peak beyond |t| = 1.4 / f.
  const half = Math.min(Math.ceil(1.4 / (spec.frequency * dt)), spec.samples + 1);
  const table = new Float32Array(2 * half * OVERSAMPLE + 1);
  const a = (Math.PI * spec.frequency * dt) ** 2;
  for (let m = 0; m < table.length; m++) {
    const s2 = (m / OVERSAMPLE - half) ** 2;
    table[m] = (1 - 2 * a * s2) * Math.exp(-a * s2);
  }
  const last = spec.samples - 1;
  return (out, centre, amplitude) => {
    const lo = Math.max(0, Math.ceil(centre - half));
    const hi = Math.min(last, Math.floor(centre + half));
    const base = (half - centre) * OVERSAMPLE + 0.5;
    for (let n = lo; n <= hi; n++) out[n] += amplitude * table[(n * OVERSAMPLE + base) | 0];
  };
}

/**
 * Generates a synthetic survey from a spec (resolved with {@link resolveSurveySpec} first). Trace `i`'s noise
 * comes from stream `i` of `spec.seed`, so traces do not depend on each other and ranges can be generated alone.
 *
 * Trace order: shot by shot, channel by channel (3-D: source line by source line, channels receiver line by
 * receiver line); post-stack: inline by inline, crossline by crossline. CDP = inlineIndex × crosslines +
 * crosslineIndex + 1 on the bin grid; CDP_X/CDP_Y are bin centres; CDP_TRACE counts a bin's traces in file
 * order. `offset` is in whole metres, signed along a 2-D line. Reflection amplitude decay is applied per event
 * (at its arrival time), which keeps each wavelet's peak exactly at its arrival.
 *
 * @throws RangeError when the spec is invalid or a header value (coordinate × 100, CDP, line numbers) would
 *   overflow its field.
 * @example
 * ```ts
 * const survey = generateSurvey({ kind: "shots-2d", shots: 2, channels: 24, seed: 3 });
 * for (const trace of survey.traces()) {
 *   trace.header.offset; trace.samples.length; // 1000
 * }
 * ```
 */
export function generateSurvey(input: SurveySpecInput): SyntheticSurvey {
  const spec = resolveSurveySpec(input);
  const geometry = buildGeometry(spec);
  const frame = new WorldFrame(spec);
  const traceCount = traceCountOf(spec);
  const ns = spec.samples;
  const dtUs = spec.sampleIntervalUs;
  const shots = spec.kind !== "poststack-3d";
  const { binU, binV, uMin, vMin, inlines, crosslines, box } = geometry;
  const bins = inlines * crosslines;
  const fits = (v: number): boolean => Number.isFinite(v) && Math.abs(v) <= INT32_MAX;
  const corners = [[box.uMin, box.vMin], [box.uMin, box.vMax], [box.uMax, box.vMin], [box.uMax, box.vMax]];
  for (const [u, v] of corners) {
    if (!fits(frame.x(u, v) * 100) || !fits(frame.y(u, v) * 100)) {
      throw new RangeError(`survey spec: coordinates near (${frame.x(u, v)}, ${frame.y(u, v)}) m overflow int32 at cm precision`);
    }
  }
  if (!fits((Math.abs(spec.elevation) + Math.abs(spec.topography)) * 100)) {
    throw new RangeError("survey spec: elevation overflows int32 at cm precision");
  }
  if (!fits(bins) || !fits(spec.firstInline + inlines) || !fits(spec.firstCrossline + crosslines)) {
    throw new RangeError(`survey spec: ${inlines} x ${crosslines} bins overflow the CDP / inline / crossline fields`);
  }
  if (shots && bins > MAX_BINS) throw new RangeError(`survey spec: bin grid of ${bins} bins is too large (max ${MAX_BINS})`);

  const centreU = uMin + ((crosslines - 1) * binU) / 2;
  const centreV = vMin + ((inlines - 1) * binV) / 2;
  const domeR2 = Math.max(1, (((crosslines - 1) * binU) ** 2 + ((inlines - 1) * binV) ** 2) / 4);
  const dt = dtUs * 1e-6;
  const spreading = spec.spreadingMs > 0 ? 1000 / spec.spreadingMs : 0;
  const addWavelet = waveletAdder(spec);
  const reflectors = spec.reflectors;
  const direct = shots && spec.directAmplitude !== 0 ? { v: spec.directVelocity, a: spec.directAmplitude } : null;
  const elevation = (u: number, v: number): number =>
    roundHalfAway(100 * (spec.elevation + spec.topography * Math.sin(u / 270) * Math.cos(v / 370)));
  const cm = (metres: number): number => roundHalfAway(metres * 100);

  function synthesize(out: Float32Array, g: TraceGeometry, index: number, rng: Xoshiro128): void {
    if (spec.noise > 0) {
      rng.reseed(spec.seed, index);
      rng.fillGaussian(out, spec.noise);
    } else out.fill(0);
    const du = (g.sourceU + g.receiverU) / 2 - centreU;
    const dv = (g.sourceV + g.receiverV) / 2 - centreV;
    const dome = Math.exp(-(du * du + dv * dv) / domeR2);
    const x2 = g.offset * g.offset;
    for (const r of reflectors) {
      const t0 = (r.t0Ms + (r.dipAlongMsPerKm * du + r.dipAcrossMsPerKm * dv) / 1000 - r.domeMs * dome) / 1000;
      if (t0 < 0) continue;
      const t = shots ? Math.sqrt(t0 * t0 + x2 / (r.velocity * r.velocity)) : t0;
      addWavelet(out, t / dt, r.amplitude / (1 + t * spreading));
    }
    if (direct) {
      const t = Math.abs(g.offset) / direct.v;
      addWavelet(out, t / dt, direct.a / (1 + t * spreading));
    }
  }

  function header(index: number, g: TraceGeometry, cdpTrace: number): Record<string, number> {
    const binCentreU = uMin + g.crosslineIndex * binU;
    const binCentreV = vMin + g.inlineIndex * binV;
    return {
      TRACE_SEQUENCE_LINE: g.sequenceInLine,
      TRACE_SEQUENCE_FILE: index + 1,
      FieldRecord: g.fieldRecord,
      TraceNumber: g.traceNumber,
      EnergySourcePoint: g.shotPoint,
      CDP: g.inlineIndex * crosslines + g.crosslineIndex + 1,
      CDP_TRACE: cdpTrace,
      TraceIdentificationCode: 1,
      offset: roundHalfAway(g.offset),
      ReceiverGroupElevation: elevation(g.receiverU, g.receiverV),
      SourceSurfaceElevation: elevation(g.sourceU, g.sourceV),
      ElevationScalar: SCALAR,
      SourceGroupScalar: SCALAR,
      SourceX: cm(frame.x(g.sourceU, g.sourceV)),
      SourceY: cm(frame.y(g.sourceU, g.sourceV)),
      GroupX: cm(frame.x(g.receiverU, g.receiverV)),
      GroupY: cm(frame.y(g.receiverU, g.receiverV)),
      CoordinateUnits: 1,
      DelayRecordingTime: 0,
      TRACE_SAMPLE_COUNT: ns,
      TRACE_SAMPLE_INTERVAL: dtUs,
      CDP_X: cm(frame.x(binCentreU, binCentreV)),
      CDP_Y: cm(frame.y(binCentreU, binCentreV)),
      INLINE_3D: spec.firstInline + g.inlineIndex,
      CROSSLINE_3D: spec.firstCrossline + g.crosslineIndex,
      ShotPoint: g.shotPoint,
      ScalarTraceHeader: 1,
    };
  }

  /** Counts traces per bin over [from, to), returning the largest count reached. */
  function countFold(fold: Int32Array, from: number, to: number, g: TraceGeometry): number {
    let max = 0;
    for (let i = from; i < to; i++) {
      geometry.fill(i, g);
      const n = ++fold[g.inlineIndex * crosslines + g.crosslineIndex];
      if (n > max) max = n;
    }
    return max;
  }

  const ensembleFold = shots ? countFold(new Int32Array(bins), 0, traceCount, emptyTraceGeometry()) : 1;
  const binaryHeader: Record<string, number> = {
    JobID: 1,
    LineNumber: spec.lineNumber,
    ReelNumber: 1,
    Traces: spec.kind === "shots-2d" ? spec.channels : spec.kind === "shots-3d" ? spec.receiverLines * spec.channelsPerLine : 1,
    AuxTraces: 0,
    Interval: dtUs,
    Samples: ns,
    Format: spec.format,
    EnsembleFold: Math.min(ensembleFold, 32767),
    SortingCode: shots ? 1 : 4,
    MeasurementSystem: 1,
    SEGYRevision: 0x0100,
    TraceFlag: 1,
    ExtendedHeaders: 0,
  };

  function* traces(options: TraceStreamOptions = {}): Generator<SyntheticTrace> {
    const start = options.start ?? 0;
    const end = options.end ?? traceCount;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > traceCount || start > end) {
      throw new RangeError(`traces: need integers 0 <= start <= end <= ${traceCount}, got start ${start}, end ${end}`);
    }
    const g = emptyTraceGeometry();
    const fold = shots ? new Int32Array(bins) : null;
    if (fold) countFold(fold, 0, start, g);
    const rng = new Xoshiro128(spec.seed);
    const shared = options.reuse === true ? new Float32Array(ns) : null;
    for (let i = start; i < end; i++) {
      geometry.fill(i, g);
      const cdpTrace = fold ? ++fold[g.inlineIndex * crosslines + g.crosslineIndex] : 1;
      const samples = shared ?? new Float32Array(ns);
      synthesize(samples, g, i, rng);
      yield { header: header(i, g, cdpTrace), samples };
    }
  }

  return {
    spec, traceCount, samplesPerTrace: ns, sampleIntervalUs: dtUs, binaryHeader,
    textHeader: buildTextHeader(spec, traceCount, inlines, crosslines),
    traces,
  };
}
