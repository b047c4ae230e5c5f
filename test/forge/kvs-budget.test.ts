/**
 * The Forge KVS budget (docs/architecture.md, "Forge KVS budget"), measured on the `@forge/kvs`
 * fake where every request is counted as Forge counts it: a first run writes at most 1.2 times
 * per created alert, a sync paces itself to its share of the installation's 4,000 writes a
 * minute, and storage that keeps refusing ends the run with a follow-up event, not an error,
 * losing and duplicating nothing.
 */
import './mocks';
import { scheduler, worker } from '../../src/index';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { largeScenario } from '../../sandbox/scenarios/large';
import type { ForgeHarness } from './harness';
import { captureLogs, fakeDateOnly, startForgeHarness, takePushed } from './harness';
import { kvsFaults } from './fakes/forge-kvs';
import { platform } from './fakes/platform';

const platformKeys = () => platform.kv.keys();

const WRITES = new Set(['set', 'batchSet', 'delete', 'setSecret', 'deleteSecret']);
const READS = new Set(['get', 'batchGet', 'query', 'getSecret']);

let harness: ForgeHarness | undefined;
const requests: string[] = [];
beforeEach(() => {
  captureLogs();
  requests.length = 0;
});
afterEach(async () => {
  kvsFaults.next = undefined;
  jest.restoreAllMocks();
  await harness?.close();
  harness = undefined;
});

function countRequests(refuse: (operation: string) => number | undefined = () => undefined) {
  kvsFaults.next = (operation) => {
    requests.push(operation);
    return refuse(operation);
  };
}
const writes = () => requests.filter((operation) => WRITES.has(operation)).length;
const reads = () => requests.filter((operation) => READS.has(operation)).length;

async function startLarge(alerts: number, tenants: number) {
  const scenario = largeScenario({
    alerts,
    tenants,
    // As in the 50 × 1,000 scenario: 7,500 distinct public IPs for 50,000 alerts.
    distinctPublicIps: Math.round(alerts * 0.15),
    seed: 11,
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
  return harness;
}

function issueAlertIds(current: ForgeHarness): string[] {
  return current.sandbox.jira
    .issues()
    .map((issue) => (issue.properties['mcas.alert'] as { alertId: string }).alertId);
}

/** Delivers queued events until none is left; returns the events delivered. */
async function drain() {
  const delivered = [];
  for (let events = takePushed(); events.length > 0; events = takePushed()) {
    for (const event of events) {
      delivered.push(event);
      await worker({ body: event.body });
    }
  }
  return delivered;
}

describe('Forge KVS budget', () => {
  it('writes at most 1.2 times per created alert on a first run, batches included', async () => {
    const current = await startLarge(600, 2);
    countRequests();
    await scheduler();
    await drain();
    const created = current.sandbox.jira.issues().length;
    expect(created).toBe(600);
    const perAlert = { writes: writes() / created, reads: reads() / created };
    expect(perAlert.reads).toBeLessThanOrEqual(0.5);
    expect(perAlert.writes).toBeLessThanOrEqual(1.2);
  });

  it('stays within 1.2 writes per created alert when the AbuseIPDB quota runs out and issues are owed verdicts', async () => {
    const current = await startLarge(600, 2);
    current.sandbox.abuseipdb.setQuota(10);
    countRequests();
    await scheduler();
    await drain();
    const created = current.sandbox.jira.issues().length;
    expect(created).toBe(600);
    const owed = [...platformKeys()].filter((key) => key.startsWith('pending:')).length;
    expect(owed).toBeGreaterThan(300);
    expect(writes() / created).toBeLessThanOrEqual(1.2);
  });

  it('paces a sync to its write share: each invocation stops after one share and waits until its writes are paid for', async () => {
    const current = await startLarge(500, 1);
    const tenantId = current.tenants[0]?.id ?? '';
    countRequests();
    const share = 200;
    const invocations: Array<{ writes: number; delay: number; seconds: number }> = [];
    let body: Record<string, unknown> | undefined = {
      projectId: '10000',
      tenantId,
      trigger: 'manual',
      writeShare: share,
    };
    while (body) {
      const before = writes();
      const started = Date.now();
      await worker({ body });
      const [next] = takePushed();
      invocations.push({
        writes: writes() - before,
        delay: next?.delayInSeconds ?? 0,
        seconds: (Date.now() - started) / 1000,
      });
      expect(next?.body.writeShare ?? share).toBe(share);
      body = next?.body;
    }
    expect(invocations.length).toBeGreaterThan(2);
    for (const { writes: made, delay, seconds } of invocations.slice(0, -1)) {
      // One share, plus the page that crossed it (≈ 115 writes) and the run's own records.
      expect(made).toBeLessThanOrEqual(share + 130);
      // Paid for: the writes averaged over the run and its wait are within the share (the run's
      // own time counts towards the wait, so a slow machine shortens the wait, not the rule).
      expect(delay + Math.ceil(seconds) + 1).toBeGreaterThanOrEqual((made / share) * 60);
    }
    const ids = issueAlertIds(current);
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
  });

  describe('storage that keeps refusing', () => {
    beforeEach(() => {
      // Time must pass for a claim to go stale.
      fakeDateOnly();
    });
    afterEach(() => jest.useRealTimers());

    it('ends the run with a follow-up after a limit window, not an error, and loses and duplicates nothing', async () => {
      const current = await startLarge(120, 1);
      // Every batch write of the first bulk create's outcomes is refused with a 429, retries
      // included; then the limit window passes.
      let refusals = 4;
      countRequests((operation) => {
        if (operation !== 'batchSet' || refusals === 0) return undefined;
        refusals -= 1;
        return 429;
      });
      await scheduler();
      const [first] = takePushed();
      await worker({ body: first?.body });
      const [followUp] = takePushed();
      expect(followUp?.body).toMatchObject({ continuation: 1 });
      expect(followUp?.delayInSeconds).toBeGreaterThanOrEqual(60);
      const runs = [...platform.kv.entries()].filter(([key]) => key.startsWith('run:'));
      expect(runs.map(([, { value }]) => (value as { status: string }).status)).not.toContain(
        'error',
      );

      // The issues of the unrecorded bulk create exist; their claims are reconciled once stale.
      jest.setSystemTime(Date.now() + 17 * 60_000);
      await worker({ body: followUp?.body });
      await drain();
      const ids = issueAlertIds(current);
      expect(ids).toHaveLength(120);
      expect(new Set(ids).size).toBe(120);
      const claims = [...platform.kv.entries()].filter(([key]) => key.startsWith('alert:'));
      expect(
        claims.filter(([, { value }]) => (value as { state: string }).state === 'claimed'),
      ).toEqual([]);
    });
  });
});
