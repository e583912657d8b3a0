/**
 * The `seisproc` command line: dispatches to one command, maps errors to exit codes (0 success, 2 bad input,
 * 1 other failures) and prints expected errors as one line, without a stack trace.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isSeisprocError } from "../core/errors";
import { UsageError, type Command, type CommandIo } from "./command";
import { convertCommand } from "./commands/convert";
import { generateCommand } from "./commands/generate";
import { inspectCommand } from "./commands/inspect";

const COMMANDS: readonly Command[] = [inspectCommand, convertCommand, generateCommand];

function version(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`);
  return `usage: seisproc COMMAND [options]\n\ncommands:\n${lines.join("\n")}\n\nseisproc COMMAND --help shows a command's options; seisproc --version its version.\n`;
}

/**
 * Runs one command line and returns its exit code.
 *
 * @example
 * ```ts
 * const code = await main(["inspect", "line.sgy", "--json"], io);
 * ```
 */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}"`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(`usage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (isSeisprocError(error)) {
      io.err(`seisproc: ${error.message}\n`);
      if (error instanceof UsageError) io.err(command === undefined ? usage() : `usage: ${command.usage.split("\n")[0]}\n`);
      return 2;
    }
    const cause = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.err(`seisproc: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n${cause}\n`);
    return 1;
  }
}

/**
 * The process entry used by `bin/seisproc.js`: real stdout/stderr, EPIPE on stdout (e.g. `| head`) ends quietly.
 *
 * @example
 * ```ts
 * run(process.argv.slice(2));
 * ```
 */
export function run(argv: string[]): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: CommandIo = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    interactive: process.stderr.isTTY === true,
  };
  main(argv, io).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`seisproc: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
