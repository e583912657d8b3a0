/**
 * The SEG-Y / SU conformance corpus (../shared/conformance): every data file beside its `.expected.json`, with
 * the facts the store tests use (see ../shared/conformance/segyio/README.md for the JSON layout).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { conformanceDir } from "./paths";

/** The parts of an `.expected.json` file the store tests read. */
export interface ConformanceExpected {
  expected_outcome: string;
  container: "SEG-Y" | "SU";
  endianness: "big" | "little";
  layout: { additional_trace_headers: number };
  traces: {
    count: number;
    samples_per_trace: number;
    sample_interval_us?: number | null;
    /** Absent when there are no traces. */
    first_sample_time_ms?: number | null;
  };
  /** Absent when the file has no decodable traces. */
  data?: { dtype: string; sha256_float32le: string };
}

/** One data file of the corpus. */
export interface ConformanceFile {
  /** Absolute path of the data file. */
  file: string;
  /** Path relative to the corpus, e.g. `"segyio/multiformats/Format1msb.sgy"`. */
  relative: string;
  su: boolean;
  expected: ConformanceExpected;
}

/** Outcomes of files a reader must open: with traces, or with none (`text.sgy`). */
export const READABLE_OUTCOMES: readonly string[] = ["readable", "readable, zero traces"];

/** Every corpus file whose expected outcome is one of `outcomes`, sorted by relative path. */
export function conformanceFiles(outcomes: readonly string[] = READABLE_OUTCOMES): ConformanceFile[] {
  const root = conformanceDir();
  const out: ConformanceFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".expected.json")) {
        const expected = JSON.parse(readFileSync(full, "utf8")) as ConformanceExpected;
        if (!outcomes.includes(expected.expected_outcome)) continue;
        const file = full.slice(0, -".expected.json".length);
        out.push({ file, relative: path.relative(root, file), su: expected.container === "SU", expected });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.relative.localeCompare(b.relative));
}
