/**
 * Rich display: renderers over real objects (a generated survey imported into a real store, its gathers and
 * header tables) and plain JSON shapes (projects, provenance histories, cache statistics), `display` and the
 * progress display's in-place updates through a recording kernel.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { importSegy, LazySeismicData, MemoryStore, writeSurvey } from "../../src";
import { display, mimeBundleFor } from "../../kernel-ext/display/display";
import { progressDisplay } from "../../kernel-ext/display/progress";
import { registerRenderer } from "../../kernel-ext/display/registry";
import { KernelUnavailableError } from "../../kernel-ext/errors";
import { MIME_BUNDLE } from "../../kernel-ext/mime-bundle";
import { RecordingKernel } from "../../kernel-ext/testing";
import { tempDir } from "../helpers/paths";

function text(value: unknown): string {
  return mimeBundleFor(value).data["text/plain"] as string;
}

function html(value: unknown): string | undefined {
  return mimeBundleFor(value).data["text/html"] as string | undefined;
}

describe("rich display of SeisProc values", () => {
  let dataset: LazySeismicData;

  before(async () => {
    const file = path.join(tempDir(), "shots.sgy");
    await writeSurvey(file, { kind: "shots-2d", shots: 4, channels: 30, samples: 50, seed: 7 });
    const store = new MemoryStore();
    await importSegy(file, store, { gatherKey: "FieldRecord" });
    dataset = await LazySeismicData.open(store, "shots");
  });

  it("summarises a dataset: traces, sampling, gathers and source, as HTML and text", () => {
    const t = text(dataset);
    assert.match(t, /^Dataset shots \(/);
    assert.match(t, /traces: +120\n/);
    assert.match(t, /samples per trace: +50\n/);
    assert.match(t, /gathers: +4 by FieldRecord, keys \d+ … \d+/);
    assert.match(t, /shots\.sgy \(SEGY format/);
    assert.match(html(dataset) ?? "", /<table>.*<th[^>]*>traces<\/th><td[^>]*>120<\/td>/);
  });

  it("shows a gather as its header table, each row led by the trace index", async () => {
    const gather = await dataset.getGatherAt(1);
    const t = text(gather);
    assert.match(t, /^Gather \d+ \(#1\): 30 traces × 50 samples/);
    assert.match(t, /^trace +FieldRecord/m);
    assert.match(t, /first and last 10 shown/);
    assert.equal((html(gather)?.match(/<tr>/g) ?? []).length, 1 + 21);
  });

  it("shows a header-column table with all rows when short", async () => {
    const table = await dataset.headerColumns(["FieldRecord", "offset"], [0, 5]);
    const t = text(table);
    assert.match(t, /^FieldRecord +offset\n/);
    assert.match(t, /5 rows × 2 columns$/);
  });

  it("renders projects, provenance histories and cache statistics from their plain JSON shapes", () => {
    const step = { id: "s1", processorName: "agc", processorVersion: "1.0.0", parameters: { windowMs: 250 }, inputDatasetId: "aaaaaaaa-1111", outputDatasetId: "bbbbbbbb-2222", timestamp: "2025-01-01T00:00:00Z", durationMs: 812.4, checksum: "f".repeat(64) };
    const project = { id: "p-123456789", name: "Line 1", createdAt: "2025-01-01", modifiedAt: "2025-01-02", notes: "", datasets: [{ datasetId: "aaaaaaaa-1111", name: "raw", storagePath: "raw.seis", sourcePath: "raw.sgy", addedAt: "2025-01-01" }], processingHistory: [step] };
    assert.match(text(project), /^Project Line 1 \(p-123456\)\n {2}datasets: +1\n {2}processing steps: 1/);
    assert.match(text(project), /raw +aaaaaaaa +raw\.seis +raw\.sgy/);
    const history = text([step]);
    assert.match(history, /^Processing history \(1 step\)/);
    assert.match(history, /agc 1\.0\.0 +\{"windowMs":250\} +aaaaaaaa → bbbbbbbb/);
    assert.match(text({ steps: [step] }), /^Processing history/);
    const stats = { entries: 3, bytes: 1_500_000, budgetBytes: 3_000_000, budgetKind: "fixed", hitRate: 0.75, hits: 3, misses: 1, joined: 0, evictions: 2, wastedPrefetches: 1, pinned: [7], suspended: false };
    assert.match(text(stats), /^Gather cache\n {2}gathers held: +3\n {2}memory: +1\.5 MB of 3 MB \(fixed budget, 50 %\)\n {2}hit rate: +75 %/);
  });

  it("escapes HTML in values", () => {
    const project = { id: "p", name: "<script>x</script>", datasets: [], processingHistory: [] };
    assert.doesNotMatch(html(project) ?? "", /<script>/);
    assert.match(html(project) ?? "", /&lt;script&gt;/);
  });

  it("lets a notebook add renderers (tried first) and objects display themselves; anything else is inspected text", () => {
    const remove = registerRenderer({ name: "pick", accepts: (v) => typeof v === "object" && v !== null && "pickMs" in v, render: (v) => ({ text: `pick at ${(v as { pickMs: number }).pickMs} ms` }) });
    try {
      assert.equal(text({ pickMs: 12 }), "pick at 12 ms");
    } finally {
      remove();
    }
    assert.equal(text({ pickMs: 12 }), "{ pickMs: 12 }");
    assert.equal(text({ [MIME_BUNDLE]: () => ({ data: { "text/plain": "me" }, metadata: {} }) }), "me");
    assert.equal(text("plain"), "plain");
  });

  it("publishes display_data with a display_id, and updates it in place", () => {
    const kernel = RecordingKernel.install();
    try {
      const handle = display(dataset);
      handle.update("done");
      const [first, second] = kernel.messages;
      assert.equal(first.msgType, "display_data");
      assert.equal((first.content.transient as { display_id: string }).display_id, handle.displayId);
      assert.match((first.content.data as Record<string, string>)["text/html"], /seisproc-summary/);
      assert.equal(second.msgType, "update_display_data");
      assert.deepEqual(second.content.data, { "text/plain": "done" });
    } finally {
      kernel.uninstall();
    }
    assert.throws(() => display(1), KernelUnavailableError);
  });

  it("shows progress in one output updated in place, throttled, always ending with the final state", () => {
    const kernel = RecordingKernel.install();
    try {
      const progress = progressDisplay("Importing", { unit: "traces", minIntervalMs: 60_000 });
      for (let i = 1; i <= 100; i++) progress.onProgress({ phase: "traces", done: i, total: 100 });
      progress.finish("imported");
      const types = kernel.messages.map((m) => m.msgType);
      assert.deepEqual(types, ["display_data", "update_display_data"]);
      const ids = new Set(kernel.messages.map((m) => (m.content.transient as { display_id: string }).display_id));
      assert.equal(ids.size, 1);
      assert.equal((kernel.messages[1].content.data as Record<string, string>)["text/plain"], "Importing: imported (100 / 100 traces)");
      assert.match((kernel.messages[1].content.data as Record<string, string>)["text/html"], /<progress value="100" max="100"/);
    } finally {
      kernel.uninstall();
    }
    const phased = RecordingKernel.install();
    try {
      const progress = progressDisplay("Importing a.sgy", { unit: { traces: "traces", checksum: "bytes" }, minIntervalMs: 0 });
      progress.onProgress({ phase: "traces", done: 5, total: 10 });
      assert.equal(progress.text(), "Importing a.sgy [traces]: 50% (5 / 10 traces)");
      progress.onProgress({ phase: "checksum", done: 2048, total: 4096 });
      assert.equal(progress.text(), "Importing a.sgy [checksum]: 50% (2,048 / 4,096 bytes)");
      progress.finish("10 traces in 2 gathers");
      assert.equal(progress.text(), "Importing a.sgy: 10 traces in 2 gathers", "after several phases the message sums up, without the last phase's counts");
    } finally {
      phased.uninstall();
    }
    const quiet = progressDisplay("outside the kernel");
    quiet.update(1, 2);
    quiet.fail(new Error("x"));
    assert.equal(quiet.active, false);
  });
});
