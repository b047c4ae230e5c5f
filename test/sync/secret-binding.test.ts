/**
 * Issue 13, finding 3: a tenant's saved secret is bound to where it was given. Changing the URL,
 * the Entra directory or the client id needs the secret again; renaming does not.
 */
import { ProjectId } from '../../src/core/config';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { SECRET_REBIND_MESSAGE } from '../../src/contract/secret-binding';
import { getTenantToken } from '../../src/sync/repository';
import { TenantInputError, addTenant, updateTenant } from '../../src/sync/settings-tenants';

const SEC = ProjectId.parse('10000');

const CONTOSO = 'https://contoso.eu2.portal.cloudappsecurity.com/';
const FABRIKAM = 'https://fabrikam.us3.portal.cloudappsecurity.com/';
const DIRECTORY = 'woodgrove.onmicrosoft.com';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';

async function fieldErrors(work: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await work;
  } catch (error) {
    if (error instanceof TenantInputError) return error.fieldErrors;
    throw error;
  }
  return {};
}

describe('updateTenant binds the saved secret to its endpoint', () => {
  it('asks for the token again when the URL changes, and takes it when given', async () => {
    const store = createMemoryStore();
    await addTenant(store, SEC, {
      id: 'contoso',
      name: 'Contoso',
      url: CONTOSO,
      token: 'old-token-0001',
    });
    expect(
      await fieldErrors(updateTenant(store, SEC, { tenantId: 'contoso', url: FABRIKAM })),
    ).toEqual({
      token: SECRET_REBIND_MESSAGE,
    });
    await updateTenant(store, SEC, {
      tenantId: 'contoso',
      url: FABRIKAM,
      token: 'new-token-0002',
    });
    expect(await getTenantToken(store, { projectId: SEC, tenantId: 'contoso' })).toBe(
      'new-token-0002',
    );
  });

  it('keeps the token for a change of name only', async () => {
    const store = createMemoryStore();
    await addTenant(store, SEC, {
      id: 'contoso',
      name: 'Contoso',
      url: CONTOSO,
      token: 'old-token-0001',
    });
    const renamed = await updateTenant(store, SEC, { tenantId: 'contoso', name: 'Contoso EU' });
    expect(renamed.name).toBe('Contoso EU');
    expect(await getTenantToken(store, { projectId: SEC, tenantId: 'contoso' })).toBe(
      'old-token-0001',
    );
  });

  it.each([
    ['directory', { entraTenantId: 'fabrikam.onmicrosoft.com' }],
    ['client id', { clientId: '0f0f0f0f-c567-49d0-ad0b-cd957a47f842' }],
  ])('asks for the client secret again when the Entra %s changes', async (_what, change) => {
    const store = createMemoryStore();
    await addTenant(store, SEC, {
      id: 'woodgrove',
      name: 'Woodgrove',
      url: CONTOSO,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: 'client-secret-0001',
    });
    expect(
      await fieldErrors(updateTenant(store, SEC, { tenantId: 'woodgrove', ...change })),
    ).toEqual({ clientSecret: SECRET_REBIND_MESSAGE });
  });
});
