/**
 * Small real datasets for the widget tests: a generated shot survey written as SEG-Y and imported into a store
 * directory, then opened lazily.
 *
 * @module
 */
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, writeSurvey } from "../../../src";

/** Shots, channels and samples of a test survey. */
export interface TestSurvey {
  shots: number;
  channels: number;
  samples: number;
  seed?: number;
}

/** Writes `dir/<name>.sgy`, imports it into `dir/<name>.seis` (gathers by FieldRecord) and returns its location. */
export async function makeStore(dir: string, name: string, survey: TestSurvey): Promise<string> {
  const sgy = path.join(dir, `${name}.sgy`);
  const location = path.join(dir, `${name}.seis`);
  await writeSurvey(sgy, { kind: "shots-2d", shots: survey.shots, channels: survey.channels, samples: survey.samples, seed: survey.seed ?? 1, sampleIntervalUs: 2000 }, { format: 5 });
  await importSegy(sgy, new FileSystemStore(location), { gatherKey: "FieldRecord", chunkTraces: survey.channels });
  return location;
}

/** Makes and opens a test dataset. */
export async function openTestDataset(dir: string, name: string, survey: TestSurvey): Promise<LazySeismicData> {
  const location = await makeStore(dir, name, survey);
  return LazySeismicData.open(new FileSystemStore(location), name);
}

/** Resolves when `test()` is true, checking every few ms; rejects after `timeoutMs` saying what was awaited. */
export async function until(test: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
