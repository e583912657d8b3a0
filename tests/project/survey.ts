/** A small generated survey imported into a real trace store, for project tests. */
import * as path from "node:path";
import { FileSystemStore, importSegy, LazySeismicData, writeSurvey } from "../../src";

/** Writes `dir/<name>.sgy` (6 shots × 12 channels × 50 samples) and imports it into `storeDir`; returns the opened dataset. */
export async function importSmallSurvey(dir: string, name: string, storeDir: string, seed = 1): Promise<LazySeismicData> {
  const sgy = path.join(dir, `${name}.sgy`);
  await writeSurvey(sgy, { kind: "shots-2d", shots: 6, channels: 12, samples: 50, seed }, { format: 5 });
  await importSegy(sgy, new FileSystemStore(storeDir));
  return LazySeismicData.open(new FileSystemStore(storeDir), name);
}
