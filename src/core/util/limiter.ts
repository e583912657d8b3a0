/**
 * A bound on how many async calls run at once. Every call to an object store goes through one, so that many
 * callers (zarrita, the import's chunk writes, a byte source's read-ahead) share a fixed number of connections
 * instead of opening one each; the file-system store's flush bounds its syncs with {@link mapConcurrent}.
 *
 * @module
 */
import { ValidationError } from "../errors";

/**
 * Runs async functions with at most `limit` running at a time; the others wait their turn in order.
 *
 * @example
 * ```ts
 * const limiter = new Limiter(8);
 * const parts = await Promise.all(keys.map((key) => limiter.run(() => fetchPart(key))));
 * ```
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    /** Functions allowed to run at once. */
    readonly limit: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new ValidationError("concurrency", `must be a whole number >= 1, got ${limit}`);
  }

  /** Functions running now. */
  get running(): number {
    return this.active;
  }

  /** Runs `fn` when a slot is free and resolves or rejects as it does. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active--;
      else next(); // the slot passes straight to the next waiter
    }
  }
}

/**
 * Maps `items` through `fn` with at most `concurrency` calls running at once, keeping the order of `items`. After
 * the first failure no new call starts; that failure is thrown once every started call has settled, so nothing is
 * left running behind the caller.
 *
 * @example
 * ```ts
 * const sizes = await mapConcurrent(keys, 8, (key) => store.size(key));
 * ```
 */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limiter = new Limiter(concurrency);
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    items.map((item, i) =>
      limiter.run(async () => {
        if (failure !== undefined) throw failure.error;
        try {
          return await fn(item, i);
        } catch (error) {
          failure ??= { error };
          throw error;
        }
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
  return settled.map((r) => (r as PromiseFulfilledResult<R>).value);
}
