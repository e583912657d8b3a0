/**
 * Debian's Chromium driven by playwright-core, launched the same way in every widget test and benchmark:
 * headless, no sandbox, no GPU, no background networking, a fresh profile directory that is removed on close.
 * Also where screenshots go (a gitignored directory) and a guard that a page loads nothing from the network.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { repoRoot } from "../../helpers/paths";

/** Debian's Chromium. */
export const CHROMIUM = process.env.SEISPROC_CHROMIUM ?? "/usr/bin/chromium";

/** The Chromium flags every test uses. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Where test screenshots are saved (under dist/, which git ignores). */
export const ARTIFACT_DIR = path.join(repoRoot, "dist", "test-artifacts", "widgets");

/** A running browser with its own profile. */
export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh `--user-data-dir`. */
export async function launchBrowser(viewport = { width: 1100, height: 800 }): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), "seisproc-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Creates the artifact directory and returns the path of `name` in it. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  return path.join(ARTIFACT_DIR, name);
}

/**
 * Records every request a page makes to something other than `file:`, `data:` or `blob:` (and, when given, the
 * allowed origin), so a test can assert that an offline page stayed offline.
 */
export function recordNetwork(page: Page, allowedOrigin?: string): string[] {
  const outside: string[] = [];
  page.on("request", (req) => {
    const url = req.url();
    if (/^(file|data|blob|about):/.test(url)) return;
    if (allowedOrigin !== undefined && url.startsWith(allowedOrigin)) return;
    outside.push(url);
  });
  return outside;
}

/** Collects page errors and console errors. */
export function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}
