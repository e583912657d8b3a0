/** Binary values in widget state: separated at any depth without touching the input, and put back safely. */
import assert from "node:assert/strict";
import { insertBuffers, separateBuffers, viewOf } from "../../kernel-ext/binary-state";

describe("widget state buffers", () => {
  it("separates views and ArrayBuffers at any depth, deleting keys and nulling array items, without changing the input", () => {
    const input = { a: 1, b: new Uint8Array([1]), c: [0, new ArrayBuffer(2), { d: new Float64Array(1) }], e: { toJSON: () => ({ f: new Int8Array(1) }) } };
    const out = separateBuffers(input);
    assert.deepEqual(out.state, { a: 1, c: [0, null, {}], e: {} });
    assert.deepEqual(out.bufferPaths, [["b"], ["c", 1], ["c", 2, "d"], ["e", "f"]]);
    assert.equal(out.buffers.length, 4);
    assert.ok(input.b instanceof Uint8Array);
    assert.ok(input.c[1] instanceof ArrayBuffer);
  });

  it("puts buffers back at their paths and reports bad paths instead of throwing", () => {
    const state: Record<string, unknown> = { x: [{}], y: 1 };
    const v = viewOf(Buffer.from([1, 2]));
    const problems = insertBuffers(state, [["x", 0, "t"], ["nope", "deeper"], ["__proto__", "polluted"], "garbage"], [v, v, v, v]);
    assert.equal(((state.x as Record<string, unknown>[])[0].t as DataView).byteLength, 2);
    assert.equal(problems.length, 3);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(insertBuffers({}, undefined, []), []);
    assert.deepEqual(insertBuffers({}, [["a"]], []), ["1 buffer paths for 0 buffers"]);
  });
});
