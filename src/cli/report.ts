/**
 * Turning an error into an exit code and a message on stderr: expected errors (bad files, bad paths, bad
 * values, bad arguments, an import the store's state refuses, a store path that cannot be used) are one line and
 * exit 2; an interrupt exits 130; a store that fails (damaged, or an I/O error that outlasted its retries) exits 1
 * with one line and its causes; anything else exits 1 with its cause chain and stack, as it is a bug or a
 * failure of the system.
 *
 * @module
 */
import { CredentialsError } from "../core/cloud/errors";
import { FileAccessError, ImportError, isSeisprocError, SegyFormatError, StorageError, ValidationError } from "../core/errors";
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
  /** A failure that is not the input's fault: a bug, a damaged store, an I/O error the codec did not expect. */
  Failure: 1,
  /**
   * Bad input: a file that is not readable SEG-Y/SU, a bad path (a store directory without permission, on a
   * read-only volume, ...), a bad option value or bad arguments, an import the store refuses (`--force`).
   */
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
  // An import refused for what the user asked (a complete store without --force, variable-length traces) is bad
  // input; one that wraps an unexpected failure (a cause that is not ours) is not.
  if (error instanceof ImportError) return error.cause === undefined ? ExitCode.BadInput : isSeisprocError(error.cause) ? exitCodeFor(error.cause) : ExitCode.Failure;
  // A store path that cannot be used (permission, read-only, a file in the way) is bad input, like a file path;
  // a transient failure, an I/O error or a damaged store is a failure.
  // Missing, rejected or insufficient object-storage credentials: the user's to fix, like a bad path.
  if (error instanceof CredentialsError) return ExitCode.BadInput;
  if (error instanceof StorageError) return !error.transient && PATH_CODES.has(errnoOf(error.cause)) ? ExitCode.BadInput : ExitCode.Failure;
  return ExitCode.Failure;
}

/** File-system error codes that mean "this path cannot be used as given". */
const PATH_CODES: ReadonlySet<string> = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR", "ENOTEMPTY", "ENAMETOOLONG", "ELOOP", "ENOSPC", "EDQUOT"]);

function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : "";
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
  } else if (error instanceof StorageError) {
    io.err(`seisproc: ${oneLine(messageOf(error))}\n`);
    for (let cause = causeOf(error), depth = 0; cause !== undefined && depth < 10; cause = causeOf(cause), depth++) io.err(`  caused by: ${oneLine(messageOf(cause))}\n`);
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
  [/\bpass overwrite \(--force\)/g, "pass --force"],
];

function oneLine(text: string): string {
  return CLI_NAMES.reduce((t, [api, cli]) => t.replace(api, cli), text.replace(/\s*\n\s*/g, " ").trim());
}
