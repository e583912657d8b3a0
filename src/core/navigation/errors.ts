/**
 * Errors of gather navigation: a request that later navigation made stale, and a navigator used after
 * {@link GatherNavigator.dispose}.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * A gather request that navigation made stale and that was cancelled before its gather arrived (the user moved
 * on, out of the prefetch window). Viewers can ignore it: the gather now wanted has its own request.
 *
 * @example
 * ```ts
 * nav.goTo(5).catch((e) => { if (!(e instanceof NavigationCancelledError)) throw e; });
 * void nav.goTo(90); // the request for 5 is cancelled, down to the store
 * ```
 */
export class NavigationCancelledError extends SeisprocError {
  readonly tag = "NavigationCancelledError";
  /** Key of the gather whose request was cancelled. */
  readonly key: number;

  constructor(key: number, options: SeisprocErrorOptions = {}) {
    super(`the request for gather ${key} was cancelled: navigation moved elsewhere before it arrived; nothing to do`, options);
    this.key = key;
  }
}

/**
 * A gather navigator used wrongly: after `dispose()`, or asked for a gather that does not exist.
 *
 * @example
 * ```ts
 * nav.dispose();
 * await nav.next(); // rejects with NavigatorError: "this navigator was disposed; ..."
 * ```
 */
export class NavigatorError extends SeisprocError {
  readonly tag = "NavigatorError";

  constructor(detail: string, options: SeisprocErrorOptions = {}) {
    super(detail, options);
  }
}

/**
 * True when `error` is a {@link NavigationCancelledError} (a stale request, safe to ignore).
 *
 * @example
 * ```ts
 * try { await nav.next(); } catch (e) { if (!isNavigationCancelled(e)) throw e; }
 * ```
 */
export function isNavigationCancelled(error: unknown): error is NavigationCancelledError {
  return error instanceof NavigationCancelledError;
}
