/**
 * The cosine-squared taper shared by the mute and the FK filter: 0 at the start of a ramp, 1 at its end, with
 * zero slope at both ends.
 *
 * @module
 */

/**
 * sin²(π/2 · r) for r clamped to [0, 1].
 *
 * @example
 * ```ts
 * cosineTaper(0.5); // 0.5
 * cosineTaper(2); // 1
 * ```
 */
export function cosineTaper(r: number): number {
  if (!(r > 0)) return 0;
  if (r >= 1) return 1;
  const s = Math.sin((Math.PI / 2) * r);
  return s * s;
}
