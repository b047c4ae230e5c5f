/**
 * The settings page in headless Chromium against the local host page: a project admin sets up a
 * tenant, maps fields, syncs, retries a failed alert and adds a triage rule, and every step is
 * checked both on the page and in the sandbox Jira.
 */
import type { Browser, Page } from 'playwright-core';
import { mcasAlert } from '../../sandbox/scenarios/alert-shape';
import { syncQueueEvent } from '../../src/sync/queued-sync';
import { listTenants } from '../../src/sync/repository';
import { expectText, launchBrowser, screenshot } from './browser';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';

const TOKEN = 'contoso-token-9f3ea1b2';
const ABUSEIPDB_KEY = 'e2e-abuseipdb-key';
const HOUR = 3_600_000;

let world: World;
let browser: Browser;
let page: Page;
let tenantUrl: string;

beforeAll(async () => {
  world = await startWorld();
  tenantUrl = world.sandbox.mcas.addTenant({ id: 'contoso', token: TOKEN });
  world.sandbox.abuseipdb.addKey(ABUSEIPDB_KEY);
  const now = Date.now();
  world.sandbox.mcas.addAlerts('contoso', [
    mcasAlert({
      tenantId: 'contoso',
      timestamp: now - 5 * HOUR,
      title: 'Impossible travel activity',
      severity: 1,
      users: [{ name: 'Megan Bowen', email: 'megan@contoso.test' }],
      ips: ['150.129.8.24', '10.1.2.3'],
    }),
    mcasAlert({
      tenantId: 'contoso',
      timestamp: now - 4 * HOUR,
      title: 'Leaked credentials',
      severity: 2,
      users: [{ name: 'Alex Wilber', email: 'alex@contoso.test' }],
      ips: ['185.220.101.4'],
      groupTags: ['Staff'],
    }),
    mcasAlert({
      tenantId: 'contoso',
      timestamp: now - 3 * HOUR,
      title: 'Mass download by a single user',
      severity: 1,
      users: [{ name: 'Lee Gu', email: 'lee@contoso.test' }],
      ips: ['203.0.113.77'],
    }),
  ]);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Chooses an option in an Atlaskit select by typing, as a keyboard user would. */
async function pick(inputId: string, option: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  await page.keyboard.type(option);
  await page.getByRole('option', { name: option, exact: false }).first().waitFor();
  await page.keyboard.press('Enter');
}

function issues() {
  return world.sandbox.jira.issues().filter((issue) => issue.projectKey === 'SEC');
}

async function syncNowAndWait(): Promise<void> {
  await openTab('Runs');
  const before = await page.getByTestId('run-row').count();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByTestId('sync-progress').waitFor();
  await world.host.queue.idle();
  await page.getByTestId('sync-progress').waitFor({ state: 'detached' });
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="run-row"]').length > n,
    before,
  );
}

it('adds a tenant whose connection test works, and shows the exact problem for a wrong token', async () => {
  await page.goto(world.host.settingsUrl);
  await page.getByText('No tenants yet').waitFor();
  await screenshot(page, 'settings-01-empty');

  await page.getByRole('button', { name: 'Add the first tenant' }).click();
  await page.getByLabel('Name').fill('Contoso EU');
  await page.getByLabel('API URL').fill(tenantUrl);
  await page.getByLabel('API token').fill('not-the-token');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('tenant-test-result');
  await expectText(result, /token/i);
  await expectText(result, /Connection failed/);
  await screenshot(page, 'settings-02-wrong-token');

  await page.getByLabel('API token').fill(TOKEN);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expectText(result, 'Connected: 3 open alerts.');
  await screenshot(page, 'settings-03-connected');

  await page.getByRole('dialog').getByRole('button', { name: 'Add tenant' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  const row = page.getByRole('row', { name: /Contoso EU/ });
  await expectText(row, 'set, ends in …a1b2');
  expect(await page.content()).not.toContain(TOKEN);
});

it('saves the AbuseIPDB key write-only and tests it', async () => {
  await openTab('AbuseIPDB');
  await page.getByLabel('API key').fill(ABUSEIPDB_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expectText(page.locator('body'), /Stored key: set, ends in …/);
  expect(await page.getByLabel('API key').inputValue()).toBe('');
  await page.getByRole('button', { name: 'Test key' }).click();
  await expectText(page.getByTestId('abuseipdb-test-result'), /checks left today/);
  await screenshot(page, 'settings-04-abuseipdb');
});

it('maps fields from the create screen pickers, and shows them (and no token) after a reload', async () => {
  await openTab('Issue creation');
  await pick('issue-type', 'Task');
  await pick('field-alertUrl', 'Alert URL');
  await pick('field-reportedIps', 'Reported IPs');
  await pick('field-category', 'Incident category');
  await pick('priority-high', 'High');
  await page.getByLabel('Extra labels').fill('mcas e2e');
  await screenshot(page, 'settings-05-issue-creation');
  await page.getByRole('button', { name: 'Save issue creation' }).click();
  await page.getByText('Issue creation saved').waitFor();

  await page.reload();
  await openTab('Issue creation');
  await expectText(page.locator('form[aria-labelledby="issue-creation-heading"]'), /Alert URL \(/);
  await expectText(
    page.locator('form[aria-labelledby="issue-creation-heading"]'),
    /Reported IPs \(/,
  );
  expect(await page.getByLabel('Extra labels').inputValue()).toBe('mcas e2e');
  await openTab('Tenants');
  await page.getByRole('button', { name: 'Edit Contoso EU' }).click();
  expect(await page.getByLabel('API token').inputValue()).toBe('');
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await page.content()).not.toContain(TOKEN);
  await screenshot(page, 'settings-06-after-reload');
});

it('"Sync now" creates the issues in the sandbox Jira and the run appears in the history', async () => {
  world.sandbox.jira.rejectWhen((fields) => String(fields.summary).startsWith('Mass download'));
  await syncNowAndWait();
  const firstRun = page.getByTestId('run-row').first();
  await expectText(firstRun, 'Contoso EU');
  expect(
    issues()
      .map((issue) => issue.fields.summary)
      .sort(),
  ).toEqual(['Impossible travel activity', 'Leaked credentials']);
  const travel = issues().find((issue) => issue.fields.summary === 'Impossible travel activity');
  expect(travel?.fields.customfield_10050).toEqual(expect.stringContaining('contoso'));
  expect(travel?.fields.labels).toEqual(expect.arrayContaining(['mcas', 'e2e']));
  await screenshot(page, 'settings-07-after-sync');
});

it('parks an alert Jira keeps refusing as failed, with its Jira error, and retries it', async () => {
  // Jira refuses the same alert on every run until it is parked after its bounded attempts.
  // Runs are queued the way the scheduler queues them, for the tenant the page added.
  const [tenant] = await listTenants(world.store, DEMO_PROJECT_ID);
  for (let run = 0; run < 6; run += 1) {
    await world.host.queue.push([
      syncQueueEvent({
        projectId: DEMO_PROJECT_ID,
        tenantId: tenant?.id ?? '',
        trigger: 'schedule',
      }),
    ]);
    await world.host.queue.idle();
  }
  await page.reload();
  await openTab('Runs');
  const failedRow = page.getByTestId('failed-alert-row');
  await expectText(failedRow, 'Mass download by a single user');
  await expectText(failedRow, /reject/i);
  await screenshot(page, 'settings-08-failed-alert');

  world.sandbox.jira.rejectWhen(undefined);
  await page.getByRole('button', { name: 'Retry Mass download by a single user' }).click();
  await world.host.queue.idle();
  await page
    .getByText('No failed alerts: Jira has refused no alert that is still without its issue.')
    .waitFor();
  expect(issues().map((issue) => issue.fields.summary)).toContain('Mass download by a single user');
  await screenshot(page, 'settings-09-retried');
});

it('creates a triage rule, previews its match, saves it, and the next issue gets its priority and category', async () => {
  await openTab('Triage rules');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Rule name').fill('Staff leaked credentials');
  await dialog.getByRole('button', { name: 'Add condition' }).click();
  await dialog.getByLabel('Title contains (value)').fill('leaked credentials');
  await dialog.getByRole('button', { name: 'Add condition' }).click();
  await pick('condition-1-type', 'User group is one of');
  await dialog.getByLabel('User group is one of (value)').fill('Staff');
  await pick('rule-priority', 'Highest');
  await pick('rule-category', 'Compromised user');
  await screenshot(page, 'settings-10-rule-editor');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Move Staff leaked credentials up' }).first().waitFor();

  // Move the new rule to the top so it wins over the built-in category rule.
  const rows = page.getByTestId('rule-row');
  for (let i = (await rows.count()) - 1; i > 0; i -= 1) {
    await page.getByRole('button', { name: 'Move Staff leaked credentials up' }).click();
  }
  await expectText(rows.first(), 'Staff leaked credentials');

  await page.getByRole('button', { name: 'Preview' }).click();
  const leaked = page.getByTestId('preview-row').filter({ hasText: 'Leaked credentials' });
  await expectText(leaked, 'Staff leaked credentials');
  await expectText(leaked, 'Highest');
  await expectText(leaked, 'Compromised user');
  await screenshot(page, 'settings-11-rule-preview');

  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText('Triage rules saved').waitFor();

  const later = Date.now() - HOUR;
  world.sandbox.mcas.addAlerts('contoso', [
    mcasAlert({
      tenantId: 'contoso',
      timestamp: later,
      title: 'Leaked credentials',
      severity: 1,
      users: [{ name: 'Nestor Wilke', email: 'nestor@contoso.test' }],
      ips: ['198.51.100.20'],
      groupTags: ['Staff'],
      salt: 'second',
    }),
  ]);
  await syncNowAndWait();
  const created = issues().find(
    (issue) =>
      issue.fields.summary === 'Leaked credentials' &&
      JSON.stringify(issue.fields).includes('nestor@contoso.test'),
  );
  expect(created).toBeDefined();
  expect(created?.fields.priority).toEqual(expect.objectContaining({ name: 'Highest' }));
  expect(created?.fields.customfield_10056).toEqual(
    expect.objectContaining({ value: 'Compromised user' }),
  );
  await screenshot(page, 'settings-12-rule-synced');
});

it('groups repeats by a rule made in the editor: the repeat becomes a comment and the Runs table counts it', async () => {
  await openTab('Triage rules');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Rule name').fill('Group brute force');
  await dialog.getByRole('button', { name: 'Add condition' }).click();
  await dialog.getByLabel('Title contains (value)').fill('brute force');
  await pick('rule-group', 'Same alert title and affected users');
  await dialog.getByLabel(/younger than/).fill('12');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expectText(
    page.getByTestId('rule-row').filter({ hasText: 'Group brute force' }),
    'group repeats by title and user for 12 h',
  );
  await page.getByRole('button', { name: 'Save rules' }).click();
  // The previous test's "saved" message may still show: the unsaved-changes bar going is the sign.
  await page.getByText('apply only once saved with Save rules').waitFor({ state: 'detached' });

  const bruteForce = (minutesAgo: number, salt: string) =>
    mcasAlert({
      tenantId: 'contoso',
      timestamp: Date.now() - minutesAgo * 60_000,
      title: 'Brute force sign-ins',
      severity: 1,
      users: [{ name: 'Megan Bowen', email: 'megan@contoso.test' }],
      ips: ['198.51.100.21'],
      salt,
    });
  world.sandbox.mcas.addAlerts('contoso', [bruteForce(50, 'first'), bruteForce(40, 'repeat')]);
  await syncNowAndWait();
  const grouped = issues().filter((issue) => issue.fields.summary === 'Brute force sign-ins');
  expect(grouped).toHaveLength(1);
  expect(grouped[0]?.comments).toHaveLength(1);
  await page.getByRole('columnheader', { name: 'Repeats grouped' }).waitFor();
  // The newest run: created 1, grouped 1 (columns time, tenant, trigger, status, fetched, created,
  // grouped, …).
  const cells = page.getByTestId('run-row').first().locator('td');
  await expectText(cells.nth(4), /^2$/);
  await expectText(cells.nth(5), /^1$/);
  await expectText(cells.nth(6), /^1$/);
});

it('write-back tab: edits the map over the sandbox resolutions and a status, and shows them saved after a reload', async () => {
  await openTab('Write-back');
  await page.getByText('Write-back is off for every tenant').waitFor();
  await pick('closure-kind-1', 'Close as false positive');
  await pick('closure-reason-1', 'Not of interest');
  await pick('defender-closed', 'Comment and move the issue to Done');
  // The earlier tests' "saved" flags sit over the bottom of this short form: save by keyboard.
  await page.getByRole('button', { name: 'Save write-back' }).press('Enter');
  await page.getByText('Write-back saved').waitFor();
  await screenshot(page, 'settings-13-write-back');

  await page.reload();
  await openTab('Write-back');
  const table = page.getByTestId('closures-table');
  await expectText(
    table.locator('tbody tr').nth(1),
    /Won't Do.*Close as false positive.*Not of interest/,
  );
  await expectText(
    page.locator('form[aria-labelledby="write-back-heading"]'),
    'Comment and move the issue to Done',
  );
});
