/**
 * Page-side steps the widget tests share: counting a viewer's draws, waiting for the next one to be on screen
 * (heatmap images decoded), and the plot area's rectangle. Browser code is passed as strings: the test build has
 * no DOM types.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { recordErrors, recordNetwork, type TestBrowser } from "./browser";
import type { Region } from "./pixels";

/** Draws of the viewer matching `selector` so far (its `data-draws`). */
export async function draws(page: Page, selector = ".sp-viewer"): Promise<number> {
  return Number((await page.locator(selector).first().getAttribute("data-draws")) ?? 0);
}

/**
 * Browser code (an async expression, as text): every viewer heatmap image decoded, whether plotly's PNG data URL
 * or the viewer's own bitmap blob URL (put back into plotly's image after a pan), then two animation frames, so
 * that the picture is on screen. A heatmap the viewer painted on its canvas overlay has nothing to decode: the
 * canvas holds the pixels when the draw returns, and the two frames are its paint. The tests wait for it; the
 * benchmarks time it.
 */
export const IMAGES_ON_SCREEN = `(async () => {
  for (const img of Array.from(document.querySelectorAll(".sp-viewer image"))) {
    const href = img.getAttribute("href") || img.getAttributeNS("http://www.w3.org/1999/xlink", "href") || "";
    if (href.startsWith("data:") || href.startsWith("blob:")) { const probe = new Image(); probe.src = href; await probe.decode().catch(() => undefined); }
  }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
})()`;

/** Waits until the viewer has drawn more than `before` times and the result is on screen. */
export async function waitForDrawAfter(page: Page, before: number, selector = ".sp-viewer", timeout = 30000): Promise<void> {
  await page.waitForFunction(`Number(document.querySelector(${JSON.stringify(selector)})?.getAttribute("data-draws") ?? 0) > ${before}`, undefined, { timeout });
  await page.evaluate(IMAGES_ON_SCREEN);
}

/** The plot area of the viewer (plotly's drag layer covers exactly the axes' area), 1 px inside. */
export async function plotRegion(page: Page, selector = ".sp-viewer", index = 0): Promise<Region> {
  const box = await page.locator(`${selector} .nsewdrag`).nth(index).boundingBox();
  assert.ok(box, "the plot has a drag layer, so plotly drew axes");
  return { x: Math.ceil(box.x) + 1, y: Math.ceil(box.y) + 1, width: Math.floor(box.width) - 2, height: Math.floor(box.height) - 2 };
}

/** Waits until the embed bundle finished rendering the page's saved widgets; returns its verdict. */
export async function waitForEmbed(page: Page, timeout = 60000): Promise<string | null> {
  await page.waitForFunction(`document.documentElement.getAttribute("data-seisproc-rendered") !== null`, undefined, { timeout });
  return page.getAttribute("html", "data-seisproc-rendered");
}

/**
 * Opens an offline HTML report in a new page, recording its network requests and errors from the start; checks the
 * embed bundle's verdict and waits until the first viewer has drawn and its picture is on screen.
 */
export async function openReport(browser: TestBrowser, file: string): Promise<{ page: Page; network: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const network = recordNetwork(page);
  const errors = recordErrors(page);
  await page.goto(`file://${file}`);
  assert.equal(await waitForEmbed(page), "true", errors.join("\n"));
  await page.waitForSelector(".sp-viewer[data-draws]", { timeout: 60000 });
  await waitForDrawAfter(page, 0);
  return { page, network, errors };
}
