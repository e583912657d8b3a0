/**
 * Progress of work in phases (an import's traces, index and checksum; a validation's chunks, header parts,
 * index and source): one {@link ProgressBar} per phase, labelled `<command> <phase>`, the previous one cleared
 * when the next phase starts and the last one whatever happens.
 *
 * @module
 */
import type { CommandIo } from "./command";
import { ProgressBar } from "./progress";

/**
 * Runs `work` with a phased progress bar on stderr (drawn only on a terminal).
 *
 * @example
 * ```ts
 * await withPhasedProgress(io, "import", (update) => importSegy(file, store, { onProgress: (p) => update(p.phase, p.done, p.total) }));
 * ```
 */
export async function withPhasedProgress<T>(io: CommandIo, label: string, work: (update: (phase: string, done: number, total: number) => void) => Promise<T>): Promise<T> {
  let phase: string | undefined;
  let bar: ProgressBar | undefined;
  try {
    return await work((next, done, total) => {
      if (next !== phase) {
        bar?.done();
        phase = next;
        bar = new ProgressBar(io, `${label} ${next}`);
      }
      bar?.update(done, total);
    });
  } finally {
    bar?.done();
  }
}
