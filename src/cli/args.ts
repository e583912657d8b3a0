/**
 * Command-line arguments: parsing with node's `util.parseArgs`, typed option values, sizes like `300MB`, and the
 * {@link UsageError} all of them throw (exit code 2, followed by the command's synopsis).
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ValidationError } from "../core/errors";

/**
 * Bad command-line arguments: exit code 2, the message and then the command's synopsis on stderr.
 *
 * @example
 * ```ts
 * throw new UsageError("inspect needs a FILE");
 * ```
 */
export class UsageError extends ValidationError {
  /** The message without the `arguments:` key prefix. */
  readonly detail: string;

  constructor(detail: string) {
    super("arguments", detail);
    this.detail = detail;
  }
}

/**
 * The options of a command, as `util.parseArgs` takes them.
 *
 * @example
 * ```ts
 * const options: OptionSpec = { json: { type: "boolean" }, traces: { type: "string" } };
 * ```
 */
export type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parsed arguments: string options, boolean flags and positionals.
 *
 * @example
 * ```ts
 * const parsed: ParsedArgs = { values: { traces: "10" }, flags: { json: true }, positionals: ["a.sgy"] };
 * ```
 */
export interface ParsedArgs {
  values: Record<string, string | undefined>;
  flags: Record<string, boolean | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` strictly (unknown options are errors) with `--help`/`-h` always known, turning parse errors into
 * one-line {@link UsageError}s.
 *
 * @example
 * ```ts
 * const { flags, positionals } = parseCommandArgs(["a.sgy", "--json"], { json: { type: "boolean" } });
 * flags.json; // true
 * ```
 */
export function parseCommandArgs(argv: string[], options: OptionSpec): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split("\n")[0].replace(/\. To specify a positional argument.*$/, "").replace(/\.$/, ""));
  }
  const values: Record<string, string | undefined> = {};
  const flags: Record<string, boolean | undefined> = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value === "string") values[key] = value;
    else if (typeof value === "boolean") flags[key] = value;
  }
  return { values, flags, positionals: parsed.positionals };
}

/**
 * A whole number from an option within `[min, max]`, `undefined` when the option is absent, or a {@link UsageError}
 * naming the option.
 *
 * @example
 * ```ts
 * intOption("--samples", "1500", 1); // 1500
 * intOption("--samples", "-3", 1); // throws UsageError: --samples must be a whole number ≥ 1, not "-3"
 * ```
 */
export function intOption(name: string, value: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  const range = min > -Infinity && max < Infinity ? ` in ${min}..${max}` : min > -Infinity ? ` ≥ ${min}` : max < Infinity ? ` ≤ ${max}` : "";
  throw new UsageError(`${name} must be a whole number${range}, not "${value}"`);
}

/**
 * One of the allowed values of an option, `undefined` when absent, or a {@link UsageError} listing them.
 *
 * @example
 * ```ts
 * choiceOption("--byte-order", "little", ["big", "little"] as const); // "little"
 * ```
 */
export function choiceOption<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((a) => a === value);
  if (match === undefined) throw new UsageError(`${name} must be one of ${allowed.join(", ")}, not "${value}"`);
  return match;
}

const SIZE_UNITS: ReadonlyMap<string, number> = new Map([
  ["", 1], ["b", 1],
  ["k", 1e3], ["kb", 1e3], ["m", 1e6], ["mb", 1e6], ["g", 1e9], ["gb", 1e9], ["t", 1e12], ["tb", 1e12],
  ["kib", 1024], ["mib", 1024 ** 2], ["gib", 1024 ** 3], ["tib", 1024 ** 4],
]);

/**
 * Parses a size into bytes. Units are decimal (`KB` = 1000, `MB` = 10^6, `GB` = 10^9 bytes, as disks count);
 * `KiB`, `MiB`, `GiB` are binary (powers of 1024). Case is ignored; a bare number is bytes.
 *
 * @example
 * ```ts
 * parseSize("300MB"); // 300000000
 * parseSize("1.5GiB"); // 1610612736
 * ```
 */
export function parseSize(text: string, name = "--size"): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m === null ? undefined : SIZE_UNITS.get(m[2].toLowerCase());
  const bytes = m === null || unit === undefined ? NaN : Math.round(Number(m[1]) * unit);
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes)) {
    throw new UsageError(`${name} must be a size such as 10KB, 300MB or 2GB (or KiB, MiB, GiB), not "${text}"`);
  }
  return bytes;
}
