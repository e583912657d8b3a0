/**
 * A separate process writing to a shared catalog (spawned by catalog-processes.test.ts): opens the catalog
 * (migrating it when new), upserts COUNT datasets one transaction each, searching between writes, and prints
 * what it did as JSON.
 *
 * argv: CATALOG WORKER COUNT
 */
import { Catalog } from "../../src/core/catalog";

const [file, worker, count] = process.argv.slice(2);
const catalog = Catalog.open(file);
let seen = 0;
for (let i = 0; i < Number(count); i++) {
  catalog.upsertDataset({
    id: `w${worker}-d${i}`,
    name: `worker ${worker} dataset ${i}`,
    location: `/survey/w${worker}/d${i}.seis`,
    sourcePath: `/raw/w${worker}-d${i}.sgy`,
    sourceSha256: "",
    sourceFormat: 1,
    segyRevision: 1,
    traceCount: 100 + i,
    samplesPerTrace: 1000,
    sampleIntervalUs: 2000,
    gatherKey: "FieldRecord",
    gatherCount: 10,
    crs: null,
    createdAt: new Date().toISOString(),
    area: { minX: i, minY: 0, maxX: i + 1, maxY: 1 },
    geographicArea: null,
    textHeaders: [`C 1 WORKER${worker} LINE ${i} concurrent writer test`],
    headerSummary: { CDP: { min: 1, max: 10 } },
    processing: [{ id: `w${worker}-s${i}`, inputDatasetId: null, projectId: null, processor: "agc", processorVersion: "1", parameters: { i }, appliedAt: null }],
  });
  seen = catalog.countDatasets({ nameContains: `worker ${worker} ` });
}
process.stdout.write(JSON.stringify({ worker, migrated: catalog.migrated, seen }));
catalog.close();
