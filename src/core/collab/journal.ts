/**
 * The change log of a shared project: an append-only journal of who changed what, when. Entries are never edited
 * or removed. {@link FileJournal} keeps it as JSON lines in one file; {@link StoreJournal} as one object per entry
 * (object stores cannot append) under sortable keys.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { JsonValue } from "../project/json-value";
import { currentOwner, isLockOwner, type LockOwner } from "./owner";

/** One change, as recorded. */
export interface JournalEntry {
  /** A random id (UUID). */
  id: string;
  /** When it was saved (ISO 8601, the writer's clock). */
  at: string;
  /** Who saved it. */
  who: LockOwner;
  /** What kind of change: `"dataset-added"`, `"notes-changed"`, `"field-changed"`, ... */
  action: string;
  /** What it changed: a dataset id, a step id, a field path; `""` when it is the whole thing. */
  target: string;
  /** One line for people: `added dataset "raw" (3f2a...)`. */
  summary: string;
  /** Anything else worth keeping (e.g. the new value), or absent. */
  details?: JsonValue;
}

/** An entry to append: `id`, `at` and `who` are filled in when left out. */
export type NewJournalEntry = Omit<JournalEntry, "id" | "at" | "who" | "target"> & Partial<Pick<JournalEntry, "id" | "at" | "who" | "target">>;

/** Options of {@link ChangeJournal.read}. */
export interface JournalReadOptions {
  /** Only entries saved after this time (ISO 8601). */
  since?: string;
  /** At most this many, the newest ones (default all). */
  limit?: number;
}

/** An append-only journal of changes. */
export interface ChangeJournal {
  /** Where it is, for messages. */
  readonly resource: string;
  /** Appends entries, in order; returns them as recorded. */
  append(entries: readonly NewJournalEntry[]): Promise<JournalEntry[]>;
  /** The entries, oldest first. Damaged entries (a write cut short by a crash) are skipped. */
  read(options?: JournalReadOptions): Promise<JournalEntry[]>;
}

/**
 * Fills in an entry's id, time and author.
 *
 * @example
 * ```ts
 * completeEntry({ action: "notes-changed", summary: "edited the notes" }).who.user; // "ana"
 * ```
 */
export function completeEntry(entry: NewJournalEntry, now = new Date()): JournalEntry {
  const out: JournalEntry = {
    id: entry.id ?? randomUUID(),
    at: entry.at ?? now.toISOString(),
    who: entry.who ?? currentOwner(),
    action: entry.action,
    target: entry.target ?? "",
    summary: entry.summary,
  };
  if (entry.details !== undefined) out.details = entry.details;
  return out;
}

/**
 * Checks a parsed value read back from a journal; undefined when it is not an entry.
 *
 * @example
 * ```ts
 * const entry = parseJournalEntry(JSON.parse(line));
 * ```
 */
export function parseJournalEntry(value: unknown): JournalEntry | undefined {
  const v = value as Partial<JournalEntry> | null;
  if (typeof v !== "object" || v === null) return undefined;
  if (typeof v.id !== "string" || typeof v.at !== "string" || !isLockOwner(v.who) || typeof v.action !== "string" || typeof v.summary !== "string") return undefined;
  return { ...v, target: typeof v.target === "string" ? v.target : "" } as JournalEntry;
}

/**
 * Applies {@link JournalReadOptions} to entries sorted oldest first.
 *
 * @example
 * ```ts
 * selectEntries(all, { since: "2025-01-01T00:00:00Z", limit: 10 });
 * ```
 */
export function selectEntries(entries: JournalEntry[], options: JournalReadOptions = {}): JournalEntry[] {
  let out = entries;
  if (options.since !== undefined) {
    const since = Date.parse(options.since);
    out = out.filter((e) => Date.parse(e.at) > since);
  }
  if (options.limit !== undefined) out = out.slice(Math.max(0, out.length - options.limit));
  return out;
}
