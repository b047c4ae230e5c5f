/**
 * Jira's issue-updated event as Forge delivers it to `index.issueWriteBack` (issue 16): an app
 * issue resolved in Jira closes its MCAS alert once, even when Jira delivers the event twice; an
 * issue of a tenant without write-back, or a failure, throws nothing (Forge does not retry a
 * product event: the sweep does).
 */
import './mocks';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { issueWriteBack, scheduler, worker } from '../../src/index';
import { loadTenant, saveTenant } from '../../src/sync/repository';
import type { ForgeHarness } from './harness';
import { captureLogs, startForgeHarness, takePushed } from './harness';

let harness: ForgeHarness;
let logs: string[];

beforeEach(async () => {
  logs = captureLogs();
  harness = await startForgeHarness();
  await scheduler();
  for (const event of takePushed()) await worker({ body: event.body });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

function firstIssueOf(tenantId: string) {
  const issue = harness.sandbox.jira
    .issues()
    .find(
      (candidate) =>
        (candidate.properties['mcas.alert'] as { tenantId?: string }).tenantId === tenantId,
    );
  if (!issue) throw new Error(`no issue of ${tenantId}`);
  return issue;
}

const event = (key: string) => ({
  eventType: 'avi:jira:updated:issue',
  issue: { id: '10001', key, fields: { project: { id: DEMO_PROJECT_ID, key: 'SEC' } } },
  changelog: { items: [{ field: 'resolution' }, { field: 'status' }] },
  atlassianId: 'analyst-0001',
});

it('closes the alert of a resolved app issue once, however often the event comes', async () => {
  const tenantId = harness.tenants[0]?.id ?? '';
  const ref = { projectId: DEMO_PROJECT_ID, tenantId };
  const tenant = await loadTenant(harness.store, ref);
  if (!tenant) throw new Error('no tenant');
  await saveTenant(harness.store, DEMO_PROJECT_ID, { ...tenant, writeBack: true });
  const issue = firstIssueOf(tenantId);
  harness.sandbox.jira.resolveIssue(issue.key, 'Done', Date.now());

  await issueWriteBack(event(issue.key));
  await issueWriteBack(event(issue.key));

  const alertId = (issue.properties['mcas.alert'] as { alertId: string }).alertId;
  expect(
    harness.sandbox.mcas.closures(tenantId).map(({ alertId: id, endpoint }) => [id, endpoint]),
  ).toEqual([[alertId, 'close_true_positive']]);
});

it('does nothing, and throws nothing, for a tenant without write-back or a refused closure', async () => {
  const [off, refused] = harness.tenants;
  const offIssue = firstIssueOf(off?.id ?? '');
  const refusedIssue = firstIssueOf(refused?.id ?? '');
  const ref = { projectId: DEMO_PROJECT_ID, tenantId: refused?.id ?? '' };
  const tenant = await loadTenant(harness.store, ref);
  if (!tenant) throw new Error('no tenant');
  await saveTenant(harness.store, DEMO_PROJECT_ID, { ...tenant, writeBack: true });
  harness.sandbox.mcas.setReadOnly(refused?.id ?? '', true);
  harness.sandbox.jira.resolveIssue(offIssue.key, 'Done', Date.now());
  harness.sandbox.jira.resolveIssue(refusedIssue.key, 'Done', Date.now());

  await expect(issueWriteBack(event(offIssue.key))).resolves.toBeUndefined();
  await expect(issueWriteBack(event(refusedIssue.key))).resolves.toBeUndefined();

  expect(harness.sandbox.mcas.closures(off?.id ?? '')).toEqual([]);
  expect(harness.sandbox.mcas.closures(refused?.id ?? '')).toEqual([]);
  expect(logs.join('\n')).toContain('write-back failed');
  // The token never reaches the log.
  expect(logs.join('\n')).not.toContain(refused?.token ?? '(none)');
});
