/**
 * `seisproc kernel install`: writes the "SeisProc (TypeScript)" kernelspec where asked, idempotently, and
 * Jupyter (Debian's jupyter_client) finds it through JUPYTER_PATH.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { kernelSpecDirectory, userJupyterDataDir } from "../../kernel-ext/kernelspec";
import { KERNEL_MAIN } from "../../kernel-ext/module-info";
import { repoRoot, tempDir } from "../helpers/paths";

function seisproc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(repoRoot, "bin", "seisproc.js"), ...args], { encoding: "utf8" });
}

describe("seisproc kernel install", () => {
  it("writes kernels/seisproc/kernel.json into a Jupyter path, idempotently, and Jupyter lists it", () => {
    const dir = tempDir();
    const first = seisproc("kernel", "install", "--jupyter-path", dir, "--no-snapshot");
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^installed kernelspec "SeisProc \(TypeScript\)" in /);
    const file = path.join(dir, "kernels", "seisproc", "kernel.json");
    const spec = JSON.parse(readFileSync(file, "utf8")) as { argv: string[]; display_name: string; language: string };
    assert.deepEqual(spec.argv, [process.execPath, KERNEL_MAIN, "--connection-file", "{connection_file}"]);
    assert.equal(spec.display_name, "SeisProc (TypeScript)");
    const mtime = statSync(file).mtimeMs;
    const again = seisproc("kernel", "install", "--jupyter-path", dir, "--json", "--no-snapshot");
    assert.equal(again.status, 0);
    assert.equal((JSON.parse(again.stdout) as { changed: boolean }).changed, false);
    assert.equal(statSync(file).mtimeMs, mtime);
    assert.deepEqual(readdirSync(path.dirname(file)), ["kernel.json"]);
    const listed = spawnSync("/usr/bin/jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: dir } });
    const specs = (JSON.parse(listed.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { display_name: string } }> }).kernelspecs;
    assert.equal(specs.seisproc.spec.display_name, "SeisProc (TypeScript)");
    assert.equal(specs.seisproc.resource_dir, path.dirname(file));
  });

  it("installs under a prefix, and refuses several locations or a missing subcommand with exit 2", () => {
    const prefix = tempDir();
    assert.equal(seisproc("kernel", "install", "--prefix", prefix, "--no-snapshot").status, 0);
    assert.ok(statSync(path.join(prefix, "share", "jupyter", "kernels", "seisproc", "kernel.json")).isFile());
    const both = seisproc("kernel", "install", "--user", "--prefix", prefix);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /choose one of --user, --prefix and --jupyter-path/);
    assert.equal(seisproc("kernel").status, 2);
    assert.match(seisproc("kernel", "--help").stdout, /^usage: seisproc kernel install/);
  });

  it("finds the user's Jupyter data directory as jupyter_core does", () => {
    assert.equal(userJupyterDataDir({ HOME: "/home/me" }, "linux"), "/home/me/.local/share/jupyter");
    assert.equal(userJupyterDataDir({ HOME: "/home/me", XDG_DATA_HOME: "/xdg" }, "linux"), "/xdg/jupyter");
    assert.equal(userJupyterDataDir({ HOME: "/Users/me" }, "darwin"), "/Users/me/Library/Jupyter");
    assert.equal(userJupyterDataDir({ JUPYTER_DATA_DIR: "/data/j", HOME: "/h" }, "linux"), "/data/j");
    assert.equal(kernelSpecDirectory({ kind: "user" }, { HOME: "/home/me" }), path.join(userJupyterDataDir({ HOME: "/home/me" }), "kernels", "seisproc"));
  });
});
