/**
 * Saves one project over and over, for tests/project/kill-save.test.ts, which kills it with SIGKILL:
 *
 *     node dist/tests/project/save-loop-child.js PROJECT_DIR
 *
 * Opens the project in PROJECT_DIR (creating it when there is none), then for k = number of datasets, k + 1, ...:
 * adds dataset `d-<k>`, sets the notes to `save <k>`, prints `saving <k>`, saves, prints `saved <k>`. So a project
 * file with notes `save <k>` must hold exactly datasets d-0 … d-k: anything else is a mix of two versions.
 */
import { ProjectManager } from "../../src/core/project";

/** The path of the compiled script, for `spawn(process.execPath, [SAVE_LOOP_CHILD, dir])`. */
export const SAVE_LOOP_CHILD = __filename;

/** Padding that makes each dataset reference a few hundred bytes, so that writes take a little while. */
export const PAYLOAD = "seismic ".repeat(60);

async function main(dir: string | undefined): Promise<void> {
  if (dir === undefined) throw new Error("usage: node save-loop-child.js PROJECT_DIR");
  const manager = new ProjectManager();
  try {
    await manager.open(dir);
  } catch {
    await manager.create(dir, { name: "kill test" });
  }
  process.stdout.write("ready\n");
  for (let k = manager.project?.datasets.length ?? 0; ; k++) {
    manager.addDataset({ datasetId: `d-${k}`, name: `dataset ${k}`, storagePath: `data/${k}.seis`, metadata: { k, payload: PAYLOAD } });
    manager.setNotes(`save ${k}`);
    process.stdout.write(`saving ${k}\n`);
    await manager.save();
    process.stdout.write(`saved ${k}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
