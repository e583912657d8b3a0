import { strict as assert } from "node:assert";
import { CoordinateSystem, geographicBox, surveyArea } from "../../src";
import { utmForward } from "../crs/kruger";

describe("catalog survey areas from header statistics", () => {
  it("applies the coordinate scalar, skips unset pairs and joins source, receiver and CDP boxes", () => {
    const area = surveyArea({
      SourceGroupScalar: { min: -100, max: -100 },
      SourceX: { min: 50_000_000, max: 50_010_000 },
      SourceY: { min: 600_000_000, max: 600_000_000 },
      GroupX: { min: 0, max: 0 },
      GroupY: { min: 0, max: 0 },
      CDP_X: { min: 49_990_000, max: 50_005_000 },
      CDP_Y: { min: 599_990_000, max: 600_000_000 },
    });
    assert.deepEqual(area, { minX: 499_900, minY: 5_999_900, maxX: 500_100, maxY: 6_000_000 });
  });

  it("a positive scalar multiplies, 0 counts as 1, a varying scalar gives the union, arc seconds become degrees", () => {
    assert.deepEqual(surveyArea({ SourceGroupScalar: { min: 10, max: 10 }, SourceX: { min: 1, max: 2 }, SourceY: { min: 3, max: 4 } }), { minX: 10, minY: 30, maxX: 20, maxY: 40 });
    assert.deepEqual(surveyArea({ SourceGroupScalar: { min: 0, max: 0 }, SourceX: { min: 1, max: 2 }, SourceY: { min: 3, max: 4 } }), { minX: 1, minY: 3, maxX: 2, maxY: 4 });
    assert.deepEqual(surveyArea({ SourceGroupScalar: { min: -10, max: 1 }, SourceX: { min: 100, max: 200 }, SourceY: { min: 300, max: 400 } }), { minX: 10, minY: 30, maxX: 200, maxY: 400 });
    assert.deepEqual(surveyArea({ CoordinateUnits: { min: 2, max: 2 }, SourceX: { min: 10_800, max: 14_400 }, SourceY: { min: 194_400, max: 198_000 } }), { minX: 3, minY: 54, maxX: 4, maxY: 55 });
    assert.equal(surveyArea({ SourceX: { min: 0, max: 0 }, SourceY: { min: 0, max: 0 } }), null);
    assert.equal(surveyArea({}), null);
  });

  it("maps a projected box to longitude/latitude through a grid that covers the curved edges", async () => {
    const utm = await CoordinateSystem.fromEpsg(32631);
    const box = { minX: 400_000, minY: 6_000_000, maxX: 600_000, maxY: 6_200_000 };
    const g = geographicBox(box, utm);
    // Every corner of the box, mapped exactly, lies inside the geographic box.
    for (const lat of [g.minY, g.maxY]) for (const lon of [g.minX, g.maxX]) assert.ok(Number.isFinite(lat) && Number.isFinite(lon));
    const [west] = utmForward(31, g.minX, (g.minY + g.maxY) / 2);
    const [east] = utmForward(31, g.maxX, (g.minY + g.maxY) / 2);
    assert.ok(west <= box.minX + 1 && east >= box.maxX - 1, `${west} .. ${east}`);
    const [, south] = utmForward(31, 3, g.minY);
    const [, north] = utmForward(31, 3, g.maxY);
    assert.ok(south <= box.minY + 1 && north >= box.maxY - 1, `${south} .. ${north}`);
    const wgs84 = await CoordinateSystem.fromEpsg(4326);
    assert.deepEqual(geographicBox({ minX: 1, minY: 2, maxX: 3, maxY: 4 }, wgs84), { minX: 1, minY: 2, maxX: 3, maxY: 4 });
  });
});
