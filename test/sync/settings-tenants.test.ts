/**
 * Adding tenants: an id is unique within its project (every key a tenant owns is scoped by the
 * project), two admins adding at the same instant must not both get it, and an id comes free
 * again when its tenant is removed.
 */
import { z } from 'zod';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { ProjectId } from '../../src/core/config';
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { getTenantToken, listTenants } from '../../src/sync/repository';
import {
  TenantIdTakenError,
  TenantInputError,
  addTenant,
  removeTenant,
  updateTenant,
} from '../../src/sync/settings-tenants';

const URL = 'https://contoso.eu2.portal.cloudappsecurity.com/';

const SEC = ProjectId.parse('10000');
const OPS = ProjectId.parse('10001');

// Each add reads its own MCAS tenant unless a test gives the URL: a project holds one app tenant
// per Defender tenant.
let hosts = 0;
const add = (
  store: Store,
  projectId: ProjectId,
  input: { id?: string; name: string; token: string; url?: string },
) =>
  addTenant(store, projectId, {
    url: `https://t${(hosts += 1)}.eu2.portal.cloudappsecurity.com/`,
    ...input,
    authMode: 'token',
  });

describe('addTenant', () => {
  it('gives one id to one of two adds made at the same instant in one project', async () => {
    const store = createMemoryStore();
    const outcomes = await Promise.allSettled([
      add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'first-token' }),
      add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'second-token' }),
    ]);
    const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const rejected = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(TenantIdTakenError);
    expect(await listTenants(store, SEC)).toHaveLength(1);
    // The stored secret is the winner's, not overwritten by the loser.
    expect(['first-token', 'second-token']).toContain(
      await getTenantToken(store, { projectId: SEC, tenantId: 'contoso' }),
    );
  });

  it('lets two projects each have a tenant "contoso", with nothing shared and nothing revealed', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'token-of-sec' });
    const ops = await add(store, OPS, { id: 'contoso', name: 'Contoso', token: 'token-of-ops' });
    expect(ops.id).toBe('contoso');
    expect(await getTenantToken(store, { projectId: SEC, tenantId: 'contoso' })).toBe(
      'token-of-sec',
    );
    expect(await getTenantToken(store, { projectId: OPS, tenantId: 'contoso' })).toBe(
      'token-of-ops',
    );
    // A taken id names this project only: another project's tenant ids are none of its business.
    await expect(add(store, OPS, { id: 'contoso', name: 'x', token: 't' })).rejects.toThrow(
      'already used by another tenant of this project',
    );
  });

  it('refuses a second tenant for the same MCAS API in a project, naming the first on its URL field', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'a', url: URL });
    const second = add(store, SEC, {
      id: 'contoso-again',
      name: 'Contoso again',
      token: 'b',
      url: 'https://CONTOSO.eu2.portal.cloudappsecurity.com',
    });
    await expect(second).rejects.toBeInstanceOf(TenantInputError);
    await expect(second).rejects.toMatchObject({
      fieldErrors: {
        url: expect.stringContaining(
          'already read by tenant "Contoso EU" (contoso) of this project',
        ) as string,
      },
    });
    expect((await listTenants(store, SEC)).map(({ id }) => id)).toEqual(['contoso']);
    // The id the refused add asked for was not kept reserved.
    expect((await add(store, SEC, { id: 'contoso-again', name: 'x', token: 'c' })).id).toBe(
      'contoso-again',
    );
  });

  it('refuses a second Graph tenant of the same Entra directory', async () => {
    const store = createMemoryStore();
    const graphTenant = (id: string, entraTenantId: string) =>
      addTenant(store, SEC, {
        id,
        name: id,
        source: 'graph',
        authMode: 'entra',
        entraTenantId,
        clientId: '11111111-2222-3333-4444-555555555555',
        clientSecret: 'secret-value',
      });
    await graphTenant('tailspin', '72f988bf-86f1-41af-91ab-2d7cd011db47');
    await expect(
      graphTenant('tailspin-2', '72F988BF-86F1-41AF-91AB-2D7CD011DB47'),
    ).rejects.toMatchObject({
      fieldErrors: { entraTenantId: expect.stringContaining('(tailspin)') as string },
    });
  });

  it('refuses an edit that points a tenant at a Defender tenant another one reads; its own stays fine', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'a', url: URL });
    await add(store, SEC, { id: 'fabrikam', name: 'Fabrikam', token: 'b' });
    await expect(
      updateTenant(store, SEC, { tenantId: 'fabrikam', url: URL, token: 'new-token' }),
    ).rejects.toMatchObject({
      fieldErrors: { url: expect.stringContaining('(contoso)') as string },
    });
    const renamed = await updateTenant(store, SEC, { tenantId: 'contoso', name: 'Contoso' });
    expect(renamed.name).toBe('Contoso');
  });

  it('lets only one of two adds of the same Defender tenant at the same instant succeed', async () => {
    const store = createMemoryStore();
    // Both read the project's tenants before either is stored: only the reservation decides.
    const outcomes = await Promise.allSettled([
      add(store, SEC, { id: 'contoso-a', name: 'Contoso A', token: 'a', url: URL }),
      add(store, SEC, { id: 'contoso-b', name: 'Contoso B', token: 'b', url: URL }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await listTenants(store, SEC)).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(TenantInputError);
  });

  it('frees the Defender tenant when its tenant is removed or moved to another one', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'a', url: URL });
    await removeTenant(store, { projectId: SEC, tenantId: 'contoso' });
    await add(store, SEC, { id: 'contoso-again', name: 'Contoso EU', token: 'b', url: URL });
    const other = 'https://fabrikam.us3.portal.cloudappsecurity.com/';
    await updateTenant(store, SEC, { tenantId: 'contoso-again', url: other, token: 'c' });
    const back = await add(store, SEC, { id: 'contoso-3', name: 'Contoso', token: 'd', url: URL });
    expect(back.id).toBe('contoso-3');
  });

  it('lets another project read the same Defender tenant, and names none of its tenants', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'a', url: URL });
    const ops = await add(store, OPS, { id: 'ops-contoso', name: 'OPS', token: 'b', url: URL });
    expect(ops.id).toBe('ops-contoso');
  });

  it('gives two adds of the same name at the same instant two ids', async () => {
    const store = createMemoryStore();
    const added = await Promise.all([
      add(store, SEC, { name: 'Contoso EU', token: 'one' }),
      add(store, SEC, { name: 'Contoso EU', token: 'two' }),
    ]);
    expect(added.map((tenant) => tenant.id).sort()).toEqual(['contoso-eu', 'contoso-eu-2']);
  });

  it('frees the id when the tenant is removed, so the same tenant can come back', async () => {
    const store = createMemoryStore();
    await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'first' });
    await removeTenant(store, { projectId: SEC, tenantId: 'contoso' });
    const again = await add(store, SEC, { id: 'contoso', name: 'Contoso EU', token: 'second' });
    expect(again.id).toBe('contoso');
    expect(await getTenantToken(store, { projectId: SEC, tenantId: 'contoso' })).toBe('second');
  });

  it('gives the id back when the tenant cannot be stored', async () => {
    const store = createMemoryStore();
    const failing: Store = {
      ...store,
      setSecret: () => Promise.reject(new Error('storage is down')),
    };
    await expect(add(failing, SEC, { id: 'contoso', name: 'Contoso', token: 't' })).rejects.toThrow(
      'storage is down',
    );
    expect(
      await store.get(
        keys.tenantIdReservation({ projectId: SEC, tenantId: 'contoso' }),
        z.unknown(),
      ),
    ).toBeUndefined();
    expect((await add(store, SEC, { id: 'contoso', name: 'Contoso', token: 't' })).id).toBe(
      'contoso',
    );
  });
});
