import { strict as assert } from "node:assert";
import {
  generateSurvey,
  resolveSurveySpec,
  specForTargetBytes,
  surveyByteSize,
  Xoshiro128,
  type SurveyKind,
  type SurveySpecInput,
  type SyntheticTrace,
} from "../../src/core/synthetic";

const HEADER_KEYS = [
  "TRACE_SEQUENCE_LINE", "TRACE_SEQUENCE_FILE", "FieldRecord", "TraceNumber", "EnergySourcePoint", "CDP", "CDP_TRACE",
  "TraceIdentificationCode", "offset", "ReceiverGroupElevation", "SourceSurfaceElevation", "ElevationScalar",
  "SourceGroupScalar", "SourceX", "SourceY", "GroupX", "GroupY", "CoordinateUnits", "DelayRecordingTime",
  "TRACE_SAMPLE_COUNT", "TRACE_SAMPLE_INTERVAL", "CDP_X", "CDP_Y", "INLINE_3D", "CROSSLINE_3D", "ShotPoint",
  "ScalarTraceHeader",
];
const INT16 = ["ElevationScalar", "SourceGroupScalar", "CoordinateUnits", "DelayRecordingTime", "TRACE_SAMPLE_INTERVAL",
  "TraceIdentificationCode", "ScalarTraceHeader"];

const SMALL: Record<SurveyKind, SurveySpecInput> = {
  "shots-2d": { kind: "shots-2d", shots: 6, channels: 48, samples: 400, rotationDeg: 37 },
  "shots-3d": { kind: "shots-3d", sourceLines: 2, shotsPerLine: 4, receiverLines: 3, channelsPerLine: 16, samples: 300, rotationDeg: -20 },
  "poststack-3d": { kind: "poststack-3d", inlines: 7, crosslines: 11, samples: 300, firstInline: 100, firstCrossline: 2000 },
};

function all(input: SurveySpecInput): SyntheticTrace[] {
  return [...generateSurvey(input).traces()];
}
/** Metres from a header coordinate and its SourceGroupScalar (negative divides, positive multiplies). */
function metres(value: number, scalar: number): number {
  return scalar < 0 ? value / -scalar : scalar > 0 ? value * scalar : value;
}
function peak(samples: Float32Array): number {
  let best = 0;
  for (let i = 1; i < samples.length; i++) if (Math.abs(samples[i]) > Math.abs(samples[best])) best = i;
  return best;
}
function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe("synthetic survey generator", () => {
  describe("random", () => {
    it("is reproducible per (seed, stream) and gives standard normal deviates", () => {
      const a = new Xoshiro128(9, 4);
      const b = new Xoshiro128(9, 4);
      const c = new Xoshiro128(9, 5);
      const xs = Array.from({ length: 8 }, () => a.nextUint32());
      assert.deepEqual(xs, Array.from({ length: 8 }, () => b.nextUint32()));
      assert.notDeepEqual(xs, Array.from({ length: 8 }, () => c.nextUint32()));
      const out = new Float32Array(2000001);
      new Xoshiro128(1).fillGaussian(out, 2);
      let [sum, sq, quartic, beyond2, beyond3] = [0, 0, 0, 0, 0];
      for (const v of out) {
        const z = v / 2;
        [sum, sq, quartic] = [sum + z, sq + z * z, quartic + z ** 4];
        if (Math.abs(z) > 2) beyond2++;
        if (Math.abs(z) > 3) beyond3++;
      }
      const n = out.length;
      assert.ok(Math.abs(sum / n) < 0.003, `mean ${sum / n}`);
      assert.ok(Math.abs(sq / n - 1) < 0.005, `variance ${sq / n}`);
      assert.ok(Math.abs(quartic / n - 3) < 0.05, `fourth moment ${quartic / n}`);
      assert.ok(Math.abs(beyond2 / n - 0.0455) < 0.001 && Math.abs(beyond3 / n - 0.0027) < 0.0002, `tails ${beyond2 / n} ${beyond3 / n}`);
      const rng = new Xoshiro128(3);
      const one = new Float32Array(5);
      new Xoshiro128(3).fillGaussian(one, 0.5);
      assert.deepEqual([...one], [...new Float32Array(Array.from({ length: 5 }, () => 0.5 * rng.nextGaussian()))]);
    });
  });

  describe("resolveSurveySpec", () => {
    it("fills defaults", () => {
      const spec = resolveSurveySpec({});
      assert.equal(spec.kind, "shots-2d");
      assert.equal(spec.samples, 1000);
      assert.equal(spec.sampleIntervalUs, 2000);
      assert.equal(spec.format, 5);
      assert.ok(spec.reflectors.length > 0);
      assert.equal(resolveSurveySpec({ reflectors: [{ t0Ms: 500 }] }).reflectors[0].amplitude, 1);
    });
    it("rejects nonsense with RangeError", () => {
      const bad: SurveySpecInput[] = [
        { samples: 0 }, { samples: 65536 }, { samples: 1.5 }, { sampleIntervalUs: 0 }, { sampleIntervalUs: 40000 },
        { shots: 0 }, { channels: 40000 }, { frequency: 300 }, { noise: -1 }, { seed: -1 },
        { kind: "poststack-3d", inlines: 0 }, { kind: "shots-3d", receiverLines: 200, channelsPerLine: 200 },
        { reflectors: [{ t0Ms: 100, velocity: 0 }] }, { format: 3 as 5 },
        { kind: "poststack-3d", shots: 3 } as unknown as SurveySpecInput,
      ];
      for (const input of bad) assert.throws(() => resolveSurveySpec(input), RangeError, JSON.stringify(input));
      assert.equal(resolveSurveySpec({ samples: 65535 }).samples, 65535);
    });
  });

  describe("determinism", () => {
    for (const kind of Object.keys(SMALL) as SurveyKind[]) {
      it(`${kind}: same seed → identical traces; other seed → other noise, same headers`, () => {
        const a = all({ ...SMALL[kind], seed: 11 });
        const b = all({ ...SMALL[kind], seed: 11 });
        const c = all({ ...SMALL[kind], seed: 12 });
        assert.equal(a.length, b.length);
        for (let i = 0; i < a.length; i++) {
          assert.deepEqual(a[i].header, b[i].header);
          assert.ok(bytes(a[i].samples).equals(bytes(b[i].samples)), `trace ${i}`);
          assert.deepEqual(a[i].header, c[i].header);
          assert.ok(!bytes(a[i].samples).equals(bytes(c[i].samples)), `trace ${i} ignores the seed`);
        }
      });
    }
    it("ranges and reuse give the same traces as a full fresh run", () => {
      const input = { ...SMALL["shots-3d"], seed: 5 };
      const full = all(input);
      const survey = generateSurvey(input);
      const part = [...survey.traces({ start: 70, end: 90 })];
      assert.equal(part.length, 20);
      part.forEach((t, i) => {
        assert.deepEqual(t.header, full[70 + i].header);
        assert.ok(bytes(t.samples).equals(bytes(full[70 + i].samples)));
      });
      let shared: Float32Array | undefined;
      let i = 0;
      for (const t of survey.traces({ reuse: true })) {
        shared ??= t.samples;
        assert.equal(t.samples, shared);
        assert.ok(bytes(t.samples).equals(bytes(full[i++].samples)));
      }
      assert.notEqual(full[0].samples, full[1].samples);
      assert.throws(() => survey.traces({ start: 5, end: 4 }).next(), RangeError);
    });
  });

  describe("headers", () => {
    for (const kind of Object.keys(SMALL) as SurveyKind[]) {
      it(`${kind}: segyio keys, integer values in range, consistent counts`, () => {
        const survey = generateSurvey(SMALL[kind]);
        const traces = [...survey.traces()];
        assert.equal(traces.length, survey.traceCount);
        for (const [i, { header, samples }] of traces.entries()) {
          assert.deepEqual(Object.keys(header), HEADER_KEYS);
          for (const [key, v] of Object.entries(header)) {
            const [lo, hi] = key === "TRACE_SAMPLE_COUNT" ? [0, 65535] : INT16.includes(key) ? [-32768, 32767] : [-(2 ** 31), 2 ** 31 - 1];
            assert.ok(Number.isInteger(v) && v >= lo && v <= hi && !Object.is(v, -0), `${key} = ${v}`);
          }
          assert.equal(header.TRACE_SEQUENCE_FILE, i + 1);
          assert.equal(header.TRACE_SAMPLE_COUNT, samples.length);
          assert.equal(header.SourceGroupScalar, -100);
          assert.equal(header.ElevationScalar, -100);
          const sx = metres(header.SourceX, -100), sy = metres(header.SourceY, -100);
          const gx = metres(header.GroupX, -100), gy = metres(header.GroupY, -100);
          assert.ok(Math.abs(Math.abs(header.offset) - Math.hypot(gx - sx, gy - sy)) <= 0.52, `offset of trace ${i}`);
          // CDP_X/Y is the bin centre: on these grids it is the source–receiver midpoint itself.
          const dm = Math.hypot(metres(header.CDP_X, -100) - (sx + gx) / 2, metres(header.CDP_Y, -100) - (sy + gy) / 2);
          assert.ok(dm < 0.02, `CDP_X/Y of trace ${i} is ${dm} m from the midpoint`);
        }
        const bh = survey.binaryHeader;
        assert.equal(bh.Samples, survey.samplesPerTrace);
        assert.equal(bh.Interval, survey.sampleIntervalUs);
        assert.equal(bh.Format, 5);
        assert.equal(bh.SEGYRevision, 0x0100);
        assert.equal(bh.SortingCode, kind === "poststack-3d" ? 4 : 1);
        assert.equal(survey.textHeader.length, 3200);
        for (let l = 0; l < 40; l++) {
          assert.equal(survey.textHeader.slice(l * 80, l * 80 + 4), l < 9 ? `C ${l + 1} ` : `C${l + 1} `);
        }
        assert.match(survey.textHeader, /SeisProc synthetic/);
        assert.match(survey.textHeader, new RegExp(`KIND ${kind} +SEED 1 `));
        assert.match(survey.textHeader, /^[\x20-\x7e]*$/);
      });
    }

    it("shots-2d: signed offsets along the line, CDP numbering and fold", () => {
      const survey = generateSurvey({ shots: 40, channels: 96, shotSpacing: 50, receiverSpacing: 25, samples: 50 });
      const traces = [...survey.traces()];
      assert.equal(traces.length, 3840);
      const first = traces.slice(0, 96).map((t) => t.header);
      assert.deepEqual(first.map((h) => h.offset).slice(0, 2), [-1188, -1163]); // −1187.5, −1162.5 rounded
      assert.equal(first[95].offset, 1188);
      for (let k = 1; k < 96; k++) {
        assert.equal(first[k].CDP - first[k - 1].CDP, 1); // midpoints step half a receiver interval
        assert.equal(first[k].TraceNumber, k + 1);
        assert.equal(first[k].GroupX - first[k - 1].GroupX, 2500); // rotation 0: along X, 25 m
      }
      assert.equal(traces[96].header.FieldRecord, 2);
      assert.equal(traces[96].header.CDP - first[0].CDP, 4); // next shot 50 m on = 4 bins of 12.5 m
      assert.equal(traces[96].header.SourceX - first[0].SourceX, 5000);
      assert.equal(survey.binaryHeader.Traces, 96);
      assert.equal(survey.binaryHeader.EnsembleFold, 24); // 96 · 25 / (2 · 50)
      const seen = new Map<number, number>();
      for (const { header } of traces) {
        const n = (seen.get(header.CDP) ?? 0) + 1;
        assert.equal(header.CDP_TRACE, n);
        seen.set(header.CDP, n);
        assert.equal(header.CROSSLINE_3D, header.CDP);
      }
      assert.equal(Math.max(...seen.values()), 24);
    });

    it("shots-3d and poststack-3d: CDP = bin of (inline, crossline)", () => {
      for (const kind of ["shots-3d", "poststack-3d"] as const) {
        const headers = all(SMALL[kind]).map((t) => t.header);
        const il0 = Math.min(...headers.map((h) => h.INLINE_3D));
        const xl0 = Math.min(...headers.map((h) => h.CROSSLINE_3D));
        const nxl = Math.max(...headers.map((h) => h.CROSSLINE_3D)) - xl0 + 1;
        for (const h of headers) assert.equal(h.CDP, (h.INLINE_3D - il0) * nxl + h.CROSSLINE_3D - xl0 + 1);
        if (kind === "poststack-3d") {
          assert.equal(il0, 100);
          assert.equal(xl0, 2000);
          assert.deepEqual([headers[0].INLINE_3D, headers[0].CROSSLINE_3D, headers[11].INLINE_3D, headers[11].CROSSLINE_3D], [100, 2000, 101, 2000]);
        } else assert.ok(new Set(headers.map((h) => h.INLINE_3D)).size > 1);
      }
    });

    it("poststack-3d: bin grid spacing and rotation", () => {
      const h = all({ kind: "poststack-3d", inlines: 3, crosslines: 4, inlineSpacing: 25, crosslineSpacing: 12.5, rotationDeg: 30 })
        .map((t) => t.header);
      const step = (a: number, b: number): [number, number] => [(h[b].CDP_X - h[a].CDP_X) / 100, (h[b].CDP_Y - h[a].CDP_Y) / 100];
      const [ux, uy] = step(0, 1); // next crossline
      const [vx, vy] = step(0, 4); // next inline
      assert.ok(Math.abs(Math.hypot(ux, uy) - 12.5) < 0.02 && Math.abs(Math.hypot(vx, vy) - 25) < 0.02);
      assert.ok(Math.abs((Math.atan2(uy, ux) * 180) / Math.PI - 30) < 0.1);
      assert.ok(Math.abs(ux * vx + uy * vy) < 0.5);
      assert.ok(h.every((x) => x.offset === 0 && x.SourceX === x.CDP_X && x.GroupY === x.CDP_Y));
    });
  });

  describe("samples", () => {
    it("a reflection's peak follows t = sqrt(t0² + x²/v²)", () => {
      const t0 = 0.6;
      const v = 2000;
      const traces = all({
        shots: 1, channels: 96, spread: "end-on", nearOffset: 0, receiverSpacing: 25, samples: 1000, sampleIntervalUs: 2000,
        noise: 0, directAmplitude: 0, reflectors: [{ t0Ms: t0 * 1000, velocity: v }],
      });
      for (const { header, samples } of traces) {
        const expected = Math.sqrt(t0 * t0 + (header.offset / v) ** 2) / 0.002;
        assert.ok(Math.abs(peak(samples) - expected) <= 1, `offset ${header.offset}: peak ${peak(samples)}, expected ${expected}`);
        // Spreading decay 1 / (1 + t / 0.5 s) at the arrival; sampling off the exact peak costs at most 2 %.
        const ratio = samples[peak(samples)] * (1 + (expected * 0.002) / 0.5);
        assert.ok(ratio > 0.975 && ratio <= 1.0001, `offset ${header.offset}: amplitude ratio ${ratio}`);
      }
      assert.ok(peak(traces[95].samples) - peak(traces[0].samples) > 300); // 2375 m: 1.33 s vs 0.6 s
    });

    it("the direct wave arrives at |offset| / v, with noise of the given level", () => {
      const traces = all({ shots: 1, channels: 24, reflectors: [], noise: 0.01, directVelocity: 1600, directAmplitude: 1 });
      for (const { header, samples } of traces) {
        assert.ok(Math.abs(peak(samples) - Math.abs(header.offset) / 1600 / 0.002) <= 1.5);
      }
      const quiet = traces[0].samples.subarray(900);
      const rms = Math.sqrt(quiet.reduce((s, x) => s + x * x, 0) / quiet.length);
      assert.ok(rms > 0.007 && rms < 0.013, `noise rms ${rms}`);
    });

    it("poststack-3d: flat events at t0, a dome pulls its reflector up at the centre", () => {
      const base = { kind: "poststack-3d", inlines: 9, crosslines: 9, noise: 0, spreadingMs: 0 } as const;
      const flat = all({ ...base, reflectors: [{ t0Ms: 500 }] });
      assert.ok(flat.every((t) => peak(t.samples) === 250));
      const dome = all({ ...base, reflectors: [{ t0Ms: 500, domeMs: 40 }] });
      assert.ok(Math.abs(peak(dome[40].samples) - 230) <= 1); // centre trace: 460 ms
      assert.ok(peak(dome[0].samples) > peak(dome[40].samples) + 10);
      const dip = all({ ...base, reflectors: [{ t0Ms: 500, dipAlongMsPerKm: 200 }] });
      assert.equal(peak(dip[0].samples), 245); // 50 m before the centre along u: 490 ms
      assert.equal(peak(dip[8].samples), 255); // 50 m after: 510 ms
    });
  });

  describe("sizes", () => {
    it("surveyByteSize is 3600 + traces × (240 + 4 × samples)", () => {
      assert.equal(surveyByteSize({ shots: 10, channels: 100, samples: 1000 }), 3600 + 1000 * 4240);
      assert.equal(surveyByteSize({ kind: "poststack-3d", inlines: 3, crosslines: 5, samples: 10 }), 3600 + 15 * 280);
    });
    for (const kind of Object.keys(SMALL) as SurveyKind[]) {
      it(`${kind}: specForTargetBytes from kilobytes to gigabytes`, () => {
        for (const target of [20e3, 1e6, 33e6, 300e6, 5 * 1024 ** 3]) {
          const spec = specForTargetBytes(kind, target, { samples: 750 });
          assert.equal(spec.kind, kind);
          assert.equal(spec.samples, 750);
          const size = surveyByteSize(spec);
          const slack = Math.max(0.01 * target, 3240);
          assert.ok(Math.abs(size - target) <= slack, `${kind} ${target}: ${size}`);
          assert.doesNotThrow(() => generateSurvey(spec).traces({ start: 0, end: 1 }).next());
        }
      });
    }
    it("specForTargetBytes keeps a fixed count and rejects bad targets", () => {
      const spec = specForTargetBytes("poststack-3d", 100e6, { crosslines: 500 });
      assert.equal(spec.crosslines, 500);
      assert.equal(spec.inlines, Math.round(Math.round((100e6 - 3600) / 4240) / 500));
      assert.throws(() => specForTargetBytes("shots-2d", 0), RangeError);
      assert.throws(() => specForTargetBytes("shots-2d", Number.NaN), RangeError);
    });
  });
});
