/**
 * Seismic processing: a common processor interface (name, version, typed parameters, deterministic output),
 * the processors gain, AGC, band-pass, top mute, trace balancing and FK filter, processing chains, and
 * {@link processDataset}, which writes a processed copy of a dataset as a new dataset with its provenance.
 *
 * @module
 * @example
 * ```ts
 * import { LazySeismicData, FileSystemStore, ProcessingChain, processDataset } from "seisproc";
 * const raw = await LazySeismicData.open(new FileSystemStore("raw.seis"));
 * const chain = new ProcessingChain([{ processor: "bandpass", parameters: { f1: 5, f2: 10, f3: 40, f4: 60 } }, { processor: "agc" }]);
 * const preview = chain.processGather(await raw.getGather(raw.gatherKeys()[0], { columns: chain.headers() }), raw);
 * await processDataset(raw, chain, new FileSystemStore("filtered.seis"));
 * ```
 */
export { agc, type AgcParameters } from "./agc";
export { bandpass, bandpassResponse, type BandpassParameters } from "./bandpass";
export { CHAIN_PROCESSOR, ProcessingChain, type ChainJson, type ChainLoadOptions, type ChainSignature, type ChainStep, type ChainStepInput } from "./chain";
export { ProcessingError, ProcessingParameterError } from "./errors";
export { FftPlan, nextPowerOfTwo } from "./fft";
export { fkFilter, type FkFilterParameters } from "./fk-filter";
export { gain, type GainParameters } from "./gain";
export { mute, type MuteParameters } from "./mute";
export { validateParameters, type BooleanParameter, type ChoiceParameter, type NumberParameter, type ParameterSpec, type ParameterSpecs } from "./parameters";
export { PROCESSING_MARKER, processDataset, type ProcessDatasetOptions, type ProcessDatasetProgress, type ProcessDatasetReport } from "./process-dataset";
export { processedChecksums, type ProcessedChecksumsOptions } from "./processed-checksums";
export {
  defineProcessor,
  requireHeader,
  requireInterval,
  toFloat32Samples,
  toProcessingGather,
  type GatherContext,
  type ProcessingGather,
  type Processor,
  type ProcessorDefinition,
} from "./processor";
export { RealFftPlan } from "./real-fft";
export { BUILTIN_PROCESSORS, DEFAULT_PROCESSORS, ProcessorRegistry, type AnyProcessor } from "./registry";
export { DEFAULT_MEMORY_BYTES, OrderedBlockHasher, runChain, type ChunkSink, type RunChainOptions, type RunChainReport } from "./run-chain";
export { cosineTaper } from "./taper";
export { traceBalance, type TraceBalanceParameters } from "./trace-balance";
