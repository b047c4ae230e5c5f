/**
 * Write-back for a tenant read through Microsoft Graph alerts_v2 (issue 16), over real HTTP: a
 * resolved issue PATCHes its alert to `resolved` with the mapped classification and comments on
 * it; a reopened issue sets it back to `inProgress`; an app without SecurityAlert.ReadWrite.All
 * is told so; an alert resolved in Defender by someone else is commented once on its issue.
 */
import { DEMO_PROJECT_ID, demoProjectConfig } from '../../sandbox/cli/demo-project';
import { graphAlert } from '../../sandbox/scenarios/alert-shape';
import { ALERT_PROPERTY_KEY } from '../../src/core/model';
import type { Rule } from '../../src/core/rules/schema';
import { handleIssueUpdated } from '../../src/sync/issue-events';
import { loadTenant, saveTenant } from '../../src/sync/repository';
import { updateTenant } from '../../src/sync/settings-tenants';
import type { Harness } from './harness';
import { startHarness } from './harness';

const DIRECTORY = '9d3f2c41-5a7b-4e8c-9f10-2b3c4d5e6f70';
const CLIENT_ID = '6b2e8f14-3c5d-4a7e-8b9f-0a1b2c3d4e5f';
const CLIENT_SECRET = 'Gr~fabrikam-graph-client-secret-77cd';
const TENANT = 'fabrikam';
const HOUR = 3_600_000;

let harness: Harness;
afterEach(() => harness.close());

/** Groups every alert of one Defender incident into the first one's issue. */
const BY_INCIDENT: Rule = {
  id: 'group-incident',
  name: 'Group by incident',
  enabled: true,
  conditions: [],
  actions: { group: { by: 'incident', windowHours: 12 } },
};

/**
 * A Graph-only Fabrikam with two alerts, synced, write-back on; `write` grants ReadWrite.All.
 * `oneIncident`: both alerts are of one incident, and the second is grouped into the first's issue.
 */
async function graphTenant(write: boolean, oneIncident = false) {
  harness = await startHarness({
    scenario: {
      tenants: [{ id: TENANT, name: 'Fabrikam', token: 'token-fabrikam-0123456789' }],
      alertsByTenant: { [TENANT]: [] },
      verdicts: {},
    },
    ...(oneIncident && { config: demoProjectConfig({ rules: [BY_INCIDENT] }) }),
  });
  const { sandbox, clock } = harness;
  sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: CLIENT_SECRET });
  sandbox.graph.addDirectory({
    entraTenantId: DIRECTORY,
    grantedApps: [CLIENT_ID],
    ...(write ? { writerApps: [CLIENT_ID] } : {}),
  });
  const alerts = ['Impossible travel activity', 'Activity from a Tor IP address'].map(
    (title, n) => {
      const alert = graphAlert(
        {
          tenantId: TENANT,
          title,
          severity: 2,
          users: [{ name: 'Lynne Robbins', email: 'lynne.robbins@fabrikam.com' }],
          ips: ['185.220.101.47'],
          // The older one first: it makes the issue, the other is grouped into it.
          timestamp: clock.now() - (2 - n) * HOUR,
        },
        DIRECTORY,
      );
      if (oneIncident) alert.incidentId = '4242';
      return alert;
    },
  );
  sandbox.graph.addAlerts(DIRECTORY, alerts);
  await updateTenant(
    harness.store,
    DEMO_PROJECT_ID,
    {
      tenantId: TENANT,
      source: 'graph',
      url: sandbox.graph.url,
      authMode: 'entra',
      entraTenantId: DIRECTORY,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    },
    { allowLoopback: true },
  );
  await harness.sync();
  const ref = { projectId: DEMO_PROJECT_ID, tenantId: TENANT };
  const tenant = await loadTenant(harness.store, ref);
  if (!tenant) throw new Error('no tenant');
  await saveTenant(harness.store, DEMO_PROJECT_ID, { ...tenant, writeBack: true });
  const issues = alerts.slice(0, oneIncident ? 1 : 2).map((alert) => {
    const issue = sandbox.jira
      .issues()
      .find(
        (candidate) =>
          (candidate.properties[ALERT_PROPERTY_KEY] as { alertId?: string }).alertId ===
          alert.providerAlertId,
      );
    if (!issue) throw new Error('no issue');
    return issue.key;
  });
  return { alerts, issues };
}

const event = (key: string) => ({
  issue: { key, fields: { project: { id: DEMO_PROJECT_ID } } },
  changelog: { items: [{ field: 'status' }] },
});

const graphAlertNow = (id: string) =>
  harness.sandbox.graph.alerts(DIRECTORY).find((alert) => alert.id === id);

it('resolves the Graph alert with the mapped classification and a comment, and reopens it', async () => {
  const { alerts, issues } = await graphTenant(true);
  harness.sandbox.jira.resolveIssue(issues[0] ?? '', 'Cannot Reproduce', harness.clock.now());
  harness.sandbox.graph.server.resetStats();

  const closed = await handleIssueUpdated(event(issues[0] ?? ''), harness.deps);
  const closeCalls = harness.sandbox.graph.server.callStats();
  const afterClose = graphAlertNow(alerts[0]?.id ?? '');
  harness.sandbox.jira.reopenIssue(issues[0] ?? '', harness.clock.now());
  const reopened = await handleIssueUpdated(event(issues[0] ?? ''), harness.deps);

  expect(closed.kind).toBe('closed');
  expect(afterClose).toMatchObject({
    status: 'resolved',
    classification: 'falsePositive',
    determination: 'notMalicious',
  });
  expect(JSON.stringify(afterClose?.comments)).toContain(
    `Closed from Jira: ${issues[0]} was resolved as \\"Cannot Reproduce\\"`,
  );
  // Find the Graph id by the alert's time, PATCH, comment.
  expect(closeCalls.calls).toBe(3);
  expect(reopened.kind).toBe('reopened');
  expect(graphAlertNow(alerts[0]?.id ?? '')?.status).toBe('inProgress');
  expect(graphAlertNow(alerts[1]?.id ?? '')?.status).toBe('new');
});

it('names SecurityAlert.ReadWrite.All when the app may only read', async () => {
  const { alerts, issues } = await graphTenant(false);
  harness.sandbox.jira.resolveIssue(issues[0] ?? '', 'Done', harness.clock.now());

  const refused = await handleIssueUpdated(event(issues[0] ?? ''), harness.deps);

  expect(refused).toMatchObject({
    kind: 'failed',
    message: expect.stringContaining('SecurityAlert.ReadWrite.All') as string,
  });
  expect(graphAlertNow(alerts[0]?.id ?? '')?.status).toBe('new');
});

it('comments once on an issue whose alert someone resolved in Defender', async () => {
  const { alerts, issues } = await graphTenant(true);
  harness.clock.advance(60_000);
  harness.sandbox.graph.resolveInPortal(DIRECTORY, alerts[1]?.id ?? '', {
    classification: 'truePositive',
    determination: 'compromisedAccount',
    by: 'soc-lead@fabrikam.com',
  });

  const [run] = await harness.sync();
  harness.clock.advance(2 * HOUR);
  const [later] = await harness.sync();

  expect(run?.writeBack).toMatchObject({ closedInDefender: 1 });
  expect(later?.writeBack).toMatchObject({ closedInDefender: 0 });
  const comments = harness.sandbox.jira
    .issues()
    .find((issue) => issue.key === issues[1])
    ?.comments.map((comment) => JSON.stringify(comment.body));
  expect(comments).toHaveLength(1);
  expect(comments?.[0]).toContain(
    'was resolved as a true positive in Defender by soc-lead@fabrikam.com',
  );
});

const closeComments = (id: string, key: string) =>
  ((graphAlertNow(id)?.comments ?? []) as Array<{ comment: string }>).filter((entry) =>
    entry.comment.startsWith(`Closed from Jira: ${key} `),
  );

const writeBackRecord = (key: string) =>
  (
    harness.sandbox.jira.issues().find((issue) => issue.key === key)?.properties[
      ALERT_PROPERTY_KEY
    ] as { writeBack?: Record<string, unknown> }
  ).writeBack;

it('closes the repeats grouped into the issue with it, each once, and records them', async () => {
  const { alerts, issues } = await graphTenant(true, true);
  const key = issues[0] ?? '';
  const [first, repeat] = [alerts[0]?.id ?? '', alerts[1]?.id ?? ''];
  expect(harness.sandbox.jira.issues()).toHaveLength(1);
  harness.sandbox.jira.resolveIssue(key, "Won't Do", harness.clock.now());
  harness.sandbox.graph.server.resetStats();

  const closed = await handleIssueUpdated(event(key), harness.deps);
  const calls = harness.sandbox.graph.server.callStats().calls;
  const again = await handleIssueUpdated(event(key), harness.deps);
  await harness.sync();

  expect(closed.kind).toBe('closed');
  expect(again.kind).toBe('none');
  for (const id of [first, repeat]) {
    expect(graphAlertNow(id)).toMatchObject({
      status: 'resolved',
      classification: 'informationalExpectedActivity',
      determination: 'other',
    });
    expect(closeComments(id, key)).toHaveLength(1);
  }
  // Per alert: find it by its time, PATCH, comment.
  expect(calls).toBe(6);
  expect(writeBackRecord(key)).toMatchObject({
    state: 'closed',
    groupedClosed: [alerts[1]?.providerAlertId],
  });
});

it('comments once when the answer to its comment was lost, and does not PATCH again', async () => {
  const { alerts, issues } = await graphTenant(true);
  const key = issues[0] ?? '';
  const id = alerts[0]?.id ?? '';
  harness.sandbox.graph.loseWriteAnswers(DIRECTORY, 1, 'comment');
  harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());

  // The lost answer ends the event's attempt (an error, or a failed outcome): either way the
  // record still says the closure is owed.
  await handleIssueUpdated(event(key), harness.deps).catch(() => undefined);
  const afterLost = { comments: closeComments(id, key).length, record: writeBackRecord(key) };
  harness.sandbox.graph.server.resetStats();
  const [run] = await harness.sync();
  const retryCalls = harness.sandbox.graph.server.callStats();

  expect(afterLost.comments).toBe(1);
  expect(afterLost.record?.state).toMatch(/^(sending|failed)$/);
  expect(run?.writeBack).toMatchObject({ closed: 1 });
  expect(closeComments(id, key)).toHaveLength(1);
  expect(graphAlertNow(id)).toMatchObject({ status: 'resolved', classification: 'truePositive' });
  expect(writeBackRecord(key)).toMatchObject({ state: 'closed' });
  // The retry finds the alert (its state and comments come with it) and sends nothing more.
  expect(Object.keys(retryCalls.byRoute).filter((route) => !route.startsWith('GET '))).toEqual([]);
});
