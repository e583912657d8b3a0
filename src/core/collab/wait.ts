/**
 * Waiting between lock attempts: a jittered, growing delay that never sleeps past a deadline and wakes up when
 * an abort signal fires.
 *
 * @module
 */

/**
 * The delay before attempt `attempt` (1-based) of a wait: `base * 2^(attempt-1)` capped at `max`, with ±50 %
 * jitter so that waiting writers do not retry in step.
 *
 * @example
 * ```ts
 * backoffDelay(3, 10, 250); // about 40 ms (20..60)
 * ```
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(nominal * (0.5 + Math.random())));
}
