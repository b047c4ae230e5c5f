/**
 * Storage failing while a bulk create is being recorded (invariants 1 and 2): the checkpoint must
 * not move past an alert whose claim still says `claimed`, so a created issue is reconciled and a
 * refused alert is retried on a later run instead of being forgotten behind the checkpoint.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { Checkpoint, Claim } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { StoreUnavailableError } from '../../src/ports';
import { STALE_CLAIM_MS, syncTenant } from '../../src/sync/sync-tenant';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const isCreatedClaim = (key: string, value: unknown) =>
  key.startsWith('alert:') && Claim.safeParse(value).data?.state === 'created';

/** The memory store, except that the first write recording a `created` claim fails. */
function failingOnceWhenRecording(store: Store): Store {
  let failed = false;
  const fail = () => {
    failed = true;
    return Promise.reject(new Error('storage went away'));
  };
  return {
    ...store,
    set: (key, value, options) =>
      !failed && isCreatedClaim(key, value) ? fail() : store.set(key, value, options),
    setMany: (entries) =>
      !failed && entries.some(({ key, value }) => isCreatedClaim(key, value))
        ? fail()
        : store.setMany(entries),
  };
}

describe('a storage failure while a bulk create is recorded', () => {
  it('keeps the checkpoint before the unrecorded alerts; a later run reconciles them and retries the refused one', async () => {
    const base = Date.now() - 86_400_000;
    // 60 alerts on one page: the first 50 go to Jira in one full bulk call inside the page loop,
    // the last 10 when the paging ends. Jira refuses one of the first 50.
    const alerts = Array.from({ length: 60 }, (_, index) =>
      rawAlert({
        timestamp: base + index * 1000,
        title: index === 30 ? 'Refused' : `Alert ${index}`,
      }),
    );
    harness = await startHarness({ scenario: singleTenant(alerts) });
    harness.sandbox.jira.rejectWhen((fields) =>
      fields.summary === 'Refused' ? { summary: 'Summary is not allowed here.' } : false,
    );
    const request = { ...CONTOSO, trigger: 'schedule' as const };

    const first = await syncTenant(request, {
      ...harness.deps,
      store: failingOnceWhenRecording(harness.store),
    });
    expect(first.summary.status).toBe('error');
    const checkpoint = await harness.store.get(keys.checkpoint(CONTOSO), Checkpoint);
    // Nothing of the failed bulk call is settled, so the checkpoint stays before its first alert.
    expect(checkpoint === undefined || checkpoint.lastTimestamp < base).toBe(true);

    harness.clock.advance(STALE_CLAIM_MS + 1000);
    const second = await syncTenant(request, harness.deps);
    expect(second.summary.status).toBe('partial');
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(ids).toHaveLength(59);
    expect(new Set(ids).size).toBe(59);
    const refusedId = String(alerts[30]?._id);
    const refused = await harness.store.get(keys.alert(CONTOSO, refusedId), Claim);
    // The refusal was tried again and recorded: the alert is retried on the next runs.
    expect(refused).toMatchObject({ state: 'rejected', attempts: 1 });
    const claims = await harness.store.query(keys.alertPrefix(CONTOSO), Claim);
    expect(claims.entries.filter(({ value }) => value.state === 'claimed')).toHaveLength(0);

    harness.sandbox.jira.rejectWhen(undefined);
    const third = await syncTenant(request, harness.deps);
    expect(third.summary.created).toBe(1);
    expect(new Set(alertIdsOfIssues(harness.sandbox)).size).toBe(60);
  });
});

describe('the last checkpoint write failing', () => {
  it('is still the run’s failure though it goes on beside the drain: the run continues later, and the next one passes the alerts as duplicates', async () => {
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 5 }, () => rawAlert())),
    });
    const request = { ...CONTOSO, trigger: 'schedule' as const };
    const refusing: Store = {
      ...harness.store,
      set: (key, value, options) =>
        key === keys.checkpoint(CONTOSO)
          ? Promise.reject(new StoreUnavailableError('Storage refused the write.', 30_000))
          : harness!.store.set(key, value, options),
    };
    const first = await syncTenant(request, { ...harness.deps, store: refusing });
    expect(first.summary.created).toBe(5);
    expect(first.continueAfterSeconds).toBe(30);
    expect(first.summary.errors.map(({ message }) => message).join(' ')).toContain(
      'Storage refused the write.',
    );
    expect(await harness.store.get(keys.checkpoint(CONTOSO), Checkpoint)).toBeUndefined();

    const second = await syncTenant(request, harness.deps);
    expect(second.summary).toMatchObject({ created: 0, duplicates: 5 });
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(5);
  });
});
