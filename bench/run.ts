/**
 * `npm run bench [-- NAME ...]`: runs the benchmarks (all, or those named) and prints one JSON object per line
 * on stdout. Progress goes to stderr. Data files are generated once into `.bench-data/` and reused.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import type { BenchContext, Benchmark } from "./lib/result";
import { segyBenchmarks } from "./segy";
import { storeBenchmarks } from "./store";

/** Benchmarks of later parts live in `bench/*.bench.ts`, each exporting `benchmarks`. */
function discovered(): Benchmark[] {
  return readdirSync(__dirname)
    .filter((name) => name.endsWith(".bench.js"))
    .sort()
    .flatMap((name) => (require(path.join(__dirname, name)) as { benchmarks: Benchmark[] }).benchmarks);
}

const ALL: Benchmark[] = [...segyBenchmarks, ...storeBenchmarks, ...discovered()];

/** Runs one benchmark in this process (the parent starts one child per benchmark, so memory is measured alone). */
async function runOne(name: string, context: BenchContext): Promise<void> {
  const bench = ALL.find((b) => b.name === name);
  if (bench === undefined) throw new Error(`unknown benchmark ${name}`);
  context.log(`${bench.name}: ${bench.description}`);
  for (const result of await bench.run(context)) process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(args: string[]): Promise<number> {
  const dataDir = process.env.SEISPROC_BENCH_DIR ?? path.resolve(__dirname, "..", "..", ".bench-data");
  mkdirSync(dataDir, { recursive: true });
  const context: BenchContext = { dataDir, log: (m) => process.stderr.write(`bench: ${m}\n`) };
  if (args[0] === "--child") {
    await runOne(args[1], context);
    return 0;
  }
  const names = args;
  const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}; known: ${ALL.map((b) => b.name).join(", ")}\n`);
    return 2;
  }
  let failed = 0;
  for (const bench of ALL.filter((b) => names.length === 0 || names.includes(b.name))) {
    const child = spawnSync(process.execPath, [__filename, "--child", bench.name], { stdio: "inherit", env: process.env });
    if (child.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
