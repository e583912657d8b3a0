/**
 * Test fixtures for navigation and datasets: small generated surveys imported into real stores on disk, and a
 * store wrapper that records every read and can hold reads back, to watch prefetch and cancellation at the store.
 */
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, writeSurvey, type GetOptions, type ReadableStore, type StoreKey } from "../../src";

/** Shots, channels (traces per gather) and samples of a small survey. */
export interface SmallSurvey {
  shots: number;
  channels: number;
  samples: number;
  seed?: number;
  sampleIntervalUs?: number;
  /** Traces per chunk of the store (default: channels, one chunk per gather). */
  chunkTraces?: number;
}

/** Writes a shot survey into `dir/<name>.sgy` and imports it into the store directory `dir/<name>.seis`. */
export async function makeStore(dir: string, name: string, survey: SmallSurvey): Promise<string> {
  const sgy = path.join(dir, `${name}.sgy`);
  const location = path.join(dir, `${name}.seis`);
  await writeSurvey(
    sgy,
    { kind: "shots-2d", shots: survey.shots, channels: survey.channels, samples: survey.samples, seed: survey.seed ?? 1, sampleIntervalUs: survey.sampleIntervalUs ?? 2000 },
    { format: 5 },
  );
  await importSegy(sgy, new FileSystemStore(location), { gatherKey: "FieldRecord", chunkTraces: survey.chunkTraces ?? survey.channels });
  return location;
}

/** One read seen by a {@link RecordingStore}. */
export interface ReadRecord {
  key: StoreKey;
  /** "done": the inner store answered; "aborted": the signal aborted it before the inner store was asked. */
  outcome: "pending" | "done" | "aborted";
  /** True when the inner store was asked. */
  reachedStore: boolean;
}

/**
 * A ReadableStore over a real FileSystemStore that records reads and can hold back those matching a predicate
 * until {@link release} (or until their signal aborts, which rejects them without asking the inner store).
 */
export class RecordingStore implements ReadableStore {
  readonly reads: ReadRecord[] = [];
  private holding: (key: StoreKey) => boolean = () => false;
  private waiters: Array<() => void> = [];
  private watchers: Array<() => void> = [];

  constructor(readonly inner: ReadableStore) {}

  /** Holds back reads whose key matches from now on. */
  hold(predicate: (key: StoreKey) => boolean): void {
    this.holding = predicate;
  }

  /** Lets every held read (and every later one) through. */
  release(): void {
    this.holding = () => false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `test` holds for the reads recorded (checked after every change). */
  async until(test: (reads: ReadRecord[]) => boolean): Promise<void> {
    while (!test(this.reads)) await new Promise<void>((resolve) => this.watchers.push(resolve));
  }

  async get(key: StoreKey, options: GetOptions = {}): Promise<Uint8Array | undefined> {
    const record: ReadRecord = { key, outcome: "pending", reachedStore: false };
    this.reads.push(record);
    this.changed();
    try {
      if (this.holding(key)) await this.wait(options.signal);
      options.signal?.throwIfAborted();
      record.reachedStore = true;
      const value = await this.inner.get(key, options);
      record.outcome = "done";
      return value;
    } catch (error) {
      record.outcome = options.signal?.aborted === true ? "aborted" : "done";
      throw error;
    } finally {
      this.changed();
    }
  }

  private wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) return reject(signal.reason);
      const onAbort = (): void => reject(signal?.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  private changed(): void {
    const watchers = this.watchers;
    this.watchers = [];
    for (const w of watchers) w();
  }
}

/** The trace-chunk number of a store key such as "/traces/7.0", or undefined for other keys. */
export function traceChunk(key: string): number | undefined {
  const m = /^\/traces\/(\d+)\.0$/.exec(key);
  return m === null ? undefined : Number(m[1]);
}

/** Opens a store directory through a {@link RecordingStore}. */
export async function openRecorded(location: string): Promise<{ data: LazySeismicData; store: RecordingStore }> {
  const store = new RecordingStore(new FileSystemStore(location));
  return { data: await LazySeismicData.open(store, location), store };
}
