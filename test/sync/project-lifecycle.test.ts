/**
 * Jira's project events keep the app in step with the project's life: a rename keeps the
 * configuration (everything is stored by project id), the trash pauses syncing until a restore,
 * and a deletion removes the project's data and secrets and nothing of another project.
 */
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { DEMO_PROJECT_ID, configureDemoProject } from '../../sandbox/cli/demo-project';
import { ProjectId } from '../../src/core/config';
import { keys } from '../../src/core/storage-keys';
import type { QueueEvent } from '../../src/ports';
import { silentLogger, systemClock } from '../../src/ports';
import { onProjectEvent } from '../../src/sync/project-lifecycle';
import { loadProject, saveProject, setTenantToken } from '../../src/sync/repository';
import { scheduleDueTenants } from '../../src/sync/scheduler';

const TENANTS = [
  {
    id: 'contoso',
    name: 'Contoso',
    url: 'https://contoso.eu2.portal.cloudappsecurity.com',
    token: 'contoso-token-0001',
  },
];
const OPS = ProjectId.parse('10001');

async function world() {
  const store = createMemoryStore();
  const config = await configureDemoProject(store, TENANTS);
  // A second project with a tenant of the same id, which nothing here may touch.
  await saveProject(store, { ...config, projectId: OPS, projectKey: 'OPS' });
  await store.set(keys.tenant({ projectId: OPS, tenantId: 'contoso' }), {
    id: 'contoso',
    name: 'Contoso (OPS)',
    source: 'mcas',
    url: 'https://contoso.eu2.portal.cloudappsecurity.com',
    authMode: 'token',
    enabled: true,
  });
  await setTenantToken(store, { projectId: OPS, tenantId: 'contoso' }, 'ops-token-0002');
  // Some state of SEC's tenant, as a sync leaves it.
  await store.set(keys.alert({ projectId: DEMO_PROJECT_ID, tenantId: 'contoso' }, 'a1'), {
    state: 'created',
    issueKey: 'SEC-1',
    attempts: 1,
    at: 1,
  });
  await store.set(keys.checkpoint({ projectId: DEMO_PROJECT_ID, tenantId: 'contoso' }), {
    lastTimestamp: 1,
    idsAtLastTimestamp: [],
    lastRunAt: 1,
  });
  const deps = { store, logger: silentLogger };
  const event = (eventType: string, key = 'SEC', id = '10000') =>
    onProjectEvent(deps, { eventType, project: { id, key, name: 'Security Operations' } });
  const scheduled = async () => {
    const pushed: QueueEvent[] = [];
    let now = Date.UTC(2026, 10, 30, 8);
    const clock = { now: () => (now += 3_600_000), sleep: systemClock.sleep };
    await scheduleDueTenants({
      store,
      clock,
      logger: silentLogger,
      queue: { push: (events) => Promise.resolve(void pushed.push(...events)) },
    });
    return pushed.map(({ body }) => `${String(body.projectId)}:${String(body.tenantId)}`);
  };
  return { store, event, scheduled };
}

it('keeps a renamed project configured and syncing, showing its new key', async () => {
  const { store, event, scheduled } = await world();
  expect(await event('avi:jira:updated:project', 'SECOPS')).toBe('renamed');
  expect((await loadProject(store, DEMO_PROJECT_ID))?.projectKey).toBe('SECOPS');
  expect(await event('avi:jira:updated:project', 'SECOPS')).toBe('unchanged');
  expect(await scheduled()).toContain('10000:contoso');
});

it('stops syncing a project in the trash, and syncs it again once restored', async () => {
  const { event, scheduled } = await world();
  expect(await event('avi:jira:softdeleted:project')).toBe('trashed');
  expect(await scheduled()).toEqual(['10001:contoso']);
  expect(await event('avi:jira:restored:project')).toBe('restored');
  expect(await scheduled()).toContain('10000:contoso');
});

it('removes the data and secrets of a deleted project, and nothing of another', async () => {
  const { store, event } = await world();
  expect(Object.keys(store.dump().secrets)).toContain('secret:tenant:10000:contoso');
  expect(await event('avi:jira:deleted:project')).toBe('purged');
  const { values, secrets } = store.dump();
  const left = [...Object.keys(values), ...Object.keys(secrets)];
  expect(left.filter((key) => key.split(':').includes('10000'))).toEqual([]);
  expect(left).toEqual(
    expect.arrayContaining([
      'project:10001',
      'tenant:10001:contoso',
      'secret:tenant:10001:contoso',
    ]),
  );
  // Delivered again (at least once): nothing left to do, nothing breaks.
  expect(await event('avi:jira:deleted:project')).toBe('purged');
});

it('ignores an event of another shape and one about a project the app does not serve', async () => {
  const { event } = await world();
  expect(await event('avi:jira:updated:project', 'NEW', '10099')).toBe('not-configured');
  expect(await event('avi:jira:updated:project', 'SEC', 'not-an-id')).toBe('ignored');
});
