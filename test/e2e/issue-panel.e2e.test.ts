/**
 * The issue panel in headless Chromium against the local host page, on issues the Monday scenario
 * created: the cards, a re-check after AbuseIPDB changed its mind (new score on the page, one
 * comment on the sandbox Jira issue), and a private address that is never looked up.
 */
import type { Browser, Page } from 'playwright-core';
import { DEMO_PROJECT_ID, configureDemoProject } from '../../sandbox/cli/demo-project';
import { TOR_EXIT_IP, mondayScenario } from '../../sandbox/scenarios/monday';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import type { JiraIssueSnapshot } from '../../sandbox/sim';
import { EnrichmentProperty, ENRICHMENT_PROPERTY_KEY } from '../../src/core/model';
import { syncQueueEvent } from '../../src/sync/queued-sync';
import { expectText, launchBrowser, screenshot } from './browser';
import type { World } from './sandbox-host';
import { startWorld } from './sandbox-host';

let world: World;
let browser: Browser;
let page: Page;

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
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

function enrichmentOf(issue: JiraIssueSnapshot): EnrichmentProperty | undefined {
  const parsed = EnrichmentProperty.safeParse(issue.properties[ENRICHMENT_PROPERTY_KEY]);
  return parsed.success ? parsed.data : undefined;
}

function issueWith(match: (enrichment: EnrichmentProperty) => boolean): JiraIssueSnapshot {
  const issue = world.sandbox.jira.issues().find((candidate) => {
    const enrichment = enrichmentOf(candidate);
    return enrichment !== undefined && match(enrichment);
  });
  if (issue === undefined) throw new Error('The Monday scenario has no such issue');
  return issue;
}

function ipCard(ip: string) {
  return page.getByRole('article', { name: `IP ${ip}` });
}

it('renders one card per IP for a Monday-scenario issue, with its verdict', async () => {
  const issue = issueWith((e) => e.findings.some((f) => f.ip === TOR_EXIT_IP && f.verdict));
  await page.goto(world.host.issuePanelUrl(issue.key));
  await ipCard(TOR_EXIT_IP).waitFor();
  const findings = enrichmentOf(issue)?.findings ?? [];
  expect(await page.getByTestId('ip-card').count()).toBe(findings.length);
  const stored = findings.find((f) => f.ip === TOR_EXIT_IP)?.verdict;
  await expectText(
    ipCard(TOR_EXIT_IP).getByTestId('ip-score'),
    `score ${stored?.abuseConfidenceScore}`,
  );
  await expectText(ipCard(TOR_EXIT_IP), /Tor exit nodeyes/);
  await screenshot(page, 'panel-01-cards');
});

it('"Re-check" shows the new score after AbuseIPDB changed its verdict, and comments on the issue', async () => {
  const issue = issueWith((e) => e.findings.some((f) => f.ip === TOR_EXIT_IP && f.verdict));
  const before = enrichmentOf(issue)?.findings.find((f) => f.ip === TOR_EXIT_IP)?.verdict;
  const newScore = before?.abuseConfidenceScore === 42 ? 43 : 42;
  world.sandbox.abuseipdb.setVerdict(TOR_EXIT_IP, { abuseConfidenceScore: newScore });
  const commentsBefore = issue.comments.length;

  await page.goto(world.host.issuePanelUrl(issue.key));
  await page.getByRole('button', { name: `Re-check ${TOR_EXIT_IP}` }).click();
  await expectText(ipCard(TOR_EXIT_IP).getByTestId('ip-score'), `score ${newScore}`);
  await expectText(page.getByTestId('recheck-result'), `${TOR_EXIT_IP}: score`);
  await expectText(page.getByTestId('quota'), /checks left today/);
  await screenshot(page, 'panel-02-rechecked');

  const after = world.sandbox.jira.issues().find((candidate) => candidate.key === issue.key);
  expect(after?.comments).toHaveLength(commentsBefore + 1);
  expect(JSON.stringify(after?.comments.at(-1)?.body)).toContain(TOR_EXIT_IP);
});

it('lists a private address as not looked up', async () => {
  const issue = issueWith((e) => e.findings.some((f) => f.range === 'private'));
  const privateIp = enrichmentOf(issue)?.findings.find((f) => f.range === 'private')?.ip ?? '';
  await page.goto(`${world.host.issuePanelUrl(issue.key)}&theme=dark`);
  await expectText(ipCard(privateIp), 'not looked up (private range)');
  expect(await ipCard(privateIp).getByRole('button').count()).toBe(0);
  await screenshot(page, 'panel-03-private-dark');
});

it('refuses a user who cannot see the issue, and shows no verdict', async () => {
  world.sandbox.jira.addUser({
    accountId: 'outsider-0001',
    email: 'outsider@sandbox.test',
    apiToken: 'outsider-token',
    displayName: 'Outsider',
    projectAdmin: [],
    browse: [],
  });
  const issue = issueWith(() => true);
  await page.goto(`${world.host.issuePanelUrl(issue.key)}&as=outsider-0001`);
  await expectText(page.locator('body'), `You cannot see issue ${issue.key}`);
  expect(await page.getByTestId('ip-card').count()).toBe(0);
  await screenshot(page, 'panel-04-not-allowed');
});
