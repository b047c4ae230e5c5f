/**
 * A tenant read through Microsoft Graph, set up in the settings page in headless Chromium: the
 * admin picks the Graph source, the sign-in becomes the Entra app's, the connection test counts
 * the open alerts Graph lists, and "Sync now" turns them into issues in the sandbox Jira.
 */
import type { Browser, Page } from 'playwright-core';
import { seedGraphDemoTenant, GRAPH_DEMO_TENANT } from '../../sandbox/scenarios/graph-demo';
import { expectText, launchBrowser, screenshot } from './browser';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';

let world: World;
let browser: Browser;
let page: Page;
let graphUrl: string;

beforeAll(async () => {
  world = await startWorld();
  graphUrl = seedGraphDemoTenant(world.sandbox, Date.now()).tenant.url;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Chooses an option in an Atlaskit select by typing, as a keyboard user would. */
async function pick(inputId: string, option: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.keyboard.type(option);
  await page.getByRole('option', { name: option, exact: false }).first().waitFor();
  await page.keyboard.press('Enter');
}

it('adds a Graph tenant with an Entra app, tests it and syncs its alerts into issues', async () => {
  await page.goto(world.host.settingsUrl);
  await page.getByRole('button', { name: 'Add the first tenant' }).click();
  await page.getByLabel('Name').fill(GRAPH_DEMO_TENANT.name);
  await pick('tenant-source', 'Microsoft Graph security API');
  const url = page.getByLabel('Graph URL');
  expect(await url.inputValue()).toBe('https://graph.microsoft.com');
  // The sandbox serves Graph on loopback; the page accepts it there only.
  await url.fill(graphUrl);
  await expectText(page.getByRole('dialog'), /SecurityAlert\.Read\.All/);
  await page.getByLabel('Directory (tenant) ID').fill(GRAPH_DEMO_TENANT.directoryId);
  await page.getByLabel('Application (client) ID').fill(GRAPH_DEMO_TENANT.clientId);
  await page.getByLabel('Client secret').fill(GRAPH_DEMO_TENANT.clientSecret);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expectText(page.getByTestId('tenant-test-result'), 'Connected: 2 open alerts.');
  await screenshot(page, 'graph-01-connected');

  await page.getByRole('dialog').getByRole('button', { name: 'Add tenant' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await expectText(page.getByRole('row', { name: /Tailspin Toys/ }), 'Microsoft Graph');
  expect(await page.content()).not.toContain(GRAPH_DEMO_TENANT.clientSecret);

  await page.getByRole('tab', { name: 'Issue creation' }).click();
  await pick('issue-type', 'Task');
  await page.getByRole('button', { name: 'Save issue creation' }).click();
  await page.getByText('Issue creation saved').waitFor();

  await page.getByRole('tab', { name: 'Runs' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await world.host.queue.idle();
  await expectText(page.getByTestId('run-row').first(), 'Tailspin Toys');
  await screenshot(page, 'graph-02-synced');
  expect(
    world.sandbox.jira
      .issues()
      .map((issue) => issue.fields.summary)
      .sort(),
  ).toEqual(['Activity from a Tor IP address', 'Suspicious inbox forwarding']);
});
