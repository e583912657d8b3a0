/**
 * Numbers in command descriptions (internal to the history module; not re-exported).
 *
 * @module
 */

/**
 * A number for descriptions: at most 4 significant digits, no trailing zeros.
 *
 * @example
 * ```ts
 * formatForDisplay(1.23456); // "1.235"
 * formatForDisplay(2); // "2"
 * ```
 */
export function formatForDisplay(value: number): string {
  return String(Number(value.toPrecision(4)));
}
