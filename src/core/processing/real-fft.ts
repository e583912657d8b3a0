/**
 * A real FFT of a power-of-two length n through one complex FFT of length n/2 (the even samples as real
 * parts, the odd ones as imaginary parts, then one pass that separates the two spectra). A real signal's
 * spectrum is Hermitian, so only bins 0 .. n/2 are kept. Plans are cached per size; deterministic like
 * {@link FftPlan}.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { FftPlan } from "./fft";

const PLANS = new Map<number, RealFftPlan>();

/**
 * A real FFT of one power-of-two length (>= 2).
 *
 * @example
 * ```ts
 * const plan = RealFftPlan.of(2048);
 * const re = new Float64Array(1025), im = new Float64Array(1025);
 * plan.forward(trace, re, im); // trace: up to 2048 samples, zero-padded
 * plan.inverse(re, im, out); // out: 2048 samples, the trace again
 * ```
 */
export class RealFftPlan {
  private readonly half: FftPlan;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  /** e^(-2πik/n), k = 0 .. n/2. */
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  /** Spectrum scratch of {@link RealFftPlan.filter}. */
  private readonly sr: Float64Array;
  private readonly si: Float64Array;

  private constructor(
    /** The signal length, a power of two. */
    readonly size: number,
  ) {
    const m = size / 2;
    this.half = FftPlan.of(m);
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
    this.wr = new Float64Array(m + 1);
    this.wi = new Float64Array(m + 1);
    this.sr = new Float64Array(m + 1);
    this.si = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      const angle = (-2 * Math.PI * k) / size;
      this.wr[k] = Math.cos(angle);
      this.wi[k] = Math.sin(angle);
    }
  }

  /** The cached plan of length `n` (a power of two, 2 .. 2^25). */
  static of(n: number): RealFftPlan {
    let plan = PLANS.get(n);
    if (plan === undefined) {
      if (!Number.isInteger(n) || n < 2 || n > 1 << 25 || (n & (n - 1)) !== 0) throw new ValidationError("fft.size", `a real FFT needs a power of two from 2 to 2^25, got ${n}`);
      plan = new RealFftPlan(n);
      PLANS.set(n, plan);
    }
    return plan;
  }

  /** Number of spectrum bins: n/2 + 1. */
  get bins(): number {
    return this.size / 2 + 1;
  }

  /**
   * Spectrum bins 0 .. n/2 of `x` (its first `count` values, default all up to n; the rest are zeros) into
   * `re` and `im`. `x` may be any numeric typed array; `offset` is where the signal starts in it.
   */
  forward(x: ArrayLike<number>, re: Float64Array, im: Float64Array, offset = 0, count = Math.min(this.size, x.length - offset)): void {
    const m = this.size / 2;
    if (re.length < m + 1 || im.length < m + 1) throw new ValidationError("fft.spectrum", `needs ${m + 1} bins, got ${re.length} and ${im.length}`);
    if (count > this.size) throw new ValidationError("fft.count", `at most ${this.size} samples, got ${count}`);
    const { zr, zi, wr, wi } = this;
    this.loadPairs(x, offset, count);
    this.half.transform(zr, zi, true);
    // X[k] = Fe[k] + W^k·Fo[k], Fe = (Z[k] + conj Z[m-k]) / 2, Fo = (Z[k] - conj Z[m-k]) / 2i.
    re[0] = zr[0] + zi[0];
    im[0] = 0;
    re[m] = zr[0] - zi[0];
    im[m] = 0;
    for (let k = 1; k < m; k++) {
      const ar = zr[k];
      const ai = zi[k];
      const br = zr[m - k];
      const bi = -zi[m - k];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      // (a - b) / 2i = (ai - bi)/2 - i (ar - br)/2
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const cr = wr[k];
      const ci = wi[k];
      re[k] = er + (or * cr - oi * ci);
      im[k] = ei + (or * ci + oi * cr);
    }
  }

  /**
   * Filters a real signal in place with a real (zero-phase) frequency response: `x[offset .. offset + count)`
   * is zero-padded to n, transformed, multiplied by `response` (n/2 + 1 values, bin k at k / (n·dt) Hz), and
   * transformed back. The same as forward, multiply, inverse, without computing the bins the response zeroes.
   */
  filter(x: { [i: number]: number; length: number }, response: Float64Array, offset = 0, count = Math.min(this.size, x.length - offset)): void {
    const m = this.size / 2;
    if (response.length < m + 1) throw new ValidationError("fft.response", `needs ${m + 1} values, got ${response.length}`);
    const { zr, zi, wr, wi, sr, si } = this;
    this.loadPairs(x, offset, count);
    this.half.transform(zr, zi, true);
    for (let k = 0; k <= m; k++) {
      const h = response[k];
      if (h === 0) {
        sr[k] = 0;
        si[k] = 0;
        continue;
      }
      if (k === 0 || k === m) {
        sr[k] = (k === 0 ? zr[0] + zi[0] : zr[0] - zi[0]) * h;
        si[k] = 0;
        continue;
      }
      const ar = zr[k];
      const ai = zi[k];
      const br = zr[m - k];
      const bi = -zi[m - k];
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const cr = wr[k];
      const ci = wi[k];
      sr[k] = (0.5 * (ar + br) + (or * cr - oi * ci)) * h;
      si[k] = (0.5 * (ai + bi) + (or * ci + oi * cr)) * h;
    }
    this.inverse(sr, si, x, offset, count);
  }

  /** Even samples of `x[offset ..]` as real parts, odd ones as imaginary parts, in bit-reversed order, zero-padded. */
  private loadPairs(x: ArrayLike<number>, offset: number, count: number): void {
    const { zr, zi } = this;
    const m = this.size / 2;
    const rev = this.half.reversed;
    const pairs = count >> 1;
    for (let j = 0; j < pairs; j++) {
      const r = rev[j];
      zr[r] = x[offset + 2 * j];
      zi[r] = x[offset + 2 * j + 1];
    }
    let j = pairs;
    if (count & 1) {
      zr[rev[j]] = x[offset + count - 1];
      zi[rev[j]] = 0;
      j++;
    }
    for (; j < m; j++) {
      zr[rev[j]] = 0;
      zi[rev[j]] = 0;
    }
  }

  /**
   * The real signal (length n, or its first `count` values) whose bins 0 .. n/2 are `re` and `im`, into `out`
   * from `offset`: the inverse of {@link RealFftPlan.forward}, scaled by 1/n. Imaginary parts of bins 0 and
   * n/2 are ignored (they are zero for a real signal).
   */
  inverse(re: Float64Array, im: Float64Array, out: { [i: number]: number; length: number }, offset = 0, count = Math.min(this.size, out.length - offset)): void {
    const m = this.size / 2;
    if (re.length < m + 1 || im.length < m + 1) throw new ValidationError("fft.spectrum", `needs ${m + 1} bins, got ${re.length} and ${im.length}`);
    const { zr, zi, wr, wi } = this;
    const rev = this.half.reversed;
    // Fe = (X[k] + conj X[m-k]) / 2, Fo = conj(W^k)·(X[k] - conj X[m-k]) / 2, Z[k] = Fe + i·Fo, stored in
    // bit-reversed order.
    for (let k = 0; k < m; k++) {
      const ar = re[k];
      const ai = k === 0 ? 0 : im[k];
      const br = re[m - k];
      const bi = k === 0 ? 0 : -im[m - k];
      const r = rev[k];
      if (ar === 0 && ai === 0 && br === 0 && bi === 0) {
        // Both bins filtered out (common after a band-pass): nothing to combine.
        zr[r] = 0;
        zi[r] = 0;
        continue;
      }
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br);
      const di = 0.5 * (ai - bi);
      const cr = wr[k];
      const ci = -wi[k];
      const or = dr * cr - di * ci;
      const oi = dr * ci + di * cr;
      zr[r] = er - oi;
      zi[r] = ei + or;
    }
    // The unscaled inverse is the forward transform with real and imaginary parts swapped; z = that / m holds
    // the even samples as real parts, the odd ones as imaginary parts.
    this.half.transform(zi, zr, true);
    const scale = 1 / m;
    const end = Math.min(count, this.size);
    const pairs = end >> 1;
    for (let j = 0; j < pairs; j++) {
      out[offset + 2 * j] = zr[j] * scale;
      out[offset + 2 * j + 1] = zi[j] * scale;
    }
    if (end & 1) out[offset + end - 1] = zr[pairs] * scale;
  }
}
