/**
 * Which incoming message the kernel is working for. Jupyter front ends route each output by its parent header:
 * a cell's outputs must carry that cell's `execute_request` header, a widget's `echo_update` the header of the
 * front end's `comm_msg`. The kernel runs each request's handler inside {@link runWithParent}; code started there
 * (the cell, timers, promises, widget callbacks) keeps that parent through `AsyncLocalStorage`.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { MessageHeader } from "./wire";

const storage = new AsyncLocalStorage<MessageHeader>();
let lastExecute: MessageHeader | undefined;

/**
 * Runs `fn` (and everything it starts) with `parent` as the parent of the messages it causes.
 *
 * @example
 * ```ts
 * await runWithParent(msg.header, () => handle(msg));
 * ```
 */
export function runWithParent<T>(parent: MessageHeader, fn: () => T): T {
  return storage.run(parent, fn);
}

/**
 * Records the `execute_request` whose cell starts running now: the fallback parent for output of code running
 * outside any request.
 *
 * @example
 * ```ts
 * setFallbackParent(msg.header);
 * ```
 */
export function setFallbackParent(parent: MessageHeader): void {
  lastExecute = parent;
}

/**
 * The parent header for a message sent now: the request being handled, else the last `execute_request` (output
 * of code started outside any request, e.g. an uncaught error in a timer created at start-up), else `undefined`.
 *
 * @example
 * ```ts
 * const parent = currentParent() ?? {};
 * ```
 */
export function currentParent(): MessageHeader | undefined {
  return storage.getStore() ?? lastExecute;
}
