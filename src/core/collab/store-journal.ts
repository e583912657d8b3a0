/**
 * A change journal on object storage, where objects cannot be appended to: one small JSON object per entry,
 * under a key that sorts by time (`<prefix><ms since 1970, 16 digits>-<process sequence>-<id>.json`), written with
 * create-if-absent when the store can, so that no entry ever replaces another. Order across hosts follows
 * their clocks.
 *
 * @module
 */
import type { MutableStore, StoreKey } from "../storage/types";
import { defaultLogger, type Logger } from "../util/logger";
import { isConditionalStore } from "../cloud/conditional";
import { completeEntry, parseJournalEntry, selectEntries, type ChangeJournal, type JournalEntry, type JournalReadOptions, type NewJournalEntry } from "./journal";

/** Reads at most this many entry objects at once. */
const READ_CONCURRENCY = 16;

let sequence = 0;

/**
 * The key of an entry: sortable by time, then by this process's sequence, unique by the entry's id.
 *
 * @example
 * ```ts
 * journalEntryKey("/journal/", entry); // "/journal/0001718000000000-000001-3f2a9c1e-....json"
 * ```
 */
export function journalEntryKey(prefix: StoreKey, entry: JournalEntry): StoreKey {
  // 16 digits hold every time a Date can (to year 275760); times before 1970 sort first, as 0.
  const ms = String(Math.max(0, Date.parse(entry.at) || 0)).padStart(16, "0");
  const seq = String(++sequence % 1_000_000).padStart(6, "0");
  return `${prefix}${ms}-${seq}-${entry.id}.json` as StoreKey;
}

/**
 * A journal kept as one object per entry under `prefix` (ending in `/`) in a store.
 *
 * @example
 * ```ts
 * const journal = new StoreJournal(store, "/projects/north.journal/");
 * await journal.append([{ action: "dataset-added", target: id, summary: "added dataset raw" }]);
 * const recent = await journal.read({ limit: 20 });
 * ```
 */
export class StoreJournal implements ChangeJournal {
  /** The journal, described for messages. */
  readonly resource: string;
  private readonly logger: Logger;

  constructor(
    private readonly store: MutableStore,
    /** The key prefix of the entries, ending in `/`. */
    readonly prefix: StoreKey,
    options: { logger?: Logger; storeName?: string } = {},
  ) {
    this.resource = `${options.storeName ?? "store"}:${prefix}`;
    this.logger = options.logger ?? defaultLogger();
  }

  /** Writes one object per entry, in order. */
  async append(entries: readonly NewJournalEntry[]): Promise<JournalEntry[]> {
    const recorded = entries.map((e) => completeEntry(e));
    for (const entry of recorded) {
      const key = journalEntryKey(this.prefix, entry);
      const bytes = new TextEncoder().encode(`${JSON.stringify(entry)}\n`);
      if (isConditionalStore(this.store)) await this.store.putIfAbsent(key, bytes);
      else await this.store.set(key, bytes);
    }
    return recorded;
  }

  /** The entries, oldest first (by key); objects that do not parse are skipped and logged. */
  async read(options: JournalReadOptions = {}): Promise<JournalEntry[]> {
    const keys: StoreKey[] = [];
    for await (const key of this.store.list(this.prefix)) if (key.endsWith(".json") && !key.slice(this.prefix.length).includes("/")) keys.push(key);
    keys.sort();
    const out: (JournalEntry | undefined)[] = new Array(keys.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length) {
        const i = next++;
        const bytes = await this.store.get(keys[i]);
        try {
          out[i] = bytes === undefined ? undefined : parseJournalEntry(JSON.parse(new TextDecoder().decode(bytes)));
        } catch {
          out[i] = undefined;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
    const entries = out.filter((e): e is JournalEntry => e !== undefined);
    if (entries.length < keys.length) this.logger.log("warn", "skipped damaged journal entries", { journal: this.resource, skipped: keys.length - entries.length });
    return selectEntries(entries, options);
  }
}
