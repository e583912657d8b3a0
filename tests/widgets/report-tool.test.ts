/**
 * The HTML report tool without a browser: Markdown that cannot inject markup, scripts that cannot end early,
 * notebooks it refuses with a clear message, the bundle inlined or copied beside the page, and its command line.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ReportError } from "../../kernel-ext/report/errors";
import { scriptSafe, writeHtmlReport } from "../../kernel-ext/report/html-report";
import { markdownToHtml } from "../../kernel-ext/report/markdown";
import { parseNotebook } from "../../kernel-ext/report/notebook";
import { reportMain } from "../../kernel-ext/report/report-cli";
import { tempDir } from "../helpers/paths";
import { notebookWithWidgets, syntheticGather, viewerWidgetState } from "./helpers/synthetic-gather";

describe("widgets: HTML report tool", () => {
  let dir: string;
  let bundle: string;
  let nbPath: string;

  before(() => {
    dir = tempDir("seisproc-report-tool-");
    bundle = path.join(dir, "fake-embed.js");
    writeFileSync(bundle, 'window.seen = "</script><b>not markup</b>"; // </SCRIPT>\n');
    nbPath = path.join(dir, "nb.ipynb");
    const nb = notebookWithWidgets([viewerWidgetState(syntheticGather(4, 8), { dataset_name: "</script><img src=x onerror=alert(1)>" })]);
    (nb.cells as Record<string, unknown>[]).push({ cell_type: "markdown", metadata: {}, source: "<script>alert(1)</script> and `a<b` **bold** [link](https://example.org/x)" });
    (nb.cells as Record<string, unknown>[]).push({ cell_type: "code", metadata: {}, execution_count: 3, source: "1 < 2", outputs: [{ output_type: "error", ename: "Error", evalue: "boom <b>", traceback: ["\u001b[31mError\u001b[0m: boom"] }] });
    writeFileSync(nbPath, JSON.stringify(nb));
  });

  it("renders Markdown safely", () => {
    assert.equal(markdownToHtml("# Title\nsome *text*"), "<h1>Title</h1>\n<p>some <em>text</em></p>");
    assert.equal(markdownToHtml("<script>x</script>"), "<p>&lt;script&gt;x&lt;/script&gt;</p>");
    assert.equal(markdownToHtml("- a\n- `b<c`"), "<ul><li>a</li><li><code>b&lt;c</code></li></ul>");
    assert.equal(markdownToHtml("```\n<x>\n```"), "<pre><code>&lt;x&gt;</code></pre>");
    assert.equal(markdownToHtml("[a](javascript:alert(1))"), "<p>[a](javascript:alert(1))</p>", "only http(s) and relative links");
  });

  it("keeps scripts whole", () => {
    assert.equal(scriptSafe('"</script>"'), '"<\\/script>"');
    assert.equal(scriptSafe("x</SCRIPT >"), "x<\\/SCRIPT >");
  });

  it("refuses what is not an nbformat 4 notebook, saying why", () => {
    assert.throws(() => parseNotebook("{", "a.ipynb"), (e: unknown) => e instanceof ReportError && /a\.ipynb: is not JSON/.test(e.message));
    assert.throws(() => parseNotebook('{"nbformat":3,"cells":[]}', "b.ipynb"), /only nbformat 4 is supported/);
    assert.throws(() => parseNotebook('{"nbformat":4}', "c.ipynb"), /has no list of cells/);
  });

  it("inlines the bundle and the saved state so that neither can break out of its script element", async () => {
    const out = path.join(dir, "inline.html");
    const summary = await writeHtmlReport(nbPath, out, { bundlePath: bundle });
    assert.deepEqual([summary.widgetViews, summary.widgetModels, summary.cells, summary.bundle], [1, 1, 4, "inline"]);
    const html = readFileSync(out, "utf8");
    assert.equal((html.match(/<\/script>/gi) ?? []).length, 3, "state, one view, bundle: three script elements, each closed once");
    assert.ok(html.includes('window.seen = "<\\/script><b>not markup</b>"'));
    assert.ok(!html.includes("<img src=x"), "the dataset name stays inside the JSON");
    assert.ok(html.includes("\\u003c/script>\\u003cimg src=x"));
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert.ok(html.includes("Error: boom &lt;b&gt;") && !html.includes("\u001b["), "errors are escaped and ANSI colours removed");
    assert.ok(!/https?:\/\/(?!example\.org)/.test(html), "no URL other than the notebook's own link");
    assert.ok(!readdirSync(dir).some((f) => f.includes(".partial-")), "no partial file left");
  });

  it("copies the bundle beside the page with bundle: external", async () => {
    const sub = path.join(dir, "site");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(sub);
    const out = path.join(sub, "report.html");
    await writeHtmlReport(nbPath, out, { bundlePath: bundle, bundle: "external" });
    assert.ok(readFileSync(out, "utf8").includes('<script src="seisproc-embed.js"></script>'));
    assert.deepEqual(readFileSync(path.join(sub, "seisproc-embed.js")), readFileSync(bundle));
  });

  it("says how to build a missing bundle, and writes nothing", async () => {
    const out = path.join(dir, "none.html");
    await assert.rejects(writeHtmlReport(nbPath, out, { bundlePath: path.join(dir, "missing.js") }), (e: unknown) => e instanceof ReportError && /npm run build:widgets/.test(e.message));
    assert.equal(existsSync(out), false);
    await assert.rejects(writeHtmlReport(nbPath, path.join(dir, "no-such-dir", "x.html"), { bundlePath: bundle }), /its directory does not exist/);
  });

  it("has a command line", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const out = path.join(dir, "cli.html");
    assert.equal(await reportMain([nbPath, "-o", out, "--bundle", bundle, "--title", "CLI"], (l) => lines.push(l), (l) => errors.push(l)), 0);
    assert.match(lines[0], /cli\.html: 4 cells, 1 widget views, 1 widget models, bundle inline/);
    assert.ok(readFileSync(out, "utf8").includes("<title>CLI</title>"));
    assert.equal(await reportMain([], () => undefined, (l) => errors.push(l)), 2);
    assert.equal(await reportMain([path.join(dir, "absent.ipynb"), "--bundle", bundle], () => undefined, (l) => errors.push(l)), 1);
    assert.match(errors.at(-1) ?? "", /absent\.ipynb: cannot be read/);
  });
});
