/**
 * Sizing a synthetic survey to a target SEG-Y file size, from kilobytes to many gigabytes.
 *
 * @module
 */
import { resolveSurveySpec, type SurveyKind, type SurveySpec, type SurveySpecInput } from "./survey-spec";

/**
 * Overrides accepted by {@link specForTargetBytes} for a kind: a spec input without `kind`.
 *
 * @example
 * ```ts
 * const overrides: TargetOverrides<"shots-3d"> = { receiverLines: 8, seed: 3 };
 * ```
 */
export type TargetOverrides<K extends SurveyKind> = Omit<Extract<SurveySpecInput, { kind?: K }>, "kind">;

/** A count and whether the caller fixed it. */
interface Count {
  value: number;
  fixed: boolean;
}

/** Picks a × b ≈ n (both ≥ 1) with a / b near aHint / bHint, preferring the smallest |a·b − n|. */
function pickGrid(n: number, aHint: number, bHint: number): [number, number] {
  const ideal = Math.sqrt((n * aHint) / bHint);
  const hi = Math.min(n, Math.max(1, Math.ceil(ideal * 1.5)));
  const lo = Math.min(hi, Math.max(1, Math.floor(ideal / 1.5)));
  let best: [number, number] = [1, n];
  let bestError = Infinity;
  let bestSkew = Infinity;
  for (let a = lo; a <= hi; a++) {
    const b = Math.max(1, Math.round(n / a));
    const error = Math.abs(a * b - n);
    const skew = Math.abs(Math.log(a / ideal));
    if (error < bestError || (error === bestError && skew < bestSkew)) {
      best = [a, b];
      bestError = error;
      bestSkew = skew;
    }
  }
  return best;
}

/**
 * a × b ≈ n, keeping whichever of the two the caller fixed, else keeping their ratio; both fixed: kept as they
 * are when `keepBoth`, else only their ratio is kept.
 */
function fitPair(n: number, a: Count, b: Count, keepBoth = false): [number, number] {
  if (keepBoth && a.fixed && b.fixed) return [a.value, b.value];
  if (a.fixed && !b.fixed) return [a.value, Math.max(1, Math.round(n / a.value))];
  if (b.fixed && !a.fixed) return [Math.max(1, Math.round(n / b.value)), b.value];
  return pickGrid(n, a.value, b.value);
}

/**
 * A spec whose SEG-Y file (3600 + traces × (240 + 4 × samples) bytes) is as close as the geometry allows to
 * `targetBytes`. Samples, interval and every other field come from `overrides` or the defaults; the counts are
 * chosen as follows, keeping any count given in `overrides` where the target can still be met:
 *
 * - `shots-2d`: `shots`, then `channels` fine-tuned (unless given); below one gather, 1 shot of fewer channels.
 * - `shots-3d`: `sourceLines` × `shotsPerLine` in the ratio of the given or default values, then the patch
 *   (`receiverLines` × `channelsPerLine`, those not given) fine-tuned; below one shot, 1 shot with a smaller patch.
 * - `poststack-3d`: `inlines` × `crosslines` in the ratio of the given or default values (or one given, the
 *   other fitted).
 *
 * The result is within a fraction of a percent for files of more than a few hundred traces, and never smaller
 * than one trace.
 *
 * @throws RangeError if `targetBytes` is not a positive finite number or the result is not a valid spec.
 * @example
 * ```ts
 * const spec = specForTargetBytes("shots-2d", 300e6, { samples: 1500 });
 * surveyByteSize(spec); // ≈ 300 000 000
 * specForTargetBytes("poststack-3d", 2 * 1024 ** 3, { crosslines: 800 }); // 800 crosslines, inlines fitted
 * ```
 */
export function specForTargetBytes<K extends SurveyKind>(
  kind: K,
  targetBytes: number,
  overrides: TargetOverrides<K> = {} as TargetOverrides<K>,
): Extract<SurveySpec, { kind: K }> {
  if (!Number.isFinite(targetBytes) || targetBytes <= 0) {
    throw new RangeError(`specForTargetBytes: targetBytes must be a positive finite number, got ${targetBytes}`);
  }
  const given = overrides as Partial<Record<string, unknown>>;
  const fixed = (key: string): boolean => given[key] !== undefined;
  const base = resolveSurveySpec({ ...overrides, kind } as SurveySpecInput);
  const traces = Math.max(1, Math.round((targetBytes - 3600) / (240 + 4 * base.samples)));
  let counts: Record<string, number>;
  switch (base.kind) {
    case "shots-2d": {
      if (traces < base.channels) {
        counts = { shots: 1, channels: traces };
        break;
      }
      const shots = Math.max(1, Math.round(traces / base.channels));
      const channels = fixed("channels") ? base.channels : Math.min(32767, Math.round(traces / shots));
      counts = { shots, channels };
      break;
    }
    case "shots-3d": {
      const r = { value: base.receiverLines, fixed: fixed("receiverLines") };
      const c = { value: base.channelsPerLine, fixed: fixed("channelsPerLine") };
      if (traces < r.value * c.value) {
        const [receiverLines, channelsPerLine] = fitPair(traces, r, c, true);
        counts = { sourceLines: 1, shotsPerLine: 1, receiverLines, channelsPerLine };
        break;
      }
      const [sourceLines, shotsPerLine] = fitPair(
        Math.max(1, Math.round(traces / (r.value * c.value))),
        { value: base.sourceLines, fixed: fixed("sourceLines") },
        { value: base.shotsPerLine, fixed: fixed("shotsPerLine") },
      );
      const [receiverLines, channelsPerLine] = fitPair(Math.round(traces / (sourceLines * shotsPerLine)), r, c, true);
      counts = { sourceLines, shotsPerLine, receiverLines, channelsPerLine };
      break;
    }
    case "poststack-3d": {
      const [inlines, crosslines] = fitPair(
        traces,
        { value: base.inlines, fixed: fixed("inlines") },
        { value: base.crosslines, fixed: fixed("crosslines") },
      );
      counts = { inlines, crosslines };
      break;
    }
  }
  return resolveSurveySpec({ ...base, ...counts } as SurveySpecInput) as Extract<SurveySpec, { kind: K }>;
}
