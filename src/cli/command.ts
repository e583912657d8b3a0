/**
 * The shape every CLI command has, and the usage error the argument parser throws.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ValidationError } from "../core/errors";

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
}

/** One `seisproc` command. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[], io: CommandIo): Promise<number>;
}

/**
 * Bad command-line arguments (exit code 2).
 *
 * @example
 * ```ts
 * throw new UsageError("inspect needs a FILE");
 * ```
 */
export class UsageError extends ValidationError {
  constructor(detail: string) {
    super("arguments", detail);
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed arguments: string options, boolean flags and positionals. */
export interface ParsedArgs {
  values: Record<string, string | undefined>;
  flags: Record<string, boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` with node's `util.parseArgs`, turning its errors into {@link UsageError}s; `--help` is always known.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseCommandArgs(["a.sgy", "--json"], { json: { type: "boolean" } });
 * ```
 */
export function parseCommandArgs(argv: string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    const strings: Record<string, string | undefined> = {};
    const flags: Record<string, boolean | undefined> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "string") strings[key] = value;
      else if (typeof value === "boolean") flags[key] = value;
    }
    return { values: strings, flags, positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify .*$/s, "") : String(error));
  }
}

/**
 * A whole number from an option, or a {@link UsageError} naming the option.
 *
 * @example
 * ```ts
 * intOption("--samples", "1500"); // 1500
 * ```
 */
export function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${name} needs a whole number, not "${value}"`);
  return n;
}

/**
 * One of the allowed values of an option, or a {@link UsageError} listing them.
 *
 * @example
 * ```ts
 * choiceOption("--byte-order", "little", ["big", "little"] as const); // "little"
 * ```
 */
export function choiceOption<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(", ")}, not "${value}"`);
  return value as T;
}
