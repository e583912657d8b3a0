import { strict as assert } from "node:assert";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { convertSegy, SegyReader, toFloat32 } from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";

/** Readable corpus files (data files next to an .expected.json that says "readable"). */
function readableFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...readableFiles(full));
    else if (name.endsWith(".expected.json") && JSON.parse(readFileSync(full, "utf8")).expected_outcome.startsWith("readable")) {
      out.push(full.slice(0, -".expected.json".length));
    }
  }
  return out.sort();
}

// obspy's 00001034 holds non-normalised IBM floats: they decode exactly but re-encode normalised.
const NOT_NORMALISED = new Set(["00001034.sgy_first_trace"]);

describe("SEG-Y writer round trip", () => {
  const dir = tempDir();
  for (const input of readableFiles(conformanceDir())) {
    const name = path.basename(input);
    const container = /\.su/.test(name) ? "su" : "segy";
    it(`${name}: read and written back in its own format gives ${NOT_NORMALISED.has(name) ? "the same values" : "the same bytes"}`, async () => {
      const output = path.join(dir, `${name}.copy`);
      await convertSegy(input, output, { read: { container }, container });
      if (!NOT_NORMALISED.has(name)) {
        assert.ok(readFileSync(output).equals(readFileSync(input)), "bytes differ");
        return;
      }
      const a = await SegyReader.open(input);
      const b = await SegyReader.open(output, { byteOrder: a.byteOrder });
      assert.deepEqual(toFloat32((await b.readTrace(0)).samples), toFloat32((await a.readTrace(0)).samples));
      await Promise.all([a.close(), b.close()]);
    });
  }

  for (const [format, byteOrder] of [[5, "big"], [1, "little"], [2, "big"], [3, "little"], [6, "big"], [7, "little"], [9, "big"]] as const) {
    it(`f3.sgy (int16) converted to format ${format} ${byteOrder}-endian keeps headers and values`, async () => {
      const input = path.join(conformanceDir(), "segyio", "f3.sgy");
      const output = path.join(dir, `f3-${format}-${byteOrder}.sgy`);
      await convertSegy(input, output, { format, byteOrder });
      const a = await SegyReader.open(input);
      const b = await SegyReader.open(output);
      try {
        assert.equal(b.byteOrder, byteOrder);
        assert.equal(b.format.code, format);
        assert.equal(b.traceCount, a.traceCount);
        assert.deepEqual(b.textHeaders[0].raw, a.textHeaders[0].raw);
        for (const i of [0, 200, a.traceCount - 1]) {
          const [ta, tb] = [await a.readTrace(i), await b.readTrace(i)];
          assert.deepEqual(tb.header, ta.header, `trace ${i} header`);
          const values = (s: ArrayLike<number | bigint>) => Array.from(s, Number);
          assert.deepEqual(values(tb.samples), values(ta.samples), `trace ${i} samples`);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  }
});
