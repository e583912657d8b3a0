/**
 * Errors of coordinate reference systems: an EPSG code the index does not know, a definition (proj string or
 * WKT) that cannot be parsed, and a transform that cannot be done (a missing grid-shift file, a point outside the
 * projection's domain). A CRS problem is always one of these: never a silent identity transform.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../errors";

/**
 * An EPSG code that the EPSG index (the `epsg-index` package) does not hold, or that is not a whole number.
 *
 * @example
 * ```ts
 * let code: number | undefined;
 * try { await CoordinateSystem.fromEpsg(99999); }
 * catch (e) { if (e instanceof UnknownCrsCodeError) code = e.code; else throw e; } // 99999
 * ```
 */
export class UnknownCrsCodeError extends SeisprocError {
  readonly tag = "UnknownCrsCodeError";
  /** The code as given. */
  readonly code: string;

  constructor(code: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`EPSG:${code}: ${detail}`, options);
    this.code = code;
  }
}

/** What was being parsed when a {@link CrsDefinitionError} was thrown. */
export type CrsDefinitionKind = "epsg" | "proj" | "wkt" | "text" | "metadata";

/**
 * A CRS definition that cannot be used: a proj string or WKT that proj4 cannot parse, a vertical-only CRS where
 * a horizontal one is needed, or stored CRS metadata with missing fields.
 *
 * @example
 * ```ts
 * new CrsDefinitionError("proj", "+proj=nonsense", "proj4 does not know the projection \"nonsense\"");
 * ```
 */
export class CrsDefinitionError extends SeisprocError {
  readonly tag = "CrsDefinitionError";
  /** What kind of definition it was. */
  readonly kind: CrsDefinitionKind;
  /** The definition (cut to 200 characters). */
  readonly definition: string;

  constructor(kind: CrsDefinitionKind, definition: string, detail: string, options: SeisprocErrorOptions = {}) {
    const shown = definition.length > 200 ? `${definition.slice(0, 197)}...` : definition;
    super(`${kind === "text" ? "CRS" : kind} ${JSON.stringify(shown)}: ${detail}`, options);
    this.kind = kind;
    this.definition = shown;
  }
}

/**
 * A transform between two coordinate systems that cannot be done: a grid-shift file that is not loaded, or a
 * point the projection cannot map (non-finite input or output). `index` is the first bad point, when known.
 *
 * @example
 * ```ts
 * let failedAt: number | undefined;
 * try { utm.transformTo(wgs84, [[500000, 1e30]]); }
 * catch (e) { if (e instanceof CrsTransformError) failedAt = e.index; else throw e; } // 0: the point that failed
 * ```
 */
export class CrsTransformError extends SeisprocError {
  readonly tag = "CrsTransformError";
  /** Description of the source CRS. */
  readonly from: string;
  /** Description of the target CRS. */
  readonly to: string;
  /** Index of the first point that failed, when a point failed. */
  readonly index: number | undefined;

  constructor(from: string, to: string, detail: string, index?: number, options: SeisprocErrorOptions = {}) {
    super(`transform from ${from} to ${to}${index === undefined ? "" : ` (point ${index})`}: ${detail}`, options);
    this.from = from;
    this.to = to;
    this.index = index;
  }
}

/** Any error of the CRS module. */
export type CrsError = UnknownCrsCodeError | CrsDefinitionError | CrsTransformError;

/**
 * True when `value` is one of the CRS module's errors.
 *
 * @example
 * ```ts
 * try { await CoordinateSystem.parse(text); } catch (e) { if (isCrsError(e)) showProblem(e.message); else throw e; }
 * ```
 */
export function isCrsError(value: unknown): value is CrsError {
  return value instanceof UnknownCrsCodeError || value instanceof CrsDefinitionError || value instanceof CrsTransformError;
}
