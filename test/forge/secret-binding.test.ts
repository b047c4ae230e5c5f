/**
 * Issue 13, finding 3, through the settings resolver: "Test connection" never sends a tenant's
 * saved secret to a URL it was not given for.
 */
import './mocks';
import { SECRET_REBIND_MESSAGE } from '../../src/contract/secret-binding';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import type { ForgeHarness } from './harness';
import { settingsCaller, startForgeHarness } from './harness';
import { platform } from './fakes/platform';

let harness: ForgeHarness;
const call = settingsCaller(() => harness, []);

beforeAll(async () => {
  harness = await startForgeHarness();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

it('does not test a changed URL with the saved token, and asks for it again', async () => {
  const tenant = harness.tenants[0];
  if (!tenant) throw new Error('the harness has a tenant');
  // Another MCAS tenant the app may reach: without the binding the old token would go there.
  const otherUrl = harness.sandbox.mcas.addTenant({ id: 'fabrikam', token: 'fabrikam-token-0001' });
  platform.egress.push({
    from: 'https://fabrikam.eu2.portal.cloudappsecurity.com/',
    to: `${otherUrl}/`,
  });
  const before = harness.sandbox.stats().mcas.calls;
  const answer = await call(SETTINGS_RESOLVERS.testTenant, {
    tenantId: tenant.id,
    url: 'https://fabrikam.eu2.portal.cloudappsecurity.com/api/',
  });
  expect(answer).toMatchObject({ ok: true, data: { outcome: 'failed', problem: 'wrongToken' } });
  expect(JSON.stringify(answer)).toContain('Paste it again');
  expect(harness.sandbox.stats().mcas.calls).toBe(before);

  const saved = await call(SETTINGS_RESOLVERS.updateTenant, {
    tenantId: tenant.id,
    url: 'https://fabrikam.eu2.portal.cloudappsecurity.com/api/',
  });
  expect(saved).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', fieldErrors: { token: SECRET_REBIND_MESSAGE } },
  });
});
