/** Reproducible test bytes: a xorshift32 stream from a seed, the same on every run and machine. */

/** `length` bytes of xorshift32 output seeded by `seed` (0 counts as 1). */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
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
