/** The claim ledger on its own: the named transitions, and how claims reach storage. */
import { ProjectId } from '../../src/core/config';
import { Claim } from '../../src/core/model';
import type { Alert } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import type { Store, StoreWrite } from '../../src/ports';
import {
  MAX_CREATE_ATTEMPTS,
  STALE_CLAIM_MS,
  claimTransitions,
  createClaimLedger,
  isFinal,
  isStale,
} from '../../src/sync/claim-ledger';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';

const CONTOSO = { projectId: ProjectId.parse('10000'), tenantId: 'contoso' };

const NOW = Date.parse('2026-11-30T08:00:00Z');
const alert = (id: string): Alert =>
  ({ id, title: `Impossible travel ${id}`, timestamp: NOW - 60_000 }) as Alert;

/** Counts the storage calls the ledger makes, by kind. */
function countingStore() {
  const store = createMemoryStore({ now: () => NOW, sleep: () => Promise.resolve() });
  const calls = { setIfAbsent: 0, set: 0, setMany: [] as StoreWrite[][], getMany: 0, get: 0 };
  const counted: Store = {
    ...store,
    setIfAbsent: (key, value) => {
      calls.setIfAbsent += 1;
      return store.setIfAbsent(key, value);
    },
    set: (key, value, options) => {
      calls.set += 1;
      return store.set(key, value, options);
    },
    setMany: (entries) => {
      calls.setMany.push(entries);
      return store.setMany(entries);
    },
    getMany: (keyList, schema) => {
      calls.getMany += 1;
      return store.getMany(keyList, schema);
    },
    get: (key, schema) => {
      calls.get += 1;
      return store.get(key, schema);
    },
  };
  return { store, counted, calls };
}

describe('claim transitions', () => {
  const a = alert('a1');

  it('starts claimed with no attempts and remembers the title and time for a retry by hand', () => {
    expect(claimTransitions.claimed(a, NOW)).toEqual({
      state: 'claimed',
      attempts: 0,
      at: NOW,
      title: a.title,
      timestamp: a.timestamp,
    });
  });

  it('counts an attempt when Jira creates the issue, none when a search finds it', () => {
    expect(claimTransitions.created(a, 'SEC-1', 2, NOW)).toMatchObject({
      state: 'created',
      issueKey: 'SEC-1',
      attempts: 3,
    });
    expect(claimTransitions.reconciled(a, 'SEC-1', 2, NOW)).toMatchObject({
      state: 'created',
      issueKey: 'SEC-1',
      attempts: 2,
    });
  });

  it('rejects a refused alert until the last attempt, then parks it as failed', () => {
    const refused = claimTransitions.refused(a, MAX_CREATE_ATTEMPTS - 2, 'No.', NOW);
    expect(refused).toMatchObject({ state: 'rejected', lastError: 'No.' });
    expect(isFinal(refused)).toBe(false);
    const parked = claimTransitions.refused(a, MAX_CREATE_ATTEMPTS - 1, 'No.', NOW);
    expect(parked).toMatchObject({ state: 'failed', attempts: MAX_CREATE_ATTEMPTS });
    expect(isFinal(parked)).toBe(true);
  });

  it('takes a rejected claim again with its attempts; a retry by hand parks again on one more refusal', () => {
    const parked = claimTransitions.refused(a, MAX_CREATE_ATTEMPTS - 1, 'No.', NOW);
    expect(claimTransitions.retaken(parked, NOW + 1)).toMatchObject({
      state: 'claimed',
      attempts: MAX_CREATE_ATTEMPTS,
      at: NOW + 1,
    });
    const reopened = claimTransitions.reopenedByHand(parked, NOW + 1);
    expect(reopened).toMatchObject({ state: 'rejected', attempts: MAX_CREATE_ATTEMPTS });
    // The checkpoint passed it long ago: a refusal now must leave it parked (listed), never
    // `rejected` where no scheduled run meets it again.
    expect(claimTransitions.refused(a, reopened.attempts, 'Still no.', NOW + 2).state).toBe(
      'failed',
    );
  });

  it('dismisses with who and when, and a dismissed alert is settled', () => {
    const parked = claimTransitions.refused(a, MAX_CREATE_ATTEMPTS - 1, 'No.', NOW);
    const dismissed = claimTransitions.dismissed(parked, 'admin-account-1', NOW + 5);
    expect(dismissed).toMatchObject({
      state: 'dismissed',
      dismissedBy: 'admin-account-1',
      at: NOW + 5,
      lastError: 'No.',
    });
    expect(isFinal(dismissed)).toBe(true);
  });

  it('records the suppressing rule', () => {
    const suppressed = claimTransitions.suppressed(a, 'Noise', 0, NOW);
    expect(suppressed).toMatchObject({ state: 'suppressed', rule: 'Noise' });
    expect(isFinal(suppressed)).toBe(true);
  });

  it('settles a grouped repeat with the issue it joined and the rule, so no run takes it again', () => {
    const grouped = claimTransitions.grouped(a, 'SEC-7', 'Group failed logins', 1, NOW);
    expect(grouped).toMatchObject({
      state: 'grouped',
      issueKey: 'SEC-7',
      rule: 'Group failed logins',
      attempts: 1,
    });
    expect(isFinal(grouped)).toBe(true);
    expect(isStale(grouped, NOW + STALE_CLAIM_MS)).toBe(false);
  });

  it('calls a claim stale only once a worker could no longer be alive to hold it', () => {
    const claim = claimTransitions.claimed(a, NOW);
    expect(isStale(claim, NOW + STALE_CLAIM_MS - 1)).toBe(false);
    expect(isStale(claim, NOW + STALE_CLAIM_MS)).toBe(true);
    expect(isStale(claimTransitions.created(a, 'SEC-1', 0, NOW), NOW + STALE_CLAIM_MS)).toBe(false);
  });
});

describe('the ledger in storage', () => {
  it('gives an alert to one taker only', async () => {
    const { counted } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    const [first, second] = await Promise.all([
      ledger.take(alert('a1'), NOW),
      ledger.take(alert('a1'), NOW),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
  });

  it('takes each claim with its own create-if-absent write, and records 50 outcomes in 3 batch writes', async () => {
    const { counted, calls, store } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    const alerts = Array.from({ length: 50 }, (_, index) => alert(`a${index}`));
    for (const each of alerts) expect(await ledger.take(each, NOW)).toBe(true);
    expect(calls.setIfAbsent).toBe(50);

    await ledger.record(
      alerts.map((each, index) => ({
        alertId: each.id,
        claim: claimTransitions.created(each, `SEC-${index + 1}`, 0, NOW),
      })),
    );
    expect(calls.set).toBe(0);
    // One setMany call: the Forge adapter splits it into ⌈50 / 20⌉ = 3 kvs.batchSet requests.
    expect(calls.setMany).toHaveLength(1);
    expect(calls.setMany[0]).toHaveLength(50);
    const stored = await store.get(keys.alert(CONTOSO, 'a7'), Claim);
    expect(stored).toMatchObject({ state: 'created', issueKey: 'SEC-8' });
  });

  it('writes what the issues are still owed before the claims that say they were created', async () => {
    const { counted, calls } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    const owed: StoreWrite = { key: 'pending:contoso:a1', value: { issueKey: 'SEC-1' } };
    await ledger.record(
      [{ alertId: 'a1', claim: claimTransitions.created(alert('a1'), 'SEC-1', 0, NOW) }],
      [owed],
    );
    expect(calls.setMany.map((entries) => entries.map(({ key }) => key))).toEqual([
      ['pending:contoso:a1'],
      [keys.alert(CONTOSO, 'a1')],
    ]);
  });

  it('keeps the last change when one batch names an alert twice (batch writes refuse duplicate keys)', async () => {
    const { counted, store } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    const a = alert('a1');
    await ledger.record([
      { alertId: 'a1', claim: claimTransitions.claimed(a, NOW) },
      { alertId: 'a1', claim: claimTransitions.created(a, 'SEC-9', 0, NOW) },
    ]);
    expect(await store.get(keys.alert(CONTOSO, 'a1'), Claim)).toMatchObject({
      state: 'created',
      issueKey: 'SEC-9',
    });
  });

  it('reads the claims of a page in one batch read and leaves absent ones out', async () => {
    const { counted, calls } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    await ledger.take(alert('a1'), NOW);
    await ledger.take(alert('a2'), NOW);
    const claims = await ledger.read(['a1', 'a2', 'a3']);
    expect([...claims.keys()]).toEqual(['a1', 'a2']);
    expect(calls.getMany).toBe(1);
    expect(calls.get).toBe(0);
  });

  it('writes nothing for an empty change list', async () => {
    const { counted, calls } = countingStore();
    await createClaimLedger(counted, CONTOSO).record([]);
    expect(calls.setMany).toHaveLength(0);
  });

  it('erases a closed dismisser from its claims only, keeping the dismissal and its remaining retention', async () => {
    const { counted, calls } = countingStore();
    const ledger = createClaimLedger(counted, CONTOSO);
    const refused = claimTransitions.refused(alert('d1'), 0, 'Jira said no.', NOW);
    const dayAgo = NOW - 86_400_000;
    await ledger.record([
      { alertId: 'd1', claim: claimTransitions.dismissed(refused, 'closed-admin', dayAgo) },
      { alertId: 'd2', claim: claimTransitions.dismissed(refused, 'active-admin', dayAgo) },
    ]);
    calls.setMany.length = 0;

    const erased = await ledger.forgetDismissers(['d1', 'd2'], new Set(['closed-admin']), NOW);

    expect(erased).toBe(1);
    const claims = await ledger.read(['d1', 'd2']);
    expect(claims.get('d1')).toMatchObject({ state: 'dismissed', dismissedByFormerUser: true });
    expect(claims.get('d1')).not.toHaveProperty('dismissedBy');
    expect(claims.get('d1')?.at).toBe(dayAgo);
    expect(claims.get('d2')).toMatchObject({ dismissedBy: 'active-admin' });
    // Not a state change: the claim keeps the 179 days it had left, not a fresh 180.
    expect(calls.setMany.flat().map((write) => write.ttlSeconds)).toEqual([179 * 86_400]);
  });
});
