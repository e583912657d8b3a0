/**
 * Provenance histories for other tools: a JSON document and the same document as YAML (`format`, `dataset`,
 * `steps`: the step records as they are), and W3C PROV-JSON (https://www.w3.org/submissions/prov-json/):
 * datasets are entities, steps are activities, processors are software agents, linked by `used`,
 * `wasGeneratedBy`, `wasAssociatedWith` and `wasDerivedFrom`.
 *
 * @module
 */
import { stringify as yamlStringify } from "yaml";
import { canonicalJson } from "./canonical-json";
import type { ProvenanceStep } from "./step";

/** Version tag of the JSON and YAML documents. */
export const PROVENANCE_FORMAT = "seisproc-provenance/1";

/** The JSON / YAML document of a history. */
export interface ProvenanceDocument {
  format: typeof PROVENANCE_FORMAT;
  /** The dataset whose history this is, when it is one dataset's. */
  dataset?: string;
  /** The steps, oldest first. */
  steps: ProvenanceStep[];
}

/**
 * The history as a JSON text (2-space indentation).
 *
 * @example
 * ```ts
 * await fs.writeFile("history.json", provenanceToJson(steps, datasetId));
 * ```
 */
export function provenanceToJson(steps: readonly ProvenanceStep[], dataset?: string): string {
  return `${JSON.stringify(document(steps, dataset), null, 2)}\n`;
}

/**
 * The history as YAML (the same document as {@link provenanceToJson}).
 *
 * @example
 * ```ts
 * await fs.writeFile("history.yaml", provenanceToYaml(steps, datasetId));
 * ```
 */
export function provenanceToYaml(steps: readonly ProvenanceStep[], dataset?: string): string {
  return yamlStringify(document(steps, dataset), { lineWidth: 0 });
}

/** A PROV-JSON document: the bundles of the W3C serialization that a history uses. */
export interface ProvJsonDocument {
  prefix: Record<string, string>;
  entity: Record<string, Record<string, unknown>>;
  activity: Record<string, Record<string, unknown>>;
  agent: Record<string, Record<string, unknown>>;
  used: Record<string, Record<string, unknown>>;
  wasGeneratedBy: Record<string, Record<string, unknown>>;
  wasAssociatedWith: Record<string, Record<string, unknown>>;
  wasDerivedFrom: Record<string, Record<string, unknown>>;
}

/** The namespace of SeisProc's PROV terms. */
export const SEISPROC_PROV_NAMESPACE = "https://seisproc.org/ns/provenance#";

/**
 * The history as W3C PROV-JSON: each dataset an entity (`seisproc:dataset-<uuid>`, with its checksum when a
 * step produced it), each step an activity (`seisproc:step-<uuid>`, with start and end time, processor,
 * parameters as canonical JSON, checksums), each processor version a `prov:SoftwareAgent`.
 *
 * @example
 * ```ts
 * const prov = provenanceToProvJson(steps);
 * Object.keys(prov.activity); // ["seisproc:step-…", …]
 * ```
 */
export function provenanceToProvJson(steps: readonly ProvenanceStep[]): ProvJsonDocument {
  const doc: ProvJsonDocument = {
    prefix: { seisproc: SEISPROC_PROV_NAMESPACE, xsd: "http://www.w3.org/2001/XMLSchema#", prov: "http://www.w3.org/ns/prov#" },
    entity: {},
    activity: {},
    agent: {},
    used: {},
    wasGeneratedBy: {},
    wasAssociatedWith: {},
    wasDerivedFrom: {},
  };
  const qname = (type: string) => ({ $: type, type: "xsd:QName" });
  const entity = (id: string): string => {
    const key = `seisproc:dataset-${id}`;
    doc.entity[key] ??= { "prov:type": qname("seisproc:Dataset"), "seisproc:datasetId": id };
    return key;
  };
  steps.forEach((step, i) => {
    const activity = `seisproc:step-${step.id}`;
    const input = entity(step.inputDatasetId);
    const output = entity(step.outputDatasetId);
    const inputEntity = doc.entity[input];
    inputEntity["seisproc:checksum"] ??= step.checksums.input;
    inputEntity["seisproc:checksumAlgorithm"] ??= step.checksums.algorithm;
    Object.assign(doc.entity[output], { "seisproc:checksum": step.checksums.output, "seisproc:checksumAlgorithm": step.checksums.algorithm });
    const end = new Date(Date.parse(step.timestamp) + step.durationMs).toISOString();
    doc.activity[activity] = {
      "prov:startTime": step.timestamp,
      "prov:endTime": end,
      "prov:type": qname("seisproc:ProcessingStep"),
      "seisproc:processor": step.processorName,
      "seisproc:processorVersion": step.processorVersion,
      "seisproc:parameters": canonicalJson(step.parameters),
      "seisproc:parametersChecksum": step.checksums.parameters,
    };
    const agent = `seisproc:processor-${step.processorName}-${step.processorVersion}`;
    doc.agent[agent] ??= {
      "prov:type": qname("prov:SoftwareAgent"),
      "seisproc:processor": step.processorName,
      "seisproc:processorVersion": step.processorVersion,
      "seisproc:software": `${step.software.name} ${step.software.version}`,
    };
    doc.used[`_:used-${i}`] = { "prov:activity": activity, "prov:entity": input, "prov:time": step.timestamp };
    doc.wasGeneratedBy[`_:generated-${i}`] = { "prov:entity": output, "prov:activity": activity, "prov:time": end };
    doc.wasAssociatedWith[`_:associated-${i}`] = { "prov:activity": activity, "prov:agent": agent };
    doc.wasDerivedFrom[`_:derived-${i}`] = { "prov:generatedEntity": output, "prov:usedEntity": input, "prov:activity": activity };
  });
  return doc;
}

function document(steps: readonly ProvenanceStep[], dataset?: string): ProvenanceDocument {
  return dataset === undefined ? { format: PROVENANCE_FORMAT, steps: [...steps] } : { format: PROVENANCE_FORMAT, dataset, steps: [...steps] };
}
