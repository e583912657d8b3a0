import { strict as assert } from "node:assert";
import { TypedEmitter } from "../../src";

interface Events {
  tick: { n: number };
  stop: { reason: string };
}

describe("TypedEmitter", () => {
  it("calls listeners in order, unsubscribes, and fires once-listeners once", () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const off = emitter.on("tick", (e) => seen.push(`a${e.n}`));
    emitter.on("tick", (e) => seen.push(`b${e.n}`));
    emitter.once("stop", (e) => seen.push(e.reason));
    emitter.emit("tick", { n: 1 });
    off();
    emitter.emit("tick", { n: 2 });
    emitter.emit("stop", { reason: "x" });
    emitter.emit("stop", { reason: "y" });
    assert.deepEqual(seen, ["a1", "b1", "b2", "x"]);
    assert.equal(emitter.listenerCount("tick"), 1);
    assert.equal(emitter.listenerCount("stop"), 0);
  });

  it("a throwing listener does not stop the others; its error is reported", () => {
    const errors: Array<[unknown, string]> = [];
    const emitter = new TypedEmitter<Events>({ onListenerError: (error, event) => errors.push([error, event]) });
    const seen: number[] = [];
    emitter.on("tick", () => {
      throw new Error("boom");
    });
    emitter.on("tick", (e) => seen.push(e.n));
    emitter.emit("tick", { n: 7 });
    assert.deepEqual(seen, [7]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0][1], "tick");
  });

  it("waitFor resolves with the next payload, or rejects when its signal aborts", async () => {
    const emitter = new TypedEmitter<Events>();
    const next = emitter.waitFor("tick");
    emitter.emit("tick", { n: 3 });
    assert.deepEqual(await next, { n: 3 });
    const controller = new AbortController();
    const never = emitter.waitFor("stop", controller.signal);
    controller.abort(new Error("gave up"));
    await assert.rejects(never, /gave up/);
    assert.equal(emitter.listenerCount("stop"), 0);
  });
});
