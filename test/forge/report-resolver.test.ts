/**
 * The report resolver on Forge (project page and dashboard gadget) over generated history in the
 * sandbox Jira: every number it answers equals what the sandbox Jira finds for the JQL it gives;
 * only users who can browse the project get a report; a second read within minutes comes from
 * the cache and costs Jira only the permission check.
 */
import './mocks';
import { createJiraClient } from '../../src/clients/jira';
import { REPORT_RESOLVERS } from '../../src/contract/reports';
import type { ReportView } from '../../src/contract/reports';
import { reportResolver } from '../../src/index';
import { silentLogger, systemClock } from '../../src/ports';
import { createBasicAuthJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { seedReportHistory } from '../../sandbox/scenarios/report-history';
import type { JiraUser } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import type { ForgeHarness } from './harness';
import { ANALYST, OUTSIDER, captureLogs, invocation, startForgeHarness } from './harness';

type Answer =
  { ok: true; data: ReportView } | { ok: false; error: { code: string; message: string } };

let harness: ForgeHarness;

async function report(
  payload: Record<string, unknown>,
  user: JiraUser = ANALYST,
  extension: Record<string, unknown> = { project: { id: '10000', key: 'SEC' } },
): Promise<Answer> {
  harness.actAs(user);
  return (await reportResolver(
    ...invocation(REPORT_RESOLVERS.getReport, payload, user, extension),
  )) as Answer;
}

function data(answer: Answer): ReportView {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}

async function jiraCount(jql: string): Promise<number> {
  const jira = createJiraClient({
    transport: createBasicAuthJiraTransport({
      baseUrl: harness.sandbox.jira.url,
      email: SANDBOX_JIRA_ADMIN.email,
      apiToken: SANDBOX_JIRA_ADMIN.apiToken,
      http: nodeHttp,
    }),
    clock: systemClock,
    logger: silentLogger,
  });
  return (await jira.searchJql(jql, { fields: ['key'] })).length;
}

beforeAll(async () => {
  captureLogs();
  harness = await startForgeHarness();
  seedReportHistory(harness.sandbox.jira, {
    projectKey: 'SEC',
    issues: 700,
    days: 90,
    now: Date.now(),
    seed: 7,
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

describe('report resolver', () => {
  it('answers weekly counts that equal the sandbox Jira counts for the JQL of each bar', async () => {
    const view = data(await report({ period: 'week', buckets: 12 }));
    expect(view.cached).toBe(false);
    expect(view.truncated).toBe(false);
    const { report: r } = view;
    expect(r.buckets).toHaveLength(12);
    expect(r.total.count).toBeGreaterThan(600);
    expect(await jiraCount(r.total.jql)).toBe(r.total.count);
    for (const bucket of r.buckets.slice(-4)) {
      expect(await jiraCount(bucket.created.jql)).toBe(bucket.created.count);
      expect(await jiraCount(bucket.open.jql)).toBe(bucket.open.count);
      expect(await jiraCount(bucket.resolved.jql)).toBe(bucket.resolved.count);
      for (const segment of [...bucket.stacks.severity, ...bucket.stacks.outcome])
        expect(await jiraCount(segment.jql)).toBe(segment.count);
    }
    for (const row of [...r.top.users.slice(0, 3), ...r.top.ips.slice(0, 3), ...r.top.titles])
      expect(await jiraCount(row.jql)).toBe(row.count);
    expect(await jiraCount(r.malicious.jql)).toBe(r.malicious.count);
    expect(r.malicious.count).toBeGreaterThan(0);
  });

  it('shows resolutions and time to resolve from what analysts did', async () => {
    const { report: r } = data(await report({ period: 'month', buckets: 3 }));
    const outcomes = new Set(r.buckets.flatMap((b) => b.stacks.outcome.map((s) => s.key)));
    expect(outcomes).toEqual(new Set(['Done', "Won't Do", 'Duplicate', 'Unresolved']));
    const last = r.buckets[r.buckets.length - 1];
    expect(last?.ttrMedianMs).toBeGreaterThan(0);
    expect(last?.ttrP90Ms).toBeGreaterThanOrEqual(last?.ttrMedianMs ?? 0);
  });

  it('serves a repeated report from the cache: only the permission check reaches Jira', async () => {
    const first = data(await report({ period: 'day', buckets: 30, maliciousThreshold: 50 }));
    harness.sandbox.resetStats();
    const second = data(await report({ period: 'day', buckets: 30, maliciousThreshold: 50 }));
    expect(second.cached).toBe(true);
    expect(second.asOf).toBe(first.asOf);
    expect(harness.sandbox.stats().jira.calls).toBe(1);
    harness.sandbox.resetStats();
    const fresh = data(
      await report({ period: 'day', buckets: 30, maliciousThreshold: 50, refresh: true }),
    );
    expect(fresh.cached).toBe(false);
    // Permission check, then ⌈issues/100⌉ pages of the range and one of earlier issues resolved in it.
    expect(harness.sandbox.stats().jira.calls).toBeLessThanOrEqual(
      1 + Math.ceil(fresh.report.total.count / 100) + 1,
    );
  });

  it('lets the gadget name a project the caller can browse, and nobody else', async () => {
    const gadget = await report({ projectKey: 'SEC', period: 'week', buckets: 4 }, ANALYST, {});
    expect(gadget.ok).toBe(true);
    const outsider = await report({ projectKey: 'SEC', period: 'week', buckets: 4 }, OUTSIDER, {});
    expect(outsider).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'You cannot browse project SEC.' },
    });
    const onPage = await report({ period: 'week', buckets: 4 }, OUTSIDER);
    expect(onPage.ok).toBe(false);
    const noProject = await report({ period: 'week', buckets: 4 }, ANALYST, {});
    expect(noProject).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses ranges longer than the period allows', async () => {
    const answer = await report({ period: 'day', buckets: 90 });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
