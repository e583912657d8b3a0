/**
 * A small directory tree of real trace stores and a project file, for catalog tests:
 *
 *   ROOT/surveys/north/line-a.seis   2 ms, UTM 31N (EPSG:32631) at 500000/6000000, processed: bandpass then agc
 *   ROOT/surveys/north/line-b.seis   4 ms, ED50 / UTM 31N (EPSG:23031) at 600000/6100000, unprocessed
 *   ROOT/surveys/south/prospect.seis 4 ms, no CRS, a textual header about a salt dome, GroupWaterDepth set
 *   ROOT/surveys/broken.seis         an unfinished import (no COMPLETE)
 *   ROOT/projects/ns/project.seisproc.json   line-a and OUTSIDE/outside.seis, notes about the Utsira High
 *   OUTSIDE/outside.seis             a store outside ROOT that only the project names
 */
import { randomUUID } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { FileSystemStore, importSegy, projectToJson, readJson, SegyWriter, setDatasetCrs, STORE_KEYS, writeJson, writeSurvey, type Project, type StoreMetadata } from "../../src";

/** What the fixture made. */
export interface CatalogFixture {
  root: string;
  outside: string;
  lineA: string;
  lineB: string;
  prospect: string;
  broken: string;
  outsideStore: string;
  projectFile: string;
  projectId: string;
  ids: { lineA: string; lineB: string; prospect: string; outside: string };
}

async function importStore(file: string, dir: string): Promise<string> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  await importSegy(file, new FileSystemStore(dir));
  const metadata = (await readJson<StoreMetadata>(new FileSystemStore(dir), STORE_KEYS.metadata)) as StoreMetadata;
  return metadata.datasetId as string;
}

/** Adds provenance records (as the provenance module writes them) to a store's metadata. */
export async function addProvenance(dir: string, steps: Array<{ processorName: string; parameters: Record<string, unknown> }>, inputId: string): Promise<void> {
  const store = new FileSystemStore(dir);
  const metadata = (await readJson<StoreMetadata>(store, STORE_KEYS.metadata)) as StoreMetadata;
  metadata.provenance = steps.map((s, i) => ({
    id: randomUUID(),
    processorName: s.processorName,
    processorVersion: "1.0.0",
    parameters: s.parameters,
    inputDatasetId: inputId,
    outputDatasetId: metadata.datasetId,
    timestamp: new Date(Date.UTC(2024, 4, 1, 12, i)).toISOString(),
    durationMs: 10,
    checksum: "",
  }));
  await writeJson(store, STORE_KEYS.metadata, metadata);
}

/** Builds the tree under `base`. */
export async function buildCatalogFixture(base: string): Promise<CatalogFixture> {
  const root = path.join(base, "root");
  const outside = path.join(base, "outside");
  const sources = path.join(base, "sources");
  await fs.mkdir(sources, { recursive: true });
  const a = path.join(sources, "a.sgy");
  const b = path.join(sources, "b.sgy");
  const c = path.join(sources, "c.sgy");
  await writeSurvey(a, { kind: "shots-2d", shots: 3, channels: 8, samples: 50, sampleIntervalUs: 2000, seed: 1 });
  await writeSurvey(b, { kind: "shots-2d", shots: 2, channels: 8, samples: 50, sampleIntervalUs: 4000, seed: 2, originX: 600000, originY: 6100000 });
  const text = [
    "C 1 CLIENT NORDIC ENERGY   AREA: SALT DOME PROSPECT, BLOCK 16/1",
    "C 2 RECORDED 1998 BY SEISMIC SURVEYS LTD   STREAMER 4800 M",
    "C 3 PROCESSING: DMO, POST-STACK TIME MIGRATION",
  ];
  const writer = await SegyWriter.create(c, { revision: 1, samplesPerTrace: 40, sampleIntervalUs: 4000, textHeader: text });
  for (let t = 0; t < 6; t++) {
    await writer.writeTrace({ FieldRecord: 1 + (t >> 1), TRACE_SEQUENCE_FILE: t + 1, SourceGroupScalar: -10, SourceX: 4_000_000 + t * 100, SourceY: 65_000_000, GroupWaterDepth: 120 + t }, new Float32Array(40).fill(t));
  }
  await writer.close();

  const lineA = path.join(root, "surveys", "north", "line-a.seis");
  const lineB = path.join(root, "surveys", "north", "line-b.seis");
  const prospect = path.join(root, "surveys", "south", "prospect.seis");
  const outsideStore = path.join(outside, "outside.seis");
  const ids = {
    lineA: await importStore(a, lineA),
    lineB: await importStore(b, lineB),
    prospect: await importStore(c, prospect),
    outside: await importStore(a, outsideStore),
  };
  await setDatasetCrs(new FileSystemStore(lineA), "EPSG:32631");
  await setDatasetCrs(new FileSystemStore(lineB), "EPSG:23031");
  await setDatasetCrs(new FileSystemStore(outsideStore), "EPSG:32631");
  await addProvenance(lineA, [
    { processorName: "bandpass", parameters: { low: 8, high: 60 } },
    { processorName: "agc", parameters: { windowMs: 500 } },
  ], ids.outside);

  const broken = path.join(root, "surveys", "broken.seis");
  await fs.mkdir(path.join(broken, "seisproc"), { recursive: true });
  await fs.writeFile(path.join(broken, "seisproc", "progress.json"), "{}\n");

  const projectDir = path.join(root, "projects", "ns");
  await fs.mkdir(projectDir, { recursive: true });
  const projectId = randomUUID();
  const now = "2024-05-02T09:00:00.000Z";
  const project: Project = {
    id: projectId,
    name: "North Sea reprocessing",
    createdAt: now,
    modifiedAt: now,
    notes: "Reprocessing campaign over the Utsira High; compare with the 1998 vintage.",
    datasets: [
      { datasetId: ids.lineA, sourcePath: a, storagePath: path.relative(projectDir, lineA), name: "line A", addedAt: now, metadata: {} },
      { datasetId: ids.outside, sourcePath: a, storagePath: outsideStore, name: "outside", addedAt: now, metadata: {} },
    ],
    processingHistory: [
      {
        id: randomUUID(),
        processorName: "gain",
        processorVersion: "1.0.0",
        parameters: { mode: "scalar", value: 2 },
        inputDatasetId: ids.outside,
        outputDatasetId: null,
        timestamp: now,
        checksum: "",
        checksums: {},
        details: {},
      },
    ],
  };
  const projectFile = path.join(projectDir, "project.seisproc.json");
  await fs.writeFile(projectFile, projectToJson(project));
  return { root, outside, lineA, lineB, prospect, broken, outsideStore, projectFile, projectId, ids };
}
