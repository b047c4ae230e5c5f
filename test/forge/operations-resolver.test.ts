/**
 * Operational health on the settings page's Runs tab, through the settings resolver on Forge:
 * the stored runs added up per UTC day and tenant, AbuseIPDB checks against the plan's daily
 * limit, each day's "created" linked to the issue search behind it; project admins only.
 */
import './mocks';
import { REPORT_RESOLVERS } from '../../src/contract/reports';
import type { OperationsView } from '../../src/contract/reports';
import { newRunSummary } from '../../src/core/model';
import { ProjectId } from '../../src/core/config';
import { recordRun } from '../../src/sync/repository';
import type { ForgeHarness, SettingsAnswer } from './harness';
import { ANALYST, captureLogs, settingsCaller, startForgeHarness } from './harness';

let harness: ForgeHarness;
const call = settingsCaller(() => harness, []);

beforeAll(async () => {
  captureLogs();
  harness = await startForgeHarness();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

async function run(tenantId: string, startedAt: number, counts: Record<string, number>) {
  await recordRun(harness.store, {
    ...newRunSummary({
      runId: `${tenantId}-${startedAt}`,
      projectId: ProjectId.parse('10000'),
      projectKey: 'SEC',
      tenantId,
      tenantName: tenantId.toUpperCase(),
      trigger: 'schedule',
      startedAt,
    }),
    ...counts,
  });
}

function data(answer: SettingsAnswer): OperationsView {
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.data as unknown as OperationsView;
}

it('adds up the runs of today per tenant, with the search of the created issues and the quota', async () => {
  const now = Date.now();
  // Within today (UTC) even just after midnight, so the three runs land on one day.
  const today0 = now - (now % 86_400_000);
  const at = (msAgo: number) => Math.max(today0, now - msAgo);
  await run('contoso', at(60_000), { created: 3, failed: 1, ipLookups: 40 });
  await run('contoso', at(30_000), { created: 2, suppressed: 4, ipLookups: 10 });
  await run('fabrikam', at(20_000), { created: 1 });

  const view = data(await call(REPORT_RESOLVERS.getOperations, { days: 7 }));
  expect(view.days).toHaveLength(7);
  expect(view.dailyLimit).toBe(1000);
  const today = view.days[view.days.length - 1];
  expect(today?.day).toBe(new Date(now).toISOString().slice(0, 10));
  expect(today?.ipLookups).toBe(50);
  expect(today?.tenants).toEqual([
    expect.objectContaining({ tenantId: 'contoso', created: 5, failed: 1, suppressed: 4 }),
    expect.objectContaining({ tenantId: 'fabrikam', created: 1, failed: 0, suppressed: 0 }),
  ]);
  expect(today?.tenants[0]?.createdJql).toContain('mcasTenant = "contoso"');
  expect(today?.createdJql).toMatch(/^project = "SEC" AND created >= /);
});

it('refuses a user who is not an admin of the project', async () => {
  const answer = await call(REPORT_RESOLVERS.getOperations, { days: 7 }, ANALYST);
  expect(answer.ok).toBe(false);
  if (!answer.ok) expect(answer.error.code).toBe('FORBIDDEN');
});

it('refuses more days than a report has buckets, naming the field', async () => {
  const answer = await call(REPORT_RESOLVERS.getOperations, { days: 400 });
  expect(answer.ok).toBe(false);
  if (!answer.ok) expect(answer.error.fieldErrors?.days).toBeDefined();
});
