/**
 * Deterministic synthetic seismic surveys (2-D and 3-D shot gathers, post-stack cubes) for tests, demos and
 * benchmarks of the SEG-Y codec: pure computation, no I/O.
 *
 * @example
 * ```ts
 * import { generateSurvey, specForTargetBytes } from "./core/synthetic";
 * const survey = generateSurvey(specForTargetBytes("poststack-3d", 50e6, { seed: 7 }));
 * for (const { header, samples } of survey.traces()) {
 *   // write header (segyio field names) and samples
 * }
 * ```
 *
 * @module
 */
export { mix32, Xoshiro128 } from "./random";
export {
  DEFAULT_REFLECTORS,
  resolveSurveySpec,
  traceCountOf,
  type CommonSpec,
  type Poststack3DSpec,
  type Reflector,
  type ReflectorInput,
  type ShotSpecFields,
  type Shots2DSpec,
  type Shots3DSpec,
  type SurveyKind,
  type SurveySpec,
  type SurveySpecInput,
} from "./survey-spec";
export { buildGeometry, emptyTraceGeometry, WorldFrame, type SurveyGeometry, type TraceGeometry } from "./geometry";
export { buildTextHeader } from "./text-header";
export {
  generateSurvey,
  surveyByteSize,
  type SyntheticSurvey,
  type SyntheticTrace,
  type TraceStreamOptions,
} from "./generate";
export { specForTargetBytes, type TargetOverrides } from "./target-size";
export { writeSurvey, type WriteSurveyOptions } from "./write-survey";
