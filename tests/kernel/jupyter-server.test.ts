/**
 * With Debian's jupyter-server (as JupyterLab and Notebook 7 run kernels), the kernel learns which notebook it
 * runs (JPY_SESSION_NAME) and its session state round-trips through that notebook's metadata.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { repoRoot, tempDir } from "../helpers/paths";
import { jupyterEnv, PYTHON } from "./kernel-driver";

describe("SeisProc kernel under jupyter-server", function () {
  this.timeout(240_000);

  it("knows its notebook's path from the session and saves and restores state in its metadata", async () => {
    const root = tempDir("seisproc-server-");
    mkdirSync(path.join(root, "surveys"));
    const notebook = path.join(root, "surveys", "line1.ipynb");
    writeFileSync(notebook, JSON.stringify({ cells: [], metadata: { kernelspec: { name: "seisproc", display_name: "SeisProc (TypeScript)", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 }));
    const cells = [
      `import { currentNotebookPath, saveToNotebook, restoreFromCurrentNotebook } from "seisproc/kernel";\nconsole.log(currentNotebookPath());`,
      `await saveToNotebook(currentNotebookPath()!, { gather: 1001 });\nconsole.log(JSON.stringify(await restoreFromCurrentNotebook()));`,
    ];
    const out = execFileSync(PYTHON, [path.join(repoRoot, "tests", "kernel", "server_session.py"), root, "surveys/line1.ipynb", ...cells], { encoding: "utf8", env: await jupyterEnv() });
    const { outputs } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { outputs: string[] };
    assert.deepEqual(outputs, [`${notebook}\n`, '{"gather":1001}\n']);
    assert.deepEqual((JSON.parse(readFileSync(notebook, "utf8")) as { metadata: Record<string, unknown> }).metadata.seisproc, { gather: 1001 });
  });
});
