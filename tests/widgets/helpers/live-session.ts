/**
 * A live widget session: jupyter-server running our kernel, a page it serves (the `live` bundle: @jupyterlab/
 * services + a @jupyter-widgets/base-manager manager + our widgets) open in Chromium and connected to a fresh
 * kernel, and a way to run cells in that kernel from the test (their widget views appear in the page).
 *
 * @module
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { repoRoot } from "../../helpers/paths";
import type { TestBrowser } from "./browser";
import { recordErrors, recordNetwork } from "./browser";
import { startJupyterServer, type JupyterServer } from "./jupyter-server";
import { serveDirectory } from "./static-server";
import { ensureBundle } from "./widget-bundles";

/** The live page's bundle. */
export const LIVE_BUNDLE = path.join(repoRoot, "dist", "widgets", "live", "seisproc-live.js");

/** What a cell gave (see widgets/src/live/live-harness.ts). */
export interface CellResult {
  text: string | null;
  views: string[];
  stdout: string;
  error: string | null;
}

/** An open live session. */
export interface LiveSession {
  page: Page;
  server: JupyterServer;
  /** Requests the page made outside the server (must stay empty). */
  outside: string[];
  /** Page and console errors. */
  errors: string[];
  /** Runs a cell in the kernel; rejects when it fails. */
  run(code: string): Promise<CellResult>;
  /** Evaluates an expression in the kernel and returns its value (through JSON on stdout). */
  value<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts the server in `rootDir`, opens the page and connects it to a new SeisProc kernel. */
export async function openLiveSession(browser: TestBrowser, rootDir: string): Promise<LiveSession> {
  ensureBundle("live", LIVE_BUNDLE);
  const pageDir = path.join(rootDir, ".live-page");
  mkdirSync(pageDir, { recursive: true });
  copyFileSync(LIVE_BUNDLE, path.join(pageDir, "seisproc-live.js"));
  writeFileSync(
    path.join(pageDir, "live.html"),
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>SeisProc live</title><link rel="icon" href="data:,"></head><body style="margin:8px;width:1060px"><div id="outputs"></div><script src="seisproc-live.js"></script></body></html>`,
  );
  const pages = await serveDirectory(pageDir);
  let server: JupyterServer;
  try {
    server = await startJupyterServer(rootDir, { allowOrigin: pages.origin });
  } catch (error) {
    await pages.close();
    throw error;
  }
  const page = await browser.newPage();
  const outside = recordNetwork(page);
  const errors = recordErrors(page);
  const allowed = [pages.origin, server.baseUrl, server.baseUrl.replace("http", "ws")];
  const filtered = () => outside.filter((u) => !allowed.some((a) => u.startsWith(a)));
  try {
    await page.goto(`${pages.origin}/live.html`);
    await page.waitForFunction("typeof SeisprocLive !== 'undefined'", undefined, { timeout: 60000 });
    await page.evaluate(`SeisprocLive.connect({ baseUrl: ${JSON.stringify(server.baseUrl)}, token: ${JSON.stringify(server.token)} })`);
  } catch (error) {
    await server.stop();
    await pages.close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\npage errors: ${errors.join("\n")}\nserver log:\n${server.log().slice(-4000)}`);
  }
  const run = async (code: string): Promise<CellResult> => {
    const result = (await page.evaluate(`SeisprocLive.run(${JSON.stringify(code)})`)) as CellResult;
    if (result.error !== null) throw new Error(`cell failed: ${result.error}\n${code}`);
    return result;
  };
  return {
    page,
    server,
    get outside() {
      return filtered();
    },
    errors,
    run,
    async value<T>(expression: string): Promise<T> {
      const r = await run(`console.log("@@" + JSON.stringify(${expression}))`);
      const line = r.stdout.split("\n").find((l) => l.startsWith("@@"));
      if (line === undefined) throw new Error(`no value printed for ${expression}: ${r.stdout}`);
      return JSON.parse(line.slice(2)) as T;
    },
    async close() {
      await page.evaluate("SeisprocLive.shutdown()").catch(() => undefined);
      await page.close().catch(() => undefined);
      await server.stop();
      await pages.close();
    },
  };
}
