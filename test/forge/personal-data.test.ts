/**
 * Issue 13, finding 5: the weekly personal-data trigger reports every stored account id (rule
 * assignees, and the admins who dismissed failed alerts) through the real
 * `privacy.reportPersonalData` (paged by 90) and erases closed accounts from the rules and the
 * dismissed claims of every project, without writing an account id to the logs.
 */
import './mocks';
import { ProjectId } from '../../src/core/config';
import type { Rule } from '../../src/core/rules/schema';
import { Claim } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import { createKvsStore } from '../../src/forge/kvs-store';
import { personalData } from '../../src/index';
import { systemClock } from '../../src/ports';
import { claimTransitions, createClaimLedger } from '../../src/sync/claim-ledger';
import { purgeProjectData } from '../../src/sync/project-data';
import { loadClaim, loadProject, saveProject, saveTenant } from '../../src/sync/repository';
import { dismissFailedAlerts } from '../../src/sync/settings-runs';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { platform } from './fakes/platform';

const OPS = ProjectId.parse('10001');
const store = createKvsStore();
const assignTo = (n: number): Rule => ({
  id: `assign-${n}`,
  name: `Assign ${n}`,
  enabled: true,
  conditions: [{ type: 'titleContains', text: `policy ${n}` }],
  actions: { assignee: `account-${n}`, labels: ['triaged'] },
});
const assigneesOf = async (projectId: ProjectId) =>
  (await loadProject(store, projectId))?.rules.flatMap((rule) => rule.actions.assignee ?? []);

let logged: string[];
beforeEach(async () => {
  platform.reset();
  logged = [];
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => JSON.stringify(arg)).join(' '));
    });
  }
  // SEC assigns to 95 accounts (two pages of the API); OPS shares account-7.
  await saveProject(
    store,
    demoProjectConfig({ rules: Array.from({ length: 95 }, (_, n) => assignTo(n)) }),
  );
  await saveProject(
    store,
    demoProjectConfig({ projectId: OPS, projectKey: 'OPS', rules: [assignTo(7), assignTo(200)] }),
  );
});
afterEach(() => jest.restoreAllMocks());

test('every stored account id is reported once, in pages of at most 90', async () => {
  await personalData();
  const pages = platform.personalData.requests;
  expect(pages.map((page) => page.length)).toEqual([90, 6]);
  const ids = pages.flat().map((account) => account.accountId);
  expect(new Set(ids).size).toBe(96);
  expect(ids).toContain('account-200');
});

test('a closed account is erased from the rules of every project; updated and silent ones stay', async () => {
  platform.personalData.closed.add('account-7');
  platform.personalData.updated.add('account-8');
  await personalData();
  expect(await assigneesOf(demoProjectConfig().projectId)).toHaveLength(94);
  expect(await assigneesOf(demoProjectConfig().projectId)).toContain('account-8');
  expect(await assigneesOf(OPS)).toEqual(['account-200']);
  // The rule itself stays, without its assignee.
  const ops = await loadProject(store, OPS);
  expect(ops?.rules[0]).toMatchObject({ name: 'Assign 7', actions: { labels: ['triaged'] } });
  // The next cycle no longer reports the erased account.
  platform.personalData.requests.length = 0;
  await personalData();
  expect(platform.personalData.requests.flat().map((a) => a.accountId)).not.toContain('account-7');
  expect(logged.join('\n')).not.toMatch(/account-\d/);
  expect(logged.join('\n')).toContain('Personal data reported');
});

test('an id keeps the time it was first stored from one cycle to the next', async () => {
  await personalData();
  const first = platform.personalData.requests.flat().find((a) => a.accountId === 'account-1');
  platform.personalData.requests.length = 0;
  await personalData();
  const second = platform.personalData.requests.flat().find((a) => a.accountId === 'account-1');
  expect(first?.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(second?.updatedAt).toBe(first?.updatedAt);
});

test('when the API fails the cycle throws and no rule changes; a purge removes the record', async () => {
  platform.personalData.closed.add('account-7');
  platform.personalData.failWith = 503;
  await expect(personalData()).rejects.toThrow('The personal-data reporting API answered 503');
  expect(await assigneesOf(OPS)).toEqual(['account-7', 'account-200']);
  expect(platform.kv.has(keys.reportedAccounts(OPS))).toBe(true);
  await purgeProjectData(store, OPS);
  expect(platform.kv.has(keys.reportedAccounts(OPS))).toBe(false);
});

test('an admin who dismissed a failed alert is reported; once closed, the claim keeps the dismissal without the id', async () => {
  const ref = { projectId: OPS, tenantId: 'contoso' };
  await saveTenant(store, OPS, {
    id: 'contoso',
    name: 'Contoso',
    source: 'mcas',
    url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
    authMode: 'token',
    enabled: true,
    writeBack: false,
  });
  const alertId = 'a'.repeat(24);
  const refused = claimTransitions.refused(
    { title: 'Impossible travel', timestamp: Date.now() },
    0,
    'Jira said no.',
    Date.now(),
  );
  await createClaimLedger(store, ref).record([{ alertId, claim: refused }]);
  const deps = { store, clock: systemClock };
  await dismissFailedAlerts(deps, ref, [alertId], 'admin-dismisser-1');

  await personalData();
  const reported = platform.personalData.requests.flat().map((a) => a.accountId);
  expect(reported).toContain('admin-dismisser-1');

  platform.personalData.closed.add('admin-dismisser-1');
  platform.personalData.requests.length = 0;
  await personalData();
  const claim = Claim.parse(await loadClaim(store, ref, alertId));
  expect(claim).toMatchObject({ state: 'dismissed', dismissedByFormerUser: true });
  expect(claim.dismissedBy).toBeUndefined();
  expect(JSON.stringify([...platform.kv.entries()])).not.toContain('admin-dismisser-1');
  // The next cycle no longer reports it, and no log line named it.
  platform.personalData.requests.length = 0;
  await personalData();
  expect(platform.personalData.requests.flat().map((a) => a.accountId)).not.toContain(
    'admin-dismisser-1',
  );
  expect(logged.join('\n')).not.toContain('admin-dismisser');
});
