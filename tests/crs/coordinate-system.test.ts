import { strict as assert } from "node:assert";
import { promises as fs } from "node:fs";
import {
  CoordinateSystem,
  CrsDefinitionError,
  CrsTransformError,
  isCrsError,
  lookupEpsg,
  parseCrsMetadata,
  UnknownCrsCodeError,
  type CrsPoint,
} from "../../src";
import { utmForward } from "./kruger";

/** EPSG:32631 as OGC WKT 1, written out here so the WKT test does not depend on the EPSG index. */
const UTM31N_WKT =
  'PROJCS["WGS 84 / UTM zone 31N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",3],' +
  'PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],' +
  'AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32631"]]';

/** Longitude/latitude points across UTM zone 31 (0°E to 6°E), equator to 84°N; the Eiffel Tower among them. */
const ZONE31: Array<[number, number]> = [];
for (const lat of [0, 0.5, 10, 30, 48.8584, 52.37, 60, 75, 84]) for (const lon of [0, 0.75, 2.2945, 3, 4.9041, 6]) ZONE31.push([lon, lat]);

const MM = 0.001;

function assertNear(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  const distance = Math.hypot(actual[0] - expected[0], actual[1] - expected[1]);
  assert.ok(distance <= tolerance, `${what}: got [${actual.join(", ")}], expected [${expected.join(", ")}] (off by ${distance})`);
}

describe("CoordinateSystem: EPSG codes, proj strings and WKT, transformed through proj4", () => {
  let utm: CoordinateSystem;
  let wgs84: CoordinateSystem;
  before(async () => {
    utm = await CoordinateSystem.fromEpsg(32631);
    wgs84 = await CoordinateSystem.fromEpsg("EPSG:4326");
  });

  it("EPSG:32631 and EPSG:4326 carry their names, units and kinds", () => {
    assert.equal(utm.epsgCode, 32631);
    assert.equal(utm.description, "WGS 84 / UTM zone 31N");
    assert.equal(utm.units, "metre");
    assert.equal(utm.metresPerUnit, 1);
    assert.equal(utm.kind, "projected");
    assert.equal(utm.toString(), "EPSG:32631 WGS 84 / UTM zone 31N");
    assert.equal(wgs84.units, "degree");
    assert.equal(wgs84.metresPerUnit, null);
    assert.ok(wgs84.isGeographic);
    assert.equal(wgs84.description, "WGS 84");
  });

  it("a US survey foot CRS (EPSG:2227) says so", async () => {
    const ft = await CoordinateSystem.fromEpsg(2227);
    assert.equal(ft.units, "US survey foot");
    assert.equal(ft.metresPerUnit, 1200 / 3937);
  });

  it("matches GeographicLib's published UTM example (33.3N 44.4E = 38n 444140.54 3684706.36) to its centimetre", async () => {
    const zone38 = await CoordinateSystem.fromEpsg(32638);
    const [[e, n]] = wgs84.transformTo(zone38, [[44.4, 33.3]]);
    assertNear([e, n], [444140.54, 3684706.36], 0.005 * Math.SQRT2, "EPSG:4326 -> EPSG:32638");
    // The independent Krüger series reproduces the published figure too, so it can stand as the millimetre reference.
    assertNear(utmForward(38, 44.4, 33.3), [444140.54, 3684706.36], 0.005 * Math.SQRT2, "Krüger series");
  });

  it("EPSG:4326 -> EPSG:32631 matches an independent Krüger-series UTM to a millimetre across the zone", () => {
    const projected = wgs84.transformTo(utm, ZONE31);
    ZONE31.forEach(([lon, lat], i) => assertNear(projected[i], utmForward(31, lon, lat), MM, `(${lon}, ${lat})`));
    // The central meridian at the equator is the false origin.
    assertNear(projected[ZONE31.findIndex(([lon, lat]) => lon === 3 && lat === 0)], [500000, 0], MM, "origin");
  });

  it("EPSG:32631 -> EPSG:4326 inverts it: round trips return within a millimetre", () => {
    const projected = ZONE31.map(([lon, lat]) => utmForward(31, lon, lat));
    const geographic = utm.transformTo(wgs84, projected);
    // 1 mm is about 9e-9 degrees of latitude; compare in metres through the forward series.
    geographic.forEach((p, i) => {
      assert.ok(Math.abs(p[0] - ZONE31[i][0]) < 1e-8 && Math.abs(p[1] - ZONE31[i][1]) < 1e-8, `point ${i}: ${p} vs ${ZONE31[i]}`);
      assertNear(utmForward(31, p[0], p[1]), projected[i], MM, `round trip ${i}`);
    });
    const back = wgs84.transformerTo(utm).forward(geographic);
    back.forEach((p, i) => assertNear(p, projected[i], MM, `utm -> wgs84 -> utm ${i}`));
  });

  it("a Transformer maps both ways, arrays too, and keeps a z coordinate", () => {
    const t = utm.transformerTo(wgs84);
    const [[lon, lat]] = t.forward([utmForward(31, 2.2945, 48.8584)]);
    assert.ok(Math.abs(lon - 2.2945) < 1e-9 && Math.abs(lat - 48.8584) < 1e-9);
    assertNear(t.inverse([[2.2945, 48.8584]])[0], utmForward(31, 2.2945, 48.8584), MM, "inverse");
    const { x, y } = t.forwardArrays(Float64Array.of(500000, 448252.001), Float64Array.of(0, 5411954.91));
    assert.ok(Math.abs(x[0] - 3) < 1e-12 && Math.abs(y[0]) < 1e-12);
    assert.ok(Math.abs(x[1] - 2.2945) < 1e-7 && Math.abs(y[1] - 48.8584) < 1e-7);
    const [p3] = t.forward([[500000, 0, 123.5]]);
    assert.equal(p3.length, 3);
    assert.equal(p3[2], 123.5);
  });

  it("a proj string transforms like the EPSG code, and its units scale the coordinates", () => {
    const proj = CoordinateSystem.fromProj("+proj=utm +zone=31 +datum=WGS84 +units=m +no_defs");
    assert.equal(proj.epsgCode, null);
    assert.equal(proj.units, "metre");
    assert.equal(proj.kind, "projected");
    const viaProj = wgs84.transformTo(proj, ZONE31);
    ZONE31.forEach(([lon, lat], i) => assertNear(viaProj[i], utmForward(31, lon, lat), MM, `proj (${lon}, ${lat})`));
    const feet = CoordinateSystem.fromProj("+proj=utm +zone=31 +datum=WGS84 +units=us-ft +no_defs");
    assert.equal(feet.units, "US survey foot");
    const [[e, n]] = wgs84.transformTo(feet, [[2.2945, 48.8584]]);
    const [em, nm] = utmForward(31, 2.2945, 48.8584);
    assertNear([e * (1200 / 3937), n * (1200 / 3937)], [em, nm], MM, "US survey feet");
  });

  it("WKT gives the name, the EPSG authority and the same transform", () => {
    const wkt = CoordinateSystem.fromWkt(UTM31N_WKT);
    assert.equal(wkt.description, "WGS 84 / UTM zone 31N");
    assert.equal(wkt.epsgCode, 32631);
    assert.equal(wkt.units, "metre");
    assert.equal(wkt.wkt, UTM31N_WKT);
    assert.ok(wkt.equals(utm));
    const viaWkt = wgs84.transformTo(wkt, ZONE31);
    ZONE31.forEach(([lon, lat], i) => assertNear(viaWkt[i], utmForward(31, lon, lat), MM, `wkt (${lon}, ${lat})`));
    const geographic = CoordinateSystem.fromWkt('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]');
    assert.equal(geographic.kind, "geographic");
    assert.equal(geographic.units, "degree");
    assert.equal(geographic.epsgCode, null);
  });

  it("parse() takes what a user types: EPSG:n, n, a proj string or WKT", async () => {
    assert.equal((await CoordinateSystem.parse("EPSG:32631")).epsgCode, 32631);
    assert.equal((await CoordinateSystem.parse(" epsg:4326 ")).epsgCode, 4326);
    assert.equal((await CoordinateSystem.parse("23031")).description, "ED50 / UTM zone 31N");
    assert.equal((await CoordinateSystem.parse(32631)).epsgCode, 32631);
    assert.equal((await CoordinateSystem.parse("+proj=longlat +datum=WGS84")).kind, "geographic");
    assert.equal((await CoordinateSystem.parse(UTM31N_WKT)).epsgCode, 32631);
    await assert.rejects(CoordinateSystem.parse("UTM 31"), (e: unknown) => e instanceof CrsDefinitionError && e.kind === "text" && /EPSG code/.test(e.message));
  });

  it("an unknown EPSG code is a typed error, never an identity transform", async () => {
    await assert.rejects(CoordinateSystem.fromEpsg(99999), (e: unknown) => e instanceof UnknownCrsCodeError && e.code === "99999" && /not in the EPSG index/.test(e.message) && isCrsError(e));
    await assert.rejects(CoordinateSystem.parse("EPSG:1"), UnknownCrsCodeError);
    await assert.rejects(CoordinateSystem.fromEpsg("EPSG:../../package"), (e: unknown) => e instanceof UnknownCrsCodeError && /not an EPSG code/.test(e.message));
    await assert.rejects(CoordinateSystem.fromEpsg(-5), UnknownCrsCodeError);
    // The failure is not cached as a success: asking again fails the same way.
    await assert.rejects(CoordinateSystem.fromEpsg(99999), UnknownCrsCodeError);
  });

  it("bad definitions, vertical CRSs, missing grid files and unmappable points are typed errors", async () => {
    assert.throws(() => CoordinateSystem.fromProj("+proj=nonsense +x=1"), (e: unknown) => e instanceof CrsDefinitionError && e.kind === "proj" && /proj4 cannot parse/.test(e.message));
    assert.throws(() => CoordinateSystem.fromProj("utm zone 31"), CrsDefinitionError);
    assert.throws(() => CoordinateSystem.fromWkt('VERT_CS["MSL height",VERT_DATUM["Mean Sea Level",2005]]'), /vertical CRS/);
    await assert.rejects(CoordinateSystem.fromEpsg(5714), (e: unknown) => e instanceof CrsDefinitionError && /vertical CRS/.test(e.message));
    const osgb = await CoordinateSystem.fromEpsg(27700);
    assert.throws(() => osgb.transformTo(wgs84, [[400000, 100000]]), (e: unknown) => e instanceof CrsTransformError && /OSTN15_NTv2_OSGBtoETRS\.gsb/.test(e.message) && /registerGridShift/.test(e.message));
    const points: CrsPoint[] = [[500000, 0], [1e30, 0]];
    assert.throws(() => utm.transformTo(wgs84, points), (e: unknown) => e instanceof CrsTransformError && e.index === 1);
    assert.throws(() => utm.transformTo(wgs84, [[Number.NaN, 0]]), (e: unknown) => e instanceof CrsTransformError && e.index === 0 && /non-finite/.test(e.message));
  });

  it("round trips through the metadata form without an EPSG lookup; bad metadata is refused", () => {
    const stored = JSON.parse(JSON.stringify(utm.toMetadata()));
    assert.deepEqual(stored, { epsg: 32631, name: "WGS 84 / UTM zone 31N", units: "metre", kind: "projected", proj4: utm.projString, wkt: utm.wkt });
    const back = CoordinateSystem.fromMetadata(stored);
    assert.ok(back !== null && back.equals(utm) && back.units === "metre");
    assertNear(wgs84.transformTo(back, [[2.2945, 48.8584]])[0], utmForward(31, 2.2945, 48.8584), MM, "restored");
    assert.equal(CoordinateSystem.fromMetadata(null), null);
    assert.throws(() => parseCrsMetadata({ ...stored, units: "" }), (e: unknown) => e instanceof CrsDefinitionError && /units/.test(e.message));
    assert.throws(() => parseCrsMetadata({ ...stored, kind: "vertical" }), CrsDefinitionError);
    assert.throws(() => parseCrsMetadata("EPSG:32631"), CrsDefinitionError);
  });

  it("reads one small file per EPSG code, never the 40 MB index", async () => {
    const read: string[] = [];
    const original = fs.readFile;
    const spy = ((...args: Parameters<typeof fs.readFile>) => {
      read.push(String(args[0]));
      return original(...args);
    }) as typeof fs.readFile;
    fs.readFile = spy;
    try {
      const entry = await lookupEpsg(2154);
      assert.equal(entry.name, "RGF93 v1 / Lambert-93");
      await lookupEpsg(2154); // cached: no second read
    } finally {
      fs.readFile = original;
    }
    assert.equal(read.length, 1, read.join(", "));
    assert.match(read[0], /epsg-index[/\\]s[/\\]2154\.json$/);
    const size = (await fs.stat(read[0])).size;
    assert.ok(size < 20_000, `one code's file is small (${size} bytes)`);
  });
});
