/**
 * Paging that cannot loop, over real HTTP: an MCAS tenant answering `hasNext: true` with the same
 * page again, and a Graph tenant whose `@odata.nextLink` names the page it came with (same host
 * and path, so the host pinning accepts it). Each run stops within a few requests with a clear
 * error on that tenant, the alerts read before the broken page still become issues, the other
 * tenants carry on, and once the source is mended the next run creates the rest, none twice.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { graphAlert, mcasAlert } from '../../sandbox/scenarios/alert-shape';
import type { AlertSpec } from '../../sandbox/scenarios/alert-shape';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { updateTenant } from '../../src/sync/settings-tenants';
import { loadCheckpoint } from '../../src/sync/repository';
import { syncTenant } from '../../src/sync/sync-tenant';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness, total } from './harness';

const DIRECTORY = '9d3f2c41-5a7b-4e8c-9f10-2b3c4d5e6f70';
const CLIENT_ID = '6b2e8f14-3c5d-4a7e-8b9f-0a1b2c3d4e5f';
const CLIENT_SECRET = 'Gr~fabrikam-graph-client-secret-77cd';
const HOUR = 3_600_000;

/** `count` alerts of one tenant, one a second from two hours ago. */
function specs(tenantId: string, count: number, now: number): AlertSpec[] {
  return Array.from({ length: count }, (_, n) => ({
    tenantId,
    title: `Mass download ${n}`,
    severity: 1,
    users: [{ name: 'Adele Vance', email: 'adele.vance@contoso.com' }],
    ips: ['10.0.4.17'],
    timestamp: now - 2 * HOUR + n * 1000,
    salt: `${tenantId}:paging:${n}`,
  }));
}

async function harnessAt(): Promise<{ harness: Harness; now: number }> {
  const now = Date.now();
  return { harness: await startHarness({ scenario: mondayScenario(now) }), now };
}

/** Fabrikam read through Graph, holding `count` alerts there (and none of Monday's). */
async function fabrikamOnGraph(harness: Harness, now: number, count: number): Promise<void> {
  const { sandbox } = harness;
  sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: CLIENT_SECRET });
  sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID] });
  sandbox.graph.addAlerts(
    DIRECTORY,
    specs('fabrikam', count, now).map((spec) => graphAlert(spec, DIRECTORY)),
  );
  await updateTenant(
    harness.store,
    DEMO_PROJECT_ID,
    {
      tenantId: 'fabrikam',
      source: 'graph',
      url: sandbox.graph.url,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    },
    { allowLoopback: true },
  );
}

function duplicatesIn(ids: string[]): number {
  return ids.length - new Set(ids).size;
}

describe('paging that cannot loop', () => {
  let harness: Harness;

  afterEach(() => harness.close());

  it('MCAS answering hasNext with the same page again: an error on that tenant, its first page becomes issues', async () => {
    let now: number;
    ({ harness, now } = await harnessAt());
    const { sandbox } = harness;
    sandbox.mcas.addAlerts('contoso', specs('contoso', 250, now).map(mcasAlert));
    const contosoAlerts = sandbox.mcas.alerts('contoso').length;
    sandbox.mcas.breakPaging('contoso', { afterPages: 1 });

    const first = await harness.sync();
    const contoso = first.find((summary) => summary.tenantId === 'contoso');
    expect(contoso?.status).toBe('error');
    expect(contoso?.errors.map((error) => error.message).join('\n')).toMatch(
      /MCAS tenant "Contoso EU" answered 3 pages in a row with only alerts it had already sent.*paging is broken/,
    );
    // The good page before the repeated ones: all of its 100 alerts have issues.
    expect(contoso?.created).toBe(100);
    // One good page, then three repeats: it gave up within a handful of requests.
    expect(sandbox.mcas.requestsSeen('contoso').length).toBeLessThanOrEqual(5);
    const others = first.filter((summary) => summary.tenantId !== 'contoso');
    expect(others.every((summary) => summary.status === 'ok')).toBe(true);
    expect(total(others, (s) => s.created)).toBeGreaterThan(0);

    sandbox.mcas.breakPaging('contoso', undefined);
    const second = await harness.sync();
    expect(second.every((summary) => summary.status === 'ok')).toBe(true);
    const ids = alertIdsOfIssues(sandbox);
    expect(duplicatesIn(ids)).toBe(0);
    for (const alert of sandbox.mcas.alerts('contoso')) expect(ids).toContain(alert._id);
    expect(contosoAlerts).toBe(250 + 5);
  });

  it('a Graph nextLink that names itself: stops within a few requests, well inside the deadline', async () => {
    let now: number;
    ({ harness, now } = await harnessAt());
    const { sandbox } = harness;
    await fabrikamOnGraph(harness, now, 250);
    sandbox.graph.breakPaging(DIRECTORY, { afterPages: 1, mode: 'self-link' });

    const first = await harness.sync();
    const fabrikam = first.find((summary) => summary.tenantId === 'fabrikam');
    expect(fabrikam?.status).toBe('error');
    expect(fabrikam?.errors.map((error) => error.message).join('\n')).toMatch(
      /Microsoft Graph for tenant "Fabrikam US" answered with a next page link it had already given.*paging is broken/,
    );
    expect(sandbox.graph.requestsSeen(DIRECTORY).length).toBeLessThanOrEqual(4);
    // The first page (the 100 newest alerts) was read whole: those become issues, but the
    // checkpoint stays put, since the older alerts were never read.
    expect(fabrikam?.created).toBe(100);
    expect(
      await loadCheckpoint(harness.store, { projectId: DEMO_PROJECT_ID, tenantId: 'fabrikam' }),
    ).toBeUndefined();
    const others = first.filter((summary) => summary.tenantId !== 'fabrikam');
    expect(others.every((summary) => summary.status === 'ok')).toBe(true);

    sandbox.graph.breakPaging(DIRECTORY, undefined);
    const second = await harness.sync();
    expect(second.find((summary) => summary.tenantId === 'fabrikam')).toMatchObject({
      status: 'ok',
      created: 150,
      duplicates: 100,
    });
    const ids = alertIdsOfIssues(sandbox);
    expect(duplicatesIn(ids)).toBe(0);
    for (const alert of sandbox.graph.alerts(DIRECTORY))
      expect(ids).toContain(alert.providerAlertId);
  });

  it('Graph answering the same page with ever new links: stopped as a repeat', async () => {
    let now: number;
    ({ harness, now } = await harnessAt());
    await fabrikamOnGraph(harness, now, 250);
    harness.sandbox.graph.breakPaging(DIRECTORY, { afterPages: 2, mode: 'same-page' });

    const summaries = await harness.sync();
    const fabrikam = summaries.find((summary) => summary.tenantId === 'fabrikam');
    expect(fabrikam?.status).toBe('error');
    expect(fabrikam?.errors[0]?.message).toContain('3 pages in a row with only alerts');
    expect(fabrikam?.created).toBe(200);
    expect(harness.sandbox.graph.requestsSeen(DIRECTORY).length).toBeLessThanOrEqual(6);
  });

  it('checks the deadline between the Graph requests of one read, and continues later', async () => {
    let now: number;
    ({ harness, now } = await harnessAt());
    await fabrikamOnGraph(harness, now, 450);
    const { clock } = harness;
    // Every request takes a (simulated) minute; the run has two and a half.
    const slowHttp: typeof nodeHttp = (url, init) => {
      clock.advance(60_000);
      return nodeHttp(url, init);
    };
    const entraRequests = harness.sandbox.entra.issued();
    const outcome = await syncTenant(
      {
        projectId: DEMO_PROJECT_ID,
        tenantId: 'fabrikam',
        trigger: 'schedule',
        deadline: clock.now() + 150_000,
      },
      { ...harness.deps, http: slowHttp },
    );
    expect(outcome.continueAfterSeconds).toBeDefined();
    // The Entra token and at most three pages: not the five a whole read takes.
    expect(harness.sandbox.graph.requestsSeen(DIRECTORY).length).toBeLessThanOrEqual(3);
    expect(harness.sandbox.entra.issued()).toBe(entraRequests + 1);
    expect(outcome.summary.status).toBe('ok');
    expect(
      await loadCheckpoint(harness.store, { projectId: DEMO_PROJECT_ID, tenantId: 'fabrikam' }),
    ).toBeUndefined();

    // Follow-ups without a deadline finish the window: every alert once.
    await harness.sync();
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(duplicatesIn(ids)).toBe(0);
    for (const alert of harness.sandbox.graph.alerts(DIRECTORY))
      expect(ids).toContain(alert.providerAlertId);
  });
});
