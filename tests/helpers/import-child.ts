/**
 * One import in a process of its own, for tests that kill it (tests/store/kill-resume.test.ts):
 *
 *     node dist/tests/helpers/import-child.js SOURCE.sgy STORE_DIR
 *
 * Imports with lz4 and the default segment size. Prints JSON lines: progress (the first report of each phase,
 * then at most one every 250 ms) as `{"phase","done","total"}`, and at the end `{"report": ImportReport}`.
 * Exits 1 with the error on stderr if the import fails.
 */
import { FileSystemStore, importSegy, type ImportProgress } from "../../src";

/** The path of the compiled script, for `spawn(process.execPath, [IMPORT_CHILD, ...])`. */
export const IMPORT_CHILD = __filename;

function printer(): (progress: ImportProgress) => void {
  let phase = "";
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (progress.phase === phase && now - last < 250 && progress.done < progress.total) return;
    phase = progress.phase;
    last = now;
    process.stdout.write(`${JSON.stringify(progress)}\n`);
  };
}

async function main(source: string | undefined, storeDir: string | undefined): Promise<void> {
  if (source === undefined || storeDir === undefined) throw new Error("usage: node import-child.js SOURCE STORE_DIR");
  const report = await importSegy(source, new FileSystemStore(storeDir), { compression: "lz4", onProgress: printer() });
  process.stdout.write(`${JSON.stringify({ report })}\n`);
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
