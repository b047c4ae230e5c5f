/**
 * The failed-alert view's cost does not grow with the claims: at 20,000 claims it makes the same
 * few storage reads as at 20 (it took 201 queries for one call before the index; a resolver has
 * 25 s and KVS allows 4,000 reads a minute).
 */
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { ProjectId } from '../../src/core/config';
import type { Claim } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { claimTransitions, createClaimLedger } from '../../src/sync/claim-ledger';
import { saveTenant } from '../../src/sync/repository';
import { FAILED_VIEW_PAGE, listFailedAlerts } from '../../src/sync/settings-runs';

const PROJECT = ProjectId.parse('10000');
const REF = { projectId: PROJECT, tenantId: 'contoso' };
const NOW = Date.UTC(2026, 10, 30);
const id = (n: number) => n.toString(16).padStart(24, '0');

function counting(store: Store) {
  const reads = { query: 0, getMany: 0, get: 0 };
  const counted: Store = {
    ...store,
    query: (...args) => {
      reads.query += 1;
      return store.query(...args);
    },
    getMany: (...args) => {
      reads.getMany += 1;
      return store.getMany(...args);
    },
    get: (...args) => {
      reads.get += 1;
      return store.get(...args);
    },
  };
  return { store: counted, reads };
}

async function tenantWith(created: number, refused: number) {
  const store = createMemoryStore();
  await saveTenant(store, PROJECT, {
    id: 'contoso',
    name: 'Contoso',
    source: 'mcas',
    url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
    authMode: 'token',
    enabled: true,
    writeBack: false,
  });
  const alert = (n: number) => ({ title: `Alert ${n}`, timestamp: NOW - n });
  const claims: Array<{ key: string; value: Claim }> = [];
  for (let n = 0; n < created; n += 1) {
    claims.push({
      key: keys.alert(REF, id(n)),
      value: claimTransitions.created(alert(n), `SEC-${n + 1}`, 0, NOW),
    });
  }
  await store.setMany(claims);
  await createClaimLedger(store, REF).record(
    Array.from({ length: refused }, (_, i) => ({
      alertId: id(created + i),
      claim: claimTransitions.refused(alert(created + i), 0, 'Jira said no.', NOW + i),
    })),
  );
  return store;
}

describe('the failed-alert view', () => {
  it('reads the same few times at 20,000 claims as at 20', async () => {
    const small = counting(await tenantWith(20, 3));
    const large = counting(await tenantWith(20_000, 3));
    const fromSmall = await listFailedAlerts(small.store, PROJECT);
    const fromLarge = await listFailedAlerts(large.store, PROJECT);
    expect(fromLarge.alerts.map((a) => a.alertId)).toEqual([id(20_002), id(20_001), id(20_000)]);
    expect(fromSmall.alerts).toHaveLength(3);
    expect(large.reads).toEqual(small.reads);
    // Project, tenants, one index page and one batch read of its claims.
    expect(large.reads.query + large.reads.getMany + large.reads.get).toBeLessThanOrEqual(4);
  });

  it('stays bounded with more failed alerts than one view lists, and says there are more', async () => {
    const { store, reads } = counting(await tenantWith(0, FAILED_VIEW_PAGE + 5));
    const view = await listFailedAlerts(store, PROJECT);
    expect(view.alerts).toHaveLength(FAILED_VIEW_PAGE);
    expect(view.more).toBe(true);
    expect(reads.query + reads.getMany + reads.get).toBeLessThanOrEqual(
      3 + Math.ceil(FAILED_VIEW_PAGE / 20),
    );
  });
});
