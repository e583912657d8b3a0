import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as seisproc from "../../src";
import { repoRoot } from "../helpers/paths";

const SNAPSHOT = path.join(repoRoot, "tests", "package", "public-api.snapshot.json");

describe("the package's public API", () => {
  it("exports exactly the names in public-api.snapshot.json (a rename or removal is a decision: update the snapshot with SEISPROC_UPDATE_API=1)", () => {
    const names = Object.keys(seisproc).sort();
    if (process.env.SEISPROC_UPDATE_API === "1") writeFileSync(SNAPSHOT, `${JSON.stringify(names, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as string[];
    assert.deepEqual(names, expected);
  });

  it("keeps the seed's class names", () => {
    for (const name of ["SegyReader", "SegyWriter", "LazySeismicData", "FileSystemStore", "MemoryStore", "HeaderMap"]) {
      assert.equal(typeof (seisproc as Record<string, unknown>)[name], "function", name);
    }
  });
});
