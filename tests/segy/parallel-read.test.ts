import { strict as assert } from "node:assert";
import * as path from "node:path";
import { readAllSamples, SegyReader, writeSurvey, type SampleArray } from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";

const values = (a: SampleArray) => Array.from(a as ArrayLike<number | bigint>, Number);

async function sequential(reader: SegyReader): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of reader.batches({ batchBytes: 64 << 10 })) out.push(...values(batch.samples));
  return out;
}


describe("readAllSamples (whole file into one array, on worker threads)", () => {
  const files = [
    path.join(conformanceDir(), "segyio", "f3.sgy"), // int16: decoded in place
    path.join(conformanceDir(), "segyio", "multiformats", "Format7lsb.sgy"), // int24: through a buffer
    path.join(conformanceDir(), "segyio", "multiformats", "Format9msb.sgy"), // int64
    path.join(conformanceDir(), "segyio", "small-lsb.sgy"), // IBM little-endian
  ];
  for (const file of files) {
    for (const threads of [1, 2, 3]) {
      it(`${path.basename(file)} with ${threads} thread(s) equals a sequential read`, async () => {
        const reader = await SegyReader.open(file);
        try {
          const all = await readAllSamples(reader, { threads, chunkBytes: 4096 });
          assert.equal(all.length, reader.traceCount * reader.samplesPerTrace);
          assert.deepEqual(values(all), await sequential(reader));
        } finally {
          await reader.close();
        }
      });
    }
  }

  it("a generated IBM survey read by two threads with small chunks matches trace by trace", async () => {
    const file = path.join(tempDir(), "s.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 4, channels: 30, samples: 333, seed: 5 }, { format: 1 });
    const reader = await SegyReader.open(file);
    const all = await readAllSamples(reader, { threads: 2, chunkBytes: 10_000 });
    for (const i of [0, 59, 60, 119]) {
      const { samples } = await reader.readTrace(i);
      assert.deepEqual(values(all.subarray(i * 333, (i + 1) * 333)), values(samples), `trace ${i}`);
    }
    await reader.close();
  });
});
