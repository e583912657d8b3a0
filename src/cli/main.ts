/**
 * The `seisproc` command line: dispatches to a command, answers `--help` and `--version`, and turns errors into
 * exit codes (0 success, 2 bad input, 1 other failures, 130 interrupted) and one-line messages on stderr.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { UsageError } from "./args";
import { processIo, type Command, type CommandIo } from "./command";
import { convertCommand } from "./convert";
import { exportCommand } from "./export";
import { generateCommand } from "./generate";
import { importCommand } from "./import";
import { infoCommand } from "./info";
import { inspectCommand } from "./inspect";
import { reportError } from "./report";
import { validateCommand } from "./validate";
import { kernelCommand } from "./commands/kernel";

/**
 * Every command, in the order `seisproc --help` lists them.
 *
 * @example
 * ```ts
 * COMMANDS.map((c) => c.name); // ["inspect", "convert", "generate", "import", "info", "export", "validate", "kernel"]
 * ```
 */
export const COMMANDS: readonly Command[] = [inspectCommand, convertCommand, generateCommand, importCommand, infoCommand, exportCommand, validateCommand, kernelCommand];

/**
 * The package's version, from package.json.
 *
 * @example
 * ```ts
 * version(); // "0.1.0"
 * ```
 */
export function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(path.resolve(__dirname, "..", "..", "..", "package.json"), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
}

/**
 * The top-level help text.
 *
 * @example
 * ```ts
 * process.stdout.write(usage());
 * ```
 */
export function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`);
  return [
    "usage: seisproc COMMAND [options]",
    "",
    "Reads, converts and generates SEG-Y and Seismic Unix files, and keeps them in trace stores.",
    "",
    "commands:",
    ...lines,
    "",
    "  seisproc COMMAND --help   a command's options",
    "  seisproc --version        the version",
    "",
    "Exit codes: 0 success, 2 bad input (unreadable file, bad path, bad option, a store in the wrong state),",
    "1 other failures (and validate: problems found), 130 Ctrl-C.",
    "",
  ].join("\n");
}

/** True when `argv` asks for help before any `--`. */
function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/**
 * Runs one command line and resolves to its exit code; it never rejects. `io` defaults to the real process
 * (stdout, stderr, Ctrl-C, EPIPE handling).
 *
 * @example
 * ```ts
 * // bin/seisproc.js
 * main(process.argv.slice(2)).then((code) => (process.exitCode = code));
 * ```
 */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (name === undefined) {
      io.err(usage());
      return 2;
    }
    if (name === "--help" || name === "-h") {
      io.out(usage());
      return 0;
    }
    if (name === "--version" || name === "-V") {
      io.out(`${version()}\n`);
      return 0;
    }
    if (name === "help") {
      const topic = COMMANDS.find((c) => c.name === rest[0]);
      io.out(topic === undefined ? usage() : `${topic.usage}\n`);
      return 0;
    }
    command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
      throw new UsageError(name.startsWith("-") ? `unknown option "${name}"; options go after the command` : `unknown command "${name}"`);
    }
    if (wantsHelp(rest)) {
      io.out(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    const synopsis = command === undefined ? usage().trimEnd() : `${command.usage.split("\n")[0]}\n(seisproc ${command.name} --help for the options)`;
    return reportError(error, io, synopsis);
  }
}
