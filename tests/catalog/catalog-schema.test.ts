import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { promises as fs, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import Database from "better-sqlite3";
import { Catalog, CATALOG_MIGRATIONS, CATALOG_SCHEMA_VERSION, CatalogError, migrateCatalog, wordsQuery } from "../../src";
import { tempDir } from "../helpers/paths";

function runChild(file: string, worker: number, count: number): Promise<{ worker: string; migrated: number[]; seen: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "catalog-writer-child.js"), file, String(worker), String(count)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as { worker: string; migrated: number[]; seen: number }) : reject(new Error(`worker ${worker} exited ${code}: ${err}`))));
  });
}

describe("catalog schema: versioned migrations, refusals, and several processes on one file", function () {
  this.timeout(60_000);
  const dir = tempDir("seisproc-catalog-schema-");
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a new catalog gets every migration; opening it again applies none", () => {
    const file = path.join(dir, "new.sqlite");
    const first = Catalog.open(file);
    assert.deepEqual(first.migrated, CATALOG_MIGRATIONS.map((m) => m.version));
    assert.equal(first.schemaVersion, CATALOG_SCHEMA_VERSION);
    first.close();
    const second = Catalog.open(file);
    assert.deepEqual(second.migrated, []);
    second.close();
  });

  it("a version-1 catalog with rows migrates to the current version, and its rows become searchable", () => {
    const file = path.join(dir, "v1.sqlite");
    const db = new Database(file);
    migrateCatalog(db, file, CATALOG_MIGRATIONS.slice(0, 1));
    assert.equal(db.pragma("user_version", { simple: true }), 1);
    db.prepare("INSERT INTO datasets (id, name, location, trace_count, samples_per_trace, created_at, indexed_at, notes) VALUES ('d1', 'Frigg line 7', '/s/d1', 10, 100, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z', 'gas chimney')").run();
    db.prepare("INSERT INTO header_summaries (dataset_id, field, min, max) VALUES ('d1', 'GroupWaterDepth', 90, 110)").run();
    db.close();
    const catalog = Catalog.open(file);
    try {
      assert.deepEqual(catalog.migrated, [2]);
      assert.equal(catalog.dataset("d1")?.name, "Frigg line 7");
      assert.deepEqual(catalog.search("frigg").map((h) => [h.id, h.field]), [["d1", "name"]]);
      assert.deepEqual(catalog.search("chimney").map((h) => [h.id, h.field]), [["d1", "notes"]]);
      assert.deepEqual(catalog.search("GroupWaterDepth").map((h) => [h.id, h.field]), [["d1", "headerFields"]]);
    } finally {
      catalog.close();
    }
  });

  it("a catalog from a newer SeisProc is refused and left untouched", () => {
    const file = path.join(dir, "newer.sqlite");
    Catalog.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    assert.throws(() => Catalog.open(file), (e: unknown) => e instanceof CatalogError && e.problem === "newer-schema" && /upgrade SeisProc/.test(e.message));
    assert.throws(() => Catalog.open(file, { readonly: true }), (e: unknown) => e instanceof CatalogError && e.problem === "newer-schema");
    assert.deepEqual(readFileSync(file), before);
  });

  it("a failing migration is rolled back whole", () => {
    const file = path.join(dir, "failing.sqlite");
    const db = new Database(file);
    const broken = [...CATALOG_MIGRATIONS, { version: CATALOG_SCHEMA_VERSION + 1, description: "broken", up: (d: Database.Database) => d.exec("CREATE TABLE extra (x); SELECT * FROM no_such_table;") }];
    assert.throws(() => migrateCatalog(db, file, broken), (e: unknown) => e instanceof CatalogError && e.problem === "migration" && new RegExp(`version ${CATALOG_SCHEMA_VERSION + 1}`).test(e.message));
    assert.equal(db.pragma("user_version", { simple: true }), 0);
    assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n, 0);
    db.close();
  });

  it("a file that is not SQLite is a CatalogError, and is not changed", () => {
    const file = path.join(dir, "notes.txt");
    writeFileSync(file, "these are not the droids you are looking for\n".repeat(200));
    const before = readFileSync(file);
    assert.throws(() => Catalog.open(file), (e: unknown) => e instanceof CatalogError && e.problem === "open");
    assert.deepEqual(readFileSync(file), before);
    assert.throws(() => Catalog.open(path.join(dir, "missing", "deeper", "c.sqlite")), (e: unknown) => e instanceof CatalogError && e.problem === "open");
    assert.throws(() => Catalog.open(path.join(dir, "absent.sqlite"), { readonly: true }), CatalogError);
  });

  it("typed words become quoted FTS5 strings", () => {
    assert.equal(wordsQuery('salt dome* "north'), '"salt" "dome"* "north"');
    assert.equal(wordsQuery("AND OR -"), '"AND" "OR"');
    assert.equal(wordsQuery(" ** "), null);
  });

  it("six processes create, migrate and write one catalog at once without losing a write", async () => {
    const file = path.join(dir, "shared.sqlite");
    const workers = 6;
    const each = 20;
    const results = await Promise.all(Array.from({ length: workers }, (_, w) => runChild(file, w, each)));
    // Exactly one process migrated the new file; the others found it current.
    assert.equal(results.filter((r) => r.migrated.length > 0).length, 1);
    assert.deepEqual(results.find((r) => r.migrated.length > 0)?.migrated, CATALOG_MIGRATIONS.map((m) => m.version));
    results.forEach((r) => assert.ok(r.seen >= each, `worker ${r.worker} saw its own ${each} writes (saw ${r.seen})`));
    const catalog = Catalog.open(file);
    try {
      assert.equal(catalog.journalMode, "wal");
      assert.equal(catalog.countDatasets(), workers * each);
      assert.equal(catalog.countDatasets({ processing: "agc" }), workers * each);
      assert.equal(catalog.search("concurrent writer", { limit: 1000 }).length, workers * each);
      for (let w = 0; w < workers; w++) assert.equal(catalog.search(`worker${w}`, { limit: 1000 }).length, each);
    } finally {
      catalog.close();
    }
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
    db.close();
    await fs.stat(file);
  });
});
