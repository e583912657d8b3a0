/**
 * Gather requests from one view to its kernel model, matched to replies by request id (as mosaic's widget does):
 * at most one request of each kind (the whole gather, or a zoomed window at full detail) is wanted at a time; a
 * newer one cancels the older (a `gather-cancel` message, so the kernel stops working on it) and replies to
 * withdrawn requests are dropped.
 *
 * @module
 */
import type { FrontEndMessage, GatherErrorReply, GatherReply, GatherRequest } from "../../kernel-ext/widgets/protocol";

/** What a request was for: the whole gather (at screen resolution) or a window of it (zoomed, at full detail). */
export type RequestKind = "gather" | "detail";

/**
 * A request in flight.
 *
 * @example
 * ```ts
 * const p: PendingRequest = { id: 7, kind: "gather", key: 105, sentAt: performance.now() };
 * ```
 */
export interface PendingRequest {
  id: number;
  kind: RequestKind;
  key: number;
  /** `performance.now()` when it was sent. */
  sentAt: number;
}

/** Request fields the caller gives (the id and type are added). */
export type RequestFields = Omit<GatherRequest, "type" | "request_id">;

/**
 * The requests of one view.
 *
 * @example
 * ```ts
 * const requests = new GatherRequests((msg) => model.send(msg), () => model.nextRequestId());
 * requests.request("gather", { key: 105, max_traces: 900, max_samples: 1000 });
 * model.on("msg:custom", (content) => { const hit = requests.accept(content); if (hit) draw(content); });
 * ```
 */
export class GatherRequests {
  private readonly pending = new Map<RequestKind, PendingRequest>();
  /** Requests withdrawn so far (for tests and the status bar). */
  cancelled = 0;

  constructor(
    private readonly send: (message: FrontEndMessage) => void,
    private readonly nextId: () => number,
  ) {}

  /**
   * Sends a request of `kind`, withdrawing the one of the same kind in flight (a new gather request withdraws a
   * detail request too: it belongs to the gather being left). Returns the request.
   */
  request(kind: RequestKind, fields: RequestFields): PendingRequest {
    this.cancel(kind);
    if (kind === "gather") this.cancel("detail");
    const p: PendingRequest = { id: this.nextId(), kind, key: fields.key, sentAt: performance.now() };
    this.pending.set(kind, p);
    this.send({ type: "gather-request", request_id: p.id, ...fields });
    return p;
  }

  /** Withdraws the request of `kind` in flight, if any. */
  cancel(kind: RequestKind): void {
    const p = this.pending.get(kind);
    if (p === undefined) return;
    this.pending.delete(kind);
    this.cancelled++;
    this.send({ type: "gather-cancel", request_id: p.id });
  }

  /** Withdraws every request in flight. */
  cancelAll(): void {
    this.cancel("detail");
    this.cancel("gather");
  }

  /** The request of `kind` in flight, if any. */
  inFlight(kind: RequestKind): PendingRequest | undefined {
    return this.pending.get(kind);
  }

  /**
   * Matches a reply to the request it answers and retires that request; undefined for a reply nobody here waits
   * for (withdrawn, another view's, or not a gather reply at all).
   */
  accept(reply: unknown): PendingRequest | undefined {
    if (reply === null || typeof reply !== "object") return undefined;
    const r = reply as Partial<GatherReply> | Partial<GatherErrorReply>;
    const id = r.type === "gather" ? (r as Partial<GatherReply>).meta?.request_id : r.type === "gather-error" ? (r as Partial<GatherErrorReply>).request_id : undefined;
    if (id === undefined) return undefined;
    for (const [kind, p] of this.pending) {
      if (p.id === id) {
        this.pending.delete(kind);
        return p;
      }
    }
    return undefined;
  }
}
