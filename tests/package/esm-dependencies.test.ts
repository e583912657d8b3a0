import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { importEsm } from "../../src/core/util/esm";
import { repoRoot } from "../helpers/paths";

describe("ES-module-only dependencies from the CommonJS package", () => {
  it("require('zarrita') fails on its own (only an import condition), which is why importEsm exists", () => {
    assert.throws(() => execFileSync(process.execPath, ["-e", "require('zarrita')"], { cwd: repoRoot, stdio: "pipe" }));
  });

  it("importEsm loads zarrita and its store API works", async () => {
    const zarr = await importEsm<{ root: (store: unknown) => unknown; create: unknown }>("zarrita");
    assert.equal(typeof zarr.root, "function");
    assert.equal(typeof zarr.create, "function");
  });

  it("the package loads with a plain require() from another process, as tslab does", () => {
    const out = execFileSync(process.execPath, ["-e", "const s = require(process.argv[1]); console.log(typeof s.SegyReader)", repoRoot], { encoding: "utf8" });
    assert.equal(out.trim(), "function");
  });
});
