/**
 * The gather reads in flight of a {@link GatherNavigator}: one per gather key, each with its own
 * `AbortController` whose signal goes down to the store, so that a read navigation made stale can be cancelled
 * alone. A read started by prefetch can be joined by navigation (it then becomes a foreground read).
 *
 * @module
 */
import type { Gather } from "../store/lazy-seismic-data";
import { NavigationCancelledError } from "./errors";

/** What gathers are read from; `LazySeismicData` is one. */
export interface GatherSource {
  /** Gather keys, ascending. */
  gatherKeys(): readonly number[];
  /** One gather; must stop reading (and reject) when `signal` aborts. */
  getGather(key: number, options?: { columns?: string[]; signal?: AbortSignal }): Promise<Gather>;
}

/** One read in flight. */
export interface GatherRead {
  key: number;
  controller: AbortController;
  /** Settles after the `loaded`/`failed` hook has run and the read has left the set. */
  promise: Promise<Gather>;
  /** True while navigation waits for it; false for prefetch. */
  foreground: boolean;
  /** True when prefetch started it. */
  prefetch: boolean;
}

/** What {@link GatherReads} tells its owner. */
export interface GatherReadHooks {
  /** A read delivered its gather (also called for cancelled reads whose gather arrived anyway; check the signal). */
  loaded(read: GatherRead, gather: Gather): void;
  /** A read failed (cancellations included; check the signal). */
  failed(read: GatherRead, error: unknown): void;
  /** A read left the set, whatever its outcome. */
  settled(read: GatherRead): void;
}

/**
 * The reads in flight, by gather key.
 *
 * @example
 * ```ts
 * const reads = new GatherReads(data, undefined, { loaded: (r, g) => cache.put(r.key, g), failed: () => {}, settled: () => pump() });
 * const read = reads.start(12, true);
 * reads.cancel(read); // aborts its store reads; read.promise rejects
 * ```
 */
export class GatherReads {
  private readonly reads = new Map<number, GatherRead>();
  /** Reads cancelled so far. */
  cancelled = 0;

  constructor(
    private readonly source: GatherSource,
    private readonly columns: string[] | undefined,
    private readonly hooks: GatherReadHooks,
  ) {}

  /** Reads in flight. */
  get size(): number {
    return this.reads.size;
  }

  /** The read of `key`, if one is in flight. */
  get(key: number): GatherRead | undefined {
    return this.reads.get(key);
  }

  /** True when `key` is being read. */
  has(key: number): boolean {
    return this.reads.has(key);
  }

  /** Every read in flight. */
  all(): GatherRead[] {
    return [...this.reads.values()];
  }

  /** Reads in flight that no navigation waits for. */
  background(): number {
    let n = 0;
    for (const read of this.reads.values()) if (!read.foreground) n++;
    return n;
  }

  /** Starts reading `key` (for prefetch, or for navigation). */
  start(key: number, prefetch: boolean): GatherRead {
    const controller = new AbortController();
    const read = { key, controller, foreground: !prefetch, prefetch } as GatherRead;
    read.promise = this.source
      .getGather(key, { signal: controller.signal, ...(this.columns === undefined ? {} : { columns: this.columns }) })
      .then(
        (gather) => {
          this.hooks.loaded(read, gather);
          return gather;
        },
        (error: unknown) => {
          this.hooks.failed(read, error);
          throw error;
        },
      )
      .finally(() => {
        if (this.reads.get(key) === read) this.reads.delete(key);
        this.hooks.settled(read);
      });
    read.promise.catch(() => undefined); // failures reach the hooks; navigation awaits its own reads
    this.reads.set(key, read);
    return read;
  }

  /** Aborts a read (down to the store) and forgets it, so that a new read of the key starts afresh. */
  cancel(read: GatherRead): void {
    read.controller.abort(new NavigationCancelledError(read.key));
    if (this.reads.get(read.key) === read) this.reads.delete(read.key);
    this.cancelled++;
  }

  /** Cancels every read. */
  cancelAll(): void {
    for (const read of this.all()) this.cancel(read);
  }
}
