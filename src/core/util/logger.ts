/**
 * The library's logger: a small interface that callers can point at their own logging, and a default that is
 * silent unless `SEISPROC_LOG` is set (`error`, `warn`, `info` or `debug`), then writes to stderr. The library
 * never writes to the console by itself.
 *
 * @module
 */

/** Levels, most severe first. */
export type LogLevel = "error" | "warn" | "info" | "debug";

/** Where the library's messages go. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * A logger writing one line per message to stderr, for messages at `level` or more severe.
 *
 * @example
 * ```ts
 * const logger = stderrLogger("info");
 * logger.log("info", "import resumed", { segments: 3 });
 * ```
 */
export function stderrLogger(level: LogLevel): Logger {
  return {
    log(messageLevel, message, fields) {
      if (RANK[messageLevel] > RANK[level]) return;
      const extra = fields === undefined ? "" : ` ${JSON.stringify(fields)}`;
      process.stderr.write(`seisproc ${messageLevel}: ${message}${extra}\n`);
    },
  };
}

/** A logger that drops everything. */
export const SILENT_LOGGER: Logger = { log() {} };

/**
 * The default logger: silent, or {@link stderrLogger} at the level named by `SEISPROC_LOG`.
 *
 * @example
 * ```ts
 * defaultLogger().log("debug", "chunk written", { key: "/traces/3.0" });
 * ```
 */
export function defaultLogger(): Logger {
  const level = process.env.SEISPROC_LOG as LogLevel | undefined;
  return level !== undefined && level in RANK ? stderrLogger(level) : SILENT_LOGGER;
}
