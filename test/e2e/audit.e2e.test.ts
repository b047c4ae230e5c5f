/**
 * Every page and dialog of the app, audited in headless Chromium on the Monday scenario: served
 * with Jira's Custom UI content security policy as a real header (sandbox/host), each must run
 * without a single policy violation (no eval, no inline script) and without an axe finding of
 * moderate impact or above. That includes the report project page, the dashboard gadget (view
 * and edit) and the Runs tab's Reports section.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_PROJECT_ID, configureDemoProject } from '../../sandbox/cli/demo-project';
import { CUSTOM_UI_CSP } from '../../sandbox/host/content-security-policy';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import { syncQueueEvent } from '../../src/sync/queued-sync';
import { launchBrowser } from './browser';
import { axeFindings, watchCsp } from './page-audit';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';

let world: World;
let browser: Browser;
let page: Page;
let violations: () => Promise<string[]>;

beforeAll(async () => {
  world = await startWorld();
  const seeded = seedSandbox(world.sandbox, mondayScenario(Date.now()));
  await configureDemoProject(world.store, seeded.tenants);
  await world.host.queue.push(
    seeded.tenants.map((tenant) =>
      syncQueueEvent({ projectId: DEMO_PROJECT_ID, tenantId: tenant.id, trigger: 'manual' }),
    ),
  );
  await world.host.queue.idle();
  browser = await launchBrowser();
  // One page throughout: the packaged Chromium runs single-process, so closing a page can end it.
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  violations = await watchCsp(page);
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function open(url: string, width = 1400): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  const response = await page.goto(url);
  expect(response?.headers()['content-security-policy']).toBe(CUSTOM_UI_CSP);
}

it('settings: every tab and dialog runs under the policy with no violation and no axe finding', async () => {
  await open(world.host.settingsUrl);
  const findings: Record<string, string[]> = {};
  for (const tab of [
    'Tenants',
    'AbuseIPDB',
    'Issue creation',
    'Filters and schedule',
    'Triage rules',
    'Write-back',
    'Runs',
  ]) {
    await page.getByRole('tab', { name: tab }).click();
    await page.getByRole('tabpanel').first().waitFor();
    await page.waitForLoadState('networkidle');
    findings[tab] = await axeFindings(page);
  }

  // The Runs tab's Reports section (issue 15): charts, tables and the tenant picker, loaded,
  // with the quota table unfolded.
  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByTestId('operations-report').waitFor();
  await page.getByText('AbuseIPDB checks per day as a table').click();
  findings['Runs: Reports section'] = await axeFindings(page);

  await page.getByRole('tab', { name: 'Tenants' }).click();
  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  await page.getByRole('dialog').waitFor();
  findings['Add tenant dialog'] = await axeFindings(page);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Triage rules' }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('dialog').waitFor();
  findings['Rule editor dialog'] = await axeFindings(page);
  await page.keyboard.press('Escape');

  expect(await violations()).toEqual([]);
  expect(
    Object.fromEntries(Object.entries(findings).filter(([, list]) => list.length > 0)),
  ).toEqual({});
});

it('issue panel: runs under the policy with no violation and no axe finding, at 560 px too', async () => {
  const issue = world.sandbox.jira.issues().find((candidate) => candidate.projectKey === 'SEC');
  expect(issue).toBeDefined();
  for (const width of [900, 560]) {
    await open(world.host.issuePanelUrl(issue?.key ?? ''), width);
    await page.getByTestId('ip-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await axeFindings(page)).toEqual([]);
    expect(await violations()).toEqual([]);
  }
});

it('reports: the project page, the dashboard gadget and its edit view run under the policy with no axe finding', async () => {
  const findings: Record<string, string[]> = {};
  await open(world.host.reportsUrl);
  await page.getByTestId('bucket-table').waitFor();
  await page.waitForLoadState('networkidle');
  findings['project page'] = await axeFindings(page);

  await open(world.host.gadgetUrl);
  await page.getByTestId('bucket-table').waitFor();
  await page.waitForLoadState('networkidle');
  findings['gadget'] = await axeFindings(page);

  await open(`${world.host.gadgetUrl}&edit=1`);
  await page.getByRole('button', { name: 'Save' }).waitFor();
  findings['gadget edit view'] = await axeFindings(page);

  expect(await violations()).toEqual([]);
  expect(
    Object.fromEntries(Object.entries(findings).filter(([, list]) => list.length > 0)),
  ).toEqual({});
});

// Last, so its deliberate violation cannot reach another test's reading.
it('the policy check catches a violation (inline script is refused and reported)', async () => {
  await open(world.host.settingsUrl);
  await page.getByRole('tab', { name: 'Tenants' }).waitFor();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.ranInline = true';
    document.head.append(script);
  });
  await page.waitForFunction(() => (window.__CSP_VIOLATIONS__ ?? []).length > 0);
  expect(await violations()).toEqual(
    expect.arrayContaining([expect.stringContaining('script-src')]),
  );
  expect(await page.evaluate(() => 'ranInline' in window)).toBe(false);
});
