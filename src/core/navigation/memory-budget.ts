/**
 * How many bytes the gather cache may hold: a fixed number from settings, or a share of the memory actually
 * available to the process — free memory (`MemAvailable`), lowered by a container's cgroup limit (v2 or v1) —
 * that is re-evaluated while the program runs, so that the cache shrinks when memory gets scarce.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { freemem, totalmem } from "node:os";
import { ValidationError } from "../errors";

/** What a {@link MemoryProbe} sees. */
export interface MemorySnapshot {
  /** Bytes the process could still use: the smaller of free system memory and room left under a cgroup limit. */
  availableBytes: number;
  /** The bound that applies: a cgroup limit when there is one, else total system memory. */
  limitBytes: number;
  /** Where the figures come from, for messages: `"system"`, `"cgroup v2"` or `"cgroup v1"`. */
  source: string;
}

/** Looks at the memory available to the process. */
export type MemoryProbe = () => MemorySnapshot;

/**
 * The cache budget: `fixed` bytes, or `adaptive`: `fraction` of what the process could use (available memory
 * plus what the cache already holds), kept between `minBytes` and `maxBytes`.
 */
export type CacheBudget = { kind: "fixed"; bytes: number } | { kind: "adaptive"; fraction?: number; minBytes?: number; maxBytes?: number };

/** A {@link CacheBudget} with every field filled in. */
export type NormalizedBudget = { kind: "fixed"; bytes: number } | { kind: "adaptive"; fraction: number; minBytes: number; maxBytes: number };

/** The defaults of an adaptive budget: a quarter of available memory, between 64 MB and 4 GB. */
export const ADAPTIVE_DEFAULTS = { fraction: 0.25, minBytes: 64 * 2 ** 20, maxBytes: 4 * 2 ** 30 } as const;

const CGROUP2 = "/sys/fs/cgroup";
const CGROUP1 = "/sys/fs/cgroup/memory";

function readNumber(file: string): number | undefined {
  try {
    const text = readFileSync(file, "utf8").trim();
    if (text === "max") return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function readStat(file: string, field: string): number {
  try {
    const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith(`${field} `));
    return line === undefined ? 0 : Number(line.split(" ")[1]) || 0;
  } catch {
    return 0;
  }
}

/** A cgroup limit and the memory charged to it (minus reclaimable page cache), when the process runs under one. */
function cgroupMemory(): { limit: number; used: number; version: string } | undefined {
  const v2Limit = readNumber(`${CGROUP2}/memory.max`);
  if (v2Limit !== undefined) {
    const used = (readNumber(`${CGROUP2}/memory.current`) ?? 0) - readStat(`${CGROUP2}/memory.stat`, "inactive_file");
    return { limit: v2Limit, used: Math.max(0, used), version: "cgroup v2" };
  }
  const v1Limit = readNumber(`${CGROUP1}/memory.limit_in_bytes`);
  // cgroup v1 reports "no limit" as a huge number (close to 2^63).
  if (v1Limit !== undefined && v1Limit < 2 ** 60) {
    const used = (readNumber(`${CGROUP1}/memory.usage_in_bytes`) ?? 0) - readStat(`${CGROUP1}/memory.stat`, "total_inactive_file");
    return { limit: v1Limit, used: Math.max(0, used), version: "cgroup v1" };
  }
  return undefined;
}

/**
 * The memory available to this process: free system memory, lowered by a container's cgroup limit when there
 * is one (page cache the kernel can reclaim counts as free).
 *
 * @example
 * ```ts
 * const { availableBytes, source } = systemMemoryProbe();
 * ```
 */
export function systemMemoryProbe(): MemorySnapshot {
  const free = freemem();
  const cgroup = cgroupMemory();
  if (cgroup === undefined || cgroup.limit >= totalmem()) return { availableBytes: free, limitBytes: totalmem(), source: "system" };
  return { availableBytes: Math.max(0, Math.min(free, cgroup.limit - cgroup.used)), limitBytes: cgroup.limit, source: cgroup.version };
}

/**
 * Checks a budget and fills in the adaptive defaults; throws a ValidationError naming the bad field.
 *
 * @example
 * ```ts
 * normalizeBudget({ kind: "adaptive" }); // { kind: "adaptive", fraction: 0.25, minBytes: 67108864, maxBytes: 4294967296 }
 * normalizeBudget(512e6); // { kind: "fixed", bytes: 512000000 }
 * ```
 */
export function normalizeBudget(budget: CacheBudget | number): NormalizedBudget {
  const whole = (key: string, n: unknown): number => {
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) throw new ValidationError(key, `must be a number of bytes >= 0, got ${String(n)}`);
    return Math.floor(n);
  };
  if (typeof budget === "number") return { kind: "fixed", bytes: whole("budget", budget) };
  if (budget.kind === "fixed") return { kind: "fixed", bytes: whole("budget.bytes", budget.bytes) };
  if (budget.kind !== "adaptive") throw new ValidationError("budget.kind", `must be "fixed" or "adaptive", got ${JSON.stringify((budget as { kind: unknown }).kind)}`);
  const fraction = budget.fraction ?? ADAPTIVE_DEFAULTS.fraction;
  if (!(fraction > 0 && fraction <= 1)) throw new ValidationError("budget.fraction", `must be in (0, 1], got ${fraction}`);
  const minBytes = whole("budget.minBytes", budget.minBytes ?? ADAPTIVE_DEFAULTS.minBytes);
  const maxBytes = whole("budget.maxBytes", budget.maxBytes ?? ADAPTIVE_DEFAULTS.maxBytes);
  if (maxBytes < minBytes) throw new ValidationError("budget.maxBytes", `must be >= minBytes (${minBytes}), got ${maxBytes}`);
  return { kind: "adaptive", fraction, minBytes, maxBytes };
}

/**
 * The byte budget now: the fixed figure, or for an adaptive budget `fraction × (available + heldBytes)` clamped
 * to `[minBytes, maxBytes]` (bytes the cache already holds count as available to it). Under memory pressure
 * (less available than `minBytes`) the floor is dropped, so that the cache gives memory back.
 *
 * @example
 * ```ts
 * budgetBytes({ kind: "adaptive", fraction: 0.5 }, 100e6, () => ({ availableBytes: 900e6, limitBytes: 8e9, source: "system" })); // 500e6
 * ```
 */
export function budgetBytes(budget: CacheBudget | number, heldBytes: number, probe: MemoryProbe = systemMemoryProbe): number {
  const b = normalizeBudget(budget);
  if (b.kind === "fixed") return b.bytes;
  const { availableBytes } = probe();
  const share = Math.floor(b.fraction * (availableBytes + heldBytes));
  // Under pressure (less available than the floor) the floor does not hold: the cache gives memory back.
  if (availableBytes < b.minBytes) return Math.min(b.maxBytes, share);
  return Math.min(b.maxBytes, Math.max(b.minBytes, share));
}
