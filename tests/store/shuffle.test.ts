/**
 * The byte shuffle of the store's chunks (numcodecs' `shuffle` filter): the WebAssembly SIMD path and the
 * word-at-a-time JavaScript path for 4-byte elements give the same bytes as the definition, byte k of every
 * element together, for every length and alignment, and unshuffle inverts it (also in place).
 */
import assert from "node:assert/strict";
import { shuffle, unshuffle } from "../../src/core/store/compression";
import { simdShuffle4 } from "../../src/core/store/shuffle-simd";
import { pseudoRandomBytes } from "../helpers/pseudo-random";

/** numcodecs' definition, byte by byte: output[k·n + i] = input[i·size + k]; a trailing partial element stays. */
function referenceShuffle(bytes: Uint8Array, size: number): Uint8Array {
  const n = Math.floor(bytes.length / size);
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < n; i++) for (let k = 0; k < size; k++) out[k * n + i] = bytes[i * size + k];
  return out;
}

describe("store chunks: byte shuffle", () => {
  for (const simd of [true, false]) {
    const path = simd ? "WebAssembly SIMD" : "JavaScript";
    it(`matches numcodecs' definition and round-trips, for 4-byte words and other sizes, any length (${path})`, () => {
      for (const size of [1, 2, 4, 8]) {
        for (const length of [0, 1, 3, 4, 15, 16, 17, 63, 64, 65, 67, 68, 127, 1000, 1001, 4096, 4099, 6000 * 4, 6000 * 4 + 7 * 4 + 3]) {
          const bytes = pseudoRandomBytes(length, length * 31 + size);
          const shuffled = shuffle(bytes, size, { simd });
          assert.deepEqual(shuffled, size <= 1 ? bytes : referenceShuffle(bytes, size), `shuffle, size ${size}, ${length} bytes`);
          assert.deepEqual(unshuffle(shuffled, size, { simd }), bytes, `unshuffle, size ${size}, ${length} bytes`);
        }
      }
    });

    it(`handles views that do not start on a word boundary (${path})`, () => {
      const backing = pseudoRandomBytes(4 * 1024 + 3, 7);
      for (const offset of [0, 1, 2, 3]) {
        const view = backing.subarray(offset, offset + 4 * 1000);
        assert.deepEqual(shuffle(view, 4, { simd }), referenceShuffle(view, 4), `offset ${offset}`);
        assert.deepEqual(unshuffle(shuffle(view, 4, { simd }), 4, { simd }), Uint8Array.from(view));
        assert.deepEqual(shuffle(unshuffle(view, 4, { simd }), 4, { simd }), Uint8Array.from(view), `unshuffle of a view at offset ${offset}`);
      }
    });
  }

  it("has WebAssembly SIMD on this Node.js, and its kernels alone give the definition's bytes for whole 16-element blocks", () => {
    const simd = simdShuffle4();
    assert.ok(simd, "WebAssembly SIMD is missing: the store would fall back to JavaScript");
    const n = 1000; // 62 whole blocks of 16, 8 elements left for the caller
    const m = n - (n % 16);
    const bytes = pseudoRandomBytes(4 * n, 99);
    const planes = referenceShuffle(bytes, 4);
    const out = new Uint8Array(4 * n).fill(0xee);
    simd.unshuffle(planes, n, m, out);
    assert.deepEqual(out.subarray(0, 4 * m), bytes.subarray(0, 4 * m));
    assert.ok(out.subarray(4 * m).every((b) => b === 0xee), "wrote past the whole blocks");
    const shuffled = new Uint8Array(4 * n).fill(0xee);
    simd.shuffle(bytes, n, m, shuffled);
    for (let k = 0; k < 4; k++) {
      assert.deepEqual(shuffled.subarray(k * n, k * n + m), planes.subarray(k * n, k * n + m), `plane ${k}`);
      assert.ok(shuffled.subarray(k * n + m, (k + 1) * n).every((b) => b === 0xee), `wrote past the blocks of plane ${k}`);
    }
  });

  it("unshuffles in place when asked and whole blocks cover the chunk, else into a new array", () => {
    const bytes = pseudoRandomBytes(4 * 1600 + 2, 5); // 1600 elements = 100 blocks, plus 2 trailing bytes
    const shuffled = shuffle(bytes, 4);
    const inPlace = unshuffle(shuffled, 4, { inPlace: true });
    assert.equal(inPlace, shuffled, "not done in place");
    assert.deepEqual(inPlace, bytes);
    const odd = shuffle(pseudoRandomBytes(4 * 1601, 6), 4);
    const copy = Uint8Array.from(odd);
    const out = unshuffle(odd, 4, { inPlace: true });
    assert.notEqual(out, odd);
    assert.deepEqual(odd, copy, "the input was changed although a new array was returned");
    assert.deepEqual(shuffle(out, 4), copy);
  });
});
