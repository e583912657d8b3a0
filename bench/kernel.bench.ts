/**
 * Kernel benchmarks: time from launching the SeisProc kernel (Debian's jupyter_client, as Jupyter does) to the
 * first cell's result, against tslab 1.0.22 alone as the peer; the same without the start-up snapshot (code cache
 * only); and to the result of a first cell that imports `seisproc` (type-checked against this package's
 * declarations, then loaded). Each figure is the median of 3 starts. The snapshot and code cache live in the
 * benchmark's own cache directory and are built before timing.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { buildSnapshot } from "../kernel-ext/kernel/snapshot";
import { installKernelSpec } from "../kernel-ext/kernelspec";
import { loadNote } from "./lib/store-data";
import { median, round, type BenchContext, type Benchmark } from "./lib/result";

const PYTHON = "/usr/bin/python3";
const RUNS = 3;

interface Startup {
  ready_ms: number;
  first_result_ms: number;
  cells_ms: number[];
}

async function jupyterPath(context: BenchContext): Promise<string> {
  const dir = path.join(context.dataDir, "kernel-bench", "jupyter");
  await installKernelSpec({ kind: "jupyter-path", path: dir });
  const peer = path.join(dir, "kernels", "tslab-peer");
  mkdirSync(peer, { recursive: true });
  const tslab = path.resolve(__dirname, "..", "..", "node_modules", "tslab", "bin", "tslab");
  writeFileSync(path.join(peer, "kernel.json"), JSON.stringify({ argv: [process.execPath, tslab, "kernel", "--config-path", "{connection_file}"], display_name: "tslab (peer)", language: "typescript" }));
  return dir;
}

function cacheHome(context: BenchContext): string {
  return path.join(context.dataDir, "kernel-bench", "cache");
}

function start(context: BenchContext, jupyter: string, kernel: string, cells: string[], snapshot: boolean): Startup {
  const script = path.resolve(__dirname, "..", "..", "tests", "kernel", "kernel_startup.py");
  const cwd = path.join(context.dataDir, "kernel-bench", "notebook");
  mkdirSync(cwd, { recursive: true });
  const env = { ...process.env, JUPYTER_PATH: jupyter, XDG_CACHE_HOME: cacheHome(context), SEISPROC_KERNEL_SNAPSHOT: snapshot ? "1" : "0" };
  const out = execFileSync(PYTHON, [script, kernel, cwd, ...cells], { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Startup;
}

function medianOf(context: BenchContext, jupyter: string, kernel: string, cells: string[], snapshot: boolean, pick: (s: Startup) => number): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = start(context, jupyter, kernel, cells, snapshot);
    context.log(`${kernel}${kernel === "seisproc" && !snapshot ? " (no snapshot)" : ""}: ready ${s.ready_ms} ms, first result ${s.first_result_ms} ms, cells ${s.cells_ms.join(", ")} ms`);
    times.push(pick(s));
  }
  return median(times);
}

const kernelStart: Benchmark = {
  name: "kernel-start",
  description: "SeisProc kernel launch to the first cell's result (1 + 1), jupyter_client, median of 3, vs tslab 1.0.22 alone",
  async run(context) {
    const load = loadNote();
    const jupyter = await jupyterPath(context);
    const t0 = performance.now();
    const blob = buildSnapshot({ cacheDir: path.join(cacheHome(context), "seisproc", "kernel"), force: true, log: context.log });
    const buildMs = performance.now() - t0;
    if (blob === undefined) throw new Error("the start-up snapshot could not be built");
    start(context, jupyter, "seisproc", ["1 + 1"], false); // writes the code cache
    const ours = medianOf(context, jupyter, "seisproc", ["1 + 1"], true, (s) => s.first_result_ms);
    const peer = medianOf(context, jupyter, "tslab-peer", ["1 + 1"], false, (s) => s.first_result_ms);
    const noSnapshot = medianOf(context, jupyter, "seisproc", ["1 + 1"], false, (s) => s.first_result_ms);
    const importCell = 'import { LazySeismicData } from "seisproc";\ntypeof LazySeismicData';
    const withImport = medianOf(context, jupyter, "seisproc", [importCell], true, (s) => s.first_result_ms);
    const withImportNoSnapshot = medianOf(context, jupyter, "seisproc", [importCell], false, (s) => s.first_result_ms);
    return [
      {
        bench: "kernel-start-first-result",
        value: round(ours, 0),
        unit: "ms",
        peer: "tslab 1.0.22 alone (same jupyter_client launch)",
        peer_value: round(peer, 0),
        ratio: round(ours / peer, 2),
        note: `launch (KernelManager.start_kernel) to the execute_result of "1 + 1", median of ${RUNS}, from the start-up snapshot; target < 3000 ms; ${load}`,
      },
      {
        bench: "kernel-start-first-result-no-snapshot",
        value: round(noSnapshot, 0),
        unit: "ms",
        peer: "tslab 1.0.22 alone",
        peer_value: round(peer, 0),
        ratio: round(noSnapshot / peer, 2),
        note: `as kernel-start-first-result with SEISPROC_KERNEL_SNAPSHOT=0 (V8 code cache of the compiler only): the first start after an upgrade, until the background build is done; ${load}`,
      },
      {
        bench: "kernel-start-first-result-import",
        value: round(withImport, 0),
        unit: "ms",
        peer: "the same without the snapshot",
        peer_value: round(withImportNoSnapshot, 0),
        ratio: round(withImport / withImportNoSnapshot, 2),
        note: `launch to the result of a first cell importing from "seisproc" (type-checked against dist/src/index.d.ts, then the engine loaded), median of ${RUNS}; ${load}`,
      },
      {
        bench: "kernel-snapshot-build",
        value: round(buildMs, 0),
        unit: "ms",
        note: `node --build-snapshot of the start-up snapshot (done once per installation by seisproc kernel install, or in the background); ${load}`,
      },
    ];
  },
};

/** The kernel benchmarks. */
export const benchmarks: Benchmark[] = [kernelStart];
