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
import { captureLogs, startForgeHarness, takePushed } from './harness';
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
});
