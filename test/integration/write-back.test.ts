/**
 * Jira → Defender write-back over real HTTP (issue 16): an issue resolved in the sandbox Jira
 * closes its alert in the MCAS simulator exactly once, through Jira's issue-updated event and
 * through the sweep of the scheduled run; every default mapping; a lost event; a refused closure;
 * a closure whose answer is lost; a reopen; and what each path costs in calls.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { createJiraClient } from '../../src/clients/jira';
import { ALERT_PROPERTY_KEY, Claim } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import type { WriteBackRecord } from '../../src/core/write-back';
import { createMcasClient } from '../../src/clients/mcas';
import { handleIssueUpdated } from '../../src/sync/issue-events';
import { testTenantConnection } from '../../src/sync/test-connection';
import { loadProject, loadTenant, saveProject, saveTenant } from '../../src/sync/repository';
import type { WriteBackSettings } from '../../src/core/write-back';
import { rawAlert, singleTenant } from './factories';
import type { Harness } from './harness';
import { startHarness } from './harness';

const TENANT = 'contoso';

async function turnWriteBackOn(harness: Harness, on = true): Promise<void> {
  const ref = { projectId: DEMO_PROJECT_ID, tenantId: TENANT };
  const tenant = await loadTenant(harness.store, ref);
  if (!tenant) throw new Error('no tenant');
  await saveTenant(harness.store, DEMO_PROJECT_ID, { ...tenant, writeBack: on });
}

async function saveProjectWith(harness: Harness, writeBack: Partial<WriteBackSettings>) {
  const project = await loadProject(harness.store, DEMO_PROJECT_ID);
  if (!project) throw new Error('no project');
  await saveProject(harness.store, {
    ...project,
    writeBack: { ...project.writeBack, ...writeBack },
  });
}

/** What Jira sends the app's trigger when an analyst changes an issue's status. */
function statusEvent(issueKey: string) {
  return {
    issue: { id: '1', key: issueKey, fields: { project: { id: DEMO_PROJECT_ID, key: 'SEC' } } },
    changelog: { items: [{ field: 'resolution' }, { field: 'status' }] },
    user: { displayName: 'Avery Analyst' },
    atlassianId: '5b10ac8d82e05b22cc7d4ef5',
  };
}

function issueOf(harness: Harness, alertId: string) {
  const issue = harness.sandbox.jira
    .issues()
    .find(
      (candidate) =>
        (candidate.properties[ALERT_PROPERTY_KEY] as { alertId?: string } | undefined)?.alertId ===
        alertId,
    );
  if (!issue) throw new Error(`no issue for ${alertId}`);
  return issue;
}

function writeBackOf(harness: Harness, issueKey: string): WriteBackRecord | undefined {
  const issue = harness.sandbox.jira.issues().find((candidate) => candidate.key === issueKey);
  return (issue?.properties[ALERT_PROPERTY_KEY] as { writeBack?: WriteBackRecord } | undefined)
    ?.writeBack;
}

/** The issue's key when Jira says it is in the Done category, asked as the app would. */
async function doneKeys(harness: Harness, key: string): Promise<string[]> {
  const found = await createJiraClient({
    transport: harness.deps.jira,
    clock: harness.clock,
    logger: harness.deps.logger,
  }).searchJql(`key = ${key} AND statusCategory = Done`, { fields: ['summary'], maxResults: 1 });
  return found.map((issue) => issue.key);
}

function commentsOf(harness: Harness, issueKey: string): string[] {
  const issue = harness.sandbox.jira.issues().find((candidate) => candidate.key === issueKey);
  return (issue?.comments ?? []).map((comment) => JSON.stringify(comment.body));
}

async function harnessWith(count: number) {
  const alerts = Array.from({ length: count }, () => rawAlert());
  const harness = await startHarness({ scenario: singleTenant(alerts, TENANT) });
  await harness.sync();
  return { harness, alerts };
}

const callsOf = (harness: Harness) => ({
  jira: harness.sandbox.jira.server.callStats().calls,
  mcas: harness.sandbox.mcas.server.callStats().calls,
});

function resetCalls(harness: Harness): void {
  harness.sandbox.jira.server.resetStats();
  harness.sandbox.mcas.server.resetStats();
}

describe('write-back: an issue resolved in Jira closes its alert in Defender', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('closes the repeats grouped into the issue with it, and only those the app grouped', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(3));
    await turnWriteBackOn(harness);
    const [first, repeat, other] = alerts.map((alert) => alert._id);
    const key = issueOf(harness, first ?? '').key;
    // As the "group repeats" rule leaves it: the repeat's claim says grouped into this issue...
    const ref = { projectId: DEMO_PROJECT_ID, tenantId: TENANT };
    const claim = await harness.store.get(keys.alert(ref, repeat ?? ''), Claim);
    if (!claim) throw new Error('no claim');
    await harness.store.set(keys.alert(ref, repeat ?? ''), {
      ...claim,
      state: 'grouped',
      issueKey: key,
    });
    // ...and the property lists it; an issue editor has added another alert's id as well.
    const jira = createJiraClient({
      transport: harness.deps.jira,
      clock: harness.clock,
      logger: harness.deps.logger,
    });
    const property = issueOf(harness, first ?? '').properties[ALERT_PROPERTY_KEY] as object;
    await jira.setIssueProperty(key, ALERT_PROPERTY_KEY, {
      ...property,
      repeats: 1,
      groupedAlertIds: [repeat, other],
    });
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());

    resetCalls(harness);
    const outcome = await handleIssueUpdated(statusEvent(key), harness.deps);

    expect(outcome.kind).toBe('closed');
    expect(
      harness.sandbox.mcas
        .closures(TENANT)
        .map(({ alertId }) => alertId)
        .sort(),
    ).toEqual([first, repeat].sort());
    const status = new Map(
      harness.sandbox.mcas.alerts(TENANT).map((alert) => [alert._id, alert.resolutionStatusValue]),
    );
    expect([status.get(first ?? ''), status.get(repeat ?? ''), status.get(other ?? '')]).toEqual([
      5, 5, 0,
    ]);
    // Still one MCAS call: the grouped repeat closes in the same request.
    expect(callsOf(harness).mcas).toBe(1);
  });

  it('closes each alert once through the event path, with each default mapping', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(4));
    await turnWriteBackOn(harness);
    const resolutions = ['Done', "Won't Do", 'Duplicate', 'Cannot Reproduce'];
    const keys = alerts.map((alert) => issueOf(harness, alert._id).key);
    keys.forEach((key, index) =>
      harness.sandbox.jira.resolveIssue(key, resolutions[index] ?? 'Done', harness.clock.now()),
    );

    resetCalls(harness);
    const outcomes = [];
    for (const key of keys) outcomes.push(await handleIssueUpdated(statusEvent(key), harness.deps));
    const perEvent = callsOf(harness);
    // The same events delivered again (Forge delivers at least once): nothing more is sent.
    for (const key of keys) await handleIssueUpdated(statusEvent(key), harness.deps);

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'closed',
      'closed',
      'closed',
      'closed',
    ]);
    const closures = harness.sandbox.mcas.closures(TENANT);
    expect(
      closures.map(({ alertId, endpoint, reasonId }) => ({ alertId, endpoint, reasonId })),
    ).toEqual([
      { alertId: alerts[0]?._id, endpoint: 'close_true_positive', reasonId: undefined },
      { alertId: alerts[1]?._id, endpoint: 'close_benign', reasonId: 4 },
      { alertId: alerts[2]?._id, endpoint: 'close_false_positive', reasonId: 1 },
      { alertId: alerts[3]?._id, endpoint: 'close_false_positive', reasonId: 3 },
    ]);
    expect(closures[1]?.comment).toBe(
      `Closed from Jira: ${keys[1]} was resolved as "Won't Do" by Avery Analyst.`,
    );
    expect(harness.sandbox.mcas.alerts(TENANT).map((alert) => alert.resolutionStatusValue)).toEqual(
      [5, 4, 3, 3],
    );
    expect(keys.map((key) => writeBackOf(harness, key)?.state)).toEqual([
      'closed',
      'closed',
      'closed',
      'closed',
    ]);
    // Per closed issue: read the issue, record before, record after (Jira); one close (MCAS).
    expect(perEvent).toEqual({ jira: 3 * 4, mcas: 4 });
    console.log(
      `event path, per closed issue: ${perEvent.jira / 4} Jira calls, ${perEvent.mcas / 4} MCAS call`,
    );
  });

  it('ignores events of issues whose tenant has write-back off, and of other changes', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(1));
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());

    const off = await handleIssueUpdated(statusEvent(key), harness.deps);
    await turnWriteBackOn(harness);
    const summaryOnly = await handleIssueUpdated(
      { ...statusEvent(key), changelog: { items: [{ field: 'summary' }] } },
      harness.deps,
    );

    expect(off).toEqual({ kind: 'ignored', why: 'write-back is off for the tenant' });
    expect(summaryOnly).toEqual({ kind: 'ignored', why: 'no status change' });
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
  });

  it('closes through the sweep when the event was lost, once over several runs', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(3));
    await turnWriteBackOn(harness);
    const keys = alerts.map((alert) => issueOf(harness, alert._id).key);
    // Two issues resolved and no event reaches the app; the third stays open.
    harness.sandbox.jira.resolveIssue(keys[0] ?? '', 'Done', harness.clock.now());
    harness.sandbox.jira.resolveIssue(keys[1] ?? '', 'Duplicate', harness.clock.now());

    resetCalls(harness);
    const [first] = await harness.sync();
    const sweepCalls = callsOf(harness);
    const [second] = await harness.sync();

    expect(first?.writeBack).toMatchObject({ closed: 2, failed: 0 });
    expect(second?.writeBack).toMatchObject({ closed: 0, failed: 0 });
    expect(
      harness.sandbox.mcas.closures(TENANT).map(({ alertId, endpoint }) => [alertId, endpoint]),
    ).toEqual([
      [alerts[0]?._id, 'close_true_positive'],
      [alerts[1]?._id, 'close_false_positive'],
    ]);
    expect(writeBackOf(harness, keys[2] ?? '')).toBeUndefined();
    console.log(
      `sweep run with 2 closures (sync + sweep + Defender check): ${sweepCalls.jira} Jira calls, ${sweepCalls.mcas} MCAS calls`,
    );
  });

  it('reports a refused closure once on the issue, in the run, and lands it once permitted', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(1));
    await turnWriteBackOn(harness);
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.mcas.setReadOnly(TENANT, true);
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());

    const refused = await handleIssueUpdated(statusEvent(key), harness.deps);
    harness.clock.advance(6 * 60_000);
    const [run] = await harness.sync();
    const failed = writeBackOf(harness, key);
    harness.sandbox.mcas.setReadOnly(TENANT, false);
    harness.clock.advance(11 * 60_000);
    const [landed] = await harness.sync();

    expect(refused.kind).toBe('failed');
    expect(refused).toMatchObject({
      message: expect.stringContaining('a user allowed to change alerts') as string,
    });
    expect(run?.writeBack).toMatchObject({ failed: 1 });
    expect(run?.errors.map(({ message }) => message)).toEqual(
      expect.arrayContaining([expect.stringContaining('refused to close the alert (HTTP 403)')]),
    );
    expect(failed).toMatchObject({ state: 'failed', attempts: 2, failureNoted: true });
    const failureComments = commentsOf(harness, key).filter((body) => body.includes('failed'));
    expect(failureComments).toHaveLength(1);
    expect(landed?.writeBack).toMatchObject({ closed: 1, failed: 0 });
    expect(writeBackOf(harness, key)?.state).toBe('closed');
    expect(harness.sandbox.mcas.closures(TENANT)).toHaveLength(1);
  });

  it('resends the recorded closure, never another, when the close answer was lost', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(1));
    await turnWriteBackOn(harness);
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    // Every attempt of the client's retries loses its answer: the call fails after MCAS closed it.
    harness.sandbox.mcas.loseCloseAnswers(TENANT, 10);
    harness.sandbox.jira.resolveIssue(key, "Won't Do", harness.clock.now());

    // The event's 20 s budget runs out among the client's retries: it stops, telling the Forge
    // handler (which logs it), with the closure recorded as `sending`.
    const lost = handleIssueUpdated(statusEvent(key), harness.deps);
    await expect(lost).rejects.toThrow('no time is left in this run');
    const afterLoss = writeBackOf(harness, key);
    harness.sandbox.mcas.loseCloseAnswers(TENANT, 0);
    // The analyst changes the resolution meanwhile: the closure already sent is what is resent.
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());
    harness.clock.advance(6 * 60_000);
    const [run] = await harness.sync();

    expect(afterLoss).toMatchObject({ state: 'sending', closure: 'benign' });
    // No failure was told: the closure had most likely landed.
    expect(commentsOf(harness, key)).toEqual([]);
    expect(run?.writeBack).toMatchObject({ closed: 1 });
    const endpoints = new Set(
      harness.sandbox.mcas.closures(TENANT).map(({ endpoint }) => endpoint),
    );
    expect([...endpoints]).toEqual(['close_benign']);
    expect(harness.sandbox.mcas.alerts(TENANT)[0]?.resolutionStatusValue).toBe(4);
    expect(writeBackOf(harness, key)).toMatchObject({ state: 'closed', closure: 'benign' });
  });

  it('says once that MCAS cannot reopen, and closes again on the next resolution', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(1));
    await turnWriteBackOn(harness);
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());
    await handleIssueUpdated(statusEvent(key), harness.deps);

    harness.sandbox.jira.reopenIssue(key, harness.clock.now());
    const reopened = await handleIssueUpdated(statusEvent(key), harness.deps);
    const [run] = await harness.sync();
    harness.sandbox.jira.resolveIssue(key, "Won't Do", harness.clock.now());
    const closedAgain = await handleIssueUpdated(statusEvent(key), harness.deps);

    expect(reopened.kind).toBe('reopened');
    expect(run?.writeBack).toMatchObject({ reopened: 0, closedInDefender: 0 });
    expect(commentsOf(harness, key).filter((body) => body.includes('cannot reopen'))).toHaveLength(
      1,
    );
    expect(closedAgain.kind).toBe('closed');
    expect(harness.sandbox.mcas.closures(TENANT).map(({ endpoint }) => endpoint)).toEqual([
      'close_true_positive',
      'close_benign',
    ]);
  });

  it('comments once when someone closed the alert in Defender, and sends nothing back', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(2));
    await turnWriteBackOn(harness);
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.mcas.resolveInPortal(TENANT, alerts[0]?._id ?? '', 1);

    resetCalls(harness);
    const [first] = await harness.sync();
    const checkCalls = callsOf(harness);
    harness.clock.advance(61 * 60_000);
    const [second] = await harness.sync();
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());
    const afterResolve = await handleIssueUpdated(statusEvent(key), harness.deps);

    expect(first?.writeBack).toMatchObject({ closedInDefender: 1 });
    expect(second?.writeBack).toMatchObject({ closedInDefender: 0 });
    expect(
      commentsOf(harness, key).filter((body) => body.includes('was dismissed in Defender')),
    ).toHaveLength(1);
    expect(afterResolve).toEqual({ kind: 'none' });
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
    console.log(
      `run with the Defender check (2 open issues): ${checkCalls.jira} Jira, ${checkCalls.mcas} MCAS calls`,
    );
  });

  it('does not close an alert named by an edited property', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(2));
    await turnWriteBackOn(harness);
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    const property = issueOf(harness, alerts[0]?._id ?? '').properties[
      ALERT_PROPERTY_KEY
    ] as object;
    // An issue editor points the property at the other alert, then resolves the issue.
    const jira = createJiraClient({
      transport: harness.deps.jira,
      clock: harness.clock,
      logger: harness.deps.logger,
    });
    await jira.setIssueProperty(key, ALERT_PROPERTY_KEY, { ...property, alertId: alerts[1]?._id });
    harness.sandbox.jira.resolveIssue(key, 'Done', harness.clock.now());

    const outcome = await handleIssueUpdated(statusEvent(key), harness.deps);

    expect(outcome).toEqual({ kind: 'ignored', why: 'the property does not match the app record' });
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
  });

  it('Test connection says whether the token may close alerts, and closes nothing', async () => {
    ({ harness } = await harnessWith(1));
    const tenant = harness.seeded.tenants[0];
    if (!tenant) throw new Error('no tenant');
    const client = createMcasClient({
      http: harness.deps.http,
      clock: harness.clock,
      logger: harness.deps.logger,
    });
    const connection = { tenantId: TENANT, tenantName: 'Contoso EU', baseUrl: tenant.url };
    const auth = () => Promise.resolve({ kind: 'token' as const, token: tenant.token });

    const allowed = await testTenantConnection(client, connection, auth);
    harness.sandbox.mcas.setReadOnly(TENANT, true);
    const readOnly = await testTenantConnection(client, connection, auth);

    expect(allowed).toMatchObject({ outcome: 'connected', canClose: { allowed: true } });
    expect(readOnly).toMatchObject({
      outcome: 'connected',
      canClose: {
        allowed: false,
        message: expect.stringContaining('a user allowed to change alerts') as string,
      },
    });
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
    expect(harness.sandbox.mcas.alerts(TENANT)[0]?.resolutionStatusValue).toBe(0);
  });

  it('moves an issue whose alert was closed in Defender through the transition the admin picked', async () => {
    const alerts = [rawAlert(), rawAlert()];
    harness = await startHarness({
      scenario: singleTenant(alerts, TENANT),
    });
    await harness.sync();
    await turnWriteBackOn(harness);
    await saveProjectWith(harness, { defenderClosedTransition: '31' });
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.mcas.resolveInPortal(TENANT, alerts[0]?._id ?? '', 5);

    const [run] = await harness.sync();

    expect(run?.writeBack).toMatchObject({ closedInDefender: 1 });
    expect(writeBackOf(harness, key)).toMatchObject({
      state: 'defenderClosed',
      defenderClosed: { how: 'closed as a true positive' },
    });
    const search = await createJiraClient({
      transport: harness.deps.jira,
      clock: harness.clock,
      logger: harness.deps.logger,
    }).searchJql(`key = ${key} AND statusCategory = Done`, {
      fields: ['summary'],
      maxResults: 1,
    });
    expect(search.map((issue) => issue.key)).toEqual([key]);
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
  });

  it('moves an issue to the status the admin picked through its own workflow transition, with one comment', async () => {
    const alerts = [rawAlert(), rawAlert()];
    harness = await startHarness({ scenario: singleTenant(alerts, TENANT) });
    await harness.sync();
    await turnWriteBackOn(harness);
    await saveProjectWith(harness, { defenderClosedStatus: { id: '10002', name: 'Done' } });
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.mcas.resolveInPortal(TENANT, alerts[0]?._id ?? '', 4);

    const [run] = await harness.sync();

    expect(run?.writeBack).toMatchObject({ closedInDefender: 1 });
    // The sandbox workflow reaches Done (10002) through its transition 31, which resolves.
    expect(await doneKeys(harness, key)).toEqual([key]);
    expect(commentsOf(harness, key).filter((body) => body.includes('in Defender'))).toHaveLength(1);
    expect(harness.sandbox.mcas.closures(TENANT)).toEqual([]);
  });

  it('says once, in its comment, that the issue stays when its workflow has no transition to the status', async () => {
    const alerts = [rawAlert(), rawAlert()];
    harness = await startHarness({ scenario: singleTenant(alerts, TENANT) });
    await harness.sync();
    await turnWriteBackOn(harness);
    await saveProjectWith(harness, {
      defenderClosedStatus: { id: '10001', name: 'In Progress' },
    });
    const key = issueOf(harness, alerts[0]?._id ?? '').key;
    harness.sandbox.mcas.resolveInPortal(TENANT, alerts[0]?._id ?? '', 4);

    await harness.sync();
    harness.clock.advance(2 * 3_600_000);
    await harness.sync();

    const said = commentsOf(harness, key).filter((body) => body.includes('in Defender'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('no transition to \\"In Progress\\"');
    expect(await doneKeys(harness, key)).toEqual([]);
  });

  it('keeps the values of mcas.alert it does not know when it records a closure', async () => {
    let alerts;
    ({ harness, alerts } = await harnessWith(1));
    await turnWriteBackOn(harness);
    const issue = issueOf(harness, alerts[0]?._id ?? '');
    const jira = createJiraClient({
      transport: harness.deps.jira,
      clock: harness.clock,
      logger: harness.deps.logger,
    });
    const property = issue.properties[ALERT_PROPERTY_KEY] as object;
    await jira.setIssueProperty(issue.key, ALERT_PROPERTY_KEY, { ...property, repeats: 2 });
    harness.sandbox.jira.resolveIssue(issue.key, 'Done', harness.clock.now());

    await handleIssueUpdated(statusEvent(issue.key), harness.deps);

    expect(issueOf(harness, alerts[0]?._id ?? '').properties[ALERT_PROPERTY_KEY]).toMatchObject({
      repeats: 2,
      writeBack: { state: 'closed' },
    });
  });
});
