/**
 * `seisproc info STORE`: what a trace store holds, as a report or (`--json`) one JSON object. Only metadata,
 * the gather index and the Parquet footers are read: no sample chunk, whatever the store's size.
 *
 * @module
 */
import { parseCommandArgs, UsageError } from "./args";
import type { Command, CommandIo } from "./command";
import { printStoreInfo, storeInfo } from "./store-info";
import { openCompleteStore } from "./store-path";

/**
 * The `info` command.
 *
 * @example
 * ```ts
 * const code = await infoCommand.run(["line.seis", "--json"], io);
 * ```
 */
export const infoCommand: Command = {
  name: "info",
  summary: "show what a trace store holds: source, layout, gathers, header statistics, sizes",
  usage: `usage: seisproc info STORE [options]

Shows a trace store's source file (path, size, SHA-256, format, byte order), traces, samples, interval,
stored sample type, chunking, compression and its ratio, the gather key and gather count, the min and max of
the main header fields (from the Parquet footers, no data read) and the sizes on disk. An unfinished import
or a store that is not marked complete is reported with what to do (exit 2).

  --json       print one JSON object instead (keys in docs/cli.md)
  -h, --help   show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { flags, positionals } = parseCommandArgs(argv, { json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError(`info needs exactly one STORE, got ${positionals.length} arguments`);
    const { store, data } = await openCompleteStore(positionals[0]);
    const info = await storeInfo(positionals[0], store, data);
    if (flags.json === true) io.out(`${JSON.stringify(info, null, 2)}\n`);
    else printStoreInfo(info, io);
    return 0;
  },
};
