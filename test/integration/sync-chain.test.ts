/**
 * One chain of follow-up events per tenant (src/sync/sync-chain.ts): a backlog that continues in
 * follow-ups notes that its chain runs, the scheduler does not queue the tenant beside it (which
 * would double its share of Forge's KVS writes), and the chain's last event clears the note.
 * Each follow-up carries the chain's pace, so it is delayed until its storage use is paid for.
 */
import { keys } from '../../src/core/storage-keys';
import type { QueueEvent } from '../../src/ports';
import { runQueuedSync } from '../../src/sync/queued-sync';
import { scheduleDueTenants } from '../../src/sync/scheduler';
import { SyncChain } from '../../src/sync/sync-chain';
import { WRITES_PER_PAGE } from '../../src/sync/write-pacing';
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

function recordingQueue() {
  const pushed: QueueEvent[] = [];
  return {
    pushed,
    queue: {
      push: (events: QueueEvent[]) => {
        pushed.push(...events);
        return Promise.resolve();
      },
    },
  };
}

describe('a tenant’s chain of follow-ups', () => {
  it('is noted while it runs, keeps the scheduler from queuing a second chain, and is cleared by its last event', async () => {
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 250 }, () => rawAlert())),
    });
    const current = harness;
    const { pushed, queue } = recordingQueue();
    const deps = { ...current.deps, queue };
    const chainNote = () => current.store.get(keys.syncChain(CONTOSO), SyncChain);

    // A share of one page a minute: every invocation does one page and follows up.
    const startedAt = current.clock.now();
    const first = await runQueuedSync(
      { ...CONTOSO, trigger: 'manual', writeShare: WRITES_PER_PAGE },
      deps,
    );
    // One page (100 alerts) and no more: the next would run ahead of the share.
    expect(first?.summary.created).toBe(100);
    const [followUp] = pushed.splice(0);
    expect(followUp?.body).toMatchObject({ continuation: 1 });
    // Paced: one page slot (a minute at this share) after the invocation started, carried on.
    const pacedUntil = followUp?.body.pacedUntil as number;
    expect(pacedUntil).toBeGreaterThanOrEqual(startedAt + 60_000);
    expect(followUp?.delaySeconds).toBeGreaterThanOrEqual(
      Math.floor((pacedUntil - current.clock.now()) / 1000),
    );
    expect((await chainNote())?.until).toBeGreaterThan(current.clock.now());

    // The scheduler leaves the tenant to its chain.
    expect(await scheduleDueTenants({ ...deps, random: () => 0.5 })).toEqual([]);
    expect(pushed).toEqual([]);

    // The chain runs to its end (time moves as the delays say) and clears its note. Its
    // follow-ups carry the note's time: it is written once, not once per event.
    const notedUntil = followUp?.body.chainNotedUntil as number;
    expect(notedUntil).toBe((await chainNote())?.until);
    let events = 0;
    for (let event = followUp; event !== undefined; event = pushed.shift()) {
      current.clock.advance((event.delaySeconds ?? 0) * 1000);
      await runQueuedSync(event.body, deps);
      events += 1;
      for (const next of pushed) expect(next.body.chainNotedUntil).toBe(notedUntil);
    }
    expect(events).toBeGreaterThanOrEqual(2);
    expect(await chainNote()).toBeUndefined();
    const ids = alertIdsOfIssues(current.sandbox);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);

    // With the chain over, the next tick queues the tenant again.
    current.clock.advance(10 * 60_000);
    expect(await scheduleDueTenants({ ...deps, random: () => 0.5 })).toEqual([CONTOSO]);
  });
});
