import { strict as assert } from "node:assert";
import { budgetBytes, checkPrefetchDepth, normalizeBudget, prefetchPlan, systemMemoryProbe, ValidationError } from "../../src";

describe("prefetch plan and memory budget", () => {
  it("orders neighbours ahead in the direction of travel before those behind", () => {
    assert.deepEqual(prefetchPlan(10, 1, 2, 100).map((s) => s.position), [11, 12, 9, 8]);
    assert.deepEqual(prefetchPlan(10, -1, 3, 100).map((s) => s.position), [9, 8, 11, 7, 12, 13]);
    assert.deepEqual(prefetchPlan(1, 1, 3, 3).map((s) => s.position), [2, 0], "clipped at both ends");
    assert.deepEqual(prefetchPlan(0, 1, 5, 1), []);
    assert.equal(checkPrefetchDepth(5), 5);
    assert.throws(() => checkPrefetchDepth(0), ValidationError);
  });

  it("computes fixed and adaptive budgets, dropping the floor under pressure", () => {
    const probe = (available: number) => () => ({ availableBytes: available, limitBytes: 8e9, source: "test" });
    assert.equal(budgetBytes(512e6, 0), 512e6);
    assert.equal(budgetBytes({ kind: "adaptive", fraction: 0.5, minBytes: 10, maxBytes: 1e9 }, 100, probe(900)), 500);
    assert.equal(budgetBytes({ kind: "adaptive", fraction: 0.5, minBytes: 0, maxBytes: 1000 }, 0, probe(1e9)), 1000, "capped at maxBytes");
    assert.equal(budgetBytes({ kind: "adaptive", fraction: 0.25, minBytes: 64e6 }, 0, probe(100e6)), 64e6, "raised to the floor when there is room");
    assert.equal(budgetBytes({ kind: "adaptive", fraction: 0.25, minBytes: 64e6 }, 20e6, probe(10e6)), 7.5e6, "below the floor under pressure");
    assert.throws(() => normalizeBudget({ kind: "adaptive", fraction: 2 }), ValidationError);
    assert.throws(() => normalizeBudget(-1), ValidationError);
    const real = systemMemoryProbe();
    assert.ok(real.availableBytes > 0 && real.availableBytes <= real.limitBytes, JSON.stringify(real));
  });
});
