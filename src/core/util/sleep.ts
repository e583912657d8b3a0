/**
 * An abortable sleep, shared by the retry loop of the stores and the lock waits of the collaboration layer.
 *
 * @module
 */

/**
 * Sleeps `ms` milliseconds; rejects with the signal's reason when it is aborted first.
 *
 * @example
 * ```ts
 * await sleep(50, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
