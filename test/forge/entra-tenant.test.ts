/**
 * An MCAS tenant with an Entra app, through the Forge handlers: the settings resolver adds, shows
 * and tests it (the token request goes to login.microsoftonline.com, the declared egress), the
 * worker syncs it, and the client secret is never in an answer or a log line.
 */
import './mocks';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { worker } from '../../src/index';
import { platform } from './fakes/platform';
import type { ForgeHarness } from './harness';
import { captureLogs, settingsCaller, portalUrl, startForgeHarness, takePushed } from './harness';

const DIRECTORY = 'woodgrove.onmicrosoft.com';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const CLIENT_SECRET = 'Qx8~woodgrove-client-secret-91ab';
const WRONG_SECRET = 'wrong~woodgrove-client-secret-0000';

let harness: ForgeHarness;
let logs: string[];
const answers: string[] = [];

const call = settingsCaller(() => harness, answers);

const ENTRA_TENANT = {
  name: 'Woodgrove',
  url: portalUrl('woodgrove'),
  authMode: 'entra',
  entraTenantId: DIRECTORY,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
};

beforeEach(async () => {
  logs = captureLogs();
  harness = await startForgeHarness();
  const { sandbox } = harness;
  sandbox.entra.addApp({
    tenantId: '5b8c6d1e-0000-4000-8000-00000000a11e',
    domain: DIRECTORY,
    clientId: CLIENT_ID,
    secret: CLIENT_SECRET,
  });
  const simUrl = sandbox.mcas.addTenant({
    id: 'woodgrove',
    entraApp: { tenantId: '5b8c6d1e-0000-4000-8000-00000000a11e', clientId: CLIENT_ID },
  });
  platform.egress.push({
    from: 'https://woodgrove.eu2.portal.cloudappsecurity.com/',
    to: `${simUrl}/`,
  });
  // Two of Monday's alerts, raised in Woodgrove too.
  const monday = harness.tenants[0]?.id ?? '';
  sandbox.mcas.addAlerts('woodgrove', sandbox.mcas.alerts(monday).slice(0, 2));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

describe('an Entra app tenant through the Forge handlers', () => {
  it('is tested before it is added, added, shown with its auth mode, tested and synced', async () => {
    const unsaved = await call(SETTINGS_RESOLVERS.testTenant, {
      url: ENTRA_TENANT.url,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(unsaved).toMatchObject({ ok: true, data: { outcome: 'connected', openAlerts: 2 } });

    const added = await call(SETTINGS_RESOLVERS.addTenant, ENTRA_TENANT);
    expect(added).toMatchObject({
      ok: true,
      data: {
        tenant: {
          id: 'woodgrove',
          authMode: 'entra',
          entraTenantId: DIRECTORY,
          clientId: CLIENT_ID,
          token: { set: true, lastFour: '91ab' },
        },
      },
    });

    const stored = await call(SETTINGS_RESOLVERS.testTenant, { tenantId: 'woodgrove' });
    expect(stored).toMatchObject({ ok: true, data: { outcome: 'connected' } });

    const wrong = await call(SETTINGS_RESOLVERS.testTenant, {
      tenantId: 'woodgrove',
      clientSecret: WRONG_SECRET,
    });
    expect(wrong).toMatchObject({ ok: true, data: { outcome: 'failed', problem: 'wrongToken' } });
    expect(wrong.ok && String(wrong.data.message)).toContain('AADSTS7000215');

    const queued = await call(SETTINGS_RESOLVERS.syncNow, { tenantIds: ['woodgrove'] });
    expect(queued).toMatchObject({ ok: true });
    for (const event of takePushed()) await worker({ body: event.body });
    const woodgroveIssues = harness.sandbox.jira
      .issues()
      .filter(
        (issue) =>
          (issue.properties['mcas.alert'] as { tenantId: string }).tenantId === 'woodgrove',
      );
    expect(woodgroveIssues).toHaveLength(2);

    const everything = [...answers, ...logs].join('\n');
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(everything).not.toContain(WRONG_SECRET);
  });

  it('refuses incomplete or mixed credentials field by field and stores nothing', async () => {
    const before = JSON.stringify([...platform.kv.entries(), ...platform.secrets.entries()]);
    const missing = await call(SETTINGS_RESOLVERS.addTenant, {
      ...ENTRA_TENANT,
      clientId: undefined,
      entraTenantId: 'not a directory',
      token: 'an-api-token',
    });
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fieldErrors: {
          clientId: 'is required',
          entraTenantId: expect.stringContaining('Directory (tenant) ID') as unknown,
          token: 'is only used with an API token',
        },
      },
    });

    // Switching a token tenant to Entra keeps nothing: the client secret must come too.
    const monday = harness.tenants[0]?.id ?? '';
    const switched = await call(SETTINGS_RESOLVERS.updateTenant, {
      tenantId: monday,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
    });
    expect(switched).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fieldErrors: { clientSecret: 'is required' } },
    });
    const misplaced = await call(SETTINGS_RESOLVERS.updateTenant, {
      tenantId: monday,
      clientSecret: CLIENT_SECRET,
    });
    expect(misplaced).toMatchObject({
      ok: false,
      error: { fieldErrors: { clientSecret: 'is only used with an Entra app' } },
    });
    expect(JSON.stringify([...platform.kv.entries(), ...platform.secrets.entries()])).toBe(before);
  });

  it('switches a token tenant to an Entra app and back', async () => {
    const monday = harness.tenants[0];
    harness.sandbox.mcas.acceptEntraApp(monday?.id ?? '', {
      tenantId: '5b8c6d1e-0000-4000-8000-00000000a11e',
      clientId: CLIENT_ID,
    });
    const toEntra = await call(SETTINGS_RESOLVERS.updateTenant, {
      tenantId: monday?.id,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(toEntra).toMatchObject({ ok: true, data: { tenant: { authMode: 'entra' } } });
    const tested = await call(SETTINGS_RESOLVERS.testTenant, { tenantId: monday?.id });
    expect(tested).toMatchObject({ ok: true, data: { outcome: 'connected' } });

    const toToken = await call(SETTINGS_RESOLVERS.updateTenant, {
      tenantId: monday?.id,
      authMode: 'token',
      token: monday?.token,
    });
    expect(toToken).toMatchObject({ ok: true, data: { tenant: { authMode: 'token' } } });
    if (toToken.ok) {
      const tenant = toToken.data.tenant as Record<string, unknown>;
      expect(tenant.clientId).toBeUndefined();
      expect(tenant.entraTenantId).toBeUndefined();
    }
  });
});
