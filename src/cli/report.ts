/**
 * Turning an error into an exit code and a message on stderr: expected errors (bad files, bad paths, bad
 * values, bad arguments) are one line and exit 2; an interrupt exits 130; anything else exits 1 with its cause
 * chain and stack, as it is a bug or a failure of the system.
 *
 * @module
 */
import { FileAccessError, SegyFormatError, ValidationError } from "../core/errors";
import { InterruptedError, type CommandIo } from "./command";
import { UsageError } from "./args";

/**
 * The exit codes of `seisproc`.
 *
 * @example
 * ```ts
 * process.exitCode = ExitCode.BadInput;
 * ```
 */
export const ExitCode = {
  /** Success. */
  Ok: 0,
  /** A failure that is not the input's fault: a bug, an I/O error the codec did not expect. */
  Failure: 1,
  /** Bad input: a file that is not readable SEG-Y/SU, a bad path, a bad option value or bad arguments. */
  BadInput: 2,
  /** Interrupted with Ctrl-C (128 + SIGINT). */
  Interrupted: 130,
} as const;

/**
 * The exit code an error deserves.
 *
 * @example
 * ```ts
 * exitCodeFor(new FileAccessError("a.sgy", "no such file")); // 2
 * exitCodeFor(new TypeError("oops")); // 1
 * ```
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof SegyFormatError || error instanceof FileAccessError || error instanceof ValidationError) return ExitCode.BadInput;
  if (error instanceof InterruptedError) return ExitCode.Interrupted;
  return ExitCode.Failure;
}

/**
 * Prints `error` to `io.err` (`seisproc: <message>`, and for usage errors the `synopsis`; for unexpected errors
 * the causes and the stack) and returns the exit code.
 *
 * @example
 * ```ts
 * catch (error) { return reportError(error, io, "usage: seisproc inspect FILE [options]"); }
 * ```
 */
export function reportError(error: unknown, io: CommandIo, synopsis?: string): number {
  const code = exitCodeFor(error);
  if (error instanceof UsageError) {
    io.err(`seisproc: ${error.detail}\n`);
    if (synopsis !== undefined) io.err(`${synopsis}\n`);
  } else if (code !== ExitCode.Failure) {
    io.err(`seisproc: ${oneLine(messageOf(error))}\n`);
  } else {
    io.err(`seisproc: unexpected error: ${oneLine(messageOf(error))}\n`);
    for (let cause = causeOf(error), depth = 0; cause !== undefined && depth < 10; cause = causeOf(cause), depth++) {
      io.err(`  caused by: ${oneLine(messageOf(cause))}\n`);
    }
    if (error instanceof Error && error.stack !== undefined) io.err(`${error.stack}\n`);
  }
  return code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

/** Names the codec's messages use for options, and what they are called on the command line. */
const CLI_NAMES: readonly (readonly [RegExp, string])[] = [
  [/\ballowTruncated\b/g, "--allow-truncated"],
  [/\bthe byte-order option\b/g, "--byte-order (--input-byte-order for convert)"],
  [/\bgive samplesPerTrace\b/g, "give --samples (--input-samples for convert)"],
];

function oneLine(text: string): string {
  return CLI_NAMES.reduce((t, [api, cli]) => t.replace(api, cli), text.replace(/\s*\n\s*/g, " ").trim());
}
