/**
 * A small radix-2 complex FFT on split real and imaginary float64 arrays: an iterative decimation-in-time
 * transform with a precomputed bit-reversal permutation and contiguous twiddle tables; stages run two
 * at a time as radix-4 butterflies (half the passes over memory, three complex products per four points), with
 * one radix-2 stage left over when log2(n) is odd. The inverse is the forward transform with real and
 * imaginary parts swapped (IDFT(x) = swap(DFT(swap(x))) / n), so there is one kernel. Plans are cached per
 * size. The transform is deterministic: the twiddles come from `Math.cos` / `Math.sin` once per plan, and every
 * butterfly runs in a fixed order.
 *
 * @module
 */
import { ValidationError } from "../errors";

/**
 * The smallest power of two >= `n` (and >= 1).
 *
 * @example
 * ```ts
 * nextPowerOfTwo(1500); // 2048
 * ```
 */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const PLANS = new Map<number, FftPlan>();

/**
 * A complex FFT of one power-of-two size.
 *
 * @example
 * ```ts
 * const plan = FftPlan.of(8);
 * const re = new Float64Array(8).fill(1), im = new Float64Array(8);
 * plan.forward(re, im); // re[0] = 8, the rest 0
 * plan.inverse(re, im); // back to ones (inverse divides by n)
 * ```
 */
export class FftPlan {
  /** `reversed[i]` is i with its log2(n) bits reversed. */
  readonly reversed: Uint32Array;
  /** Twiddles of the stage with half-size h start at h: cos and sin of -πj/h, j = 0..h-1. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /**
   * Twiddles of the radix-4 pass over half-sizes h and 2h, six values at 6·(h + j): W^2j, W^j and W^3j of the
   * 4h-point stage (cos, sin each), side by side so that a butterfly reads one short run of memory.
   */
  private readonly radix4: Float64Array;

  private constructor(
    /** The transform's length, a power of two. */
    readonly size: number,
  ) {
    const n = size;
    let bits = 0;
    while (1 << bits < n) bits++;
    this.reversed = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
      this.reversed[i] = r;
    }
    this.cos = new Float64Array(Math.max(1, n));
    this.sin = new Float64Array(Math.max(1, n));
    this.radix4 = new Float64Array(6 * Math.max(1, n));
    for (let h = 1; h < n; h *= 2) {
      for (let j = 0; j < h; j++) {
        const angle = (-Math.PI * j) / h;
        this.cos[h + j] = Math.cos(angle);
        this.sin[h + j] = Math.sin(angle);
      }
    }
    for (let h = 1; 4 * h <= n; h *= 2) {
      for (let j = 0; j < h; j++) {
        const o = 6 * (h + j);
        const angle3 = (-3 * Math.PI * j) / (2 * h);
        this.radix4.set([this.cos[h + j], this.sin[h + j], this.cos[2 * h + j], this.sin[2 * h + j], Math.cos(angle3), Math.sin(angle3)], o);
      }
    }
  }

  /** The cached plan of size `n` (a power of two, 1 .. 2^24). */
  static of(n: number): FftPlan {
    let plan = PLANS.get(n);
    if (plan === undefined) {
      if (!Number.isInteger(n) || n < 1 || n > 1 << 24 || (n & (n - 1)) !== 0) throw new ValidationError("fft.size", `must be a power of two from 1 to 2^24, got ${n}`);
      plan = new FftPlan(n);
      PLANS.set(n, plan);
    }
    return plan;
  }

  /** In-place forward transform, X[k] = Σ x[j]·e^(-2πijk/n). */
  forward(re: Float64Array, im: Float64Array): void {
    this.transform(re, im, false);
  }

  /** In-place inverse transform, divided by n (so that inverse(forward(x)) = x). */
  inverse(re: Float64Array, im: Float64Array): void {
    this.transform(im, re, false);
    const scale = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i] *= scale;
      im[i] *= scale;
    }
  }

  /**
   * The unscaled forward transform in place; with `bitReversed`, the input is already stored in bit-reversed
   * order (`re[reversed[i]]` holds x[i]), which saves the permutation pass. For an unscaled inverse, pass the
   * imaginary parts as `re` and the real parts as `im`.
   */
  transform(re: Float64Array, im: Float64Array, bitReversed: boolean): void {
    const n = this.size;
    if (re.length < n || im.length < n) throw new ValidationError("fft.data", `needs ${n} values in re and im, got ${re.length} and ${im.length}`);
    if (!bitReversed) this.permute(re, im);
    if (n < 2) return;
    if (n === 2) {
      const ar = re[0];
      const ai = im[0];
      re[0] = ar + re[1];
      im[0] = ai + im[1];
      re[1] = ar - re[1];
      im[1] = ai - im[1];
      return;
    }
    // Stages of half-size 1 and 2 together: twiddles 1 and -i only.
    for (let i = 0; i < n; i += 4) {
      const x0r = re[i], x0i = im[i], x1r = re[i + 1], x1i = im[i + 1];
      const x2r = re[i + 2], x2i = im[i + 2], x3r = re[i + 3], x3i = im[i + 3];
      const ar = x0r + x1r, ai = x0i + x1i, br = x0r - x1r, bi = x0i - x1i;
      const cr = x2r + x3r, ci = x2i + x3i, dr = x2r - x3r, di = x2i - x3i;
      re[i] = ar + cr;
      im[i] = ai + ci;
      re[i + 2] = ar - cr;
      im[i + 2] = ai - ci;
      // -i·(dr + i di) = di - i dr
      re[i + 1] = br + di;
      im[i + 1] = bi - dr;
      re[i + 3] = br - di;
      im[i + 3] = bi + dr;
    }
    const cos = this.cos;
    const sin = this.sin;
    const tw = this.radix4;
    let h = 4;
    // Two stages at a time: half-sizes h and 2h over groups of 4h.
    for (; 4 * h <= n; h *= 4) {
      const group = 4 * h;
      for (let start = 0; start < n; start += group) {
        for (let j = 0; j < h; j++) {
          // Radix 4: x_b, x_c, x_d times W^2j, W^j, W^3j of the 4h-point stage (three complex products).
          const o = 6 * (h + j);
          const w1r = tw[o], w1i = tw[o + 1];
          const w2r = tw[o + 2], w2i = tw[o + 3];
          const w3r = tw[o + 4], w3i = tw[o + 5];
          const a = start + j, b = a + h, c = b + h, d = c + h;
          let xr = re[b], xi = im[b];
          const pr = xr * w1r - xi * w1i, pi = xr * w1i + xi * w1r;
          xr = re[c];
          xi = im[c];
          const qr = xr * w2r - xi * w2i, qi = xr * w2i + xi * w2r;
          xr = re[d];
          xi = im[d];
          const rr = xr * w3r - xi * w3i, ri = xr * w3i + xi * w3r;
          const ar = re[a], ai = im[a];
          const s0r = ar + pr, s0i = ai + pi, s1r = ar - pr, s1i = ai - pi;
          const s2r = qr + rr, s2i = qi + ri, s3r = qr - rr, s3i = qi - ri;
          re[a] = s0r + s2r;
          im[a] = s0i + s2i;
          re[c] = s0r - s2r;
          im[c] = s0i - s2i;
          // ∓i·s3
          re[b] = s1r + s3i;
          im[b] = s1i - s3r;
          re[d] = s1r - s3i;
          im[d] = s1i + s3r;
        }
      }
    }
    // One stage left when log2(n) is odd.
    if (h < n) {
      for (let j = 0; j < h; j++) {
        const wr = cos[h + j], wi = sin[h + j];
        const a = j, b = j + h;
        const xr = re[b], xi = im[b];
        const tr = xr * wr - xi * wi, ti = xr * wi + xi * wr;
        const ar = re[a], ai = im[a];
        re[a] = ar + tr;
        im[a] = ai + ti;
        re[b] = ar - tr;
        im[b] = ai - ti;
      }
    }
  }

  /** Puts the values in bit-reversed order. */
  private permute(re: Float64Array, im: Float64Array): void {
    const rev = this.reversed;
    for (let i = 0; i < this.size; i++) {
      const j = rev[i];
      if (j > i) {
        const tr = re[i];
        re[i] = re[j];
        re[j] = tr;
        const ti = im[i];
        im[i] = im[j];
        im[j] = ti;
      }
    }
  }
}
