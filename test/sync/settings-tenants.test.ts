/**
 * Adding tenants: an id is part of global storage keys, so two admins adding at the same instant
 * must not both get it, and an id comes free again when its tenant is removed.
 */
import { z } from 'zod';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { getTenantToken, listTenants, setTenantToken } from '../../src/sync/repository';
import { TenantIdTakenError, addTenant, removeTenant } from '../../src/sync/settings-tenants';

const URL = 'https://contoso.eu2.portal.cloudappsecurity.com/';

const add = (
  store: Store,
  projectKey: string,
  input: { id?: string; name: string; token: string },
) => addTenant(store, projectKey, { ...input, url: URL, authMode: 'token' });

describe('addTenant', () => {
  it('gives one id to one of two adds made at the same instant, in two projects', async () => {
    const store = createMemoryStore();
    const outcomes = await Promise.allSettled([
      add(store, 'SEC', { id: 'contoso', name: 'Contoso EU', token: 'token-of-sec' }),
      add(store, 'OPS', { id: 'contoso', name: 'Contoso EU', token: 'token-of-ops' }),
    ]);
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(TenantIdTakenError);
    const inSec = await listTenants(store, 'SEC');
    const inOps = await listTenants(store, 'OPS');
    expect(inSec.length + inOps.length).toBe(1);
    // The stored secret is the winner's, not overwritten by the loser.
    expect(await getTenantToken(store, 'contoso')).toBe(
      inSec.length === 1 ? 'token-of-sec' : 'token-of-ops',
    );
  });

  it('gives two adds of the same name at the same instant two ids', async () => {
    const store = createMemoryStore();
    const added = await Promise.all([
      add(store, 'SEC', { name: 'Contoso EU', token: 'one' }),
      add(store, 'SEC', { name: 'Contoso EU', token: 'two' }),
    ]);
    expect(added.map((tenant) => tenant.id).sort()).toEqual(['contoso-eu', 'contoso-eu-2']);
  });

  it('treats an id whose tenant was stored before reservations existed as taken', async () => {
    const store = createMemoryStore();
    await setTenantToken(store, 'contoso', 'an-older-tenant-token');
    await expect(add(store, 'SEC', { id: 'contoso', name: 'Contoso', token: 't' })).rejects.toThrow(
      TenantIdTakenError,
    );
    const derived = await add(store, 'SEC', { name: 'Contoso', token: 't' });
    expect(derived.id).toBe('contoso-2');
  });

  it('frees the id when the tenant is removed, so the same tenant can come back', async () => {
    const store = createMemoryStore();
    await add(store, 'SEC', { id: 'contoso', name: 'Contoso EU', token: 'first' });
    await removeTenant(store, 'SEC', 'contoso');
    const again = await add(store, 'SEC', { id: 'contoso', name: 'Contoso EU', token: 'second' });
    expect(again.id).toBe('contoso');
    expect(await getTenantToken(store, 'contoso')).toBe('second');
  });

  it('gives the id back when the tenant cannot be stored', async () => {
    const store = createMemoryStore();
    const failing: Store = {
      ...store,
      setSecret: () => Promise.reject(new Error('storage is down')),
    };
    await expect(
      add(failing, 'SEC', { id: 'contoso', name: 'Contoso', token: 't' }),
    ).rejects.toThrow('storage is down');
    expect(await store.get(keys.tenantIdReservation('contoso'), z.unknown())).toBeUndefined();
    expect((await add(store, 'SEC', { id: 'contoso', name: 'Contoso', token: 't' })).id).toBe(
      'contoso',
    );
  });
});
