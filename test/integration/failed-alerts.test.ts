/**
 * No alert without an issue goes out of sight: it is listed from Jira's first refusal with its
 * attempts, error and next retry; a retry that fails keeps it listed and says so; it leaves the
 * list with its issue or an admin's recorded dismissal. The list reads a failed-alert index, so
 * its cost does not grow with the claims (test/sync/failed-alert-view.test.ts).
 */
import { z } from 'zod';
import { keys } from '../../src/core/storage-keys';
import { SCHEDULE_PERIOD_MS } from '../../src/core/schedule';
import { MAX_CREATE_ATTEMPTS, syncTenant } from '../../src/sync/sync-tenant';
import { loadClaim } from '../../src/sync/repository';
import { dismissFailedAlerts, listFailedAlerts } from '../../src/sync/settings-runs';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function refusingHarness(): Promise<Harness> {
  const started = await startHarness({
    scenario: singleTenant([rawAlert({ title: 'Refused' }), rawAlert(), rawAlert()]),
  });
  started.sandbox.jira.rejectWhen((fields) =>
    fields.summary === 'Refused' ? { summary: 'Summary is not allowed here.' } : false,
  );
  return started;
}

const failedList = async () => (await listFailedAlerts(harness!.store, DEMO_PROJECT_ID)).alerts;

describe('the failed-alert list', () => {
  it('shows an alert from its first refusal, with attempts, Jira’s error and the next retry', async () => {
    harness = await refusingHarness();
    const [run] = await harness.sync();
    expect(run).toMatchObject({ fetched: 3, created: 2, rejected: 1, status: 'partial' });
    const [listed, ...others] = await failedList();
    expect(others).toHaveLength(0);
    expect(listed).toMatchObject({
      tenantId: 'contoso',
      title: 'Refused',
      state: 'refused',
      attempts: 1,
      lastError: expect.stringContaining('Summary is not allowed here.') as string,
    });
    // The demo project syncs every five minutes: the next scheduled run retries it.
    expect(listed?.nextRetryAt).toBe((listed?.failedAt ?? 0) + SCHEDULE_PERIOD_MS.fiveMinutes);

    // Once Jira accepts it, it leaves the list with its issue, and its index entry is gone.
    harness.sandbox.jira.rejectWhen(undefined);
    await harness.sync();
    expect(await failedList()).toEqual([]);
    expect(await harness.store.query(keys.failedAlertPrefix(CONTOSO), z.unknown())).toMatchObject({
      entries: [],
    });
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(3);
  });

  it('keeps a parked alert listed through a retry Jira still refuses, says the retry failed, and lists it until it has its issue', async () => {
    harness = await refusingHarness();
    for (let run = 0; run < MAX_CREATE_ATTEMPTS; run += 1) await harness.sync();
    const [parked] = await failedList();
    expect(parked).toMatchObject({ state: 'failed', attempts: MAX_CREATE_ATTEMPTS });
    expect(parked?.nextRetryAt).toBeUndefined();

    const retry = () =>
      syncTenant({ ...CONTOSO, trigger: 'retry', alertIds: [parked!.alertId] }, harness!.deps);
    const stillRefused = await retry();
    expect(stillRefused.summary).toMatchObject({ fetched: 1, created: 0, failed: 1 });
    expect(stillRefused.summary.status).toBe('partial');
    expect(await failedList()).toMatchObject([
      { alertId: parked!.alertId, state: 'failed', attempts: MAX_CREATE_ATTEMPTS + 1 },
    ]);

    // Scheduled runs after it neither lose nor retry it behind the admin's back.
    await harness.sync();
    expect(await failedList()).toHaveLength(1);

    harness.sandbox.jira.rejectWhen(undefined);
    const fixed = await retry();
    expect(fixed.summary.created).toBe(1);
    expect(await failedList()).toEqual([]);
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(3);
  });

  it('lets an admin dismiss a failed alert, recorded with who and when; no run retries it', async () => {
    harness = await refusingHarness();
    await harness.sync();
    const [refused] = await failedList();
    const { dismissed } = await dismissFailedAlerts(
      harness.deps,
      CONTOSO,
      [refused!.alertId],
      'admin-account-1',
    );
    expect(dismissed).toBe(1);
    expect(await loadClaim(harness.store, CONTOSO, refused!.alertId)).toMatchObject({
      state: 'dismissed',
      dismissedBy: 'admin-account-1',
      at: expect.any(Number) as number,
    });
    expect(await failedList()).toEqual([]);

    harness.sandbox.jira.rejectWhen(undefined);
    const [next] = await harness.sync();
    expect(next?.created).toBe(0);
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(2);
    // An alert with an issue is not dismissed.
    await expect(
      dismissFailedAlerts(harness.deps, CONTOSO, [refused!.alertId], 'admin-account-1'),
    ).rejects.toThrow('None of these alerts is waiting for an issue.');
  });
});
