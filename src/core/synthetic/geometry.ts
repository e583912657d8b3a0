/**
 * Acquisition geometry of a synthetic survey: where trace `i`'s source and receiver are, its offset, its CDP
 * bin, and how local (u, v) metres map to world coordinates. Pure arithmetic on the trace index, so any trace's
 * geometry can be computed without the ones before it.
 *
 * @module
 */
import type { Poststack3DSpec, Shots2DSpec, Shots3DSpec, SurveySpec } from "./survey-spec";

/**
 * Geometry of one trace, filled in place by {@link SurveyGeometry.fill}.
 *
 * @example
 * ```ts
 * const g = emptyTraceGeometry();
 * buildGeometry(resolveSurveySpec({ channels: 48 })).fill(50, g);
 * [g.fieldRecord, g.traceNumber]; // [2, 3]
 * ```
 */
export interface TraceGeometry {
  /** Source u, local metres. */
  sourceU: number;
  /** Source v, local metres. */
  sourceV: number;
  /** Receiver u, local metres. */
  receiverU: number;
  /** Receiver v, local metres. */
  receiverV: number;
  /** Signed offset along the line (2-D), else source–receiver distance (m), unrounded. */
  offset: number;
  /** 0-based inline bin index (along v). */
  inlineIndex: number;
  /** 0-based crossline bin index (along u). */
  crosslineIndex: number;
  /** Original field record (shot) number, 1-based; the inline number for post-stack data. */
  fieldRecord: number;
  /** Trace number within the field record, 1-based. */
  traceNumber: number;
  /** Shot point number (0 for post-stack data). */
  shotPoint: number;
  /** Trace number within the line (2-D line, 3-D source line, post-stack inline), 1-based. */
  sequenceInLine: number;
}

/**
 * The geometry of a whole survey: bin grid, extents and a per-trace {@link TraceGeometry} filler.
 *
 * @example
 * ```ts
 * const geometry = buildGeometry(resolveSurveySpec({ kind: "shots-3d" }));
 * [geometry.inlines, geometry.crosslines, geometry.binU, geometry.binV]; // [28, 88, 12.5, 25]
 * ```
 */
export interface SurveyGeometry {
  /** Bin size along u, the crossline step (m). */
  readonly binU: number;
  /** Bin size along v, the inline step (m). */
  readonly binV: number;
  /** Local u of bin (0, 0)'s centre. */
  readonly uMin: number;
  /** Local v of bin (0, 0)'s centre. */
  readonly vMin: number;
  /** Number of bins along v (inlines). */
  readonly inlines: number;
  /** Number of bins along u (crosslines). */
  readonly crosslines: number;
  /** Bounding box of every source and receiver, local metres. */
  readonly box: { uMin: number; uMax: number; vMin: number; vMax: number };
  /** Fills `g` with trace `index`'s geometry. */
  fill(index: number, g: TraceGeometry): void;
}

/**
 * A fresh, zeroed {@link TraceGeometry}.
 *
 * @example
 * ```ts
 * const g = emptyTraceGeometry();
 * buildGeometry(resolveSurveySpec({})).fill(0, g);
 * ```
 */
export function emptyTraceGeometry(): TraceGeometry {
  return {
    sourceU: 0, sourceV: 0, receiverU: 0, receiverV: 0, offset: 0, inlineIndex: 0, crosslineIndex: 0,
    fieldRecord: 0, traceNumber: 0, shotPoint: 0, sequenceInLine: 0,
  };
}

/**
 * Maps local (u, v) metres to world X and Y with the spec's origin and rotation.
 *
 * @example
 * ```ts
 * const frame = new WorldFrame(resolveSurveySpec({ rotationDeg: 90 }));
 * frame.x(100, 0); // originX (up to rounding)
 * frame.y(100, 0); // originY + 100
 * ```
 */
export class WorldFrame {
  private readonly cos: number;
  private readonly sin: number;
  private readonly x0: number;
  private readonly y0: number;

  constructor(spec: SurveySpec) {
    const theta = (spec.rotationDeg * Math.PI) / 180;
    this.cos = Math.cos(theta);
    this.sin = Math.sin(theta);
    this.x0 = spec.originX;
    this.y0 = spec.originY;
  }

  /** World X (m) of local (u, v). */
  x(u: number, v: number): number {
    return this.x0 + u * this.cos - v * this.sin;
  }

  /** World Y (m) of local (u, v). */
  y(u: number, v: number): number {
    return this.y0 + u * this.sin + v * this.cos;
  }
}

function binCount(min: number, max: number, step: number): number {
  return Math.round((max - min) / step) + 1;
}

function shots2d(spec: Shots2DSpec): SurveyGeometry {
  const { channels: c, shotSpacing: ds, receiverSpacing: dr } = spec;
  const split = spec.spread === "split";
  const offsetOf = (k: number): number => (split ? (k - (c - 1) / 2) * dr : spec.nearOffset + k * dr);
  const lastShot = (spec.shots - 1) * ds;
  const offMin = Math.min(offsetOf(0), offsetOf(c - 1));
  const offMax = Math.max(offsetOf(0), offsetOf(c - 1));
  const binU = dr / 2;
  const uMin = offMin / 2;
  return {
    binU, binV: binU, uMin, vMin: 0, inlines: 1, crosslines: binCount(uMin, lastShot + offMax / 2, binU),
    box: { uMin: Math.min(0, offMin), uMax: Math.max(lastShot, lastShot + offMax), vMin: 0, vMax: 0 },
    fill(index: number, g: TraceGeometry): void {
      const j = Math.floor(index / c);
      const k = index - j * c;
      const off = offsetOf(k);
      g.sourceU = j * ds;
      g.receiverU = g.sourceU + off;
      g.sourceV = g.receiverV = 0;
      g.offset = off;
      g.inlineIndex = 0;
      g.crosslineIndex = Math.round(((g.sourceU + g.receiverU) / 2 - uMin) / binU);
      g.fieldRecord = g.shotPoint = j + 1;
      g.traceNumber = k + 1;
      g.sequenceInLine = index + 1;
    },
  };
}

function shots3d(spec: Shots3DSpec): SurveyGeometry {
  const { receiverLines: nr, channelsPerLine: nc, shotsPerLine: np } = spec;
  const { sourceLineSpacing: dsl, shotSpacing: ds, receiverSpacing: dr, receiverLineSpacing: drl } = spec;
  const perShot = nr * nc;
  // The patch is snapped to the receiver grid around the shot: first station and first receiver line.
  const firstStation = (u: number): number => Math.round(u / dr) - Math.floor(nc / 2);
  const firstLine = (v: number): number => Math.round(v / drl) - Math.floor(nr / 2);
  const lastU = (spec.sourceLines - 1) * dsl;
  const lastV = (np - 1) * ds;
  const recUMin = firstStation(0) * dr;
  const recUMax = (firstStation(lastU) + nc - 1) * dr;
  const recVMin = firstLine(0) * drl;
  const recVMax = (firstLine(lastV) + nr - 1) * drl;
  const binU = dr / 2;
  const binV = ds / 2;
  const uMin = recUMin / 2;
  const vMin = recVMin / 2;
  return {
    binU, binV, uMin, vMin,
    inlines: binCount(vMin, (lastV + recVMax) / 2, binV),
    crosslines: binCount(uMin, (lastU + recUMax) / 2, binU),
    box: {
      uMin: Math.min(0, recUMin), uMax: Math.max(lastU, recUMax), vMin: Math.min(0, recVMin), vMax: Math.max(lastV, recVMax),
    },
    fill(index: number, g: TraceGeometry): void {
      const shot = Math.floor(index / perShot);
      const channel = index - shot * perShot;
      const line = Math.floor(shot / np);
      const p = shot - line * np;
      const r = Math.floor(channel / nc);
      g.sourceU = line * dsl;
      g.sourceV = p * ds;
      g.receiverU = (firstStation(g.sourceU) + channel - r * nc) * dr;
      g.receiverV = (firstLine(g.sourceV) + r) * drl;
      g.offset = Math.hypot(g.receiverU - g.sourceU, g.receiverV - g.sourceV);
      g.inlineIndex = Math.round(((g.sourceV + g.receiverV) / 2 - vMin) / binV);
      g.crosslineIndex = Math.round(((g.sourceU + g.receiverU) / 2 - uMin) / binU);
      g.fieldRecord = g.shotPoint = shot + 1;
      g.traceNumber = channel + 1;
      g.sequenceInLine = p * perShot + channel + 1;
    },
  };
}

function poststack(spec: Poststack3DSpec): SurveyGeometry {
  const { crosslines: nx, crosslineSpacing: dx, inlineSpacing: dy } = spec;
  return {
    binU: dx, binV: dy, uMin: 0, vMin: 0, inlines: spec.inlines, crosslines: nx,
    box: { uMin: 0, uMax: (nx - 1) * dx, vMin: 0, vMax: (spec.inlines - 1) * dy },
    fill(index: number, g: TraceGeometry): void {
      const il = Math.floor(index / nx);
      const xl = index - il * nx;
      g.sourceU = g.receiverU = xl * dx;
      g.sourceV = g.receiverV = il * dy;
      g.offset = 0;
      g.inlineIndex = il;
      g.crosslineIndex = xl;
      g.fieldRecord = spec.firstInline + il;
      g.traceNumber = g.sequenceInLine = xl + 1;
      g.shotPoint = 0;
    },
  };
}

/**
 * Builds the geometry of a resolved spec.
 *
 * @example
 * ```ts
 * const geometry = buildGeometry(resolveSurveySpec({ kind: "poststack-3d", inlines: 5, crosslines: 7 }));
 * geometry.inlines * geometry.crosslines; // 35
 * ```
 */
export function buildGeometry(spec: SurveySpec): SurveyGeometry {
  switch (spec.kind) {
    case "shots-2d": return shots2d(spec);
    case "shots-3d": return shots3d(spec);
    case "poststack-3d": return poststack(spec);
  }
}
