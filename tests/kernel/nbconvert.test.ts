/**
 * `jupyter nbconvert --to notebook --execute` (Debian's nbconvert 6.5 / nbclient 0.7, no --allow-errors) runs
 * notebooks/00-kernel-check.ipynb in the SeisProc kernel from a directory outside the repository, and nbclient
 * stores the widget's state, binary buffer included, in the executed notebook's `metadata.widgets`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { repoRoot, tempDir } from "../helpers/paths";
import { jupyterEnv } from "./kernel-driver";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

function joined(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join("") : (value ?? "");
}

describe("jupyter nbconvert --execute with the SeisProc kernel", function () {
  this.timeout(240_000);

  it("executes notebooks/00-kernel-check.ipynb without errors and records the widget state in metadata.widgets", async () => {
    const dir = tempDir("seisproc-nbconvert-");
    copyFileSync(path.join(repoRoot, "notebooks", "00-kernel-check.ipynb"), path.join(dir, "check.ipynb"));
    const run = spawnSync("/usr/bin/jupyter", ["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=180", "--output", "executed.ipynb", "check.ipynb"], {
      cwd: dir,
      env: await jupyterEnv(),
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const nb = JSON.parse(readFileSync(path.join(dir, "executed.ipynb"), "utf8")) as { cells: { outputs?: Output[] }[]; metadata: Record<string, any> };
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    assert.deepEqual(outputs.filter((o) => o.output_type === "error"), []);
    const stdout = outputs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => joined(o.text)).join("");
    assert.match(stdout, /^kernel: true node: v\d+\.\d+\.\d+ buffer: ok\n/);
    const modelId = /widget model ([0-9a-f]{32})/.exec(stdout)?.[1];
    assert.ok(modelId !== undefined, stdout);

    const widgets = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"];
    const model = widgets.state[modelId];
    assert.equal(model.model_name, "KernelCheckModel");
    assert.equal(model.model_module, "seisproc");
    assert.equal(model.state.label, "updated from the kernel");
    assert.equal(model.state.clicks, 0);
    assert.deepEqual(model.buffers, [{ data: Buffer.from(new Float32Array([0, 0.5, 1]).buffer).toString("base64"), encoding: "base64", path: ["samples"] }]);

    const rich = outputs.filter((o) => o.data?.["text/html"] !== undefined).map((o) => joined(o.data?.["text/plain"]));
    assert.ok(rich.some((t) => /^Importing shots\.sgy: imported/.test(t)), rich.join("\n"));
    assert.ok(rich.some((t) => /^Dataset shots \(/.test(t)));
    assert.ok(rich.some((t) => /^Gather \d+ \(#0\): 24 traces × 100 samples/.test(t)));
  });
});
