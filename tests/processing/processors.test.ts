import { strict as assert } from "node:assert";
import { agc, bandpass, type AnyProcessor, bandpassResponse, fkFilter, gain, mute, ProcessingError, ProcessingParameterError, traceBalance } from "../../src";
import { RealFftPlan } from "../../src/core/processing/real-fft";
import { memoryGather, rms } from "./fixtures";

/** A 25 Hz Ricker wavelet centred at `centerMs`, sampled at time `tMs`. */
function ricker(tMs: number, centerMs: number, f = 25): number {
  const a = (Math.PI * f * (tMs - centerMs)) / 1000;
  return (1 - 2 * a * a) * Math.exp(-a * a);
}

describe("processors", () => {
  describe("gain", () => {
    it("multiplies by a scalar, by 10^(dB/20), and by t^n with t in seconds", () => {
      const g = memoryGather(2, 5, (t, j) => t + j + 1);
      gain.apply(g, gain.validate({ mode: "scalar", value: 2 }));
      assert.deepEqual(Array.from(g.samples), [2, 4, 6, 8, 10, 4, 6, 8, 10, 12]);
      gain.apply(g, gain.validate({ mode: "db", value: 20 }));
      assert.deepEqual(Array.from(g.samples), [20, 40, 60, 80, 100, 40, 60, 80, 100, 120]);
      const t = memoryGather(1, 4, () => 1, { dtMs: 500 });
      gain.apply(t, gain.validate({ mode: "tpow", value: 2 }));
      // Sample 0 sits at t = 0: half a sample interval (0.25 s) stands in for it.
      assert.deepEqual(Array.from(t.samples), [0.0625, 0.25, 1, 2.25]);
    });

    it("fills in defaults and rejects unknown or bad parameters, naming them", () => {
      assert.deepEqual(gain.validate({}), { mode: "scalar", value: 1 });
      assert.throws(() => gain.validate({ factor: 2 }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "factor" && /parameters are mode, value/.test(e.message));
      assert.throws(() => gain.validate({ mode: "loud" }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "mode" && /"scalar", "db", "tpow"/.test(e.message));
      assert.throws(() => gain.validate({ value: "2" }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "value");
      assert.throws(() => gain.validate({ value: Number.NaN }), ProcessingParameterError);
      assert.throws(() => gain.validate([1]), ProcessingParameterError);
    });
  });

  describe("AGC", () => {
    it("divides each sample by the RMS of the window centred on it", () => {
      const ns = 400;
      const g = memoryGather(1, ns, (_, j) => Math.sin(j / 3) * (j < 200 ? 1 : 100) + 0.01 * (j % 7));
      const input = Float64Array.from(g.samples);
      const params = agc.validate({ windowMs: 100, target: 2 });
      agc.apply(g, params);
      // 100 ms at 2 ms: 50 samples, 24 before and 25 after the sample.
      for (const j of [0, 10, 150, 199, 200, 230, 399]) {
        const lo = Math.max(0, j - 24);
        const hi = Math.min(ns, j + 26);
        const expected = (input[j] * 2) / rms(input, lo, hi);
        assert.ok(Math.abs(g.samples[j] - expected) <= 1e-5 * Math.abs(expected) + 1e-7, `sample ${j}: ${g.samples[j]} vs ${expected}`);
      }
      // Both halves come out at the target level, away from the step.
      assert.ok(Math.abs(rms(g.samples, 30, 170) - 2) < 0.1);
      assert.ok(Math.abs(rms(g.samples, 230, 370) - 2) < 0.1);
    });

    it("keeps quiet samples after loud ones, and leaves dead traces dead", () => {
      const g = memoryGather(2, 300, (t, j) => (t === 1 ? 0 : j < 100 ? 1e6 * Math.sin(j) : 1e-3 * Math.sin(j)));
      agc.apply(g, agc.validate({ windowMs: 40 }));
      assert.ok(Math.abs(rms(g.samples, 150, 250) - 1) < 0.05, `quiet part: ${rms(g.samples, 150, 250)}`);
      assert.ok(g.samples.subarray(300).every((v) => v === 0));
    });

    it("needs a sample interval", () => {
      assert.throws(() => agc.apply(memoryGather(1, 10, () => 1, { dtMs: null }), agc.validate({})), (e: unknown) => e instanceof ProcessingError && /sample interval/.test(e.message));
    });
  });

  describe("band-pass", () => {
    const params = bandpass.validate({ f1: 5, f2: 10, f3: 40, f4: 60 });

    it("passes frequencies inside the band, removes those outside, and halves the middle of a linear flank", () => {
      const ns = 1000;
      const tone = (hz: number) => memoryGather(1, ns, (_, j) => Math.sin((2 * Math.PI * hz * j * 2) / 1000));
      for (const [hz, gainExpected] of [
        [25, 1],
        [100, 0],
        [2, 0],
      ] as const) {
        const g = tone(hz);
        const before = rms(g.samples, 300, 700);
        bandpass.apply(g, params);
        assert.ok(Math.abs(rms(g.samples, 300, 700) / before - gainExpected) < 0.02, `${hz} Hz: ${rms(g.samples, 300, 700) / before}`);
      }
      assert.equal(bandpassResponse(7.5, params), 0.5);
      assert.equal(bandpassResponse(50, params), 0.5);
      assert.equal(bandpassResponse(30, params), 1);
      assert.equal(bandpassResponse(61, params), 0);
      assert.ok(Math.abs(bandpassResponse(7.5, { ...params, taper: "cosine" }) - 0.5) < 1e-15);
      assert.ok(Math.abs(bandpassResponse(6.25, { ...params, taper: "cosine" }) - Math.sin(Math.PI / 8) ** 2) < 1e-15);
    });

    it("is zero-phase: a spike stays centred, its response symmetric", () => {
      const g = memoryGather(1, 801, (_, j) => (j === 400 ? 1 : 0));
      bandpass.apply(g, params);
      let peak = 0;
      for (let j = 0; j < 801; j++) if (Math.abs(g.samples[j]) > Math.abs(g.samples[peak])) peak = j;
      assert.equal(peak, 400);
      for (let k = 1; k < 200; k++) assert.ok(Math.abs(g.samples[400 - k] - g.samples[400 + k]) < 1e-6, `lag ${k}`);
    });

    it("agrees with the double-precision FFT to single-precision accuracy, and repeats its bits exactly", () => {
      const ns = 1500;
      const fill = (t: number, j: number) => Math.sin((2 * Math.PI * (8 + 5 * t) * j * 2) / 1000) + 0.3 * Math.sin(j * 1.7 + t) + (((j * 7919 + t * 104729) % 1000) / 1000 - 0.5);
      const g = memoryGather(6, ns, fill);
      const again = memoryGather(6, ns, fill);
      bandpass.apply(g, params);
      bandpass.apply(again, params);
      assert.deepEqual(Buffer.from(g.samples.buffer), Buffer.from(again.samples.buffer), "the same input gives the same bits");
      // the reference: the double-precision real FFT of the JavaScript path, the same response
      const n = 2048;
      const plan = RealFftPlan.of(n);
      const response = new Float64Array(n / 2 + 1).map((_, k) => bandpassResponse(k / (n * 0.002), params));
      let worst = 0;
      let peak = 0;
      for (let t = 0; t < 6; t++) {
        const trace = Float64Array.from({ length: ns }, (_, j) => Math.fround(fill(t, j)));
        plan.filter(trace, response, 0, ns);
        for (let j = 0; j < ns; j++) {
          worst = Math.max(worst, Math.abs(trace[j] - g.samples[t * ns + j]));
          peak = Math.max(peak, Math.abs(trace[j]));
        }
      }
      assert.ok(worst < 1e-5 * peak, `largest difference ${worst} against a peak of ${peak}`);
      assert.equal(bandpass.version, "2.0.0", "single precision gives other bits than 1.0.0: a new version");
    });

    it("filters short traces (a transform of at least 32)", () => {
      const g = memoryGather(2, 10, (t, j) => (j === 5 ? 1 : 0));
      bandpass.apply(g, params);
      assert.ok(g.samples.every((v) => Number.isFinite(v)));
      assert.ok(Math.abs(g.samples[5]) > 0 && Math.abs(g.samples[5]) < 1);
    });

    it("rejects corners out of order", () => {
      assert.throws(() => bandpass.validate({ f1: 10, f2: 5, f3: 40, f4: 60 }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "f2");
      assert.throws(() => bandpass.validate({ f1: 5, f2: 10, f3: 40, f4: 40 }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "f4");
      assert.throws(() => bandpass.validate({ f1: 5, f2: 10, f3: 40 }), (e: unknown) => e instanceof ProcessingParameterError && e.parameter === "f4" && /required/.test(e.message));
    });
  });

  describe("top mute", () => {
    it("zeroes samples above timeMs + |offset| / velocity, ramps over the taper, keeps the rest", () => {
      const g = memoryGather(3, 500, () => 1, { offsets: [0, -500, 1000] });
      mute.apply(g, mute.validate({ velocity: 2000, timeMs: 100, taperMs: 20 }));
      // Mute times 100, 350 and 600 ms: samples 50, 175 and 300 at 2 ms; ramps start 10 samples earlier.
      for (const [trace, at] of [
        [0, 50],
        [1, 175],
        [2, 300],
      ] as const) {
        const s = g.samples.subarray(trace * 500, (trace + 1) * 500);
        assert.ok(s.subarray(0, at - 10).every((v) => v === 0), `trace ${trace} above the ramp`);
        assert.ok(s.subarray(at).every((v) => v === 1), `trace ${trace} below the line`);
        for (let j = at - 9; j < at; j++) assert.ok(s[j] > s[j - 1] && s[j] < 1, `trace ${trace} ramp at ${j}`);
      }
      assert.deepEqual(mute.headers(mute.validate({ velocity: 1 })), ["offset"]);
    });

    it("says which header it lacks", () => {
      assert.throws(() => mute.apply(memoryGather(1, 10, () => 1), mute.validate({ velocity: 1500 })), (e: unknown) => e instanceof ProcessingError && /offset trace header/.test(e.message));
    });
  });

  describe("trace balancing", () => {
    it("makes every live trace's measure equal the target within the window, and leaves dead traces", () => {
      const g = memoryGather(3, 200, (t, j) => (t === 2 ? 0 : (t + 1) * 10 * Math.sin(j / 5) + (j < 100 ? 0 : 50 * t)));
      traceBalance.apply(g, traceBalance.validate({ method: "rms", target: 3, startMs: 0, endMs: 198 }));
      assert.ok(Math.abs(rms(g.samples, 0, 100) - 3) < 1e-5);
      assert.ok(Math.abs(rms(g.samples, 200, 300) - 3) < 1e-5);
      assert.ok(g.samples.subarray(400).every((v) => v === 0));
      const m = memoryGather(2, 4, (t, j) => (t + 1) * (j - 1.5));
      traceBalance.apply(m, traceBalance.validate({ method: "max" }));
      assert.deepEqual(Array.from(m.samples), [-1, -1 / 3, 1 / 3, 1, -1, -1 / 3, 1 / 3, 1].map(Math.fround));
      assert.throws(() => traceBalance.validate({ startMs: 100, endMs: 50 }), ProcessingParameterError);
    });
  });

  describe("FK filter", () => {
    it("removes a slow dipping event and keeps a flat one", () => {
      // 64 traces 5 m apart; a 1000 m/s linear event from 100 ms and a flat event at 700 ms.
      const traces = 64;
      const ns = 512;
      const offsets = Array.from({ length: traces }, (_, t) => t * 5);
      const slowMs = (t: number) => 100 + offsets[t];
      const g = memoryGather(traces, ns, (t, j) => ricker(j * 2, slowMs(t)) + ricker(j * 2, 700), { offsets });
      const window = (t: number, centreMs: number) => [t * ns + Math.round((centreMs - 30) / 2), t * ns + Math.round((centreMs + 30) / 2)] as const;
      const energy = (samples: Float32Array, centre: (t: number) => number) => {
        let sum = 0;
        for (let t = 16; t < 48; t++) {
          const [a, b] = window(t, centre(t));
          sum += rms(samples, a, b) ** 2;
        }
        return sum;
      };
      const slowBefore = energy(g.samples, slowMs);
      const flatBefore = energy(g.samples, () => 700);
      fkFilter.apply(g, fkFilter.validate({ rejectVelocity: 1500, passVelocity: 2500 }));
      assert.ok(energy(g.samples, slowMs) < 0.05 * slowBefore, `slow event kept ${energy(g.samples, slowMs) / slowBefore}`);
      assert.ok(energy(g.samples, () => 700) > 0.8 * flatBefore, `flat event kept ${energy(g.samples, () => 700) / flatBefore}`);
    });

    it("takes the trace spacing from the offsets unless given, and needs it when offsets do not change", () => {
      assert.deepEqual(fkFilter.headers(fkFilter.validate({ rejectVelocity: 1, passVelocity: 2 })), ["offset"]);
      assert.deepEqual(fkFilter.headers(fkFilter.validate({ rejectVelocity: 1, passVelocity: 2, traceSpacing: 12.5 })), []);
      const flat = memoryGather(4, 64, (t, j) => Math.sin(t + j), { offsets: [100, 100, 100, 100] });
      assert.throws(() => fkFilter.apply(flat, fkFilter.validate({ rejectVelocity: 1000, passVelocity: 2000 })), (e: unknown) => e instanceof ProcessingError && /traceSpacing/.test(e.message));
      assert.throws(() => fkFilter.validate({ rejectVelocity: 3000, passVelocity: 2000 }), ProcessingParameterError);
    });
  });

  it("every processor gives the same bits on a second run", () => {
    const runs = [
      [gain, { mode: "tpow", value: 1.7 }],
      [agc, { windowMs: 120 }],
      [bandpass, { f1: 3, f2: 8, f3: 50, f4: 70, taper: "cosine" }],
      [mute, { velocity: 1800, timeMs: 20 }],
      [traceBalance, { method: "mean-abs" }],
      [fkFilter, { rejectVelocity: 800, passVelocity: 1500 }],
    ] as const;
    for (const [p, raw] of runs) {
      const processor = p as AnyProcessor;
      const make = () => memoryGather(24, 300, (t, j) => ricker(j * 2, 100 + t * 10) + 0.1 * Math.sin(t * j), { offsets: Array.from({ length: 24 }, (_, t) => t * 25 - 300) });
      const a = make();
      const b = make();
      processor.apply(a, processor.validate(raw));
      processor.apply(b, processor.validate(raw));
      assert.deepEqual(Buffer.from(a.samples.buffer), Buffer.from(b.samples.buffer), processor.name);
      assert.notDeepEqual(Buffer.from(a.samples.buffer), Buffer.from(make().samples.buffer), `${processor.name} changed something`);
    }
  });
});
