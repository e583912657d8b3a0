/**
 * A change journal in one file of JSON lines, next to a project file. Each append is one write of whole lines
 * (`O_APPEND`), flushed to disk; a line cut short by a crash is skipped when reading and never glued to the next
 * append. Appends by several processes are meant to happen under the project's lock.
 *
 * @module
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileAccessError } from "../errors";
import { defaultLogger, type Logger } from "../util/logger";
import { completeEntry, parseJournalEntry, selectEntries, type ChangeJournal, type JournalEntry, type JournalReadOptions, type NewJournalEntry } from "./journal";

/**
 * A journal kept as JSON lines in `file` (created on the first append; its directory must exist).
 *
 * @example
 * ```ts
 * const journal = new FileJournal("survey/project.seisproc.journal.jsonl");
 * await journal.append([{ action: "notes-changed", summary: "edited the notes" }]);
 * const lines = (await journal.read()).map((e) => `${e.at} ${e.who.user}: ${e.summary}`);
 * ```
 */
export class FileJournal implements ChangeJournal {
  /** The journal file, made absolute. */
  readonly resource: string;
  private readonly logger: Logger;

  constructor(file: string, options: { logger?: Logger } = {}) {
    this.resource = path.resolve(file);
    this.logger = options.logger ?? defaultLogger();
  }

  /** Appends entries as lines, in one flushed write. */
  async append(entries: readonly NewJournalEntry[]): Promise<JournalEntry[]> {
    const recorded = entries.map((e) => completeEntry(e));
    if (recorded.length === 0) return recorded;
    let text = recorded.map((e) => `${JSON.stringify(e)}\n`).join("");
    try {
      const handle = await fs.open(this.resource, "a+");
      try {
        const { size } = await handle.stat();
        if (size > 0) {
          const last = new Uint8Array(1);
          await handle.read(last, 0, 1, size - 1);
          if (last[0] !== 0x0a) text = `\n${text}`; // a torn line before us stays on its own line
        }
        await handle.write(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw fileAccessError(this.resource, error);
    }
    return recorded;
  }

  /** The entries, oldest first (in file order); lines that do not parse are skipped and logged. */
  async read(options: JournalReadOptions = {}): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.resource, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw fileAccessError(this.resource, error);
    }
    const entries: JournalEntry[] = [];
    let skipped = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let entry: JournalEntry | undefined;
      try {
        entry = parseJournalEntry(JSON.parse(line));
      } catch {
        entry = undefined;
      }
      if (entry === undefined) skipped++;
      else entries.push(entry);
    }
    if (skipped > 0) this.logger.log("warn", "skipped damaged journal lines", { file: this.resource, skipped });
    return selectEntries(entries, options);
  }
}
