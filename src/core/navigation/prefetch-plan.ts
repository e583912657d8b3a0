/**
 * Which neighbouring gathers to prefetch, most wanted first: up to `depth` gathers on each side of the current
 * one, those ahead in the direction of travel before those behind. A gather `k` steps ahead has priority `k`; a
 * gather `k` steps behind has priority `2k + 0.5` (lower is sooner), so with depth 2 moving forward the order is
 * +1, +2, −1, −2.
 *
 * @module
 */
import { ValidationError } from "../errors";

/** Which way navigation last moved: +1 towards higher gather positions, −1 towards lower. */
export type TravelDirection = 1 | -1;

/** The smallest and largest prefetch depth. */
export const PREFETCH_DEPTH_RANGE = { min: 1, max: 5 } as const;

/** One gather to prefetch: its position and its priority (lower is sooner). */
export interface PrefetchSlot {
  position: number;
  priority: number;
}

/**
 * Checks a prefetch depth: a whole number from 1 to 5; throws a ValidationError otherwise.
 *
 * @example
 * ```ts
 * checkPrefetchDepth(3); // 3
 * checkPrefetchDepth(9); // throws ValidationError
 * ```
 */
export function checkPrefetchDepth(depth: number, key = "prefetchDepth"): number {
  if (!Number.isInteger(depth) || depth < PREFETCH_DEPTH_RANGE.min || depth > PREFETCH_DEPTH_RANGE.max) {
    throw new ValidationError(key, `must be a whole number from ${PREFETCH_DEPTH_RANGE.min} to ${PREFETCH_DEPTH_RANGE.max}, got ${depth}`);
  }
  return depth;
}

/**
 * The neighbours of `position` (among `count` gathers) to prefetch, most wanted first.
 *
 * @example
 * ```ts
 * prefetchPlan(10, 1, 2, 100).map((s) => s.position); // [11, 12, 9, 8]
 * prefetchPlan(10, -1, 2, 100).map((s) => s.position); // [9, 8, 11, 12]
 * ```
 */
export function prefetchPlan(position: number, direction: TravelDirection, depth: number, count: number): PrefetchSlot[] {
  const slots: PrefetchSlot[] = [];
  for (let k = 1; k <= depth; k++) {
    const ahead = position + direction * k;
    const behind = position - direction * k;
    if (ahead >= 0 && ahead < count) slots.push({ position: ahead, priority: k });
    if (behind >= 0 && behind < count) slots.push({ position: behind, priority: 2 * k + 0.5 });
  }
  return slots.sort((a, b) => a.priority - b.priority);
}
