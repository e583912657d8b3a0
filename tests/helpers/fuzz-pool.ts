/**
 * Runs fuzz cases on worker threads with a watchdog: a case that takes longer than the timeout (even in a
 * synchronous loop) is killed with its worker and reported as a failure, and the worker is restarted after it.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { CaseOutcome } from "./fuzz-cases";
import type { FuzzWorkerData, FuzzWorkerMessage } from "./fuzz-worker";

export interface FuzzRunOptions {
  readonly files: ReadonlyArray<{ readonly name: string; readonly bytes: Uint8Array }>;
  readonly seed: number;
  readonly cases: number;
  readonly workers: number;
  readonly caseTimeoutMs: number;
  /** Self-test of the watchdog: this case hangs on purpose. */
  readonly hangOn?: number;
}

/** A case that hung or killed its worker. */
export interface LostCase {
  readonly id: number;
  readonly detail: string;
}

export interface FuzzReport {
  readonly outcomes: CaseOutcome[];
  readonly lost: LostCase[];
  readonly ms: number;
}

/** Runs cases 0 .. cases-1, spread over the workers. */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const started = performance.now();
  const report: FuzzReport = { outcomes: [], lost: [], ms: 0 };
  const lanes: number[][] = Array.from({ length: options.workers }, () => []);
  for (let id = 0; id < options.cases; id++) lanes[id % options.workers].push(id);
  await Promise.all(lanes.map((ids) => runLane(ids, options, report)));
  report.outcomes.sort((a, b) => a.id - b.id);
  return { ...report, ms: performance.now() - started };
}

function runLane(ids: readonly number[], options: FuzzRunOptions, report: FuzzReport): Promise<void> {
  const queue = [...ids];
  return new Promise((resolve) => {
    const startWorker = (): void => {
      if (queue.length === 0) return resolve();
      const data: FuzzWorkerData = { kind: "seisproc-fuzz", files: options.files, seed: options.seed, ids: [...queue], hangOn: options.hangOn };
      const worker = new Worker(path.join(__dirname, "fuzz-worker.js"), { workerData: data, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
      let since: number | undefined;
      let over = false;
      const end = (problem: string | undefined): void => {
        if (over) return;
        over = true;
        clearInterval(watchdog);
        if (problem !== undefined && queue.length > 0) report.lost.push({ id: queue.shift() as number, detail: problem });
        void worker.terminate().then(startWorker, startWorker);
      };
      const watchdog = setInterval(() => {
        if (since !== undefined && performance.now() - since > options.caseTimeoutMs) end(`did not finish within ${options.caseTimeoutMs} ms (hang)`);
      }, 100);
      worker.on("message", (message: FuzzWorkerMessage) => {
        if (message.type === "start") since = performance.now();
        else if (message.type === "done") {
          since = undefined;
          queue.shift();
          report.outcomes.push(message.outcome);
        } else end(undefined);
      });
      worker.on("error", (error) => end(`worker died: ${error.stack ?? String(error)}`));
      worker.on("exit", (code) => end(`worker exited with code ${code} during the case`));
    };
    startWorker();
  });
}
