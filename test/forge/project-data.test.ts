/**
 * Issue 13, finding 5: a project admin can remove the AbuseIPDB key and every piece of data the
 * app stores for the project (after typing its key to confirm); another project's data stays.
 */
import { ProjectId } from '../../src/core/config';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import './mocks';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { scheduler, worker } from '../../src/index';
import { addTenant } from '../../src/sync/settings-tenants';
import { loadProject, saveProject } from '../../src/sync/repository';
import { platform } from './fakes/platform';
import type { ForgeHarness } from './harness';
import { ANALYST, settingsCaller, startForgeHarness, takePushed } from './harness';

let harness: ForgeHarness;
const OPS = ProjectId.parse('10001');
const call = settingsCaller(() => harness, []);

beforeEach(async () => {
  harness = await startForgeHarness();
  await scheduler();
  for (const event of takePushed()) await worker({ body: event.body });
  // A second project sharing the installation, which a purge of SEC must not touch.
  const sec = await loadProject(harness.store, DEMO_PROJECT_ID);
  if (!sec) throw new Error('the harness configures SEC');
  await saveProject(harness.store, { ...sec, projectId: OPS, projectKey: 'OPS' });
  await addTenant(harness.store, OPS, {
    id: 'ops-tenant',
    name: 'Ops',
    url: 'https://ops.eu2.portal.cloudappsecurity.com/',
    token: 'ops-tenant-token-0001',
  });
});
afterEach(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

const secTenantIds = () => harness.tenants.map((tenant) => tenant.id);
/** Keys that still belong to project SEC (id 10000) or its tenants (the IP cache names neither). */
function secKeys(): string[] {
  return [...platform.kv.keys(), ...platform.secrets.keys()].filter((key) =>
    key.split(':').includes(DEMO_PROJECT_ID),
  );
}

it('removes every stored value and secret of the project, and nothing of another', async () => {
  expect(secKeys().length).toBeGreaterThan(10);
  const answer = await call(SETTINGS_RESOLVERS.purgeProjectData, { confirmProjectKey: 'SEC' });
  expect(answer).toMatchObject({
    ok: true,
    data: { projectKey: 'SEC', tenants: secTenantIds().length },
  });
  expect(secKeys()).toEqual([]);
  expect(platform.kv.has('project:10001')).toBe(true);
  expect(platform.kv.has('tenant:10001:ops-tenant')).toBe(true);
  expect(platform.secrets.has('secret:tenant:10001:ops-tenant')).toBe(true);
});

it('removes nothing without the project key typed to confirm, or for a non-admin', async () => {
  const before = secKeys().length;
  expect(
    await call(SETTINGS_RESOLVERS.purgeProjectData, { confirmProjectKey: 'OPS' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(
    await call(SETTINGS_RESOLVERS.purgeProjectData, { confirmProjectKey: 'SEC' }, ANALYST),
  ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(secKeys()).toHaveLength(before);
});

it('deletes the AbuseIPDB key, and the page then shows it as not set', async () => {
  expect(platform.secrets.has('secret:abuseipdb:10000')).toBe(true);
  expect(await call(SETTINGS_RESOLVERS.deleteAbuseIpdbKey, {})).toMatchObject({
    ok: true,
    data: { keyHint: { set: false } },
  });
  expect(platform.secrets.has('secret:abuseipdb:10000')).toBe(false);
  const overview = await call(SETTINGS_RESOLVERS.getOverview, {});
  expect(JSON.stringify(overview)).toMatch(
    /"abuseIpdbKey":\{"set":false\}|"keyHint":\{"set":false\}/,
  );
});
