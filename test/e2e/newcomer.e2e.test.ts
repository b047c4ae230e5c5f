/**
 * What a new admin stumbled on, in headless Chromium on the Monday scenario: Escape in an open
 * dropdown closes only the menu (not the dialog with what was typed), a rule switched off is
 * flagged unsaved, and a rule naming an issue type the project lacks is refused on save by name.
 * With SCREENSHOTS=docs it also refreshes the README's screenshots in docs/screenshots/.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PROJECT_ID, configureDemoProject } from '../../sandbox/cli/demo-project';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import { syncQueueEvent } from '../../src/sync/queued-sync';
import { expectText, launchBrowser } from './browser';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';

let world: World;
let browser: Browser;
let page: Page;

const DOCS = path.resolve(__dirname, '../../docs/screenshots');

async function docsShot(name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== 'docs') return;
  await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage: true });
}

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
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(world.host.settingsUrl);
  await page.getByRole('tab', { name: 'Tenants' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

it('Escape in an open dropdown closes the menu only; the dialog keeps what was typed', async () => {
  await docsShot('settings-tenants');
  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  const dialog = page.getByRole('dialog');
  await page.getByLabel('Name').fill('Fabrikam');
  await page.locator('#tenant-source').click();
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('option').first().waitFor({ state: 'detached' });
  expect(await dialog.isVisible()).toBe(true);
  expect(await page.getByLabel('Name').inputValue()).toBe('Fabrikam');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('tab', { name: 'Triage rules' }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await dialog.getByLabel('Rule name').fill('Escalate sign-ins');
  await page.locator('#rule-priority').click();
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('option').first().waitFor({ state: 'detached' });
  expect(await dialog.getByLabel('Rule name').inputValue()).toBe('Escalate sign-ins');
  await docsShot('settings-rule-editor');
});

it('refuses on save a rule whose issue type the project lacks, naming the rule, and keeps it unsaved', async () => {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Issue type (name or id)').fill('Incident');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expectText(page.getByTestId('rules-unsaved'), 'apply only once saved');
  await page.getByRole('button', { name: 'Save rules', exact: true }).click();
  await expectText(
    page.getByTestId('rules-errors'),
    /"Escalate sign-ins" sets issue type "Incident", which project SEC does not have/,
  );
  await page.getByTestId('rules-unsaved').waitFor();
  await docsShot('settings-rules-refused');
});

it("the write-back tab offers the site's resolutions and the project's statuses", async () => {
  // A fresh page: the previous test's flag would cover the form in the screenshot.
  await page.reload();
  await page.getByRole('tab', { name: 'Write-back' }).click();
  await expectText(page.getByTestId('closures-table'), 'Cannot Reproduce');
  await page.locator('#defender-closed').click();
  await page.getByRole('option', { name: 'Comment and move the issue to In Progress' }).waitFor();
  await page.keyboard.press('Escape');
  await docsShot('settings-write-back');
});

it('the issue panel shows country names, Tor as a lozenge, at 560 px', async () => {
  if (process.env.SCREENSHOTS !== 'docs') return;
  const issue = world.sandbox.jira
    .issues()
    .find((candidate) => JSON.stringify(candidate.properties).includes('"isTor":true'));
  await page.setViewportSize({ width: 560, height: 900 });
  await page.goto(world.host.issuePanelUrl(issue?.key ?? 'SEC-1'));
  await page.getByTestId('ip-card').first().waitFor();
  await docsShot('issue-panel');
});
