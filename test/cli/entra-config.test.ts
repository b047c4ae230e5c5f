/** The CLI config's Entra app tenants: validated field by field, installed like the settings page does. */
import { ConfigFileError, parseCliConfig } from '../../sandbox/cli/config';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { installCliConfig } from '../../sandbox/cli/install-config';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { getTenantToken, loadTenant } from '../../src/sync/repository';

const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';

function config(tenant: Record<string, unknown>) {
  return {
    jira: {
      baseUrl: 'https://example.atlassian.net',
      email: 'bot@example.com',
      apiToken: 'jira-token',
      projectKey: 'SEC',
      issueType: 'Task',
    },
    tenants: [
      {
        id: 'contoso',
        name: 'Contoso EU',
        url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
        ...tenant,
      },
    ],
    entra: { loginBaseUrl: 'http://127.0.0.1:4100' },
    state: { dir: './state' },
    // The Entra simulator is plain http on loopback: only with allowLoopback.
    allowLoopback: true,
  };
}

function problems(json: unknown): string[] {
  try {
    parseCliConfig(json);
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems;
    throw error;
  }
  return [];
}

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

describe('CLI config: Entra app tenants', () => {
  it('installs an Entra tenant with its ids and the client secret from the environment', async () => {
    const parsed = parseCliConfig(
      config({
        auth: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecretEnv: 'CONTOSO_SECRET',
      }),
    );
    expect(parsed.entra?.loginBaseUrl).toBe('http://127.0.0.1:4100');
    const store = createMemoryStore();
    await installCliConfig(
      store,
      parsed,
      { CONTOSO_SECRET: 'entra-secret-value' },
      DEMO_PROJECT_ID,
    );
    expect(await loadTenant(store, CONTOSO)).toMatchObject({
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
    });
    expect(await getTenantToken(store, CONTOSO)).toBe('entra-secret-value');
  });

  it('keeps token tenants as they were: auth defaults to "token"', async () => {
    const parsed = parseCliConfig(config({ token: 'mcas-token' }));
    const store = createMemoryStore();
    await installCliConfig(store, parsed, {}, DEMO_PROJECT_ID);
    const tenant = await loadTenant(store, CONTOSO);
    expect(tenant?.authMode).toBe('token');
    expect(tenant?.clientId).toBeUndefined();
  });

  it('names each missing or misplaced field', () => {
    expect(problems(config({ auth: 'entra', token: 'mcas-token' }))).toEqual(
      expect.arrayContaining([
        'tenants[0].entraTenantId: is required',
        'tenants[0].clientId: is required',
        'tenants[0].clientSecret: set clientSecret or clientSecretEnv',
        'tenants[0].token: is only used with auth "token"',
      ]),
    );
    expect(problems(config({ token: 'mcas-token', clientId: CLIENT_ID }))).toEqual([
      'tenants[0].clientId: is only used with auth "entra"',
    ]);
    expect(
      problems(
        config({
          auth: 'entra',
          entraTenantId: 'not a tenant',
          clientId: 'app',
          clientSecret: 's',
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^tenants\[0\]\.entraTenantId: must be the Directory \(tenant\) ID/),
      expect.stringMatching(/^tenants\[0\]\.clientId: must be the Application \(client\) ID/),
    ]);
  });

  it('treats a missing client secret variable as a config error', async () => {
    const parsed = parseCliConfig(
      config({
        auth: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecretEnv: 'MISSING_SECRET',
      }),
    );
    await expect(
      installCliConfig(createMemoryStore(), parsed, {}, DEMO_PROJECT_ID),
    ).rejects.toThrow('tenants[0].clientSecret: environment variable MISSING_SECRET is not set');
  });
});
