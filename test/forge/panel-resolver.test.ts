/**
 * The issue panel's Forge resolver on issues the worker created: only users who can see the
 * issue; "Re-check" writes the new verdicts, the Reported IPs field and one comment when
 * something changed, nothing but the fresh verdicts when nothing did; quota and key problems come
 * back as typed errors.
 */
import './mocks';
import { z } from 'zod';
import { PANEL_RESOLVERS } from '../../src/contract/panel';
import { adfToText } from '../../src/core/adf';
import { createJiraClient } from '../../src/clients/jira';
import { keys } from '../../src/core/storage-keys';
import { panelResolver, scheduler, worker } from '../../src/index';
import { silentLogger, systemClock } from '../../src/ports';
import { createBasicAuthJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { MONDAY_VERDICTS, TOR_EXIT_IP } from '../../sandbox/scenarios/monday';
import type { JiraIssueSnapshot, JiraUser } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { platform } from './fakes/platform';
import type { ForgeHarness } from './harness';
import {
  ANALYST,
  OUTSIDER,
  captureLogs,
  invocation,
  startForgeHarness,
  takePushed,
} from './harness';

type Answer =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; retryAt?: number } };

let harness: ForgeHarness;
let logs: string[];
const answers: string[] = [];

async function call(name: string, payload: unknown, issueKey: string, user: JiraUser = ANALYST) {
  harness.actAs(user);
  const answer = (await panelResolver(
    ...invocation(name, payload, user, {
      issue: { key: issueKey },
      project: { id: '10000', key: 'SEC' },
    }),
  )) as Answer;
  answers.push(JSON.stringify(answer));
  return answer;
}

function torIssue(): JiraIssueSnapshot {
  const issue = harness.sandbox.jira
    .issues()
    .find((candidate) => String(candidate.fields.summary).includes('Tor IP address'));
  if (!issue) throw new Error('the Monday scenario has a Tor alert');
  return issue;
}

/** Jira as the sandbox admin, for setting up what an analyst then sees. */
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

const current = (key: string) => harness.sandbox.jira.issues().find((issue) => issue.key === key);

beforeAll(async () => {
  logs = captureLogs();
  harness = await startForgeHarness();
  await scheduler();
  for (const event of takePushed()) await worker({ body: event.body });
});
// Each test here is its own analyst action: the per-issue cooldown (tested in
// panel-abuse.test.ts) is lifted between them.
async function clearCooldowns() {
  const page = await harness.store.query(keys.panelCooldownPrefix(DEMO_PROJECT_ID), z.unknown());
  for (const { key } of page.entries) await harness.store.delete(key);
}
afterEach(clearCooldowns);
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

it('shows an app-created issue with its verdicts to a user who can see it', async () => {
  const answer = await call(PANEL_RESOLVERS.getIssueView, {}, torIssue().key);
  expect(answer).toMatchObject({ ok: true, data: { kind: 'alert', keyConfigured: true } });
  const findings = answer.ok
    ? (answer.data.findings as Array<{ ip: string; verdict?: { abuseConfidenceScore: number } }>)
    : [];
  expect(
    findings.find((finding) => finding.ip === TOR_EXIT_IP)?.verdict?.abuseConfidenceScore,
  ).toBe(100);
});

it('refuses a user who cannot see the issue on every panel resolver', async () => {
  const key = torIssue().key;
  for (const name of Object.values(PANEL_RESOLVERS)) {
    expect(await call(name, {}, key, OUTSIDER)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  }
  expect(current(key)?.comments).toHaveLength(0);
});

it('adds no comment and leaves the field alone when nothing changed', async () => {
  const issue = torIssue();
  const answer = await call(PANEL_RESOLVERS.recheck, { ip: TOR_EXIT_IP }, issue.key);
  expect(answer).toMatchObject({
    ok: true,
    data: { changes: [], commentAdded: false, fieldUpdated: false },
  });
  expect(current(issue.key)?.comments).toHaveLength(0);
  expect(current(issue.key)?.fields.customfield_10055).toEqual(issue.fields.customfield_10055);
});

it('updates the field, the enrichment and adds one comment saying what changed', async () => {
  const issue = torIssue();
  harness.sandbox.abuseipdb.setVerdict(TOR_EXIT_IP, {
    ...MONDAY_VERDICTS[TOR_EXIT_IP],
    abuseConfidenceScore: 42,
    totalReports: 300,
  });
  const answer = await call(PANEL_RESOLVERS.recheck, {}, issue.key);
  expect(answer).toMatchObject({
    ok: true,
    data: {
      changes: [`${TOR_EXIT_IP}: score 100 → 42, reports 261 → 300`],
      commentAdded: true,
      fieldUpdated: true,
    },
  });
  expect(answer.ok && typeof (answer.data.quota as { remaining: unknown }).remaining).toBe(
    'number',
  );
  const after = current(issue.key);
  expect(after?.comments).toHaveLength(1);
  expect(after?.comments[0]?.authorAccountId).toBe(ANALYST.accountId);
  expect(adfToText(after?.comments[0]?.body)).toContain('score 100 → 42');
  expect(adfToText(after?.fields.customfield_10055)).toContain('reported 300 times');
  const enrichment = after?.properties['mcas.enrichment'] as {
    findings: Array<{ ip: string; verdict?: { abuseConfidenceScore: number } }>;
  };
  expect(enrichment.findings.find((f) => f.ip === TOR_EXIT_IP)?.verdict?.abuseConfidenceScore).toBe(
    42,
  );
});

it('says when the AbuseIPDB quota is used up and when it resets, and sends no probe until then', async () => {
  harness.sandbox.abuseipdb.setQuota(0);
  const answer = await call(PANEL_RESOLVERS.recheck, { ip: TOR_EXIT_IP }, torIssue().key);
  expect(answer).toMatchObject({
    ok: false,
    error: { code: 'RATE_LIMITED' },
  });
  const retryAt = answer.ok ? undefined : answer.error.retryAt;
  expect(retryAt).toBeGreaterThan(Date.now());
  expect(answer.ok ? '' : answer.error.message).toMatch(/quota.*resets at/);

  // The refusal is remembered in KVS: the next re-check asks AbuseIPDB nothing and says the same
  // (once the per-issue cooldown of the first re-check has passed).
  await clearCooldowns();
  const calls = harness.sandbox.stats().abuseipdb.calls;
  const again = await call(PANEL_RESOLVERS.recheck, { ip: TOR_EXIT_IP }, torIssue().key);
  expect(again).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(Math.abs((again.ok ? 0 : (again.error.retryAt ?? 0)) - (retryAt ?? 0))).toBeLessThan(
    2_000,
  );
  expect(harness.sandbox.stats().abuseipdb.calls).toBe(calls);

  // What the reset brings: a whole quota, and the remembered exhaustion gone (its TTL).
  harness.sandbox.abuseipdb.setQuota(1000);
  platform.kv.delete(keys.abuseIpdbQuota(DEMO_PROJECT_ID));
});

it('says who can fix a missing AbuseIPDB key', async () => {
  const key = keys.abuseIpdbSecret(DEMO_PROJECT_ID);
  const saved = platform.secrets.get(key);
  platform.secrets.delete(key);
  const answer = await call(PANEL_RESOLVERS.recheck, {}, torIssue().key);
  platform.secrets.set(key, saved);
  expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
  expect(answer.ok ? '' : answer.error.message).toContain('project administrator');
});

it('looks up the IPs of an issue the app did not create, and writes nothing to it', async () => {
  const jira = adminJira();
  const created = await jira.createIssue({
    fields: {
      project: { key: 'SEC' },
      issuetype: { id: '10001' },
      summary: `Odd sign-ins from ${TOR_EXIT_IP} and 10.0.0.8`,
    },
  });
  const view = await call(PANEL_RESOLVERS.getIssueView, {}, created.key);
  expect(view).toMatchObject({
    ok: true,
    data: {
      kind: 'other',
      ips: [
        { ip: TOR_EXIT_IP, lookupable: true },
        { ip: '10.0.0.8', range: 'private', lookupable: false },
      ],
    },
  });
  const looked = await call(PANEL_RESOLVERS.lookup, {}, created.key);
  expect(looked).toMatchObject({
    ok: true,
    data: {
      findings: [{ ip: TOR_EXIT_IP, verdict: { abuseConfidenceScore: 42 } }, { ip: '10.0.0.8' }],
    },
  });
  const stranger = await call(PANEL_RESOLVERS.lookup, { ips: ['8.8.8.8'] }, created.key);
  expect(stranger).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(current(created.key)?.comments).toHaveLength(0);
  expect(current(created.key)?.properties).toEqual({});
});

it('never answers or logs the AbuseIPDB key', () => {
  expect([...answers, ...logs].join('\n')).not.toContain(harness.abuseIpdbKey);
});

it('never hands the panel a non-https alert link, even if someone edited the property', async () => {
  const issue = harness.sandbox.jira
    .issues()
    .find((candidate) => String(candidate.fields.summary).includes('Mass download'));
  if (!issue) throw new Error('the Monday scenario has a Mass download alert');
  const admin = adminJira();
  const enrichment = issue.properties['mcas.enrichment'] as Record<string, unknown>;
  await admin.setIssueProperty(issue.key, 'mcas.enrichment', {
    ...enrichment,
    alertUrl: 'javascript:alert(document.domain)',
  });
  const answer = await call(PANEL_RESOLVERS.getIssueView, {}, issue.key);
  expect(answer.ok).toBe(true);
  expect(answer.ok ? answer.data.alertUrl : 'refused').toBeUndefined();
});

it('shows a forged alert link on another host as text, never as "Open the alert" (issue 13, finding 2)', async () => {
  const issue = harness.sandbox.jira
    .issues()
    .find((candidate) => String(candidate.fields.summary).includes('Mass download'));
  if (!issue) throw new Error('the Monday scenario has a Mass download alert');
  const enrichment = issue.properties['mcas.enrichment'] as Record<string, unknown>;
  await adminJira().setIssueProperty(issue.key, 'mcas.enrichment', {
    ...enrichment,
    alertUrl: 'https://phish.example/login',
  });
  const answer = await call(PANEL_RESOLVERS.getIssueView, {}, issue.key);
  expect(answer).toMatchObject({
    ok: true,
    data: { unverifiedAlertUrl: 'https://phish.example/login' },
  });
  expect(answer.ok ? answer.data.alertUrl : 'refused').toBeUndefined();
});
