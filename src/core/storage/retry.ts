/**
 * Retrying an operation that can fail for a moment (a busy file, too many open files, a throttled request) with
 * exponential backoff, a bounded number of attempts and cancellation. Shared by every store backend; which
 * errors are worth retrying is the caller's call (`isTransient`), so that the loop is testable with a plain
 * function that fails on cue.
 *
 * @module
 */
import { ValidationError } from "../errors";
import { sleep } from "../util/sleep";

/** How {@link withRetry} retries. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). At least 1. */
  attempts?: number;
  /** Wait before the first retry, doubled before each later one (default 25 ms). */
  baseDelayMs?: number;
  /** Longest wait between two attempts (default 1000 ms); the total wait is at most `(attempts - 1) * maxDelayMs`. */
  maxDelayMs?: number;
  /** True for errors worth another attempt; any other error is thrown at once. */
  isTransient: (error: unknown) => boolean;
  /** Stops retrying: a pending wait ends and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log or count retries. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** The backoff used when {@link RetryOptions} leaves a number out. */
export const DEFAULT_RETRY = { attempts: 4, baseDelayMs: 25, maxDelayMs: 1000 } as const;

/**
 * Runs `fn` until it succeeds, it throws an error `isTransient` rejects, or the attempts run out; then throws the
 * last error as it is (the caller turns it into a typed error, knowing whether it was transient). `fn` receives
 * the 1-based attempt number.
 *
 * @example
 * ```ts
 * const bytes = await withRetry(() => fs.readFile(file), {
 *   attempts: 4,
 *   baseDelayMs: 25,
 *   isTransient: (e) => (e as NodeJS.ErrnoException).code === "EBUSY",
 * });
 * ```
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  if (!Number.isInteger(attempts) || attempts < 1) throw new ValidationError("retry.attempts", `must be a whole number >= 1, got ${attempts}`);
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0)) throw new ValidationError("retry.baseDelayMs", "delays must be numbers >= 0");
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || options.signal?.aborted === true || !options.isTransient(error)) throw error;
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}
