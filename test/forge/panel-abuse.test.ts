/**
 * Issue 13, finding 1: the panel's AbuseIPDB actions cannot be turned against the project's
 * quota. Re-check asks only about the addresses in the app's own record of the issue (not the
 * editable `mcas.enrichment` property), only for users who can edit the issue, at most 20 a call,
 * once per issue per cooldown; Look up is bounded the same way.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import './mocks';
import { z } from 'zod';
import { PANEL_RESOLVERS } from '../../src/contract/panel';
import { createJiraClient } from '../../src/clients/jira';
import { PANEL_LOOKUPS_PER_CALL } from '../../src/core/lookup-limits';
import { keys } from '../../src/core/storage-keys';
import { panelResolver, scheduler, worker } from '../../src/index';
import { silentLogger, systemClock } from '../../src/ports';
import { loadIssueRecord } from '../../src/sync/issue-record';
import { createBasicAuthJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import type { JiraIssueSnapshot, JiraUser } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import type { ForgeHarness } from './harness';
import { ANALYST, invocation, startForgeHarness, takePushed } from './harness';

type Answer =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; retryAt?: number } };

/** Can see project SEC's issues but not edit them. */
const VIEWER: JiraUser = {
  accountId: 'viewer-0001',
  email: 'viewer@sandbox.test',
  apiToken: 'viewer-jira-token',
  displayName: 'Vi Ewer',
  projectAdmin: [],
  browse: [],
  viewOnly: ['SEC'],
};

let harness: ForgeHarness;

async function call(name: string, payload: unknown, issueKey: string, user: JiraUser = ANALYST) {
  harness.actAs(user);
  return (await panelResolver(
    ...invocation(name, payload, user, {
      issue: { key: issueKey },
      project: { id: '10000', key: 'SEC' },
    }),
  )) as Answer;
}

function adminJira() {
  return createJiraClient({
    transport: createBasicAuthJiraTransport({
      baseUrl: harness.sandbox.jira.url,
      email: SANDBOX_JIRA_ADMIN.email,
      apiToken: SANDBOX_JIRA_ADMIN.apiToken,
      http: nodeHttp,
    }),
    clock: systemClock,
    logger: silentLogger,
  });
}

const lookups = () => harness.sandbox.stats().abuseipdb.calls;

function appIssue(): JiraIssueSnapshot {
  const issue = harness.sandbox.jira
    .issues()
    .find((candidate) => String(candidate.fields.summary).includes('Tor IP address'));
  if (!issue) throw new Error('the Monday scenario has a Tor alert');
  return issue;
}

async function liftCooldowns() {
  const page = await harness.store.query(keys.panelCooldownPrefix(DEMO_PROJECT_ID), z.unknown());
  for (const { key } of page.entries) await harness.store.delete(key);
}

beforeAll(async () => {
  harness = await startForgeHarness();
  harness.sandbox.jira.addUser(VIEWER);
  await scheduler();
  for (const event of takePushed()) await worker({ body: event.body });
});
afterEach(liftCooldowns);
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

it('keeps its own record of an issue’s addresses when the sync creates it', async () => {
  const record = await loadIssueRecord(harness.store, DEMO_PROJECT_ID, appIssue().key);
  expect(record?.ips.length).toBeGreaterThan(0);
});

it('re-checks the recorded addresses, not 400 written into the issue property', async () => {
  const issue = appIssue();
  const record = await loadIssueRecord(harness.store, DEMO_PROJECT_ID, issue.key);
  const forged = Array.from({ length: 400 }, (_, n) => ({
    ip: `52.${Math.floor(n / 200) + 1}.${n % 200}.9`,
    range: 'public',
  }));
  const enrichment = issue.properties['mcas.enrichment'] as Record<string, unknown>;
  await adminJira().setIssueProperty(issue.key, 'mcas.enrichment', {
    ...enrichment,
    findings: forged,
  });
  const before = lookups();
  const answer = await call(PANEL_RESOLVERS.recheck, {}, issue.key);
  expect(answer.ok).toBe(true);
  expect(lookups() - before).toBe(record?.ips.length);
  const forgedOne = await call(PANEL_RESOLVERS.recheck, { ip: '52.1.0.9' }, issue.key);
  expect(forgedOne).toMatchObject({ ok: false });
  expect(lookups() - before).toBe(record?.ips.length);
});

it('refuses a user who can see but not edit the issue before any look-up', async () => {
  const before = lookups();
  for (const name of [PANEL_RESOLVERS.recheck, PANEL_RESOLVERS.lookup]) {
    expect(await call(name, {}, appIssue().key, VIEWER)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  }
  expect(lookups()).toBe(before);
  // Seeing the panel is still theirs.
  expect(await call(PANEL_RESOLVERS.getIssueView, {}, appIssue().key, VIEWER)).toMatchObject({
    ok: true,
  });
});

it('re-checks an issue once per cooldown and says when the next may run', async () => {
  const key = appIssue().key;
  expect((await call(PANEL_RESOLVERS.recheck, {}, key)).ok).toBe(true);
  const before = lookups();
  const again = await call(PANEL_RESOLVERS.recheck, {}, key);
  expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(again.ok ? 0 : again.error.retryAt).toBeGreaterThan(Date.now());
  expect(lookups()).toBe(before);
});

it('re-checks nothing on an issue the app has no record of', async () => {
  const issue = appIssue();
  await harness.store.delete(keys.issueRecord(DEMO_PROJECT_ID, issue.key));
  const before = lookups();
  expect(await call(PANEL_RESOLVERS.recheck, {}, issue.key)).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(lookups()).toBe(before);
});

it('looks up at most 20 addresses of an issue in one call', async () => {
  const ips = Array.from({ length: 45 }, (_, n) => `52.77.${n + 1}.3`);
  const created = await adminJira().createIssue({
    fields: {
      project: { id: '10000', key: 'SEC' },
      issuetype: { id: '10001' },
      summary: 'Many sign-ins',
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: ips.join(' ') }] }],
      },
    },
  });
  const before = lookups();
  const answer = await call(PANEL_RESOLVERS.lookup, {}, created.key);
  expect(answer.ok).toBe(true);
  expect(lookups() - before).toBe(PANEL_LOOKUPS_PER_CALL);
});
