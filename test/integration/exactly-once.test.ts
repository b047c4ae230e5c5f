/**
 * Exactly one issue per alert where the outcome is hard to know: a create Jira committed whose
 * answer was lost, and two workers syncing one tenant at the same moment. Every run's counts add
 * up (the harness checks core/run-counts.ts on each) and say what is still waiting.
 */
import type { RunSummary } from '../../src/core/model';
import { runCountsProblem } from '../../src/core/run-counts';
import type { Store } from '../../src/ports';
import { STALE_CLAIM_MS, syncTenant } from '../../src/sync/sync-tenant';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };
const BULK_CREATE = 'POST /rest/api/3/issue/bulk';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const alerts = (count: number) =>
  Array.from({ length: count }, () => rawAlert({ entities: [], description: 'x' }));

describe('a create whose answer is lost after Jira committed it', () => {
  it('counts the alerts as waiting with when they settle, then finds their issues instead of creating them again', async () => {
    harness = await startHarness({ scenario: singleTenant(alerts(5)) });
    harness.sandbox.setFaults('jira', { everyLostAnswer: 1, lostAnswerRoutes: [BULK_CREATE] });
    const [first] = await harness.sync();
    // Jira created all five; the app cannot know it.
    expect(harness.sandbox.jira.issues()).toHaveLength(5);
    expect(first).toMatchObject({ fetched: 5, created: 0, waiting: 5, status: 'error' });
    expect(first?.waitingUntil).toBeGreaterThanOrEqual((first?.finishedAt ?? 0) + STALE_CLAIM_MS);
    expect(first?.errors.some((e) => /5 alert\(s\) are waiting/.test(e.message))).toBe(true);

    harness.sandbox.setFaults('jira', undefined);
    const [soon] = await harness.sync();
    // Not stale yet: another run might still be creating them. Still waiting, nothing created.
    expect(soon).toMatchObject({ fetched: 5, created: 0, waiting: 5 });
    expect(harness.sandbox.jira.issues()).toHaveLength(5);

    harness.clock.advance(STALE_CLAIM_MS + 1000);
    const [later] = await harness.sync();
    expect(later).toMatchObject({ fetched: 5, created: 0, duplicates: 5, waiting: 0 });
    expect(later?.waitingUntil).toBeUndefined();
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });
});

/**
 * A store that lets the other worker in before every read and write, as two Forge invocations
 * interleave on KVS. The ledger's one owner per alert must come from the one create-if-absent
 * write (Forge: `keyPolicy: 'FAIL_IF_EXISTS'`): a claim taken as a read then a write lets both
 * workers read "absent" here, and both create the issue (this test fails on such a ledger).
 */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));
function interleaving(store: Store): Store {
  return {
    ...store,
    get: async (key, schema) => {
      await yieldToOthers();
      return store.get(key, schema);
    },
    set: async (key, value, options) => {
      await yieldToOthers();
      return store.set(key, value, options);
    },
    setIfAbsent: async (key, value) => {
      await yieldToOthers();
      return store.setIfAbsent(key, value);
    },
    getMany: async (keysToRead, schema) => {
      await yieldToOthers();
      return store.getMany(keysToRead, schema);
    },
  };
}

describe('two workers syncing one tenant at the same time', () => {
  it('create one issue per alert, and both runs account for every alert', async () => {
    harness = await startHarness({ scenario: singleTenant(alerts(120)) });
    const deps = { ...harness.deps, store: interleaving(harness.store) };
    const run = () => syncTenant({ ...CONTOSO, trigger: 'manual' }, deps);
    const outcomes = await Promise.all([run(), run()]);
    const summaries: RunSummary[] = outcomes.map(({ summary }) => summary);
    for (const summary of summaries) expect(runCountsProblem(summary)).toBeUndefined();

    const ids = alertIdsOfIssues(harness.sandbox);
    expect(new Set(ids).size).toBe(ids.length);
    expect(total(summaries, (s) => s.created)).toBe(ids.length);
    // Both read all 120; what one held when the other met it is waiting there, not created.
    for (const summary of summaries) expect(summary.fetched).toBe(120);
    expect(total(summaries, (s) => s.waiting)).toBe(
      240 - ids.length - total(summaries, (s) => s.duplicates),
    );

    // Once the claims the other worker held are past stale, a later run completes the set.
    harness.clock.advance(STALE_CLAIM_MS + 1000);
    await harness.sync();
    const after = alertIdsOfIssues(harness.sandbox);
    expect(after).toHaveLength(120);
    expect(new Set(after).size).toBe(120);
  });

  it('three workers at once create one issue per alert', async () => {
    harness = await startHarness({ scenario: singleTenant(alerts(60)) });
    const deps = { ...harness.deps, store: interleaving(harness.store) };
    const run = () => syncTenant({ ...CONTOSO, trigger: 'manual' }, deps);
    await Promise.all([run(), run(), run()]);
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
