import { strict as assert } from "node:assert";
import { promises as fs, rmSync } from "node:fs";
import * as path from "node:path";
import { Catalog, CatalogError, CoordinateSystem, FileSystemStore, scanIntoCatalog, setDatasetCrs, type CatalogDataset, type ScanReport } from "../../src";
import { tempDir } from "../helpers/paths";
import { buildCatalogFixture, type CatalogFixture } from "./fixtures";

const names = (datasets: CatalogDataset[]): string[] => datasets.map((d) => d.name).sort();

describe("catalog: JSON metadata of real stores and projects scanned into a real SQLite file, then queried and searched", function () {
  this.timeout(60_000);
  const base = tempDir("seisproc-catalog-");
  after(() => rmSync(base, { recursive: true, force: true }));
  let fx: CatalogFixture;
  let catalog: Catalog;
  let report: ScanReport;
  const file = path.join(base, "catalog.sqlite");

  before(async () => {
    fx = await buildCatalogFixture(base);
    catalog = Catalog.open(file);
    report = await scanIntoCatalog(catalog, fx.root);
  });
  after(() => catalog.close());

  it("indexes the stores (and the store only a project names), skips the unfinished one, then the project", () => {
    assert.deepEqual([...report.added].sort(), [fx.lineA, fx.lineB, fx.outsideStore, fx.prospect].sort());
    assert.deepEqual(report.projects, [fx.projectFile]);
    assert.deepEqual(report.skipped.map((s) => s.location), [fx.broken]);
    assert.match(report.skipped[0].reason, /not complete/);
    assert.equal(catalog.countDatasets(), 4);
    const project = catalog.project(fx.projectId);
    assert.equal(project?.name, "North Sea reprocessing");
    assert.deepEqual(project?.datasets.map((d) => d.datasetId), [fx.ids.lineA, fx.ids.outside]);
    assert.equal(catalog.journalMode, "wal");
  });

  it("records what each store's metadata and header statistics say", () => {
    const a = catalog.dataset(fx.ids.lineA);
    assert.ok(a !== undefined);
    assert.equal(a.location, fx.lineA);
    assert.equal(a.name, "line-a.seis");
    assert.equal(a.traceCount, 24);
    assert.equal(a.samplesPerTrace, 50);
    assert.equal(a.sampleIntervalUs, 2000);
    assert.equal(a.gatherKey, "FieldRecord");
    assert.equal(a.gatherCount, 3);
    assert.deepEqual(a.crs && { epsg: a.crs.epsg, name: a.crs.name }, { epsg: 32631, name: "WGS 84 / UTM zone 31N" });
    // Sources at 500000..500100 m, receivers ±87.5 m around them, all at northing 6000000 (scalar -100 applied).
    assert.deepEqual(a.area, { minX: 499912.5, minY: 6000000, maxX: 500187.5, maxY: 6000000 });
    const g = a.geographicArea;
    assert.ok(g !== null && g.minX > 2.99 && g.maxX < 3.01 && g.minY > 54.1 && g.maxY < 54.2, JSON.stringify(g));
    const p = catalog.dataset(fx.ids.prospect);
    assert.deepEqual(p?.area, { minX: 400000, minY: 6500000, maxX: 400050, maxY: 6500000 }, "scalar -10, receivers unset");
    assert.equal(p?.crs, null);
    assert.equal(p?.geographicArea, null);
    assert.equal(p?.segyRevision, 1);
    assert.deepEqual(catalog.headerSummary(fx.ids.prospect).GroupWaterDepth, { min: 120, max: 125 });
    assert.deepEqual(catalog.processingSteps(fx.ids.lineA).map((s) => [s.processor, s.position, s.inputDatasetId]), [
      ["bandpass", 0, fx.ids.outside],
      ["agc", 1, fx.ids.outside],
    ]);
    assert.deepEqual(catalog.processingSteps(fx.ids.lineA)[0].parameters, { low: 8, high: 60 });
    assert.deepEqual(catalog.processingSteps(fx.ids.outside).map((s) => [s.processor, s.projectId]), [["gain", fx.projectId]]);
  });

  it("answers typed queries: survey area (native and in longitude/latitude), interval, CRS, dates, processing, project", async () => {
    assert.deepEqual(names(catalog.datasets({ area: { minX: 399000, minY: 6.4e6, maxX: 401000, maxY: 6.6e6 } })), ["prospect.seis"]);
    const wgs84 = await CoordinateSystem.fromEpsg(4326);
    assert.deepEqual(names(catalog.datasets({ area: { minX: 2.9, minY: 54, maxX: 3.1, maxY: 54.3, crs: wgs84 } })), ["line-a.seis", "outside.seis"]);
    // A box in UTM 31N around line B's ED50 position (the datums differ by ~100 m; the box is 2 km wide).
    const utm = await CoordinateSystem.fromEpsg(32631);
    assert.deepEqual(names(catalog.datasets({ area: { minX: 599000, minY: 6099000, maxX: 601000, maxY: 6101000, crs: utm } })), ["line-b.seis"]);
    assert.deepEqual(names(catalog.datasets({ sampleIntervalUs: 4000 })), ["line-b.seis", "prospect.seis"]);
    assert.deepEqual(names(catalog.datasets({ sampleIntervalUs: { max: 3000 } })), ["line-a.seis", "outside.seis"]);
    assert.deepEqual(names(catalog.datasets({ crs: 32631 })), ["line-a.seis", "outside.seis"]);
    assert.deepEqual(names(catalog.datasets({ crs: "EPSG:23031" })), ["line-b.seis"]);
    assert.deepEqual(names(catalog.datasets({ crs: utm })), ["line-a.seis", "outside.seis"]);
    assert.deepEqual(names(catalog.datasets({ crs: null })), ["prospect.seis"]);
    assert.deepEqual(names(catalog.datasets({ processing: "agc" })), ["line-a.seis"]);
    assert.deepEqual(names(catalog.datasets({ processing: ["bandpass", "agc"] })), ["line-a.seis"]);
    assert.deepEqual(names(catalog.datasets({ processing: ["agc", "fk"] })), []);
    assert.deepEqual(names(catalog.datasets({ unprocessed: true })), ["line-b.seis", "prospect.seis"]);
    assert.deepEqual(names(catalog.datasets({ projectId: fx.projectId })), ["line-a.seis", "outside.seis"]);
    assert.deepEqual(names(catalog.datasets({ hasHeaderField: "GroupWaterDepth" })), ["prospect.seis"]);
    assert.deepEqual(names(catalog.datasets({ nameContains: "LINE" })), ["line-a.seis", "line-b.seis"]);
    assert.equal(catalog.countDatasets({ createdAfter: "2000-01-01" }), 4);
    assert.equal(catalog.countDatasets({ createdBefore: new Date("2000-01-01") }), 0);
    assert.deepEqual(catalog.datasets({ orderBy: "traceCount", limit: 1 }).map((d) => d.name), ["prospect.seis"]);
    assert.deepEqual(names(catalog.datasets({ crs: 32631, sampleIntervalUs: 2000, processing: "agc", projectId: fx.projectId })), ["line-a.seis"]);
    assert.throws(() => catalog.datasets({ createdAfter: "last tuesday" }), /not a date/);
    assert.throws(() => catalog.datasets({ area: { minX: 1, minY: 0, maxX: 0, maxY: 1 } }), /minX must not exceed maxX/);
  });

  it("full-text search ranks textual headers, names, notes and header-field names, with snippets", () => {
    const salt = catalog.search("salt dome");
    assert.equal(salt.length, 1);
    assert.deepEqual([salt[0].kind, salt[0].id, salt[0].field], ["dataset", fx.ids.prospect, "textHeaders"]);
    assert.match(salt[0].snippet, /\[SALT\] \[DOME\] PROSPECT/);
    assert.ok(salt[0].score < 0, "BM25: lower is better");
    const utsira = catalog.search("utsira");
    assert.deepEqual(utsira.map((h) => [h.kind, h.id, h.field]), [["project", fx.projectId, "notes"]]);
    assert.match(utsira[0].snippet, /over the \[Utsira\] High/);
    const fields = catalog.search("GroupWaterDepth", { fields: ["headerFields"] });
    assert.deepEqual(fields.map((h) => h.id), [fx.ids.prospect]);
    assert.equal(fields[0].field, "headerFields");
    assert.deepEqual(catalog.search("prosp*").map((h) => h.id), [fx.ids.prospect]);
    // Every synthetic survey says so in its textual header; the prospect's does not.
    assert.deepEqual(catalog.search("synthetic").map((h) => h.id).sort(), [fx.ids.lineA, fx.ids.lineB, fx.ids.outside].sort());
    assert.deepEqual(catalog.search("synthetic", { where: { crs: 32631 } }).map((h) => h.id).sort(), [fx.ids.lineA, fx.ids.outside].sort());
    assert.deepEqual(catalog.search("salt", { where: { crs: 32631 } }), []);
    assert.deepEqual(catalog.search("salt", { kind: "project" }), []);
    assert.equal(catalog.search("NEAR(salt dome, 1)", { syntax: "fts5" }).length, 1);
    assert.throws(() => catalog.search("salt AND (", { syntax: "fts5" }), (e: unknown) => e instanceof CatalogError && e.problem === "query");
    // Typed text cannot inject FTS syntax: quotes, operators and colons are just words.
    assert.deepEqual(catalog.search('salt" OR "x'), []);
    assert.deepEqual(catalog.search("   "), []);
    assert.deepEqual(catalog.search("dome", { highlight: ["<b>", "</b>"] })[0].snippet.includes("<b>DOME</b>"), true);
  });

  it("notes are searchable and survive a rescan; unchanged stores are skipped, changed ones re-indexed", async () => {
    catalog.setNotes("dataset", fx.ids.lineB, "Strong multiples near the Utsira High");
    assert.deepEqual(catalog.search("utsira").map((h) => h.kind).sort(), ["dataset", "project"]);
    const datasetHit = catalog.search("utsira multiples", { kind: "dataset" });
    assert.deepEqual(datasetHit.map((h) => [h.id, h.field]), [[fx.ids.lineB, "notes"]]);
    assert.throws(() => catalog.setNotes("dataset", "no-such-id", "x"), (e: unknown) => e instanceof CatalogError && e.problem === "not-found");
    await setDatasetCrs(new FileSystemStore(fx.lineB), "EPSG:32631");
    const again = await scanIntoCatalog(catalog, fx.root);
    assert.deepEqual(again.updated, [fx.lineB]);
    assert.deepEqual([...again.unchanged].sort(), [fx.lineA, fx.outsideStore, fx.prospect].sort());
    assert.equal(catalog.dataset(fx.ids.lineB)?.crs?.epsg, 32631);
    assert.equal(catalog.dataset(fx.ids.lineB)?.notes, "Strong multiples near the Utsira High");
    assert.equal(catalog.search("multiples")[0]?.id, fx.ids.lineB);
  });

  it("a second process's view (a read-only open) sees the same catalog", () => {
    const reader = Catalog.open(file, { readonly: true });
    try {
      assert.equal(reader.countDatasets(), catalog.countDatasets());
      assert.equal(reader.search("salt dome")[0]?.id, fx.ids.prospect);
    } finally {
      reader.close();
    }
  });

  it("prune removes what is gone from the scanned directories, and nothing outside them", async () => {
    await fs.rm(fx.prospect, { recursive: true });
    const pruned = await scanIntoCatalog(catalog, fx.root, { prune: true });
    assert.deepEqual(pruned.removed, [fx.prospect]);
    assert.equal(catalog.dataset(fx.ids.prospect), undefined);
    assert.deepEqual(catalog.search("salt dome"), []);
    assert.deepEqual(catalog.headerSummary(fx.ids.prospect), {});
    assert.deepEqual(catalog.datasets({ area: { minX: 399000, minY: 6.4e6, maxX: 401000, maxY: 6.6e6 } }), [], "its area index entry is gone too");
    assert.ok(catalog.dataset(fx.ids.outside) !== undefined, "the store outside the root stays");
    assert.equal(catalog.countDatasets(), 3);
  });
});
