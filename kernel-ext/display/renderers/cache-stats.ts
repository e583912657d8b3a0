/**
 * Renderer of a gather navigator's cache statistics (`CacheStats`: entries, bytes against the budget, hit rate,
 * evictions, prefetch), recognised by `entries`, `bytes`, `budgetBytes` and `hitRate`.
 *
 * @module
 */
import { formatBytes, isRecord, renderFields } from "../html";
import type { Rendered, Renderer } from "../registry";

function isCacheStats(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.entries === "number" && typeof value.bytes === "number" && typeof value.budgetBytes === "number" && typeof value.hitRate === "number";
}

/**
 * Renders cache statistics.
 *
 * @example
 * ```ts
 * display(navigator.stats());
 * ```
 */
export const cacheStatsRenderer: Renderer = {
  name: "cache-stats",
  accepts: isCacheStats,
  render(value): Rendered {
    const s = value as Record<string, number | unknown>;
    const pct = (x: unknown): string => (typeof x === "number" ? `${Math.round(x * 1000) / 10} %` : "—");
    const prefetch = isRecord(s.prefetch) ? s.prefetch : undefined;
    return renderFields("Gather cache", [
      ["gathers held", s.entries],
      ["memory", `${formatBytes(Number(s.bytes))} of ${formatBytes(Number(s.budgetBytes))} (${String(s.budgetKind ?? "fixed")} budget, ${pct(Number(s.bytes) / Number(s.budgetBytes))})`],
      ["hit rate", `${pct(s.hitRate)} (${String(s.hits ?? 0)} hits, ${String(s.misses ?? 0)} misses, ${String(s.joined ?? 0)} joined a prefetch)`],
      ["evictions", `${String(s.evictions ?? 0)}${typeof s.wastedPrefetches === "number" ? ` (${s.wastedPrefetches} prefetched but never used)` : ""}`],
      ["pinned", Array.isArray(s.pinned) ? s.pinned.join(", ") || "none" : undefined],
      ["prefetch", prefetch === undefined ? undefined : prefetch],
      ["suspended", typeof s.suspended === "boolean" ? (s.suspended ? "yes" : "no") : undefined],
    ]);
  },
};
