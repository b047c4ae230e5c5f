/**
 * A Monday tenant that signs in with an Entra app instead of an API token, over real HTTP: the
 * sync gets a client-credentials token from the Entra simulator and reads alerts with
 * `Authorization: Bearer`; a wrong client secret fails that tenant alone, with a message that
 * says what to fix and never the secret.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { updateTenant } from '../../src/sync/settings-tenants';
import type { Harness } from './harness';
import { startHarness, total } from './harness';

const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const CLIENT_SECRET = 'Qx8~entra-client-secret-value-91ab';

/** Moves the first Monday tenant to an Entra app; its API token stops working. */
async function moveFirstTenantToEntra(harness: Harness, storedSecret: string) {
  const tenant = harness.seeded.tenants[0];
  if (!tenant) throw new Error('the Monday scenario has tenants');
  harness.sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: CLIENT_SECRET });
  harness.sandbox.mcas.acceptEntraApp(tenant.id, { tenantId: DIRECTORY, clientId: CLIENT_ID });
  harness.sandbox.mcas.revokeToken(tenant.id);
  await updateTenant(harness.store, DEMO_PROJECT_ID, {
    tenantId: tenant.id,
    authMode: 'entra',
    entraTenantId: DIRECTORY,
    clientId: CLIENT_ID,
    clientSecret: storedSecret,
  });
  const alerts = harness.scenario.alertsByTenant[tenant.id]?.length ?? 0;
  return { tenant, alerts };
}

describe('a tenant with an Entra app', () => {
  let harness: Harness;

  afterEach(() => harness.close());

  it('turns its alerts into issues with one token per run, like the token tenants', async () => {
    harness = await startHarness();
    const { tenant, alerts } = await moveFirstTenantToEntra(harness, CLIENT_SECRET);
    expect(alerts).toBeGreaterThan(0);

    const first = await harness.sync();
    const entraRun = first.find((summary) => summary.tenantId === tenant.id);
    expect(entraRun).toMatchObject({ status: 'ok', created: alerts });
    expect(total(first, (s) => s.created)).toBe(15);
    expect(first.every((summary) => summary.status === 'ok')).toBe(true);
    expect(harness.sandbox.entra.issued()).toBe(1);

    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(0);
    expect(second.find((summary) => summary.tenantId === tenant.id)?.status).toBe('ok');
    expect(harness.sandbox.jira.issues()).toHaveLength(15);
  });

  it('with a wrong client secret: a clear error for that tenant, the others proceed', async () => {
    harness = await startHarness();
    const wrongSecret = 'a-client-secret-id-not-its-value-0000';
    const { tenant, alerts } = await moveFirstTenantToEntra(harness, wrongSecret);

    const summaries = await harness.sync();
    const failed = summaries.find((summary) => summary.tenantId === tenant.id);
    expect(failed?.status).toBe('error');
    expect(failed?.created).toBe(0);
    const message = failed?.errors[0]?.message ?? '';
    expect(message).toContain(`MCAS tenant "${tenant.name}"`);
    expect(message).toContain('AADSTS7000215');
    expect(message).toContain('Certificates & secrets');
    expect(message).not.toContain(wrongSecret);

    const others = summaries.filter((summary) => summary.tenantId !== tenant.id);
    expect(others.every((summary) => summary.status === 'ok')).toBe(true);
    expect(total(others, (s) => s.created)).toBe(15 - alerts);
    expect(harness.sandbox.jira.issues()).toHaveLength(15 - alerts);
  });
});
