/**
 * A Monday tenant read through Microsoft Graph security alerts_v2 instead of the MCAS API, over
 * real HTTP: the sync gets a Graph token from the Entra simulator, reads the Graph simulator
 * (newest first, nextLink pages) and creates the same issues, exactly once. Because Graph names a
 * Defender for Cloud Apps alert by its MCAS id, a tenant switched from MCAS to Graph imports
 * nothing twice, even when its checkpoint is gone.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { graphAlert } from '../../sandbox/scenarios/alert-shape';
import { mondayAlertSpecs, mondayScenario } from '../../sandbox/scenarios/monday';
import { keys } from '../../src/core/storage-keys';
import { saveProject } from '../../src/sync/repository';
import { updateTenant } from '../../src/sync/settings-tenants';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness, total } from './harness';

const DIRECTORY = '9d3f2c41-5a7b-4e8c-9f10-2b3c4d5e6f70';
const CLIENT_ID = '6b2e8f14-3c5d-4a7e-8b9f-0a1b2c3d4e5f';
const CLIENT_SECRET = 'Gr~fabrikam-graph-client-secret-77cd';
const HOUR = 3_600_000;

/** The harness on a Monday of a known time, so Graph can hold the very same alerts. */
async function mondayHarness(): Promise<{ harness: Harness; now: number }> {
  const now = Date.now();
  return { harness: await startHarness({ scenario: mondayScenario(now) }), now };
}

/** Fabrikam's Monday alerts in Graph's shape, plus any extra ones, in the Graph simulator. */
function seedGraph(
  harness: Harness,
  now: number,
  extra: Array<{ title: string; hoursAgo: number }> = [],
) {
  const { sandbox, clock } = harness;
  sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: CLIENT_SECRET });
  sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID] });
  const specs = mondayAlertSpecs(now).filter((spec) => spec.tenantId === 'fabrikam');
  const later = extra.map(({ title, hoursAgo }) => ({
    tenantId: 'fabrikam',
    title,
    severity: 2,
    users: [{ name: 'Lynne Robbins', email: 'lynne.robbins@fabrikam.com' }],
    ips: ['185.220.101.47'],
    timestamp: clock.now() - hoursAgo * HOUR,
  }));
  const alerts = [...specs, ...later].map((spec) => graphAlert(spec, DIRECTORY));
  sandbox.graph.addAlerts(DIRECTORY, alerts);
  return {
    mondayCount: specs.length,
    mondayIds: alerts.slice(0, specs.length).map((alert) => alert.providerAlertId),
  };
}

async function readFabrikamThroughGraph(harness: Harness) {
  await updateTenant(
    harness.store,
    DEMO_PROJECT_ID,
    {
      tenantId: 'fabrikam',
      source: 'graph',
      url: harness.sandbox.graph.url,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    },
    { allowLoopback: true },
  );
}

describe('a tenant read through Microsoft Graph', () => {
  let harness: Harness;

  afterEach(() => harness.close());

  it('turns its alerts into the same issues as MCAS would, once, with Graph links', async () => {
    let now: number;
    ({ harness, now } = await mondayHarness());
    const { mondayCount, mondayIds } = seedGraph(harness, now);
    await readFabrikamThroughGraph(harness);
    // The MCAS API no longer answers for Fabrikam: every alert must come through Graph.
    harness.sandbox.mcas.revokeToken('fabrikam');

    const first = await harness.sync();
    const graphRun = first.find((summary) => summary.tenantId === 'fabrikam');
    expect(graphRun).toMatchObject({ status: 'ok', fetched: mondayCount, created: mondayCount });
    expect(total(first, (s) => s.created)).toBe(15);
    expect(harness.sandbox.entra.issued()).toBe(1);
    expect(harness.sandbox.graph.requestsSeen(DIRECTORY)[0]?.$filter).toMatch(
      /^serviceSource eq 'microsoftDefenderForCloudApps' and createdDateTime ge \d{4}-/,
    );

    // The issues carry the MCAS alert ids (Graph's providerAlertId) and Graph's alert links.
    expect(alertIdsOfIssues(harness.sandbox)).toEqual(expect.arrayContaining(mondayIds));
    const torIssue = harness.sandbox.jira
      .issues()
      .find((issue) => issue.fields.summary === 'Risky sign-in: anonymous IP address');
    expect(JSON.stringify(torIssue?.fields.description)).toContain(
      'https://security.microsoft.com/alerts/ca',
    );
    expect(JSON.stringify(torIssue?.fields.description)).toContain('150.129.8.24');

    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(0);
    expect(harness.sandbox.jira.issues()).toHaveLength(15);
  });

  it('counts the alerts the project’s severity floor drops as fetched and filtered out', async () => {
    let now: number;
    ({ harness, now } = await mondayHarness());
    const { mondayCount } = seedGraph(harness, now);
    await readFabrikamThroughGraph(harness);
    await saveProject(harness.store, {
      ...harness.config,
      filters: { ...harness.config.filters, minSeverity: 'high' },
    });
    const high = mondayAlertSpecs(now).filter(
      (spec) => spec.tenantId === 'fabrikam' && spec.severity === 2,
    ).length;
    expect(high).toBeLessThan(mondayCount);

    const first = await harness.sync();
    const graphRun = first.find((summary) => summary.tenantId === 'fabrikam');
    // Graph filters in the app: what it drops was fetched, and the counts still add up.
    expect(graphRun).toMatchObject({
      fetched: mondayCount,
      created: high,
      filtered: mondayCount - high,
    });
  });

  it('switched from MCAS to Graph, imports only the new alert, even with its checkpoint gone', async () => {
    let now: number;
    ({ harness, now } = await mondayHarness());
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(15);

    const { mondayCount } = seedGraph(harness, now, [
      { title: 'Activity from a Tor IP address', hoursAgo: 1 },
    ]);
    await readFabrikamThroughGraph(harness);
    // As after removing and re-adding the tenant: the claims are all that is left.
    await harness.store.delete(
      keys.checkpoint({ projectId: DEMO_PROJECT_ID, tenantId: 'fabrikam' }),
    );

    const second = await harness.sync();
    const graphRun = second.find((summary) => summary.tenantId === 'fabrikam');
    expect(graphRun).toMatchObject({
      status: 'ok',
      fetched: mondayCount + 1,
      duplicates: mondayCount,
      created: 1,
    });
    expect(harness.sandbox.jira.issues()).toHaveLength(16);
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('without the Graph permission: a clear error for that tenant, the others proceed', async () => {
    let now: number;
    ({ harness, now } = await mondayHarness());
    seedGraph(harness, now);
    harness.sandbox.graph.revoke(DIRECTORY, CLIENT_ID);
    await readFabrikamThroughGraph(harness);

    const summaries = await harness.sync();
    const failed = summaries.find((summary) => summary.tenantId === 'fabrikam');
    expect(failed?.status).toBe('error');
    const message = failed?.errors[0]?.message ?? '';
    expect(message).toContain('Microsoft Graph for tenant "Fabrikam US" refused');
    expect(message).toContain('SecurityAlert.Read.All');
    expect(message).not.toContain(CLIENT_SECRET);
    const others = summaries.filter((summary) => summary.tenantId !== 'fabrikam');
    expect(others.every((summary) => summary.status === 'ok')).toBe(true);
    expect(total(summaries, (s) => s.created)).toBe(10);
  });
});
