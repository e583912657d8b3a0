import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** Debian's python3 (the one with python3-segyio), not the pyenv one first on PATH. */
export const PEER_PYTHON = "/usr/bin/python3";

/** Runs a peer script from bench/peers with arguments; returns its JSON output. */
export function runPythonPeer<T>(script: string, args: string[]): T {
  const file = path.resolve(__dirname, "..", "..", "..", "bench", "peers", script);
  const out = execFileSync(PEER_PYTHON, [file, ...args], { encoding: "utf8", maxBuffer: 1 << 20, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as T;
}
