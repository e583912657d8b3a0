/**
 * SeisProc: store, navigate, process and view seismic data. This entry exports the engine (`src/core`),
 * usable from plain Node, the CLI and the notebook kernel extension.
 *
 * @module
 * @example
 * ```ts
 * import { SegyReader } from "seisproc";
 * const reader = await SegyReader.open("survey.sgy");
 * const traces = reader.traceCount;
 * ```
 */
export * from "./core/errors";
export * from "./core/segy";
export {
  generateSurvey,
  resolveSurveySpec,
  specForTargetBytes,
  surveyByteSize,
  writeSurvey,
  type SurveyKind,
  type SurveySpec,
  type SurveySpecInput,
  type SyntheticSurvey,
  type SyntheticTrace,
  type WriteSurveyOptions,
} from "./core/synthetic";
export * from "./core/storage";
export * from "./core/store";
export * from "./core/util/logger";
export * from "./core/datasets";
export * from "./core/navigation";
export * from "./core/settings";
export * from "./core/project";
export * from "./core/session";
export * from "./core/history";
export * from "./core/processing";
export * from "./core/provenance";
export * from "./core/crs";
export * from "./core/catalog";
export * from "./core/cloud";
export * from "./core/collab";
