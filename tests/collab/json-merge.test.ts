import { strict as assert } from "node:assert";
import { mergeJson, mergeJsonOrThrow, MergeConflictError, mergeSequences } from "../../src/core/collab";

describe("three-way JSON merge", () => {
  it("takes each side's change when they touch different fields", () => {
    const base = { name: "North", notes: "", crs: "EPSG:23031", tags: ["a"] };
    const ours = { name: "North Sea", notes: "", crs: "EPSG:23031", tags: ["a"] };
    const theirs = { name: "North", notes: "", crs: "EPSG:32631", tags: ["a"] };
    assert.deepEqual(mergeJson(base, ours, theirs), { value: { name: "North Sea", notes: "", crs: "EPSG:32631", tags: ["a"] }, conflicts: [] });
  });

  it("merges arrays of records by id: both sides' additions, one side's edit, one side's removal", () => {
    const base = { datasets: [{ datasetId: "a", name: "raw" }, { datasetId: "b", name: "nmo" }, { datasetId: "c", name: "old" }] };
    const ours = { datasets: [{ datasetId: "a", name: "raw (fixed)" }, { datasetId: "b", name: "nmo" }, { datasetId: "c", name: "old" }, { datasetId: "d", name: "ours" }] };
    const theirs = { datasets: [{ datasetId: "a", name: "raw" }, { datasetId: "b", name: "nmo" }, { datasetId: "e", name: "theirs" }] };
    const { value, conflicts } = mergeJson(base, ours, theirs);
    assert.deepEqual(conflicts, []);
    assert.deepEqual(value, {
      datasets: [{ datasetId: "a", name: "raw (fixed)" }, { datasetId: "b", name: "nmo" }, { datasetId: "e", name: "theirs" }, { datasetId: "d", name: "ours" }],
    });
  });

  it("places our new record after its neighbour in ours", () => {
    const base = { steps: [{ id: 1 }, { id: 2 }] };
    const ours = { steps: [{ id: 1 }, { id: 9 }, { id: 2 }] };
    const theirs = { steps: [{ id: 1 }, { id: 2 }, { id: 3 }] };
    assert.deepEqual(mergeJson(base, ours, theirs).value, { steps: [{ id: 1 }, { id: 9 }, { id: 2 }, { id: 3 }] });
  });

  it("reports a field both sides changed differently, with base, ours and theirs, and its path through record ids", () => {
    const base = { datasets: [{ datasetId: "a", name: "raw", metadata: { gain: 1 } }] };
    const ours = { datasets: [{ datasetId: "a", name: "raw", metadata: { gain: 2 } }] };
    const theirs = { datasets: [{ datasetId: "a", name: "raw", metadata: { gain: 3 } }] };
    const { conflicts } = mergeJson(base, ours, theirs);
    assert.equal(conflicts.length, 1);
    assert.equal(conflicts[0].path, "datasets[datasetId=a].metadata.gain");
    assert.deepEqual([conflicts[0].base, conflicts[0].ours, conflicts[0].theirs], [1, 2, 3]);
    assert.throws(
      () => mergeJsonOrThrow("p.json", base, ours, theirs),
      (e: unknown) => e instanceof MergeConflictError && e.conflicts.length === 1 && /gain/.test(e.message) && e.tag === "MergeConflictError",
    );
  });

  it("reports a record deleted on one side and changed on the other", () => {
    const base = { datasets: [{ id: "a", name: "raw" }] };
    const ours = { datasets: [] };
    const theirs = { datasets: [{ id: "a", name: "renamed" }] };
    const { conflicts } = mergeJson(base, ours, theirs);
    assert.equal(conflicts.length, 1);
    assert.equal(conflicts[0].path, "datasets[id=a]");
    assert.equal(conflicts[0].ours, undefined);
    assert.deepEqual(conflicts[0].theirs, { id: "a", name: "renamed" });
  });

  it("drops a record one side deleted when the other left it alone", () => {
    const base = { datasets: [{ id: "a" }, { id: "b" }] };
    assert.deepEqual(mergeJson(base, { datasets: [{ id: "b" }] }, { datasets: [{ id: "a" }, { id: "b" }, { id: "c" }] }).value, { datasets: [{ id: "b" }, { id: "c" }] });
  });

  it("merges notes: appended paragraphs from both sides are all kept, theirs first", () => {
    const base = { notes: "Survey notes." };
    const ours = { notes: "Survey notes.\n\nours: picked velocities" };
    const theirs = { notes: "Survey notes.\n\ntheirs: fixed geometry" };
    assert.deepEqual(mergeJson(base, ours, theirs), { value: { notes: "Survey notes.\n\ntheirs: fixed geometry\n\nours: picked velocities" }, conflicts: [] });
  });

  it("merges text added to an empty free-text field by both sides, but not one-line values of other fields", () => {
    assert.deepEqual(mergeJson({ notes: "" }, { notes: "ours" }, { notes: "theirs" }, { textPaths: ["notes"] }), { value: { notes: "theirs\nours" }, conflicts: [] });
    assert.deepEqual(mergeJson({ name: "" }, { name: "ours" }, { name: "theirs" }, { textPaths: ["notes"] }).conflicts.map((c) => c.path), ["name"]);
  });

  it("merges notes edited in different lines, and reports the same line edited differently", () => {
    const base = "line 1\nline 2\nline 3\n";
    assert.deepEqual(mergeJson(base, "line 1 (ours)\nline 2\nline 3\n", "line 1\nline 2\nline 3 (theirs)\n").value, "line 1 (ours)\nline 2\nline 3 (theirs)\n");
    const clash = mergeJson(base, "line 1\nline 2 ours\nline 3\n", "line 1\nline 2 theirs\nline 3\n");
    assert.equal(clash.conflicts.length, 1);
    assert.equal(clash.conflicts[0].ours, "line 1\nline 2 ours\nline 3\n");
  });

  it("reports one-line strings changed differently, and settles them with a resolver when asked", () => {
    const base = { name: "a", modifiedAt: "2024-01-01T00:00:00.000Z" };
    const ours = { name: "b", modifiedAt: "2024-01-02T00:00:00.000Z" };
    const theirs = { name: "c", modifiedAt: "2024-01-03T00:00:00.000Z" };
    assert.deepEqual(
      mergeJson(base, ours, theirs).conflicts.map((c) => c.path),
      ["name", "modifiedAt"],
    );
    const latest = { path: "modifiedAt", resolve: (c: { ours?: unknown; theirs?: unknown }) => ({ value: [c.ours, c.theirs].sort().pop() as string }) };
    const merged = mergeJson(base, ours, theirs, { resolvers: [latest, { path: "name", resolve: "ours" }] });
    assert.deepEqual(merged, { value: { name: "b", modifiedAt: "2024-01-03T00:00:00.000Z" }, conflicts: [] });
  });

  it("matches resolver paths with * over record segments", () => {
    const base = { datasets: [{ id: "a", seen: 1 }] };
    const merged = mergeJson(base, { datasets: [{ id: "a", seen: 2 }] }, { datasets: [{ id: "a", seen: 3 }] }, { resolvers: [{ path: "datasets.*.seen", resolve: "theirs" }] });
    assert.deepEqual(merged, { value: { datasets: [{ id: "a", seen: 3 }] }, conflicts: [] });
  });

  it("merges arrays without ids as sequences, keeping both insertions once", () => {
    assert.deepEqual(mergeJson(["x", "y"], ["x", "y", "o"], ["t", "x", "y"]).value, ["t", "x", "y", "o"]);
    assert.deepEqual(mergeJson([1], [1, 2], [1, 2]).value, [1, 2]);
    assert.deepEqual(mergeJson([1], [1, 2, 3], [1, 2, 4]).value, [1, 2, 4, 3]);
    assert.equal(mergeJson([1, 2], [1, 5], [1, 6]).conflicts.length, 1);
  });

  it("treats a document created on both sides from nothing as a field-by-field merge", () => {
    const { conflicts } = mergeJson(undefined, { id: "p1", name: "x", extra: 1 }, { id: "p2", name: "x" });
    assert.deepEqual(conflicts.map((c) => c.path), ["id"]);
  });

  it("does not confuse prototype names with fields", () => {
    const merged = mergeJson({}, JSON.parse('{"constructor": 1}'), JSON.parse('{"toString": 2}'));
    assert.deepEqual(merged, { value: { toString: 2, constructor: 1 }, conflicts: [] });
  });
});

describe("sequence merge (diff3)", () => {
  it("keeps changes in separate stretches and reports overlapping ones", () => {
    const key = (s: string): string => s;
    assert.deepEqual(mergeSequences(["a", "b", "c", "d"], ["a", "B", "c", "d"], ["a", "b", "c", "D"], key), { conflict: false, items: ["a", "B", "c", "D"] });
    assert.deepEqual(mergeSequences(["a", "b", "c"], ["a", "c"], ["a", "b", "c"], key), { conflict: false, items: ["a", "c"] });
    assert.deepEqual(mergeSequences(["a", "b"], ["a", "x"], ["a", "y"], key), { conflict: true });
    assert.deepEqual(mergeSequences([], ["o"], ["t"], key), { conflict: false, items: ["t", "o"] });
  });
});
