/**
 * The check the concurrent-writers tests share: 8 child processes edit one shared project at once, and every
 * change of every one must be in the project and in its journal.
 */
import { strict as assert } from "node:assert";
import { SharedProject, type SharedProjectLocation } from "../../src/core/collab";
import { startChild } from "./child-process";
import { datasetIdOf, noteOf, SHARED_WRITER_CHILD } from "./shared-writer-child";

/** How many writer processes run at once. */
export const WRITERS = 8;

/**
 * Runs WRITERS child processes against one project at once, `rounds` saves each, and checks that every change of
 * every one is there and in the journal.
 */
export async function runWriters(
  mode: "dir" | "fs-store" | "url",
  where: string,
  location: SharedProjectLocation,
  options: { rounds: number; initialNotes: string; env?: Record<string, string> },
): Promise<void> {
  const { rounds, initialNotes, env = {} } = options;
  const created = await SharedProject.create(location, { name: "shared", notes: initialNotes }, { datasetCheck: async () => undefined });
  await created.close();
  const children = Array.from({ length: WRITERS }, (_, w) => startChild(SHARED_WRITER_CHILD, [mode, where, String(w), String(rounds)], env));
  const codes = await Promise.all(children.map((c) => c.exited));
  codes.forEach((code, w) => assert.equal(code, 0, `writer ${w} failed: ${children[w].stderr()}`));

  const shared = await SharedProject.open(location, { readOnly: true, datasetCheck: async () => undefined });
  const project = shared.project;
  const wanted: string[] = [];
  for (let w = 0; w < WRITERS; w++) for (let r = 0; r < rounds; r++) wanted.push(datasetIdOf(w, r));
  assert.deepEqual(project.datasets.map((d) => d.datasetId).sort(), [...wanted].sort(), "every dataset of every writer, once");
  assert.deepEqual(project.processingHistory.map((s) => s.inputDatasetId).sort(), [...wanted].sort(), "every processing step, once");
  const noteLines = project.notes.split("\n").filter((l) => l !== "");
  for (let w = 0; w < WRITERS; w++) {
    for (let r = 0; r < rounds; r++) assert.equal(noteLines.filter((l) => l === noteOf(w, r)).length, 1, `note "${noteOf(w, r)}" once in:\n${project.notes}`);
    // Each writer's own notes keep their order.
    const mine = noteLines.filter((l) => l.startsWith(`writer ${w} `));
    assert.deepEqual(mine, Array.from({ length: rounds }, (_, r) => noteOf(w, r)));
  }
  if (initialNotes !== "") assert.equal(noteLines[0], initialNotes);
  assert.equal(noteLines.length, WRITERS * rounds + (initialNotes === "" ? 0 : 1), "nothing else in the notes");

  const journal = await shared.changes();
  const added = journal.filter((e) => e.action === "dataset-added").map((e) => e.target);
  assert.deepEqual(added.sort(), [...wanted].sort(), "the journal lists every dataset added, once");
  assert.equal(journal.filter((e) => e.action === "step-recorded").length, WRITERS * rounds);
  assert.equal(journal.filter((e) => e.action === "notes-changed").length, WRITERS * rounds);
  assert.equal(journal[0].action, "project-created");
  const pids = new Set(journal.filter((e) => e.action === "dataset-added").map((e) => e.who.pid));
  assert.deepEqual([...pids].sort(), children.map((c) => c.child.pid).sort(), "each entry names the process that made it");
  for (let w = 0; w < WRITERS; w++) {
    const pid = children[w].child.pid;
    const mine = journal.filter((e) => e.action === "dataset-added" && e.who.pid === pid).map((e) => e.target);
    assert.deepEqual(mine, Array.from({ length: rounds }, (_, r) => datasetIdOf(w, r)), `writer ${w}'s entries carry its pid, in order`);
  }
}

