/**
 * The byte shuffle of the store's chunks (numcodecs' `shuffle` filter): the word-at-a-time path for 4-byte
 * elements gives the same bytes as the definition, byte k of every element together, for every length and
 * alignment, and unshuffle inverts it.
 */
import assert from "node:assert/strict";
import { shuffle, unshuffle } from "../../src/core/store/compression";

/** numcodecs' definition, byte by byte: output[k·n + i] = input[i·size + k]; a trailing partial element stays. */
function referenceShuffle(bytes: Uint8Array, size: number): Uint8Array {
  const n = Math.floor(bytes.length / size);
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < n; i++) for (let k = 0; k < size; k++) out[k * n + i] = bytes[i * size + k];
  return out;
}

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("store chunks: byte shuffle", () => {
  it("matches numcodecs' definition and round-trips, for 4-byte words and other sizes, any length", () => {
    for (const size of [1, 2, 4, 8]) {
      for (const length of [0, 1, 3, 4, 15, 16, 17, 64, 1000, 1001, 4096, 4099, 6000 * 4]) {
        const bytes = pseudoRandomBytes(length, length * 31 + size);
        const shuffled = shuffle(bytes, size);
        assert.deepEqual(shuffled, size <= 1 ? bytes : referenceShuffle(bytes, size), `shuffle, size ${size}, ${length} bytes`);
        assert.deepEqual(unshuffle(shuffled, size), bytes, `unshuffle, size ${size}, ${length} bytes`);
      }
    }
  });

  it("handles views that do not start on a word boundary", () => {
    const backing = pseudoRandomBytes(4 * 1024 + 3, 7);
    for (const offset of [0, 1, 2, 3]) {
      const view = backing.subarray(offset, offset + 4 * 1000);
      assert.deepEqual(shuffle(view, 4), referenceShuffle(view, 4), `offset ${offset}`);
      assert.deepEqual(unshuffle(shuffle(view, 4), 4), Uint8Array.from(view));
      assert.deepEqual(shuffle(unshuffle(view, 4), 4), Uint8Array.from(view), `unshuffle of a view at offset ${offset}`);
    }
  });
});
