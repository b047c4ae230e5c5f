/**
 * The cost of a report, measured on the sandbox: a 12-month report over 10,000 issues through
 * the report resolver (permission check + paged JQL search with field selection) stays within
 * 120 Jira calls, and a repeat within the cache time costs only the permission check. Prints the
 * calls and the wall time (the time is reported, not asserted: no timed tests).
 */
import { performance } from 'node:perf_hooks';
import { createReportApi } from '../../src/api/reports';
import { REPORT_RESOLVERS } from '../../src/contract/reports';
import type { ReportView } from '../../src/contract/reports';
import { silentLogger, systemClock } from '../../src/ports';
import { createSandboxJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { seedReportHistory } from '../../sandbox/scenarios/report-history';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const ISSUES = 10_000;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ mcasRequestsPerMinute: 0 });
  seedReportHistory(sandbox.jira, {
    projectKey: 'SEC',
    issues: ISSUES,
    // Inside the 12 calendar months the report covers, whatever the day of the month.
    days: 330,
    now: Date.now(),
    seed: 12,
  });
});
afterAll(() => sandbox.close());

it('reads a 12-month report over 10,000 issues in at most 120 Jira calls', async () => {
  const store = createMemoryStore();
  const api = createReportApi({
    store,
    http: nodeHttp,
    jira: createSandboxJiraTransport(sandbox.jira, { app: SANDBOX_JIRA_ADMIN }),
    queue: { push: () => Promise.resolve() },
    clock: systemClock,
    logger: silentLogger,
  });
  const caller = { accountId: SANDBOX_JIRA_ADMIN.accountId, project: { id: '10000', key: 'SEC' } };
  const payload = { period: 'month', buckets: 12 };
  const getReport = api[REPORT_RESOLVERS.getReport];

  sandbox.resetStats();
  const started = performance.now();
  const answer = await getReport(payload, caller);
  const ms = performance.now() - started;
  const calls = sandbox.stats().jira.calls;
  if (!answer.ok) throw new Error(answer.error.message);
  const view = answer.data as ReportView;
  expect(view.report.total.count).toBe(ISSUES);
  expect(view.truncated).toBe(false);
  expect(calls).toBeLessThanOrEqual(120);

  sandbox.resetStats();
  const again = await getReport(payload, caller);
  expect(again.ok && (again.data as ReportView).cached).toBe(true);
  const cachedCalls = sandbox.stats().jira.calls;
  expect(cachedCalls).toBe(1);

  process.stdout.write(
    `${JSON.stringify({
      scenario: 'report 12 months, 10,000 issues',
      jiraCalls: calls,
      wallMs: Math.round(ms),
      cachedJiraCalls: cachedCalls,
    })}\n`,
  );
});
