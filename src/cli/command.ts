/**
 * What every `seisproc` command is, and where it writes: {@link CommandIo} is the process's stdout and stderr in
 * real use ({@link processIo}) and a pair of strings in tests.
 *
 * @module
 */

/**
 * Where a command writes and what it may know of its terminal.
 *
 * @example
 * ```ts
 * const io: CommandIo = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t), interactive: false, columns: 80 };
 * ```
 */
export interface CommandIo {
  /** Writes results (stdout). */
  out(text: string): void;
  /** Writes messages and progress (stderr). */
  err(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  readonly interactive: boolean;
  /** Width of the stderr terminal in characters (80 when unknown). */
  readonly columns: number;
  /** Aborted when the user interrupts (Ctrl-C); long work stops and leaves no partial output. */
  readonly signal?: AbortSignal;
}

/**
 * One `seisproc` command: its name, a one-line summary for `seisproc --help`, its full `--help` text, and how to
 * run it. `run` resolves to the exit code or throws; `main` turns errors into messages and exit codes.
 *
 * @example
 * ```ts
 * const hello: Command = { name: "hello", summary: "say hello", usage: "seisproc hello", run: async (_argv, io) => (io.out("hello\n"), 0) };
 * ```
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The `--help` text; its first line is the synopsis, printed after usage errors. */
  readonly usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

let installed: CommandIo | undefined;

/**
 * The real process's {@link CommandIo}, set up once: a closed stdout (EPIPE, e.g. `seisproc inspect f.sgy | head -1`)
 * ends the process quietly with the current exit code, and the first Ctrl-C aborts `signal` (a second one kills).
 *
 * @example
 * ```ts
 * const code = await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CommandIo {
  if (installed !== undefined) return installed;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new InterruptedError()));
  installed = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
    get columns() {
      const columns = process.stderr.columns;
      return columns !== undefined && columns > 0 ? columns : 80;
    },
    signal: controller.signal,
  };
  return installed;
}

/**
 * The reason a command's signal is aborted with when the user presses Ctrl-C (exit code 130).
 *
 * @example
 * ```ts
 * controller.abort(new InterruptedError());
 * ```
 */
export class InterruptedError extends Error {
  constructor() {
    super("interrupted");
    this.name = "InterruptedError";
  }
}
