/**
 * The `ename` / `evalue` / `traceback` of a failed cell. tslab's executor reports a failure by calling
 * `console.error` (with the thrown value, or once per TypeScript diagnostic with a format string) and returning
 * `false`; the kernel collects those calls and turns them into the error reply and `error` message Jupyter
 * front ends and nbclient expect (tslab itself only printed them to stderr and replied without the fields).
 *
 * @module
 */
import { format } from "node:util";

/**
 * The error fields of an `execute_reply` / `error` message.
 *
 * @example
 * ```ts
 * const e: ErrorContent = { ename: "TypeError", evalue: "x is not a function", traceback: ["TypeError: x is not a function", "    at <cell>:1:1"] };
 * ```
 */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The `ename` of a cell that does not type-check. */
export const COMPILE_ERROR_NAME = "CompileError";

function isErrorLike(value: unknown): value is { name?: unknown; message?: unknown; stack?: unknown } {
  return value !== null && typeof value === "object" && ("message" in value || "stack" in value);
}

/** Stack lines of tslab's and Node's own machinery, which say nothing about the cell. */
const MACHINERY = /node:internal|node:vm|[/\\]tslab[/\\]dist[/\\]|[/\\]dist[/\\]kernel-ext[/\\]kernel[/\\]/;

/**
 * Describes one thrown value.
 *
 * @example
 * ```ts
 * describeThrown(new RangeError("bad")).ename; // "RangeError"
 * describeThrown("oops"); // { ename: "Error", evalue: "oops", traceback: ["Error: oops"] }
 * ```
 */
export function describeThrown(value: unknown): ErrorContent {
  if (isErrorLike(value)) {
    const ename = typeof value.name === "string" && value.name !== "" ? value.name : "Error";
    const evalue = typeof value.message === "string" ? value.message : String(value.message);
    const stack = typeof value.stack === "string" ? value.stack.split("\n") : [`${ename}: ${evalue}`];
    const traceback = stack.filter((line, i) => i === 0 || !MACHINERY.test(line));
    return { ename, evalue, traceback };
  }
  const evalue = typeof value === "string" ? value : format("%o", value);
  return { ename: "Error", evalue, traceback: [`Error: ${evalue}`] };
}

/**
 * One `console.error` call made by tslab's executor during a cell: a thrown value (one argument) or a diagnostic
 * (a format string and its values).
 *
 * @example
 * ```ts
 * const call: ErrorCall = ["%s%d:%d - %s", "", 0, 6, "Type 'string' is not assignable to type 'number'."];
 * ```
 */
export type ErrorCall = unknown[];

function isDiagnostic(call: ErrorCall): boolean {
  return call.length > 1 && typeof call[0] === "string" && call[0].includes("%");
}

/**
 * Turns the `console.error` calls of a failed cell into its error fields: diagnostics become one
 * {@link COMPILE_ERROR_NAME} (evalue: the first, traceback: all), a thrown value its name, message and stack
 * (tslab's frames dropped).
 *
 * @example
 * ```ts
 * describeFailure([[new Error("boom")]]).evalue; // "boom"
 * ```
 */
export function describeFailure(calls: readonly ErrorCall[]): ErrorContent {
  const diagnostics = calls.filter(isDiagnostic).map((call) => format(...(call as [string, ...unknown[]])));
  if (diagnostics.length > 0) {
    return { ename: COMPILE_ERROR_NAME, evalue: diagnostics[0], traceback: diagnostics.map((d) => `${COMPILE_ERROR_NAME}: ${d}`) };
  }
  const thrown = calls.find((call) => call.length === 1);
  if (thrown !== undefined) return describeThrown(thrown[0]);
  if (calls.length > 0) {
    const text = format(...(calls[0] as [unknown, ...unknown[]]));
    return { ename: "Error", evalue: text, traceback: [text] };
  }
  return { ename: "Error", evalue: "the cell failed without saying why", traceback: ["Error: the cell failed without saying why"] };
}

/**
 * The text of `console.error` calls that did not fail the cell (diagnostics of a `//%module` cell), for stderr.
 *
 * @example
 * ```ts
 * formatCalls([["%s%d:%d - %s", "", 0, 1, "x"]]); // "1:2 - x\n" … as tslab prints them
 * ```
 */
export function formatCalls(calls: readonly ErrorCall[]): string {
  return calls.map((call) => `${format(...(call as [unknown, ...unknown[]]))}\n`).join("");
}
