/**
 * The scheduled path as Forge runs it: the trigger's handler fans out to the queue, the consumer's
 * handler syncs one tenant per event. The platform's duplicates (a trigger fired twice, every
 * event delivered twice) create nothing twice, and a run over its time budget continues in a
 * follow-up event.
 */
import './mocks';
import { scheduler, worker } from '../../src/index';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { largeScenario } from '../../sandbox/scenarios/large';
import type { ForgeHarness } from './harness';
import { captureLogs, fakeDateOnly, startForgeHarness, takePushed } from './harness';
import { platform } from './fakes/platform';

function alertIdsOfIssues(harness: ForgeHarness): string[] {
  return harness.sandbox.jira
    .issues()
    .map((issue) => (issue.properties['mcas.alert'] as { alertId: string }).alertId);
}

/** Delivers queued events (each `times` times) until the queue is empty. */
async function drain(times = 1): Promise<number> {
  let delivered = 0;
  for (let events = takePushed(); events.length > 0; events = takePushed()) {
    for (const event of events) {
      for (let n = 0; n < times; n += 1) await worker({ body: event.body });
      delivered += 1;
    }
  }
  return delivered;
}

describe('scheduler → queue → worker on Forge', () => {
  let harness: ForgeHarness;
  beforeEach(() => captureLogs());
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.close();
  });

  it("creates the Monday scenario's issues in Jira, one event per tenant, serialised per tenant", async () => {
    harness = await startForgeHarness();
    await scheduler();
    const events = [...platform.pushed];
    expect(events.map(({ queueKey }) => queueKey)).toEqual([
      'tenant-sync',
      'tenant-sync',
      'tenant-sync',
    ]);
    for (const { event } of events) {
      expect(event.concurrency).toEqual({
        key: `tenant-10000-${String(event.body.tenantId)}`,
        limit: 1,
      });
      expect(event.delayInSeconds ?? 0).toBeLessThan(60);
    }
    await drain();
    const ids = alertIdsOfIssues(harness);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
  });

  it('makes no duplicate when the trigger fires twice and every event is delivered twice', async () => {
    harness = await startForgeHarness();
    await scheduler();
    await scheduler();
    expect(platform.pushed).toHaveLength(3);
    await drain(2);
    const ids = alertIdsOfIssues(harness);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);

    // The next tick within the tenants' five-minute period queues nothing.
    await scheduler();
    expect(platform.pushed).toHaveLength(0);
  });

  it('queues nothing for a paused project', async () => {
    harness = await startForgeHarness({ config: demoProjectConfig({ schedule: 'paused' }) });
    await scheduler();
    expect(platform.pushed).toHaveLength(0);
  });

  describe('a run over its time budget', () => {
    beforeEach(() => {
      fakeDateOnly();
    });
    afterEach(() => jest.useRealTimers());

    it('continues in a follow-up event and finishes', async () => {
      const scenario = largeScenario({
        alerts: 250,
        tenants: 1,
        distinctPublicIps: 20,
        seed: 7,
        now: Date.now(),
      });
      harness = await startForgeHarness({
        scenario,
        config: demoProjectConfig({
          filters: {
            minSeverity: 'informational',
            resolutionStatuses: [0, 1, 2, 3, 4, 5],
            firstRunLookbackDays: 30,
          },
        }),
      });
      // Each MCAS page costs 400 s: the worker's 600 s budget allows two pages, not three.
      platform.afterFetch = (url) => {
        if (url.includes('/api/v1/alerts/')) jest.setSystemTime(Date.now() + 400_000);
      };
      await scheduler();
      const [first] = takePushed();
      expect(first).toBeDefined();
      await worker({ body: first?.body });
      // Two pages' worth (less the alerts a page boundary shares), not all 250.
      const afterFirst = harness.sandbox.jira.issues().length;
      expect(afterFirst).toBeGreaterThan(150);
      expect(afterFirst).toBeLessThan(250);
      const followUps = takePushed();
      expect(followUps).toHaveLength(1);
      expect(followUps[0]?.body).toMatchObject({ trigger: 'schedule', continuation: 1 });
      expect(followUps[0]?.delayInSeconds).toBeGreaterThanOrEqual(1);
      expect(followUps[0]?.delayInSeconds).toBeLessThanOrEqual(900);

      await worker({ body: followUps[0]?.body });
      expect(takePushed()).toHaveLength(0);
      const ids = alertIdsOfIssues(harness);
      expect(ids).toHaveLength(250);
      expect(new Set(ids).size).toBe(250);
    });
  });
});
