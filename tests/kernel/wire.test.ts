/**
 * The wire codec: HMAC over the four JSON frames only (so messages with binary buffers verify), raw buffer
 * frames both ways, strict rejection of bad, missing and replayed signatures, and frames that are not a message.
 */
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { WireMessageError } from "../../kernel-ext/errors";
import { decodeMessage, encodeMessage, newHeader, ReplayGuard, Signer } from "../../kernel-ext/kernel/wire";

const KEY = "6d3c1e0f-test-key";

function frames(buffers: Buffer[], key = KEY): Buffer[] {
  const json = [newHeader("comm_msg", "s1", "user"), {}, {}, { comm_id: "c", data: { method: "custom" } }].map((p) => Buffer.from(JSON.stringify(p)));
  const hmac = createHmac("sha256", key);
  for (const part of json) hmac.update(part);
  return [Buffer.from("client-identity"), Buffer.from("<IDS|MSG>"), Buffer.from(hmac.digest("hex")), ...json, ...buffers];
}

describe("Jupyter wire codec", () => {
  const signer = new Signer("hmac-sha256", KEY);

  it("verifies a message with binary buffers: only the four JSON frames are signed", () => {
    const msg = decodeMessage(frames([Buffer.from([0, 1, 2]), Buffer.alloc(1000, 7)]), signer);
    assert.equal(msg.header.msg_type, "comm_msg");
    assert.deepEqual(msg.identities, [Buffer.from("client-identity")]);
    assert.equal(msg.buffers.length, 2);
    assert.deepEqual([...msg.buffers[0]], [0, 1, 2]);
  });

  it("rejects a wrong signature, an unsigned message and a replay", () => {
    assert.throws(() => decodeMessage(frames([], "other-key"), signer), (e: unknown) => e instanceof WireMessageError && e.reason === "signature");
    const unsigned = frames([]);
    unsigned[2] = Buffer.from("");
    assert.throws(() => decodeMessage(unsigned, signer), (e: unknown) => e instanceof WireMessageError && e.reason === "signature");
    const guard = new ReplayGuard();
    const once = frames([]);
    decodeMessage(once, signer, guard);
    assert.throws(() => decodeMessage(once, signer, guard), (e: unknown) => e instanceof WireMessageError && e.reason === "replay");
  });

  it("rejects frames that are not a message", () => {
    assert.throws(() => decodeMessage([Buffer.from("x")], signer), (e: unknown) => e instanceof WireMessageError && e.reason === "malformed");
    const bad = frames([]);
    bad[3] = Buffer.from("{not json");
    const hmac = createHmac("sha256", KEY);
    for (const part of bad.slice(3, 7)) hmac.update(part);
    bad[2] = Buffer.from(hmac.digest("hex"));
    assert.throws(() => decodeMessage(bad, signer), (e: unknown) => e instanceof WireMessageError && e.reason === "malformed");
  });

  it("encodes buffers as raw frames after the signed JSON frames, round-tripping through decode", () => {
    const header = newHeader("comm_msg", "kernel");
    const out = encodeMessage({ identities: [], header, parent: {}, metadata: {}, content: { a: 1 }, buffers: [new Float32Array([1.5]), new Uint8Array([9, 8])] }, signer);
    assert.equal(out.length, 1 + 1 + 4 + 2);
    assert.deepEqual([...out[7]], [9, 8]);
    assert.equal(new Float32Array(new Uint8Array(out[6]).buffer)[0], 1.5);
    const back = decodeMessage(out, signer);
    assert.deepEqual(back.content, { a: 1 });
    assert.equal(back.buffers.length, 2);
  });

  it("accepts anything when the key is empty (the spec's 'no authentication')", () => {
    const open = new Signer("hmac-sha256", "");
    const msg = frames([]);
    msg[2] = Buffer.from("");
    assert.equal(decodeMessage(msg, open).header.msg_type, "comm_msg");
  });
});
