/**
 * Worker thread of the fuzz pool: builds its cases from the seed and runs them one after another, telling the
 * parent when each starts (so that the parent can kill a case that hangs) and what it gave.
 */
import { parentPort, workerData } from "node:worker_threads";
import { describeBase, makeCase, runCase, type CaseOutcome } from "./fuzz-cases";

/** What the pool gives a worker. */
export interface FuzzWorkerData {
  readonly kind: "seisproc-fuzz";
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>;
  readonly seed: number;
  readonly ids: readonly number[];
  /** Self-test of the watchdog: this case spins forever instead of running. */
  readonly hangOn?: number;
}

/** What a worker tells the pool. */
export type FuzzWorkerMessage = { type: "start"; id: number } | { type: "done"; outcome: CaseOutcome } | { type: "finished" };

async function main(port: NonNullable<typeof parentPort>, data: FuzzWorkerData): Promise<void> {
  const bases = await Promise.all(data.files.map((f) => describeBase(f.name, f.bytes)));
  const send = (message: FuzzWorkerMessage): void => port.postMessage(message);
  for (const id of data.ids) {
    send({ type: "start", id });
    while (id === data.hangOn);
    send({ type: "done", outcome: await runCase(makeCase(bases, data.seed, id)) });
  }
  send({ type: "finished" });
}

const data = workerData as FuzzWorkerData | undefined;
if (parentPort !== null && data?.kind === "seisproc-fuzz") void main(parentPort, data);
