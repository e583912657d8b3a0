/**
 * The Jupyter wire protocol (messaging spec 5.3): a message is ZeroMQ routing identities, the `<IDS|MSG>`
 * delimiter, an HMAC signature, four JSON frames (header, parent header, metadata, content) and any number of
 * binary buffer frames. Only the four JSON frames are signed; buffers travel as raw bytes both ways.
 *
 * Signatures are checked strictly: with a non-empty key, a message whose signature is missing, wrong or already
 * seen (a replay) is rejected with a {@link WireMessageError} and must be dropped unread.
 *
 * @module
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { WireMessageError } from "../errors";

/** The delimiter between routing identities and the signed message. */
const DELIMITER = Buffer.from("<IDS|MSG>");

/**
 * A message header.
 *
 * @example
 * ```ts
 * const header: MessageHeader = newHeader("status", session);
 * ```
 */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
  [key: string]: unknown;
}

/**
 * A decoded (or to-be-encoded) message.
 *
 * @example
 * ```ts
 * const msg: WireMessage = decodeMessage(frames, signer);
 * msg.header.msg_type; // "execute_request"
 * ```
 */
export interface WireMessage {
  /** ZeroMQ routing identities (shell/control replies go back to them). */
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the message that caused this one, or `{}`. */
  parent: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  /** Binary frames after the content. */
  buffers: Buffer[];
}

/**
 * Computes and checks HMAC signatures with the connection file's key and `signature_scheme`.
 *
 * @example
 * ```ts
 * const signer = new Signer("hmac-sha256", "a0f3…");
 * const signature = signer.sign([header, parent, metadata, content]);
 * ```
 */
export class Signer {
  private readonly algorithm: string;
  private readonly key: Buffer;

  constructor(scheme: string, key: string) {
    const m = /^hmac-([a-z0-9-]+)$/i.exec(scheme);
    if (m === null) throw new WireMessageError("malformed", `unsupported signature_scheme "${scheme}"; expected hmac-sha256`);
    this.algorithm = m[1].toLowerCase();
    this.key = Buffer.from(key, "utf8");
    createHmac(this.algorithm, "probe"); // throws now for an algorithm OpenSSL does not have
  }

  /** True when messages are signed at all (an empty key means "no authentication", per the spec). */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  /** The hex signature of the four JSON frames (`""` when signing is off). */
  sign(parts: readonly Uint8Array[]): string {
    if (!this.enabled) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** True when `signature` is right for `parts` (constant-time comparison). */
  verify(signature: string, parts: readonly Uint8Array[]): boolean {
    if (!this.enabled) return true;
    const want = Buffer.from(this.sign(parts), "utf8");
    const got = Buffer.from(signature, "utf8");
    return got.length === want.length && timingSafeEqual(got, want);
  }
}

/**
 * Remembers recently seen signatures so that a captured message cannot be replayed (as ipykernel's
 * `digest_history`). Keeps the last `capacity` signatures.
 *
 * @example
 * ```ts
 * const guard = new ReplayGuard();
 * guard.check("ab12…"); // true the first time, false after
 * ```
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 1 << 16) {}

  /** True when `signature` is new (and records it). Empty signatures (signing off) are not tracked. */
  check(signature: string): boolean {
    if (signature === "") return true;
    if (this.seen.has(signature)) return false;
    this.seen.add(signature);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}

function parseJson(frame: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (error) {
    throw new WireMessageError("malformed", `${name} frame is not JSON`, { cause: error });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new WireMessageError("malformed", `${name} frame is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Decodes the frames of one received message, checking the signature over the four JSON frames (never the
 * buffers) and, with `replay`, that the signature was not seen before. Throws {@link WireMessageError}.
 *
 * @example
 * ```ts
 * for await (const frames of shell) {
 *   try { handle(decodeMessage(frames, signer, replayGuard)); } catch (e) { log(e); }
 * }
 * ```
 */
export function decodeMessage(frames: readonly Buffer[], signer: Signer, replay?: ReplayGuard): WireMessage {
  const delimiter = frames.findIndex((f) => f.equals(DELIMITER));
  if (delimiter === -1) throw new WireMessageError("malformed", "no <IDS|MSG> delimiter");
  if (frames.length < delimiter + 6) throw new WireMessageError("malformed", `${frames.length - delimiter - 1} frames after the delimiter; need a signature and 4 JSON frames`);
  const signature = frames[delimiter + 1].toString("utf8");
  const signed = frames.slice(delimiter + 2, delimiter + 6);
  if (!signer.verify(signature, signed)) throw new WireMessageError("signature", signature === "" ? "unsigned message" : "HMAC signature does not match");
  if (replay !== undefined && !replay.check(signature)) throw new WireMessageError("replay", "signature already seen (replayed message)");
  const header = parseJson(signed[0], "header");
  if (typeof header.msg_type !== "string" || typeof header.msg_id !== "string") throw new WireMessageError("malformed", "header without msg_type or msg_id");
  return {
    identities: frames.slice(0, delimiter),
    header: header as MessageHeader,
    parent: parseJson(signed[1], "parent_header") as Partial<MessageHeader>,
    metadata: parseJson(signed[2], "metadata"),
    content: parseJson(signed[3], "content"),
    buffers: frames.slice(delimiter + 6),
  };
}

/**
 * A fresh header for a message the kernel sends.
 *
 * @example
 * ```ts
 * newHeader("execute_reply", request.header.session);
 * ```
 */
export function newHeader(msgType: string, session: string, username = "kernel"): MessageHeader {
  return { msg_id: randomUUID(), msg_type: msgType, session, username, date: new Date().toISOString(), version: "5.3" };
}

function bufferOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Encodes a message into frames: identities, delimiter, signature, the four JSON frames, then each buffer as
 * its raw bytes.
 *
 * @example
 * ```ts
 * await socket.send(encodeMessage({ identities, header, parent, metadata: {}, content, buffers: [] }, signer));
 * ```
 */
export function encodeMessage(msg: Omit<WireMessage, "buffers"> & { buffers: readonly ArrayBufferView[] }, signer: Signer): Buffer[] {
  const json = [msg.header, msg.parent, msg.metadata, msg.content].map((part) => Buffer.from(JSON.stringify(part), "utf8"));
  return [...msg.identities, DELIMITER, Buffer.from(signer.sign(json), "utf8"), ...json, ...msg.buffers.map(bufferOf)];
}
