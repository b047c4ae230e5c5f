/**
 * The worker within Forge's limits, run as Forge runs it (handlers on the module-level fakes,
 * simulators behind them): a Retry-After that would carry the run past its deadline becomes a
 * follow-up event instead of a wait, and a run of N pages writes O(N) log lines, not one per
 * external call (Forge keeps 1,500 lines of an invocation).
 */
import './mocks';
import { scheduler, worker } from '../../src/index';
import { demoProjectConfig } from '../../sandbox/cli/demo-project';
import { largeScenario } from '../../sandbox/scenarios/large';
import type { ForgeHarness } from './harness';
import { captureLogs, startForgeHarness, takePushed } from './harness';
import { platform } from './fakes/platform';

const everyStatus = demoProjectConfig({
  filters: {
    minSeverity: 'informational',
    resolutionStatuses: [0, 1, 2, 3, 4, 5],
    firstRunLookbackDays: 30,
  },
});

function issueAlertIds(harness: ForgeHarness): string[] {
  return harness.sandbox.jira
    .issues()
    .map((issue) => (issue.properties['mcas.alert'] as { alertId: string }).alertId);
}

interface LogLine {
  message: string;
  [field: string]: unknown;
}

function parsed(lines: string[]): LogLine[] {
  return lines.map((line) => JSON.parse(line) as LogLine);
}

describe('worker time budget and log budget on Forge', () => {
  let harness: ForgeHarness;
  let logs: string[];
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(async () => {
    jest.useRealTimers();
    jest.restoreAllMocks();
    await harness.close();
  });

  it('turns a Retry-After that would cross the deadline into a follow-up, not a wait', async () => {
    // Only Date is faked: sockets, the simulators and the client's sleeps keep real timers, so
    // a 30 s wait would really be waited.
    jest.useFakeTimers({
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    const scenario = largeScenario({
      alerts: 250,
      tenants: 1,
      distinctPublicIps: 20,
      seed: 11,
      now: Date.now(),
    });
    harness = await startForgeHarness({ scenario, config: everyStatus });
    // The first page costs 590 s of the worker's 600 s; MCAS then answers 429, Retry-After 30 s.
    let mcasPages = 0;
    platform.afterFetch = (url) => {
      if (!url.includes('/api/v1/alerts/')) return;
      mcasPages += 1;
      if (mcasPages === 1) {
        jest.setSystemTime(Date.now() + 590_000);
        harness.sandbox.setFaults('mcas', { every429: 1, retryAfterSeconds: 30 });
      }
    };
    await scheduler();
    const [first] = takePushed();
    const startedAt = performance.now();
    await worker({ body: first?.body });
    expect(performance.now() - startedAt).toBeLessThan(15_000);

    const followUps = takePushed();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.body).toMatchObject({ continuation: 1 });
    expect(followUps[0]?.delayInSeconds).toBe(30);
    const afterFirst = issueAlertIds(harness).length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(250);

    harness.sandbox.setFaults('mcas', undefined);
    platform.afterFetch = undefined;
    await worker({ body: followUps[0]?.body });
    // The rest, paced to the sync's share of Forge KVS, may take more follow-ups.
    for (let events = takePushed(); events.length > 0; events = takePushed()) {
      for (const event of events) await worker({ body: event.body });
    }
    const ids = issueAlertIds(harness);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
  });

  it('logs one line per page and one per run, not one per external call', async () => {
    const scenario = largeScenario({
      alerts: 450,
      tenants: 1,
      distinctPublicIps: 80,
      seed: 5,
      now: Date.now(),
    });
    harness = await startForgeHarness({ scenario, config: everyStatus });
    await scheduler();
    logs.length = 0;
    // The run is paced to its share of Forge KVS (sync/write-pacing.ts): on the in-memory fake,
    // faster than Forge, it may continue in follow-ups; each is one more run line.
    let invocations = 0;
    for (let events = takePushed(); events.length > 0; events = takePushed()) {
      for (const event of events) {
        invocations += 1;
        await worker({ body: event.body });
      }
    }

    const lines = parsed(logs);
    const pages = lines.filter((line) => line.message === 'page synced');
    const runs = lines.filter((line) => line.message === 'tenant sync finished');
    expect(issueAlertIds(harness)).toHaveLength(450);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(runs).toHaveLength(invocations);
    // O(pages): the page lines, a run line and at most one follow-up line per invocation,
    // nothing per call.
    expect(lines.length).toBeLessThanOrEqual(pages.length + 2 * invocations);
    const sum = (field: string) => runs.reduce((total, run) => total + Number(run[field] ?? 0), 0);
    const calls = sum('calls');
    expect(calls).toBeGreaterThan(3 * lines.length);
    // Each page line says what its calls were; together they are the runs' (the final flush of
    // the last page's issues comes after the last page line).
    for (const page of pages) {
      expect(page).toMatchObject({ alerts: expect.any(Number) as number, mcasCalls: 1 });
      expect(Number(page.calls)).toBeGreaterThan(0);
    }
    const pageCalls = pages.reduce((total, page) => total + Number(page.calls), 0);
    expect(pageCalls).toBeLessThanOrEqual(calls);
    expect({ abuseipdbCalls: sum('abuseipdbCalls'), failedCalls: sum('failedCalls') }).toEqual({
      abuseipdbCalls: 80,
      failedCalls: 0,
    });
  });
});
