/**
 * A minimal viewer for history tests, over a real imported store: it has a gain and a viewport (a ViewState),
 * navigates by reading gathers from the store (a GatherNavigationTarget), and displays gathers (a
 * GatherDisplayTarget). `snapshot()` captures everything a command may change, samples included.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import {
  FileSystemStore,
  importSegy,
  LazySeismicData,
  writeSurvey,
  type Gather,
  type GatherDisplayTarget,
  type GatherNavigationTarget,
  type GatherProcessor,
  type ViewportLimits,
  type ViewState,
} from "../../src";

/** Everything a command may change, comparable with deepEqual. */
export interface ViewerSnapshot {
  gain: number;
  viewport: ViewportLimits;
  currentGatherKey: number | null;
  displayed: { key: number; samplesSha256: string } | null;
}

/** Writes and imports a small survey (8 shots × 16 channels × 64 samples), and opens it. */
export async function smallDataset(dir: string): Promise<LazySeismicData> {
  const sgy = path.join(dir, "line.sgy");
  await writeSurvey(sgy, { kind: "shots-2d", shots: 8, channels: 16, samples: 64, seed: 11 }, { format: 5 });
  await importSegy(sgy, new FileSystemStore(path.join(dir, "line.seis")));
  return LazySeismicData.open(new FileSystemStore(path.join(dir, "line.seis")), "line");
}

/** The test viewer. */
export class TestViewer implements ViewState, GatherNavigationTarget, GatherDisplayTarget<Gather> {
  gain = 1;
  viewport: ViewportLimits = { timeMin: 0, timeMax: 1000, traceMin: 0, traceMax: 16 };
  currentGatherKey: number | null = null;
  displayedGather: Gather | undefined;
  /** Keys passed to goTo, in order. */
  readonly visits: number[] = [];

  constructor(readonly data: LazySeismicData) {}

  async goTo(key: number): Promise<void> {
    const gather = await this.data.getGather(key);
    this.visits.push(key);
    this.currentGatherKey = key;
    this.displayedGather = gather;
  }

  showGather(gather: Gather): void {
    this.displayedGather = gather;
  }

  snapshot(): ViewerSnapshot {
    const g = this.displayedGather;
    const samplesSha256 = g === undefined ? "" : createHash("sha256").update(Buffer.from(g.samples.buffer, g.samples.byteOffset, g.samples.byteLength)).digest("hex");
    return { gain: this.gain, viewport: { ...this.viewport }, currentGatherKey: this.currentGatherKey, displayed: g === undefined ? null : { key: g.key, samplesSha256 } };
  }
}

/** A processor that scales every sample (a new gather; the input is left alone). */
export function scaleProcessor(factor: number): GatherProcessor<Gather> {
  return {
    name: `scale ×${factor}`,
    apply: async (gather) => {
      await new Promise((resolve) => setImmediate(resolve)); // asynchronous, like a worker would be
      const samples = (gather.samples as Float32Array).slice();
      for (let i = 0; i < samples.length; i++) samples[i] *= factor;
      return { ...gather, samples };
    },
  };
}
