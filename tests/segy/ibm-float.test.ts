import { strict as assert } from "node:assert";
import { decodeIbm, encodeIbm, ibmToNumber, numberToIbm } from "../../src";
import { Rng } from "../helpers/prng";

const hex = (bits: number): string => `0x${(bits >>> 0).toString(16).padStart(8, "0")}`;

/** Independent reference: the IBM pattern nearest to a finite non-zero `v` (ties to even), by exact scaling. */
function referenceIbm(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x80000000 : 0;
  const a = Math.abs(v);
  // 2^(e-1) <= a < 2^e (powers of two are exact).
  let e = Math.floor(Math.log2(a)) + 1;
  while (2 ** (e - 1) > a) e--;
  while (2 ** e <= a) e++;
  let h = Math.ceil(e / 4); // 16^(h-1) <= a < 16^h
  let mantissa = a * 2 ** (24 - 4 * h); // exact: scaling by a power of two
  const floor = Math.floor(mantissa);
  const diff = mantissa - floor;
  mantissa = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  if (mantissa === 0x1000000) {
    mantissa = 0x100000;
    h += 1;
  }
  return (sign | ((h + 64) << 24) | mantissa) >>> 0;
}

function randomFloat32(rng: Rng, minExponent = -126, maxExponent = 127): number {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const exponent = rng.range(minExponent, maxExponent) + 127;
  u[0] = ((rng.chance(0.5) ? 0x80000000 : 0) | (exponent << 23) | rng.int(1 << 23)) >>> 0;
  return f[0];
}

function encodeOne(value: number, littleEndian = false): number {
  const bytes = new Uint8Array(4);
  encodeIbm(Float64Array.of(value), 0, 1, littleEndian, bytes, 0);
  return new DataView(bytes.buffer).getUint32(0, littleEndian);
}

function decodeOne(bits: number): number {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, bits);
  const out = new Float32Array(1);
  decodeIbm(bytes, 0, 1, false, out);
  return out[0];
}

describe("IBM float (SEG-Y format 1)", () => {
  describe("known values", () => {
    const exact: Array<[number, number]> = [
      [1, 0x41100000],
      [-118.625, 0xc276a000],
      [0.5, 0x40800000],
      [-2, 0xc1200000],
      [3.4028234663852886e38, 0x60ffffff], // the largest float32: 24 significant bits fit exactly
      [2 ** -149, 0x1b800000], // the smallest float32 subnormal: 0.5 × 16^-37
    ];
    for (const [value, bits] of exact) {
      it(`${value} <-> ${hex(bits)}`, () => {
        assert.equal(hex(numberToIbm(value)), hex(bits));
        assert.equal(hex(encodeOne(value)), hex(bits));
        assert.equal(ibmToNumber(bits), value);
        assert.equal(decodeOne(bits), value);
      });
    }

    it("float32 0.1 encodes to the nearest IBM value 0x4019999a, which decodes to 0.100000024", () => {
      assert.equal(hex(encodeOne(Math.fround(0.1))), "0x4019999a");
      assert.equal(ibmToNumber(0x4019999a), 0x19999a * 2 ** -24);
      assert.equal(decodeOne(0x4019999a), Math.fround(0.10000002384185791));
    });

    it("zero and negative zero", () => {
      assert.equal(numberToIbm(0), 0);
      assert.equal(hex(numberToIbm(-0)), "0x80000000");
      assert.equal(hex(encodeOne(-0)), "0x80000000");
      assert.ok(Object.is(ibmToNumber(0), 0));
      assert.ok(Object.is(ibmToNumber(0x80000000), -0));
      assert.ok(Object.is(decodeOne(0x80000000), -0));
    });

    it("the smallest and largest IBM values decode exactly as numbers (and saturate or flush in float32)", () => {
      assert.equal(ibmToNumber(0x00100000), 2 ** -260); // smallest normalised: 16^-65
      assert.equal(ibmToNumber(0x00000001), 2 ** -280); // smallest of all: 2^-24 × 16^-64
      assert.equal(ibmToNumber(0x7fffffff), (2 ** 24 - 1) * 2 ** 228); // (1 - 2^-24) × 16^63
      assert.equal(ibmToNumber(0xffffffff), -(2 ** 24 - 1) * 2 ** 228);
      assert.equal(decodeOne(0x7fffffff), Infinity);
      assert.equal(decodeOne(0xffffffff), -Infinity);
      assert.ok(Object.is(decodeOne(0x00100000), 0));
    });

    it("values beyond IBM range saturate, values below it keep what they can, NaN becomes 0", () => {
      assert.equal(hex(numberToIbm(1e80)), "0x7fffffff");
      assert.equal(hex(numberToIbm(-Infinity)), "0xffffffff");
      assert.equal(hex(encodeOne(Infinity)), "0x7fffffff");
      assert.equal(numberToIbm(NaN), 0);
      assert.equal(encodeOne(NaN), 0);
      assert.equal(hex(numberToIbm(2 ** -260)), "0x00100000");
      assert.equal(hex(numberToIbm(2 ** -270)), "0x00000400"); // below normal range: exponent 0, mantissa shifted
      assert.equal(hex(numberToIbm(2 ** -300)), "0x00000000");
    });

    it("non-normalised inputs (leading hex digit 0) decode exactly", () => {
      assert.equal(ibmToNumber(0x42010000), 1); // 16^2 × 0x010000 / 2^24
      assert.equal(ibmToNumber(0x44000100), 1);
      assert.equal(ibmToNumber(0x40000001), 2 ** -24);
      assert.equal(ibmToNumber(0xc3000123), -0x123 * 2 ** -12);
      assert.equal(decodeOne(0x42010000), 1);
      assert.equal(decodeOne(0x46000001), 1);
      // and encode normalised
      assert.equal(hex(numberToIbm(ibmToNumber(0x42010000))), "0x41100000");
    });
  });

  describe("round trips", () => {
    it("IBM -> float32 -> IBM is exact for 20000 random normalised patterns in float32 range", () => {
      const rng = new Rng(1);
      for (let i = 0; i < 20000; i++) {
        // Exponents 33..96 keep the value inside float32's normal range.
        const bits = ((rng.chance(0.5) ? 0x80000000 : 0) | (rng.range(33, 96) << 24) | rng.range(0x100000, 0xffffff)) >>> 0;
        const value = decodeOne(bits);
        assert.equal(value, ibmToNumber(bits), `${hex(bits)} decodes exactly`);
        assert.equal(hex(encodeOne(value)), hex(bits), `${hex(bits)} -> ${value}`);
      }
    });

    it("float32 values that fit IBM's mantissa (low 3 bits clear) round-trip exactly, 20000 random ones", () => {
      const rng = new Rng(2);
      const u = new Uint32Array(1);
      const f = new Float32Array(u.buffer);
      for (let i = 0; i < 20000; i++) {
        f[0] = randomFloat32(rng);
        u[0] &= ~7;
        const value = f[0];
        assert.equal(decodeOne(encodeOne(value)), value, `${value}`);
      }
    });

    it("float32 subnormals: exact below 2^-128, nearest IBM value above (IBM's unit there is 2^-148)", () => {
      const rng = new Rng(3);
      const u = new Uint32Array(1);
      const f = new Float32Array(u.buffer);
      for (let i = 0; i < 5000; i++) {
        u[0] = ((rng.chance(0.5) ? 0x80000000 : 0) | rng.range(1, 0x7fffff)) >>> 0;
        const bits = encodeOne(f[0]);
        assert.equal(hex(bits), hex(referenceIbm(f[0])), `${f[0]}`);
        if (Math.abs(f[0]) < 2 ** -128) assert.equal(decodeOne(bits), f[0], `${f[0]}`);
      }
    });

    it("any float32 encodes to the nearest IBM value (ties to even), as an independent reference computes it", () => {
      const rng = new Rng(4);
      for (let i = 0; i < 50000; i++) {
        const value = randomFloat32(rng);
        const bits = encodeOne(value);
        assert.equal(hex(bits), hex(referenceIbm(value)), `${value}`);
        assert.equal(hex(numberToIbm(value)), hex(bits), `numberToIbm(${value})`);
        const back = ibmToNumber(bits);
        assert.ok(Math.abs(back - value) <= Math.abs(value) * 2 ** -21, `${value} -> ${back}`);
      }
    });

    it("ties round to even mantissas", () => {
      // In [1, 2) IBM keeps 20 bits after the leading 1 (unit 2^-20); float32 has 23.
      assert.equal(hex(encodeOne(Math.fround(1 + 2 ** -21))), hex(0x41100000)); // tie, even -> down
      assert.equal(hex(encodeOne(Math.fround(1 + 2 ** -20 + 2 ** -21))), hex(0x41100002)); // tie, odd -> up
      assert.equal(hex(encodeOne(Math.fround(1 + 2 ** -22))), hex(0x41100000)); // below half -> down
      assert.equal(hex(encodeOne(Math.fround(1 + 5 * 2 ** -23))), hex(0x41100001)); // above half -> up
      assert.equal(hex(encodeOne(Math.fround(16 - 2 ** -20))), hex(0x41ffffff)); // float32 in [8, 16) fits exactly
      assert.equal(hex(numberToIbm(16 - 2 ** -30)), hex(0x42100000)); // a double rounds up into the next exponent
    });
  });

  describe("byte orders and alignment", () => {
    const rng = new Rng(5);
    const values = Float32Array.from({ length: 257 }, () => randomFloat32(rng, -60, 60));
    const patterns = Array.from(values, (v) => numberToIbm(v));

    for (const littleEndian of [false, true]) {
      for (const offset of [0, 1, 2, 3, 4, 5, 7]) {
        it(`${littleEndian ? "little" : "big"}-endian at byte offset ${offset}: encode and decode agree with the scalar functions`, () => {
          const bytes = new Uint8Array(offset + 4 * values.length + 3);
          encodeIbm(values, 0, values.length, littleEndian, bytes, offset);
          const view = new DataView(bytes.buffer);
          for (let i = 0; i < values.length; i++) assert.equal(hex(view.getUint32(offset + 4 * i, littleEndian)), hex(patterns[i]), `sample ${i}`);
          const out = new Float32Array(values.length + 2);
          decodeIbm(bytes, offset, values.length, littleEndian, out, 2);
          for (let i = 0; i < values.length; i++) assert.equal(out[i + 2], Math.fround(ibmToNumber(patterns[i])), `sample ${i}`);
          assert.equal(out[0], 0, "nothing written before outOffset");
          // The same bytes seen through a subarray whose own byteOffset is unaligned.
          const shifted = new Uint8Array(bytes.length + 1);
          shifted.set(bytes, 1);
          const sub = shifted.subarray(1);
          const again = new Float32Array(values.length);
          decodeIbm(sub, offset, values.length, littleEndian, again, 0);
          assert.deepEqual(again, out.subarray(2));
        });
      }
    }

    it("arbitrary bit patterns (any exponent, non-normalised too) decode as ibmToNumber rounded once, at every alignment and order", () => {
      const random = new Rng(6);
      const raw = random.bytes(4 * 1000 + 8);
      for (const littleEndian of [false, true]) {
        for (let offset = 0; offset < 4; offset++) {
          const out = new Float32Array(1000);
          decodeIbm(raw, offset, 1000, littleEndian, out);
          const view = new DataView(raw.buffer);
          for (let i = 0; i < 1000; i++) {
            const bits = view.getUint32(offset + 4 * i, littleEndian);
            assert.ok(Object.is(out[i], Math.fround(ibmToNumber(bits))), `${hex(bits)} at ${offset} ${littleEndian ? "LE" : "BE"}`);
          }
        }
      }
    });

    it("big- and little-endian encodings are byte reversals of each other", () => {
      const big = new Uint8Array(4 * values.length);
      const little = new Uint8Array(4 * values.length);
      encodeIbm(values, 0, values.length, false, big, 0);
      encodeIbm(values, 0, values.length, true, little, 0);
      for (let i = 0; i < big.length; i += 4) assert.deepEqual([...little.subarray(i, i + 4)], [...big.subarray(i, i + 4)].reverse());
    });

    it("encodes a slice (sampleOffset) of plain number arrays too", () => {
      const bytes = new Uint8Array(8);
      encodeIbm([7, 1, -118.625, 9], 1, 2, false, bytes, 0);
      assert.deepEqual([...bytes], [0x41, 0x10, 0, 0, 0xc2, 0x76, 0xa0, 0]);
    });
  });
});
