/**
 * A tiny typed event emitter, the notebook's stand-in for Qt signals: event names and payload types come from
 * one map type, so `on("active-dataset-changed", (e) => e.id)` is checked by the compiler. Any part of the
 * engine can use it, by extending it or by holding one.
 *
 * Listeners run synchronously, in the order they were added, each with one payload object. A listener that
 * throws does not stop the others nor the code that emitted: its error goes to `onListenerError` (by default,
 * the library's logger at level `warn`).
 *
 * @module
 */
import { defaultLogger } from "../util/logger";

/** A listener of an event whose payload has type `P`. */
export type TypedListener<P> = (payload: P) => void;

/** Options of a {@link TypedEmitter}. */
export interface TypedEmitterOptions {
  /** Called with the error of a listener that threw, and the event's name. Default: logged as a warning. */
  onListenerError?: (error: unknown, event: string) => void;
}

/**
 * Events typed by a map from event name to payload type.
 *
 * @example
 * ```ts
 * interface ClockEvents { tick: { at: number }; stop: { reason: string } }
 * class Clock extends TypedEmitter<ClockEvents> {
 *   beat(): void { this.emit("tick", { at: Date.now() }); }
 * }
 * const clock = new Clock();
 * const ticks: number[] = [];
 * const off = clock.on("tick", (e) => ticks.push(e.at));
 * clock.beat();
 * off(); // unsubscribes
 * ```
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Array<TypedListener<never>>>();
  private readonly onListenerError: (error: unknown, event: string) => void;

  constructor(options: TypedEmitterOptions = {}) {
    this.onListenerError =
      options.onListenerError ??
      ((error, event) => defaultLogger().log("warn", `a listener of "${event}" threw`, { error: error instanceof Error ? error.message : String(error) }));
  }

  /** Calls `listener` on every `event` from now on; returns a function that unsubscribes it. */
  on<K extends keyof Events & string>(event: K, listener: TypedListener<Events[K]>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as TypedListener<never>);
    this.listeners.set(event, list);
    return () => this.off(event, listener);
  }

  /** Calls `listener` on the next `event` only; returns a function that unsubscribes it before then. */
  once<K extends keyof Events & string>(event: K, listener: TypedListener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Resolves with the payload of the next `event`; rejects if `signal` aborts first. */
  waitFor<K extends keyof Events & string>(event: K, signal?: AbortSignal): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      const onAbort = (): void => {
        off();
        reject(signal?.reason);
      };
      const off = this.once(event, (payload) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(payload);
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Stops calling `listener` on `event` (the first registration of it, if it was added twice). */
  off<K extends keyof Events & string>(event: K, listener: TypedListener<Events[K]>): void {
    const list = this.listeners.get(event);
    if (list === undefined) return;
    const i = list.indexOf(listener as TypedListener<never>);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.listeners.delete(event);
  }

  /** Number of listeners of `event`. */
  listenerCount<K extends keyof Events & string>(event: K): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners<K extends keyof Events & string>(event?: K): void {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
  }

  /**
   * Calls the listeners of `event` with `payload`. Public so that an owner holding an emitter (rather than
   * extending it) can emit; classes that extend it usually emit only from their own methods.
   */
  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    const list = this.listeners.get(event);
    if (list === undefined) return;
    for (const listener of [...list]) {
      try {
        (listener as TypedListener<Events[K]>)(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
