/**
 * Rich display bundles: what a value shows as in a notebook (one representation per MIME type), and the
 * symbol through which any object can say so itself.
 *
 * @module
 */

/**
 * A value's representations keyed by MIME type (`text/plain` is always present), with per-type metadata.
 *
 * @example
 * ```ts
 * const bundle: MimeBundle = { data: { "text/plain": "3 gathers", "text/html": "<b>3</b> gathers" }, metadata: {} };
 * ```
 */
export interface MimeBundle {
  /** MIME type → representation (strings, or JSON for `application/*+json` types). */
  data: Record<string, unknown>;
  /** MIME type → metadata (may be empty). */
  metadata: Record<string, unknown>;
}

/**
 * The method name (a registered symbol, so that several copies of the package agree) under which an object
 * returns its own {@link MimeBundle}. `display(value)` and the kernel's last-expression hook use it first.
 *
 * @example
 * ```ts
 * class Greeting { [MIME_BUNDLE](): MimeBundle { return { data: { "text/plain": "hi" }, metadata: {} }; } }
 * ```
 */
export const MIME_BUNDLE: unique symbol = Symbol.for("seisproc.mimeBundle");

/**
 * An object that displays itself.
 *
 * @example
 * ```ts
 * const d: SelfDisplaying = { [MIME_BUNDLE]: () => ({ data: { "text/plain": "x" }, metadata: {} }) };
 * ```
 */
export interface SelfDisplaying {
  [MIME_BUNDLE](): MimeBundle;
}

/**
 * True when `value` has a {@link MIME_BUNDLE} method.
 *
 * @example
 * ```ts
 * if (isSelfDisplaying(value)) publish(value[MIME_BUNDLE]());
 * ```
 */
export function isSelfDisplaying(value: unknown): value is SelfDisplaying {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as Partial<SelfDisplaying>)[MIME_BUNDLE] === "function";
}
