import { strict as assert } from "node:assert";
import * as path from "node:path";
import {
  applyScalar,
  FIELD_TYPE_SIZE,
  HeaderMap,
  isSeisprocError,
  scaleHeader,
  SegyReader,
  SegyWriter,
  STANDARD_TRACE_FIELDS,
  ValidationError,
} from "../../src";
import { conformanceDir, tempDir } from "../helpers/paths";

const f3 = (): string => path.join(conformanceDir(), "segyio", "f3.sgy");

function rejectsJson(json: string, key: RegExp, message: RegExp): void {
  assert.throws(
    () => HeaderMap.fromJson(json),
    (e: unknown) => {
      assert.ok(isSeisprocError(e, ValidationError), `expected a ValidationError, got ${String(e)}`);
      assert.match(e.key, key);
      assert.match(e.message, message);
      return true;
    },
  );
}

describe("trace header maps", () => {
  describe("the standard map", () => {
    it("covers bytes 1-240 exactly once", () => {
      const owners = new Array<string[]>(241).fill([]).map(() => [] as string[]);
      for (const field of HeaderMap.standard().fields) {
        for (let b = field.byte; b < field.byte + FIELD_TYPE_SIZE[field.type]; b++) owners[b].push(field.name);
      }
      assert.deepEqual(owners[0], []);
      for (let b = 1; b <= 240; b++) assert.equal(owners[b].length, 1, `byte ${b}: ${owners[b].join(", ") || "no field"}`);
      assert.equal(HeaderMap.standard().fields.length, STANDARD_TRACE_FIELDS.length);
    });

    it("has segyio's names at the SEG-Y byte positions", () => {
      const map = HeaderMap.standard();
      const at: Array<[string, number, string]> = [
        ["TRACE_SEQUENCE_LINE", 1, "int32"],
        ["FieldRecord", 9, "int32"],
        ["CDP", 21, "int32"],
        ["offset", 37, "int32"],
        ["SourceGroupScalar", 71, "int16"],
        ["TRACE_SAMPLE_COUNT", 115, "uint16"],
        ["TRACE_SAMPLE_INTERVAL", 117, "int16"],
        ["CDP_X", 181, "int32"],
        ["INLINE_3D", 189, "int32"],
        ["CROSSLINE_3D", 193, "int32"],
        ["ScalarTraceHeader", 215, "int16"],
      ];
      for (const [name, byte, type] of at) {
        assert.equal(map.field(name).byte, byte, name);
        assert.equal(map.field(name).type, type, name);
      }
    });

    it("resolves Seismic Unix aliases to the same fields", () => {
      const map = HeaderMap.standard();
      const aliases: Array<[string, string]> = [
        ["cdp", "CDP"],
        ["iline", "INLINE_3D"],
        ["xline", "CROSSLINE_3D"],
        ["scalco", "SourceGroupScalar"],
        ["scalel", "ElevationScalar"],
        ["fldr", "FieldRecord"],
        ["ns", "TRACE_SAMPLE_COUNT"],
        ["dt", "TRACE_SAMPLE_INTERVAL"],
        ["sx", "SourceX"],
        ["cdpx", "CDP_X"],
        ["delrt", "DelayRecordingTime"],
      ];
      for (const [alias, name] of aliases) {
        assert.ok(map.has(alias), alias);
        assert.equal(map.field(alias), map.field(name), `${alias} -> ${name}`);
      }
    });

    it("reads the same values by alias and by name from a real file", async () => {
      const reader = await SegyReader.open(f3());
      try {
        const batch = await reader.readTraces(0, reader.traceCount);
        assert.deepEqual(batch.column("iline"), batch.column("INLINE_3D"));
        assert.deepEqual(batch.column("cdp"), batch.column("CDP"));
        assert.equal(batch.column("iline")[0], 111);
        assert.equal(batch.column("xline")[413], 892);
        const raw = await reader.readRawHeader(1);
        assert.equal(reader.headerMap.readOne(raw, "scalco", false), -10);
      } finally {
        await reader.close();
      }
    });

    it("an unknown name is a ValidationError that suggests close names", () => {
      assert.throws(() => HeaderMap.standard().field("inline"), (e: unknown) => isSeisprocError(e, ValidationError) && /did you mean INLINE_3D/.test(e.message));
      assert.equal(HeaderMap.standard().has("nonsense"), false);
    });
  });

  describe("maps from JSON", () => {
    it("overrides move fields (by name or alias) and add new ones; a real file reads through them", async () => {
      const map = HeaderMap.fromJson('{"overrides": {"INLINE_3D": {"byte": 9}, "xline": {"byte": 17}, "MyKey": {"byte": 197, "type": "int32", "aliases": ["mykey"]}}}');
      assert.equal(map.field("iline").byte, 9, "aliases follow the moved field");
      assert.equal(map.field("CROSSLINE_3D").byte, 17, "overridden through its alias");
      assert.equal(map.field("mykey").name, "MyKey");
      assert.equal(HeaderMap.standard().field("INLINE_3D").byte, 189, "the standard map is not changed");
      const reader = await SegyReader.open(f3(), { headerMap: map });
      const standard = await SegyReader.open(f3());
      try {
        for (const i of [0, 1, 413]) {
          const [h, s] = [await reader.readHeader(i), await standard.readHeader(i)];
          assert.equal(h.INLINE_3D, s.FieldRecord, `trace ${i} inline from byte 9`);
          assert.equal(h.CROSSLINE_3D, s.EnergySourcePoint, `trace ${i} crossline from byte 17`);
          assert.equal(h.MyKey, s.ShotPoint, `trace ${i} custom field at 197`);
        }
        assert.equal((await reader.readHeader(413)).MyKey, 31976);
      } finally {
        await Promise.all([reader.close(), standard.close()]);
      }
    });

    it("a custom field at byte 233 is written and read back, and lands where the standard map expects it", async () => {
      const map = HeaderMap.fromJson({ overrides: { MyKey: { byte: 233, type: "int32" }, Weight: { byte: 237, type: "float32" } } });
      const out = path.join(tempDir(), "custom.sgy");
      const writer = await SegyWriter.create(out, { samplesPerTrace: 3, sampleIntervalUs: 2000, headerMap: map });
      for (let i = 0; i < 5; i++) await writer.writeTrace({ MyKey: -1000 * i - 7, Weight: 0.25 * i, iline: 100 + i }, Float32Array.of(i, i, i));
      await writer.close();
      const custom = await SegyReader.open(out, { headerMap: map });
      const standard = await SegyReader.open(out);
      try {
        for (let i = 0; i < 5; i++) {
          const h = await custom.readHeader(i);
          assert.equal(h.MyKey, -1000 * i - 7);
          assert.equal(h.Weight, 0.25 * i);
          assert.equal(h.INLINE_3D, 100 + i);
          assert.equal((await standard.readHeader(i)).UnassignedInt1, -1000 * i - 7);
        }
      } finally {
        await Promise.all([custom.close(), standard.close()]);
      }
    });

    it("a whole map replaces the standard one", async () => {
      const map = HeaderMap.fromJson('{"fields": [{"name": "shot", "byte": 9}, {"name": "chan", "byte": 13, "type": "int32", "aliases": ["channel"]}]}');
      assert.deepEqual(map.fields.map((f) => f.name), ["shot", "chan"]);
      assert.equal(map.has("CDP"), false);
      const reader = await SegyReader.open(path.join(conformanceDir(), "segyio", "shot-gather.sgy"), { headerMap: map });
      assert.deepEqual(await reader.readHeader(0), { shot: 2, chan: 61 });
      assert.deepEqual(await reader.readHeader(60), { shot: 8, chan: 36 });
      await reader.close();
    });

    it("invalid JSON is a ValidationError pointing at the docs", () => rejectsJson("{overrides: }", /^headerMap$/, /not valid JSON; see docs\/header-maps.md/));
    it("JSON that is not an object is a ValidationError", () => {
      rejectsJson('"a string"', /^headerMap$/, /must be an object/);
      rejectsJson("null", /^headerMap$/, /must be an object/);
      rejectsJson("[]", /^headerMap$/, /must be an object/);
      rejectsJson('{"fields": {}}', /^headerMap\.fields$/, /must be an array/);
    });
    it("a field past byte 240 is a ValidationError naming it", () => rejectsJson('{"overrides": {"CDP": {"byte": 239}}}', /\.byte$/, /field "CDP" at byte 239 with 4 bytes does not fit/));
    it("byte 0, a negative or a fractional byte is a ValidationError", () => {
      rejectsJson('{"overrides": {"CDP": {"byte": 0}}}', /\.byte$/, /bytes are 1-based/);
      rejectsJson('{"overrides": {"X": {"byte": -4}}}', /\.byte$/, /field "X"/);
      rejectsJson('{"fields": [{"name": "X", "byte": 2.5}]}', /^headerMap\.fields\[0\]\.byte$/, /field "X"/);
      rejectsJson('{"fields": [{"name": "X", "byte": "9"}]}', /\.byte$/, /field "X"/);
      rejectsJson('{"overrides": {"X": {"byte": 240, "type": "int16"}}}', /\.byte$/, /at byte 240 with 2 bytes does not fit/);
    });
    it("the last bytes can hold fields of every size", () => {
      const map = HeaderMap.fromJson('{"fields": [{"name": "a", "byte": 233, "type": "float64"}, {"name": "b", "byte": 240, "type": "uint8"}]}');
      assert.equal(map.field("a").byte, 233);
    });
    it("an unknown type is a ValidationError listing the types", () => {
      rejectsJson('{"overrides": {"X": {"byte": 1, "type": "int24"}}}', /\.type$/, /unknown type "int24"; use one of int8, .*float64/);
      rejectsJson('{"overrides": {"X": {"byte": 1, "type": "toString"}}}', /\.type$/, /unknown type "toString"/);
    });
    it("a new field without a byte, or a name used twice, is a ValidationError", () => {
      rejectsJson('{"overrides": {"NewKey": {"type": "int16"}}}', /^headerMap\.overrides\.NewKey$/, /needs a byte position/);
      rejectsJson('{"fields": [{"name": "a", "byte": 1}, {"name": "a", "byte": 5}]}', /^headerMap\.fields\[1\]$/, /name "a" is used by two fields/);
      rejectsJson('{"fields": [{"name": "a", "byte": 1, "aliases": ["b"]}, {"name": "b", "byte": 5}]}', /^headerMap\.fields\[1\]$/, /"b"/);
      rejectsJson('{"fields": [{"byte": 1}]}', /\.name$/, /non-empty string/);
    });
    it("null or non-object entries are ValidationErrors, not TypeErrors", () => {
      rejectsJson('{"overrides": {"NewKey": null}}', /^headerMap\.overrides\.NewKey$/, /must be an object/);
      rejectsJson('{"overrides": {"CDP": 5}}', /^headerMap\.overrides\.CDP$/, /must be an object/);
      rejectsJson('{"fields": [null]}', /^headerMap\.fields\[0\]$/, /must be an object/);
      rejectsJson('{"fields": [{"name": "a", "byte": 1, "aliases": 5}]}', /\.aliases$/, /list of names/);
    });
  });

  describe("scalars", () => {
    it("applyScalar: positive multiplies, negative divides, 0 means 1", () => {
      assert.equal(applyScalar(123456, -100), 1234.56);
      assert.equal(applyScalar(12, 10), 120);
      assert.equal(applyScalar(12, 0), 12);
      assert.equal(applyScalar(12, 1), 12);
      assert.equal(applyScalar(12, -1), 12);
      assert.equal(applyScalar(-5, -10), -0.5);
    });

    it("scaleHeader scales coordinates, elevations and times by their own scalars and leaves the rest", () => {
      const raw = {
        SourceX: 123456,
        GroupY: -20,
        CDP_X: 7,
        SourceGroupScalar: -100,
        ReceiverGroupElevation: 15,
        SourceDepth: 3,
        ElevationScalar: 10,
        DelayRecordingTime: 10000,
        LagTimeA: 50,
        ScalarTraceHeader: -10,
        CDP: 1001,
        offset: 250,
      };
      const scaled = scaleHeader(raw);
      assert.deepEqual(scaled, {
        ...raw,
        SourceX: 1234.56,
        GroupY: -0.2,
        CDP_X: 0.07,
        ReceiverGroupElevation: 150,
        SourceDepth: 30,
        DelayRecordingTime: 1000,
        LagTimeA: 5,
      });
      assert.equal(raw.SourceX, 123456, "the raw header is not changed");
      assert.deepEqual(scaleHeader({ SourceX: 5, SourceGroupScalar: 0, DelayRecordingTime: 4 }), { SourceX: 5, SourceGroupScalar: 0, DelayRecordingTime: 4 });
    });

    it("readHeader(i, { scaled: true }) applies f3's coordinate scalar of -10", async () => {
      const reader = await SegyReader.open(f3());
      try {
        const raw = await reader.readHeader(0);
        const scaled = await reader.readHeader(0, { scaled: true });
        assert.equal(raw.SourceX, 6201972);
        assert.equal(scaled.SourceX, 620197.2);
        assert.equal(scaled.CDP_Y, 6074232.9);
        assert.equal(scaled.INLINE_3D, 111, "keys are not scaled");
        assert.equal(scaled.DelayRecordingTime, 4, "time scalar 0 means 1");
      } finally {
        await reader.close();
      }
    });
  });
});
