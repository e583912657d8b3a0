/**
 * The snapshot's parsed declaration files are used only while the files on disk still hold what was parsed:
 * `tsc` rewriting `dist` with the same output keeps them, any change in content drops them.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { statSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { preparsedFiles } from "../../kernel-ext/kernel/snapshot";
import type { SnapshotState } from "../../kernel-ext/kernel/snapshot-types";
import { tempDir } from "../helpers/paths";

function stateFor(fileName: string, text: string): { state: SnapshotState; sourceFile: object } {
  writeFileSync(fileName, text);
  const stat = statSync(fileName);
  const sourceFile = { fileName, version: createHash("sha256").update(text).digest("hex") };
  return { state: { key: "test", ts: {}, compilerOptions: {}, files: [{ fileName, size: stat.size, mtimeMs: stat.mtimeMs, sourceFile }] } as unknown as SnapshotState, sourceFile };
}

describe("the start-up snapshot's declaration files", () => {
  it("keeps a file whose mtime moved but whose content did not (a dist rebuilt by tsc)", () => {
    const file = path.join(tempDir(), "a.d.ts");
    const { state, sourceFile } = stateFor(file, "export declare const a: number;\n");
    writeFileSync(file, "export declare const a: number;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const files = preparsedFiles(state);
    assert.equal(files.get(file), sourceFile);
    assert.equal(files.stale(), 0);
  });

  it("drops a file whose content changed, even at the same size", () => {
    const file = path.join(tempDir(), "b.d.ts");
    const { state } = stateFor(file, "export declare const a: number;\n");
    writeFileSync(file, "export declare const b: number;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const files = preparsedFiles(state);
    assert.equal(files.get(file), undefined);
    assert.equal(files.stale(), 1);
    assert.equal(files.get("/not/in/the/snapshot.d.ts"), undefined);
    assert.equal(files.stale(), 1, "files the snapshot never had are not stale");
  });
});
