/**
 * The reports in headless Chromium against the local host page, on 90 days of generated history
 * in the sandbox Jira: the numbers shown equal the sandbox Jira's counts for the JQL behind them,
 * clicking a bar opens that JQL, the CSV export downloads the table, the gadget renders from its
 * configuration, and axe finds no serious or critical violation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createJiraClient } from '../../src/clients/jira';
import { silentLogger, systemClock } from '../../src/ports';
import { createSandboxJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { seedReportHistory } from '../../sandbox/scenarios/report-history';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import { expectText, launchBrowser, screenshot } from './browser';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';

let world: World;
let browser: Browser;
let page: Page;

async function jiraCount(jql: string): Promise<number> {
  const jira = createJiraClient({
    transport: createSandboxJiraTransport(world.sandbox.jira, { app: SANDBOX_JIRA_ADMIN }),
    clock: systemClock,
    logger: silentLogger,
  });
  return (await jira.searchJql(jql, { fields: ['key'] })).length;
}

/** axe-core's serious and critical findings on the page, as "rule: target" lines. */
async function seriousViolations(): Promise<string[]> {
  const source = readFileSync(
    path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'),
    'utf8',
  );
  // Evaluated through the DevTools protocol: the page's CSP (as on Forge) refuses inline script.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document) => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

beforeAll(async () => {
  world = await startWorld();
  seedReportHistory(world.sandbox.jira, {
    projectKey: 'SEC',
    issues: 1500,
    days: 90,
    now: Date.now(),
    seed: 15,
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

it('shows per-bucket numbers equal to the sandbox Jira counts for their JQL', async () => {
  await page.goto(world.host.reportsUrl);
  await expectText(page.getByTestId('as-of'), 'As of');
  const links = page.getByTestId('bucket-table').locator('a[data-jql]');
  const count = await links.count();
  expect(count).toBeGreaterThan(12 * 3);
  // The last three weeks: created, still open, resolved and each stack cell.
  for (let i = Math.max(0, count - 30); i < count; i++) {
    const link = links.nth(i);
    const jql = (await link.getAttribute('data-jql')) ?? '';
    expect(Number(await link.textContent())).toBe(await jiraCount(jql));
  }
  const total = page.getByTestId('summary').locator('a[data-jql]').first();
  expect(Number(await total.textContent())).toBe(
    await jiraCount((await total.getAttribute('data-jql')) ?? ''),
  );
  await screenshot(page, 'reports-project-page');
});

it('opens the JQL of a bar in Jira when it is clicked', async () => {
  const bar = page.locator('[data-testid^="bar-chart-alerts-11-"]').first();
  const jql = (await bar.getAttribute('data-jql')) ?? '';
  expect(jql).toMatch(/^project = "SEC" AND created >= /);
  const popup = page.waitForEvent('popup');
  await bar.click();
  await (await popup).close();
  const opened = await page.evaluate(
    () => (window as unknown as { __LOCAL_OPENED__?: string }).__LOCAL_OPENED__,
  );
  expect(opened).toBe(`/issues/?jql=${encodeURIComponent(jql)}`);
});

it('exports the bucket table as CSV and the chart as SVG', async () => {
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export table (CSV)' }).click();
  const csv = await csvDownload;
  const text = readFileSync((await csv.path()) ?? '', 'utf8');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toMatch(/^bucket start \(UTC\),created,still open,resolved,/);
  expect(lines).toHaveLength(13);
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Alerts chart (SVG)' }).click();
  const svg = readFileSync((await (await svgDownload).path()) ?? '', 'utf8');
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).not.toContain('var(--');
});

it('has no serious accessibility violations', async () => {
  expect(await seriousViolations()).toEqual([]);
});

it('renders the dashboard gadget from its configuration', async () => {
  await page.goto(world.host.gadgetUrl);
  await expectText(page.getByTestId('bucket-table').locator('caption'), 'Alerts per month');
  expect(await page.getByTestId('bucket-table').locator('tbody tr').count()).toBe(12);
  expect(await seriousViolations()).toEqual([]);
  await screenshot(page, 'reports-gadget');
});
