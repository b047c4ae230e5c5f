/**
 * The Forge-scale scenario: one installation, 50 MCAS tenants × 1,000 alerts on a first run, with
 * 7,500 distinct public IPs and AbuseIPDB's free plan (1,000 checks a day). The app's scheduler
 * and queued worker run on the project's Forge fakes (KVS, events, fetch/requestJira routed to
 * the simulators), on simulated time: 25 ms per KVS operation with the documented limits
 * (limit-store.ts), the async-events platform (event-loop.ts), and a fixed latency per external
 * call. It runs until every verdict is filled or the horizon is reached: by default one simulated
 * day (the first run and the first quota reset); `--days 9` judges the day-8 verdict target, at
 * the cost of about 15,000 worker invocations of CPU time per simulated day.
 *
 * The worker is `runQueuedSync` with the Forge adapters, as src/forge/worker.ts runs it, but with
 * the simulated clock: the handler itself builds its ports with the system clock.
 */
import './forge-modules';
import { forgeHttp } from '../../src/forge/http';
import { forgeJiraTransport } from '../../src/forge/jira-transport';
import { createKvsStore } from '../../src/forge/kvs-store';
import { createForgeQueue } from '../../src/forge/queue';
import type { Http, JiraTransport, Logger } from '../../src/ports';
import { runQueuedSync } from '../../src/sync/index';
import { scheduleDueTenants } from '../../src/sync/index';
import { configureDemoProject, demoProjectConfig } from '../../sandbox/cli/demo-project';
import { largeScenario, seededRandom } from '../../sandbox/scenarios/large';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';
import { platform } from '../../test/forge/fakes/platform';
import type { EventLoopStats } from './event-loop';
import { ForgeEventLoop } from './event-loop';
import type { KvsStats } from './limit-store';
import { FORGE_KVS_LIMITS, createLimitStore } from './limit-store';
import { SimClock } from './sim-clock';

const DAY_MS = 86_400_000;
const ABUSEIPDB_HOST = 'https://api.abuseipdb.com/';

export interface ForgeScaleOptions {
  tenants: number;
  alertsPerTenant: number;
  distinctPublicIps: number;
  /** Simulated days at most; the run ends earlier once every verdict is filled. */
  days: number;
  kvsLatencyMs: number;
  /** Simulated latency of each MCAS, AbuseIPDB and Jira call. */
  callLatencyMs: number;
  abuseIpdbDailyLimit: number;
  seed: number;
}

export const FORGE_SCALE_DEFAULTS: ForgeScaleOptions = {
  tenants: 50,
  alertsPerTenant: 1000,
  distinctPublicIps: 7500,
  days: 1,
  kvsLatencyMs: FORGE_KVS_LIMITS.latencyMs,
  callLatencyMs: 50,
  abuseIpdbDailyLimit: 1000,
  seed: 20261130,
};

export interface Calls {
  mcas: number;
  abuseipdb: number;
  jira: number;
}

/** What the platform and the simulators had counted at one moment. */
export interface Snapshot {
  atMs: number;
  kvs: KvsStats;
  events: EventLoopStats;
  calls: Calls;
  logLines: number;
}

export interface ForgeScaleResult {
  options: ForgeScaleOptions;
  alerts: number;
  wallMs: number;
  /** Simulated ms from the first tick until every alert had its issue (or was suppressed). */
  allIssuesMs?: number;
  /** Simulated ms until no issue owed a verdict any more. */
  allVerdictsMs?: number;
  /** The counters when every issue existed (or at the end, if that never happened). */
  firstRun: Snapshot;
  end: Snapshot;
  issues: number;
  duplicates: number;
  /** Alerts with neither an issue nor a suppressed/failed claim at the end. */
  lost: number;
  suppressed: number;
  /** Issues whose enrichment still says "pending" at the end. */
  issuesPending: number;
  /** Distinct public IPs that got a verdict from AbuseIPDB. */
  ipsLookedUp: number;
  abuseRefusals: { total: number; worstWindow: number; windows: number };
}

function countingLogger(): Logger & { lines: () => number } {
  let lines = 0;
  const count = () => {
    lines += 1;
  };
  return { info: count, warn: count, error: count, lines: () => lines };
}

/** The Http port with real loopback I/O held outside simulated time and a simulated latency. */
function simulatedHttp(
  inner: Http,
  clock: SimClock,
  latencyMs: number,
  onAnswer: (url: string, status: number) => void,
): Http {
  return async (url, init) => {
    const answer = await clock.io(async () => {
      const response = await inner(url, init);
      return { status: response.status, headers: response.headers, body: await response.text() };
    });
    await clock.sleep(latencyMs);
    onAnswer(url, answer.status);
    return { ...answer, text: () => Promise.resolve(answer.body) };
  };
}

function simulatedJira(inner: JiraTransport, clock: SimClock, latencyMs: number): JiraTransport {
  return {
    async request(route, init) {
      const answer = await clock.io(async () => {
        const response = await inner.request(route, init);
        return { status: response.status, headers: response.headers, body: await response.text() };
      });
      await clock.sleep(latencyMs);
      return { ...answer, text: () => Promise.resolve(answer.body) };
    },
  };
}

function callsOf(sandbox: Sandbox): Calls {
  const stats = sandbox.stats();
  return { mcas: stats.mcas.calls, abuseipdb: stats.abuseipdb.calls, jira: stats.jira.calls };
}

/** Claims in the fake KVS by state, read directly (not through the measured store). */
function claimStates(): Record<string, number> {
  const states: Record<string, number> = {};
  for (const [key, entry] of platform.kv) {
    if (!key.startsWith('alert:')) continue;
    const state = (entry.value as { state?: string } | undefined)?.state ?? 'unknown';
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

function pendingEntries(): number {
  let count = 0;
  for (const key of platform.kv.keys()) if (key.startsWith('pending:')) count += 1;
  return count;
}

export async function runForgeScale(
  overrides: Partial<ForgeScaleOptions> = {},
  progress?: (line: string) => void,
): Promise<ForgeScaleResult> {
  const options = { ...FORGE_SCALE_DEFAULTS, ...overrides };
  const wallStarted = performance.now();
  const start = Date.UTC(2026, 10, 30, 8, 0, 0);
  const clock = new SimClock(start);
  const random = seededRandom(options.seed);

  platform.reset();
  platform.now = () => clock.now();
  const sandbox = await startSandbox({
    now: () => clock.now(),
    abuseIpdbDailyLimit: options.abuseIpdbDailyLimit,
  });
  try {
    const scenario = largeScenario({
      alerts: options.tenants * options.alertsPerTenant,
      tenants: options.tenants,
      distinctPublicIps: options.distinctPublicIps,
      seed: options.seed,
      now: start,
    });
    const seeded = seedSandbox(sandbox, scenario);
    const tenants = seeded.tenants.map((tenant) => {
      platform.egress.push({
        from: `https://${tenant.id}.eu2.portal.cloudappsecurity.com/`,
        to: `${tenant.url}/`,
      });
      return { ...tenant, url: `https://${tenant.id}.eu2.portal.cloudappsecurity.com/api/` };
    });
    platform.egress.push({ from: ABUSEIPDB_HOST, to: `${new URL(sandbox.abuseipdb.url).origin}/` });
    platform.jira.baseUrl = sandbox.jira.url;
    platform.jira.app = { email: SANDBOX_JIRA_ADMIN.email, apiToken: SANDBOX_JIRA_ADMIN.apiToken };

    // Configuration is written before the clock starts and is not counted.
    await configureDemoProject(createKvsStore(), tenants, {
      abuseIpdbKey: seeded.abuseIpdbKey,
      config: demoProjectConfig({
        filters: { minSeverity: 'low', resolutionStatuses: [0], firstRunLookbackDays: 14 },
      }),
    });
    sandbox.resetStats();

    const kvs = createLimitStore(createKvsStore(), {
      clock,
      limits: { latencyMs: options.kvsLatencyMs },
    });
    const logger = countingLogger();
    const refusalsByDay = new Map<number, number>();
    const http = simulatedHttp(forgeHttp, clock, options.callLatencyMs, (url, status) => {
      if (status === 429 && url.startsWith(ABUSEIPDB_HOST)) {
        const day = Math.floor(clock.now() / DAY_MS);
        refusalsByDay.set(day, (refusalsByDay.get(day) ?? 0) + 1);
      }
    });
    const jira = simulatedJira(forgeJiraTransport, clock, options.callLatencyMs);

    /** Alerts minus those a rule suppressed or that were parked as failed: read from the claims. */
    let statesReadAt = -Infinity;
    let expected = seeded.alertCount;
    const expectedIssues = () => {
      // Claims change often: read them at most once a simulated minute.
      if (clock.now() - statesReadAt >= 60_000) {
        statesReadAt = clock.now();
        const states = claimStates();
        expected = seeded.alertCount - (states.suppressed ?? 0) - (states.failed ?? 0);
      }
      return expected;
    };
    let allIssuesAt: number | undefined;
    let allVerdictsAt: number | undefined;
    let firstRun: Snapshot | undefined;
    const snapshot = (): Snapshot => ({
      atMs: clock.now() - start,
      kvs: kvs.stats(),
      events: { ...loop.stats },
      calls: callsOf(sandbox),
      logLines: logger.lines(),
    });
    const checkVerdicts = () => {
      if (allIssuesAt !== undefined && allVerdictsAt === undefined && pendingEntries() === 0) {
        allVerdictsAt = clock.now();
      }
    };

    const loop: ForgeEventLoop = new ForgeEventLoop({
      clock,
      consume: async (body) => {
        const outcome = await runQueuedSync(body, {
          store: kvs.store,
          http,
          jira,
          queue: loop.limitQueue(createForgeQueue()),
          clock,
          logger,
          random,
        });
        if (!outcome) return;
        const { summary } = outcome;
        // Every alert has its issue (or a final claim without one): Jira is asked, not the
        // summaries, because a run that died after its creates reports none of them.
        if (allIssuesAt === undefined && sandbox.jira.issueCount() >= expectedIssues()) {
          allIssuesAt = clock.now();
          firstRun = snapshot();
          // No issue may owe a verdict at all (quota to spare): that is known now, not next tick.
          checkVerdicts();
        }
        if (summary.verdictsFilled > 0) checkVerdicts();
      },
      schedule: async () => {
        await scheduleDueTenants({
          store: kvs.store,
          queue: loop.limitQueue(createForgeQueue()),
          clock,
          logger,
          random,
        });
      },
      onTick: () => {
        checkVerdicts();
        const elapsed = clock.now() - start;
        // One line per simulated hour, so a long horizon shows where it is.
        if (progress && elapsed % 3_600_000 < 300_000) {
          progress(
            `forge-scale: ${(elapsed / 3_600_000).toFixed(0)} h simulated, ${sandbox.jira.issueCount()} issues, ` +
              `${pendingEntries()} pending verdicts, ${Math.round((performance.now() - wallStarted) / 1000)} s wall`,
          );
        }
      },
      done: () => allVerdictsAt !== undefined,
    });

    await loop.run(start + options.days * DAY_MS);

    const end = snapshot();
    const issues = sandbox.jira.issues();
    const alertIds = issues.map(
      (issue) => (issue.properties['mcas.alert'] as { alertId?: string } | undefined)?.alertId,
    );
    const distinct = new Set(alertIds);
    const states = claimStates();
    const issuesPending = issues.filter((issue) => {
      const enrichment = issue.properties['mcas.enrichment'] as
        { findings?: Array<{ pending?: boolean }> } | undefined;
      return enrichment?.findings?.some((finding) => finding.pending === true) ?? false;
    }).length;
    const refusals = [...refusalsByDay.values()];
    return {
      options,
      alerts: seeded.alertCount,
      wallMs: Math.round(performance.now() - wallStarted),
      ...(allIssuesAt !== undefined ? { allIssuesMs: allIssuesAt - start } : {}),
      ...(allVerdictsAt !== undefined ? { allVerdictsMs: allVerdictsAt - start } : {}),
      firstRun: firstRun ?? end,
      end,
      issues: issues.length,
      duplicates: issues.length - distinct.size,
      lost: Math.max(
        0,
        seeded.alertCount - distinct.size - (states.suppressed ?? 0) - (states.failed ?? 0),
      ),
      suppressed: states.suppressed ?? 0,
      issuesPending,
      ipsLookedUp: new Set(sandbox.abuseipdb.lookups()).size,
      abuseRefusals: {
        total: refusals.reduce((sum, count) => sum + count, 0),
        worstWindow: Math.max(0, ...refusals),
        windows: refusals.length,
      },
    };
  } finally {
    await sandbox.close();
    platform.reset();
    platform.now = () => Date.now();
  }
}
