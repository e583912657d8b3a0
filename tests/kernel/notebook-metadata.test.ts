/** Session state under metadata.seisproc of a real .ipynb: atomic, everything else untouched, bad input refused. */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { NotebookMetadataError } from "../../kernel-ext/errors";
import { resolveNotebookPath } from "../../kernel-ext/kernel/notebook-path";
import { restoreFromNotebook, saveToNotebook } from "../../kernel-ext/notebook-metadata";
import { tempDir } from "../helpers/paths";

const NOTEBOOK = {
  cells: [{ cell_type: "code", execution_count: 1, id: "c1", metadata: { tags: ["x"] }, outputs: [{ output_type: "stream", name: "stdout", text: ["hi\n"] }], source: ["1 + 1"] }],
  metadata: { kernelspec: { display_name: "SeisProc (TypeScript)", language: "typescript", name: "seisproc" }, language_info: { name: "typescript" }, widgets: { "application/vnd.jupyter.widget-state+json": { state: {}, version_major: 2, version_minor: 0 } } },
  nbformat: 4,
  nbformat_minor: 5,
};

describe("session state in notebook metadata", () => {
  it("saves under metadata.seisproc, keeps everything else, and restores it", async () => {
    const dir = tempDir();
    const file = path.join(dir, "survey.ipynb");
    writeFileSync(file, `${JSON.stringify(NOTEBOOK, null, 1)}\n`);
    assert.equal(await restoreFromNotebook(file), undefined);
    await saveToNotebook(file, { activeDatasetId: "abc", gather: 1001, viewport: { gain: 2 } });
    const written = JSON.parse(readFileSync(file, "utf8")) as typeof NOTEBOOK & { metadata: Record<string, unknown> };
    assert.deepEqual(written.cells, NOTEBOOK.cells);
    assert.deepEqual(written.metadata.kernelspec, NOTEBOOK.metadata.kernelspec);
    assert.deepEqual(written.metadata.widgets, NOTEBOOK.metadata.widgets);
    assert.deepEqual(Object.keys(written.metadata), ["kernelspec", "language_info", "seisproc", "widgets"]);
    assert.deepEqual(await restoreFromNotebook(file), { activeDatasetId: "abc", gather: 1001, viewport: { gain: 2 } });
    await saveToNotebook(file, { gather: 1002 });
    assert.deepEqual(await restoreFromNotebook(file), { gather: 1002 });
    assert.deepEqual(readdirSync(dir), ["survey.ipynb"]);
  });

  it("refuses a missing file, a non-notebook and a state with no JSON form, leaving the file untouched", async () => {
    const dir = tempDir();
    const notNotebook = path.join(dir, "x.ipynb");
    writeFileSync(notNotebook, '{"hello": 1}');
    await assert.rejects(saveToNotebook(path.join(dir, "missing.ipynb"), {}), NotebookMetadataError);
    await assert.rejects(saveToNotebook(notNotebook, {}), /no "cells" list/);
    const file = path.join(dir, "ok.ipynb");
    const original = JSON.stringify(NOTEBOOK);
    writeFileSync(file, original);
    await assert.rejects(saveToNotebook(file, { n: 1n }), NotebookMetadataError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(saveToNotebook(file, cyclic), NotebookMetadataError);
    assert.equal(readFileSync(file, "utf8"), original);
    assert.deepEqual(readdirSync(dir).sort(), ["ok.ipynb", "x.ipynb"]);
  });

  it("learns the notebook path from SEISPROC_NOTEBOOK or jupyter-server's JPY_SESSION_NAME", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "line1.ipynb"), "{}");
    assert.equal(resolveNotebookPath({ JPY_SESSION_NAME: "surveys/line1.ipynb" }, dir), path.join(dir, "line1.ipynb"));
    assert.equal(resolveNotebookPath({ JPY_SESSION_NAME: "surveys/missing.ipynb" }, dir), undefined);
    assert.equal(resolveNotebookPath({ JPY_SESSION_NAME: "console-1" }, dir), undefined);
    assert.equal(resolveNotebookPath({ SEISPROC_NOTEBOOK: "other.ipynb", JPY_SESSION_NAME: "line1.ipynb" }, dir), path.join(dir, "other.ipynb"));
    assert.equal(resolveNotebookPath({}, dir), undefined);
  });
});
