/**
 * Headless Chromium for the browser tests: playwright-core drives the Chromium that the npm
 * package @sparticuz/chromium ships (it unpacks itself to /tmp on first use), so a fresh clone
 * needs nothing beyond `npm ci`.
 */
import type Chromium from '@sparticuz/chromium' with { 'resolution-mode': 'import' };
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium as playwright } from 'playwright-core';

// @sparticuz/chromium ships a CommonJS build (its `require` export, `module.exports = Chromium`),
// but its `types` condition names the ES module's typings, so under module node16 TypeScript
// takes the package for ESM-only: the types come from there, the value from the CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chromium = require('@sparticuz/chromium') as typeof Chromium;

const EXTRA_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [...chromium.args, ...EXTRA_ARGS],
  });
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Waits until the first element of `locator` contains `text` (10 s), else fails showing what it has. */
export async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string | RegExp,
): Promise<void> {
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let content = '';
  while (Date.now() < deadline) {
    content = (await locator.first().textContent()) ?? '';
    if (typeof text === 'string' ? content.includes(text) : text.test(content)) return;
    await locator.page().waitForTimeout(50);
  }
  throw new Error(`Expected ${String(text)} in: ${content.slice(0, 500)}`);
}
