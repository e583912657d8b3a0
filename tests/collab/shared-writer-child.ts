/**
 * One writer of a shared project, for the concurrent-writers test (tests/collab/concurrent-writers.test.ts):
 *
 *     node dist/tests/collab/shared-writer-child.js dir PROJECT_DIR WRITER ROUNDS
 *     node dist/tests/collab/shared-writer-child.js fs-store STORE_ROOT WRITER ROUNDS
 *     node dist/tests/collab/shared-writer-child.js url az://container/prefix WRITER ROUNDS   (credentials from the environment)
 *
 * Opens the project once, then in each round adds a dataset `w<WRITER>-r<ROUND>`, records a processing step on it,
 * appends the line `writer <WRITER> round <ROUND>` to the notes, and saves. Prints `{"saved": ROUND}` after each
 * save and `{"done": true}` at the end; exits 1 with the error on stderr on failure.
 */
import { FileSystemConditionalStore, SharedProject, type SharedProjectLocation } from "../../src/core/collab";

/** The path of the compiled script, for `spawn(process.execPath, [SHARED_WRITER_CHILD, ...])`. */
export const SHARED_WRITER_CHILD = __filename;

/** The dataset id writer `w` adds in round `r`. */
export const datasetIdOf = (w: number, r: number): string => `w${w}-r${r}`;

/** The notes line writer `w` appends in round `r`. */
export const noteOf = (w: number, r: number): string => `writer ${w} round ${r}`;

async function main([mode, where, writerArg, roundsArg]: string[]): Promise<void> {
  const writer = Number(writerArg);
  const rounds = Number(roundsArg);
  const location: SharedProjectLocation = mode === "fs-store" ? { store: new FileSystemConditionalStore(where), directory: `file://${where}` } : where;
  const shared = await SharedProject.open(location, { lockTimeoutMs: 120_000, datasetCheck: async () => undefined });
  for (let r = 0; r < rounds; r++) {
    const datasetId = datasetIdOf(writer, r);
    shared.manager.addDataset({ datasetId, name: `dataset of writer ${writer}, round ${r}`, storagePath: `data/${datasetId}.seis` });
    shared.manager.recordStep({ processorName: "agc", processorVersion: "1.0.0", parameters: { writer, round: r }, inputDatasetId: datasetId });
    shared.manager.appendNotes(noteOf(writer, r));
    await shared.save();
    process.stdout.write(`${JSON.stringify({ saved: r })}\n`);
  }
  await shared.close();
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
