/**
 * Provenance of processing: step records with SHA-256 checksums of input, parameters and output, stored with
 * each processed dataset; a tracker for histories and reproducibility checks; exports as JSON, YAML and W3C
 * PROV-JSON.
 *
 * @module
 * @example
 * ```ts
 * import { ProvenanceTracker, processDataset } from "seisproc";
 * const tracker = new ProvenanceTracker();
 * const { step } = await processDataset(raw, chain, outStore, { tracker });
 * (await tracker.verifyReproducibility(step, { input: raw })).ok; // true
 * ```
 */
export { canonicalJson, canonicalSha256 } from "./canonical-json";
export {
  blockCount,
  blockRows,
  CHECKSUM_ALGORITHM,
  checksumDifferences,
  checksumLayout,
  combineBlockDigests,
  datasetChecksum,
  sha256Hex,
  type BlockDigest,
  type ChecksumDifference,
  type ChecksumLayout,
  type DatasetChecksum,
  type DatasetChecksumOptions,
} from "./checksum";
export { ProvenanceError } from "./errors";
export { PROVENANCE_FORMAT, provenanceToJson, provenanceToProvJson, provenanceToYaml, SEISPROC_PROV_NAMESPACE, type ProvenanceDocument, type ProvJsonDocument } from "./export";
export { replayHistory, type ReplayedStep, type ReplayOptions, type ReplayReport } from "./replay";
export { asProvenanceStep, softwareAgent, type ProvenanceStep } from "./step";
export { ProvenanceTracker, type ProvenanceTrackerOptions, type VerifyOptions } from "./tracker";
export { verifyStep, type ReproducibilityCheck, type ReproducibilityCheckName, type ReproducibilityReport, type VerifyContext } from "./verify";
