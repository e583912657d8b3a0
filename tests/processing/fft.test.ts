import { strict as assert } from "node:assert";
import { FftPlan, nextPowerOfTwo, RealFftPlan, ValidationError } from "../../src";

/** The DFT by its definition, in float64. */
function dft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = re.length;
  const out = { re: new Float64Array(n), im: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      out.re[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      out.im[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return out;
}

/** Deterministic pseudo-random values in [-0.5, 0.5). */
function values(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

const maxError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
};

describe("FFT", () => {
  it("the complex FFT matches the DFT's definition for every size from 1 to 512, and inverse undoes forward", () => {
    for (let n = 1; n <= 512; n *= 2) {
      const re = values(n, n);
      const im = values(n, n + 1);
      const expected = dft(re, im);
      const r = re.slice();
      const i = im.slice();
      FftPlan.of(n).forward(r, i);
      assert.ok(maxError(r, expected.re) < 1e-9 * n, `re, n = ${n}`);
      assert.ok(maxError(i, expected.im) < 1e-9 * n, `im, n = ${n}`);
      FftPlan.of(n).inverse(r, i);
      assert.ok(maxError(r, re) < 1e-12 && maxError(i, im) < 1e-12, `round trip, n = ${n}`);
    }
  });

  it("the real FFT gives bins 0..n/2 of the DFT of a zero-padded signal, and its inverse gives the signal back", () => {
    for (const n of [2, 4, 8, 64, 256]) {
      const plan = RealFftPlan.of(n);
      for (const count of new Set([n, n - 1, Math.max(1, n - 5)])) {
        const x = values(count, 7 * n + count);
        const padded = new Float64Array(n);
        padded.set(x);
        const expected = dft(padded, new Float64Array(n));
        const re = new Float64Array(plan.bins);
        const im = new Float64Array(plan.bins);
        plan.forward(x, re, im, 0, count);
        assert.ok(maxError(re, expected.re.subarray(0, plan.bins)) < 1e-10 * n, `re, n = ${n}, count = ${count}`);
        assert.ok(maxError(im, expected.im.subarray(0, plan.bins)) < 1e-10 * n, `im, n = ${n}, count = ${count}`);
        const back = new Float64Array(n);
        plan.inverse(re, im, back);
        assert.ok(maxError(back, padded) < 1e-12, `round trip, n = ${n}, count = ${count}`);
      }
    }
  });

  it("reads and writes a trace in place inside a longer array, leaving its neighbours alone", () => {
    const plan = RealFftPlan.of(16);
    const data = Float32Array.from({ length: 30 }, (_, i) => i);
    const re = new Float64Array(plan.bins);
    const im = new Float64Array(plan.bins);
    plan.forward(data, re, im, 10, 10);
    plan.inverse(re, im, data, 10, 10);
    assert.deepEqual(Array.from(data), Array.from({ length: 30 }, (_, i) => i));
  });

  it("is deterministic: the same input gives the same bits", () => {
    const a = values(1024, 3);
    const b = a.slice();
    const ai = new Float64Array(1024);
    const bi = new Float64Array(1024);
    FftPlan.of(1024).forward(a, ai);
    FftPlan.of(1024).forward(b, bi);
    assert.deepEqual(Buffer.from(a.buffer), Buffer.from(b.buffer));
    assert.deepEqual(Buffer.from(ai.buffer), Buffer.from(bi.buffer));
  });

  it("refuses sizes that are not powers of two", () => {
    assert.throws(() => FftPlan.of(12), ValidationError);
    assert.throws(() => RealFftPlan.of(1), ValidationError);
    assert.equal(nextPowerOfTwo(1500), 2048);
    assert.equal(nextPowerOfTwo(1), 1);
  });
});
