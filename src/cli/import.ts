/**
 * `seisproc import FILE STORE`: imports a SEG-Y or SU file into a trace store directory (Zarr samples and raw
 * headers, Parquet header values, a gather index). An interrupted import resumes when run again; `--force`
 * replaces a complete store or another unfinished import, after moving the old directory aside.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import { fileAccessError, ImportError, ValidationError } from "../core/errors";
import { CoordinateSystem, isCrsError, setDatasetCrs } from "../core/crs";
import { isUrlLocation, normalizeLocation, openStore } from "../core/cloud";
import { HeaderMap } from "../core/segy";
import { readJson } from "../core/storage";
import { importSegy, STORE_KEYS, storeStatus, type ImportOptions, type ImportReport, type StoreMetadata } from "../core/store";
import { DTYPE_BYTES } from "../core/store/zarr-v2";
import { choiceOption, intOption, parseCommandArgs, parseSize, UsageError, type ParsedArgs } from "./args";
import type { Command, CommandIo } from "./command";
import { withPhasedProgress } from "./phase-progress";
import { readerOptions } from "./read-options";
import { formatBytes, moveAside, storeSizes } from "./store-path";

const IMPORT_OPTIONS = {
  "gather-key": { type: "string" },
  "secondary-key": { type: "string" },
  "header-map": { type: "string" },
  compression: { type: "string" },
  "chunk-traces": { type: "string" },
  float32: { type: "boolean" },
  force: { type: "boolean" },
  "segment-bytes": { type: "string" },
  container: { type: "string" },
  "byte-order": { type: "string" },
  samples: { type: "string" },
  "allow-truncated": { type: "boolean" },
  crs: { type: "string" },
  "zarr-format": { type: "string" },
} as const;

/**
 * The import options the command line asks for.
 *
 * @example
 * ```ts
 * const options = await importOptionsFrom(parseCommandArgs(["--gather-key", "CDP"], IMPORT_OPTIONS));
 * ```
 */
export async function importOptionsFrom({ values, flags }: Pick<ParsedArgs, "values" | "flags">): Promise<ImportOptions> {
  const { headerMap, ...read } = await readerOptions({
    container: values.container,
    byteOrder: values["byte-order"],
    samples: values.samples,
    headerMap: values["header-map"],
    allowTruncated: flags["allow-truncated"],
  });
  const map = headerMap ?? HeaderMap.standard();
  for (const option of ["gather-key", "secondary-key"] as const) {
    const field = values[option];
    if (field !== undefined && !map.has(field)) throw new UsageError(`--${option} ${field} is not a trace header field${headerMap === undefined ? " of the standard map" : " of the header map"} (docs/header-maps.md)`);
  }
  const definedRead = Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined));
  const zarrFormat = choiceOption("--zarr-format", values["zarr-format"], ["2", "3"] as const);
  return {
    gatherKey: values["gather-key"],
    secondaryKey: values["secondary-key"],
    headerMap,
    compression: choiceOption("--compression", values.compression, ["lz4", "zstd", "none"] as const),
    chunkTraces: intOption("--chunk-traces", values["chunk-traces"], 1, 1 << 20),
    sampleType: flags.float32 === true ? "float32" : undefined,
    segmentBytes: values["segment-bytes"] === undefined ? undefined : parseSize(values["segment-bytes"], "--segment-bytes"),
    read: definedRead,
    zarrFormat: zarrFormat === undefined ? undefined : zarrFormat === "3" ? 3 : 2,
    crs: values.crs === undefined ? undefined : await CoordinateSystem.parse(values.crs).catch((e: unknown) => Promise.reject(isCrsError(e) ? new UsageError(`--crs ${e.message}`) : e)),
  };
}

/**
 * The `import` command.
 *
 * @example
 * ```ts
 * const code = await importCommand.run(["line.sgy", "line.seis", "--gather-key", "FieldRecord"], io);
 * ```
 */
export const importCommand: Command = {
  name: "import",
  summary: "import a SEG-Y or SU file into a trace store directory (resumes an interrupted import)",
  usage: `usage: seisproc import FILE STORE [options]

Imports FILE into the directory STORE: samples and raw trace headers as Zarr arrays, header values as
Parquet, a gather index. Memory stays bounded whatever the file's size. If an import is interrupted (Ctrl-C,
a crash, a full disk), running the same command again resumes it where it stopped. FILE and STORE may be URLs
(s3://bucket/key, az://container/name; credentials from the environment, docs/scaling-out.md).

  --gather-key FIELD     header field that defines gathers (default FieldRecord)
  --secondary-key FIELD  header field that orders traces within a gather (default: file order)
  --header-map FILE      JSON header map for non-standard byte locations (docs/header-maps.md)
  --compression C        lz4 (default), zstd or none
  --chunk-traces N       traces per chunk (default: about 1 MiB of samples)
  --float32              store samples as float32 (default: the file's sample type)
  --force                replace a complete store, or an unfinished import of another file or with other
                         options; the old directory is first moved aside to STORE.backup-<timestamp>
  --container C          segy, su or auto (default auto: .su means SU)
  --byte-order B         big, little or auto (default auto)
  --samples N            samples per trace, when the headers lack or misstate it
  --allow-truncated      import the whole traces of a truncated file
  --segment-bytes SIZE   advanced: sample bytes per import segment, the unit of resumption (default 64MiB)
  --crs CRS              the data's coordinate reference system: EPSG:32631, a proj string or WKT (docs/crs.md)
  --zarr-format F        2 (default: zarr-python 2 and 3, xarray, zarrita) or 3 (zarr.json metadata, blosc
                         chunks: zarr-python 3 and zarrita; docs/store-format.md)
  -h, --help             show this help`,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const args = parseCommandArgs(argv, IMPORT_OPTIONS);
    if (args.positionals.length !== 2) throw new UsageError(`import needs FILE and STORE, got ${args.positionals.length} arguments`);
    const [file, dir] = args.positionals.map(normalizeLocation);
    const options = await importOptionsFrom(args);
    const force = args.flags.force === true;
    if (!isUrlLocation(file)) {
      await fs.stat(file).catch((error: unknown) => {
        throw fileAccessError(file, error);
      });
    }
    const notes: string[] = [];
    const aside = async (): Promise<void> => void notes.push(`moved the old store aside to ${await moveAside(dir)}`);
    await prepareStore(dir, force, aside);
    const run = (): Promise<ImportReport> =>
      withPhasedProgress(io, "import", (update) =>
        // An object store cannot be moved aside: with --force the old store's objects are deleted instead.
        importSegy(file, openStore(dir), { ...options, overwrite: force && isUrlLocation(dir), onProgress: (p) => update(p.phase, p.done, p.total), signal: io.signal }),
      );
    let report: ImportReport;
    try {
      try {
        report = await run();
      } catch (error) {
        // importSegy refuses an unfinished import of another file or with other options unless asked to overwrite.
        if (!(force && error instanceof ImportError && error.cause === undefined && /--force/.test(error.message))) throw error;
        await aside();
        report = await run();
      }
    } catch (error) {
      if (io.signal?.aborted === true) {
        io.err(`the import stopped; run the same command again to resume it\n`);
        throw io.signal.reason;
      }
      throw error;
    }
    if (options.crs !== undefined) notes.push(`CRS ${(await setDatasetCrs(openStore(dir), options.crs))?.toString()}`);
    await printSummary(io, dir, report, notes);
    return 0;
  },
};

/** Refuses (or, with `force`, moves aside) a directory that holds something other than this import to resume. */
async function prepareStore(dir: string, force: boolean, aside: () => Promise<void>): Promise<void> {
  const remote = isUrlLocation(dir);
  const stat = remote ? undefined : await fs.stat(dir).catch(() => undefined);
  if (!remote && stat === undefined) return;
  if (stat !== undefined && !stat.isDirectory()) throw new ValidationError(dir, "is a file; give a directory (new or empty) for the store");
  const status = await storeStatus(openStore(dir));
  const refusal: Partial<Record<typeof status.state, string>> = {
    complete: "already holds a complete import;",
    incomplete: `holds a store that is not marked complete; check it with \`seisproc validate ${dir}\`, or`,
    foreign: "exists and holds files that are not a SeisProc store; choose a new or empty directory, or",
  };
  const why = refusal[status.state];
  if (why === undefined) return;
  const replaced = remote ? "on object storage the old store's objects are deleted" : `the old directory is first moved aside to ${dir}.backup-<timestamp>`;
  if (!force) throw new ValidationError(dir, `${why} pass --force to replace it (${replaced})`);
  if (!remote) await aside();
}

async function printSummary(io: CommandIo, dir: string, report: ImportReport, notes: string[]): Promise<void> {
  const n = (v: number): string => v.toLocaleString("en-US");
  const store = openStore(dir);
  const metadata = await readJson<StoreMetadata>(store, STORE_KEYS.metadata);
  const segments = report.resumedSegments + report.writtenSegments;
  for (const note of notes) io.out(`${note}\n`);
  if (report.resumedSegments > 0) io.out(`resumed ${report.resumedSegments} of ${segments} segments done by an interrupted import\n`);
  if (metadata === undefined) return;
  const sizes = await storeSizes(store);
  const raw = metadata.traceCount * metadata.samplesPerTrace * DTYPE_BYTES[metadata.dtype];
  const ratio = sizes.traces > 0 ? (raw / sizes.traces).toFixed(2) : "-";
  const secondary = metadata.importOptions.secondaryKey === null ? "" : ` and ${metadata.importOptions.secondaryKey}`;
  io.out(
    `${dir}: ${n(report.traceCount)} traces of ${n(metadata.samplesPerTrace)} samples (${metadata.dtype}) in ${n(segments)} segment${segments === 1 ? "" : "s"}, ` +
      `${n(report.gatherCount)} gathers by ${metadata.importOptions.gatherKey}${secondary}, ${n(report.duplicateTraces)} duplicate and ${n(report.missingTraces)} missing traces\n` +
      `compression ${metadata.importOptions.compression}: ${formatBytes(raw)} of samples stored in ${formatBytes(sizes.traces)} (ratio ${ratio}), ${formatBytes(sizes.total)} on disk in all\n`,
  );
}
