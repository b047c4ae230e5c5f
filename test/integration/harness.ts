/**
 * A sandbox, a store and the sync deps wired together for integration tests: real HTTP to the
 * simulators, a clock whose `now` can be moved forward (for stale claims and caches) and whose
 * sleeps are shortened so retries and backoff do not slow the suite.
 */
import { DRAIN_SLOT_MS } from '../../src/core/owed-drain';
import type { ProjectConfig } from '../../src/core/config';
import type { RunSummary } from '../../src/core/model';
import { runCountsProblem } from '../../src/core/run-counts';
import type { Clock } from '../../src/ports';
import { silentLogger } from '../../src/ports';
import type { SyncDeps, SyncObserver } from '../../src/sync/sync-tenant';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { createBasicAuthJiraTransport } from '../../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { DEMO_PROJECT_ID, configureDemoProject } from '../../sandbox/cli/demo-project';
import { syncProject } from '../../sandbox/cli/project-sync';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import type { Scenario } from '../../sandbox/scenarios/seed';
import { seedSandbox } from '../../sandbox/scenarios/seed';
import type { Sandbox, SandboxOptions } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

export interface MovableClock extends Clock {
  advance(ms: number): void;
}

export function movableClock(): MovableClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    // Backoff and Retry-After waits are honoured in order, just not in full.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5))),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface Harness {
  sandbox: Sandbox;
  scenario: Scenario;
  seeded: ReturnType<typeof seedSandbox>;
  store: ReturnType<typeof createMemoryStore>;
  clock: MovableClock;
  deps: SyncDeps;
  config: ProjectConfig;
  sync(observer?: SyncObserver): Promise<RunSummary[]>;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    scenario?: Scenario;
    sandbox?: SandboxOptions;
    config?: ProjectConfig;
    abuseIpdbKey?: string | null;
  } = {},
): Promise<Harness> {
  const clock = movableClock();
  const sandbox = await startSandbox({ now: clock.now, ...options.sandbox });
  const scenario = options.scenario ?? mondayScenario(clock.now());
  const seeded = seedSandbox(sandbox, scenario);
  const store = createMemoryStore(clock);
  const config = await configureDemoProject(store, seeded.tenants, {
    config: options.config,
    abuseIpdbKey: options.abuseIpdbKey,
  });
  const deps: SyncDeps = {
    store,
    http: nodeHttp,
    jira: createBasicAuthJiraTransport({
      baseUrl: sandbox.jira.url,
      email: SANDBOX_JIRA_ADMIN.email,
      apiToken: SANDBOX_JIRA_ADMIN.apiToken,
      http: nodeHttp,
    }),
    clock,
    logger: silentLogger,
    allowLoopbackMcas: true,
    abuseIpdbBaseUrl: sandbox.abuseipdb.url,
    entraLoginBaseUrl: sandbox.entra.url,
  };
  return {
    sandbox,
    scenario,
    seeded,
    store,
    clock,
    deps,
    config,
    sync: async (observer) => {
      const summaries = await syncProject(deps, {
        projectId: DEMO_PROJECT_ID,
        trigger: 'cli',
        observer,
      });
      // Every integration run's counts must add up, whatever faults the test injects.
      for (const summary of summaries) {
        const problem = runCountsProblem(summary);
        if (problem !== undefined) throw new Error(`${summary.tenantId}: ${problem}`);
      }
      return summaries;
    },
    close: () => sandbox.close(),
  };
}

/** The alert id each sandbox issue was created for, from its `mcas.alert` property. */
export function alertIdsOfIssues(sandbox: Sandbox): string[] {
  return sandbox.jira.issues().map((issue) => {
    const property = issue.properties['mcas.alert'] as { alertId?: string } | undefined;
    return property?.alertId ?? '(none)';
  });
}

/**
 * Moves the clock to the start of the next slot in which the project's owed verdicts are drained:
 * one pass per five-minute slot, never in a slot's last minute, and while no check can be sent
 * only every sixth slot (`every`: core/owed-drain.ts).
 */
export function nextDrainSlot(harness: Harness, every = 1): void {
  const span = DRAIN_SLOT_MS * every;
  harness.clock.advance(span - (harness.clock.now() % span) + 1_000);
}

/**
 * Moves the clock past the AbuseIPDB simulator's daily reset, when its quota is whole again, and
 * past the time the app remembered: `Retry-After` counts whole seconds from the refusal, so that
 * time can be up to a second after the reset (plus the answer's own milliseconds).
 */
export function passAbuseIpdbReset(harness: Harness): void {
  const resetAtMs = harness.sandbox.abuseipdb.quota().resetAt * 1000;
  harness.clock.advance(resetAtMs - harness.clock.now() + 3_000);
}

export const total = (summaries: RunSummary[], pick: (summary: RunSummary) => number) =>
  summaries.reduce((sum, summary) => sum + pick(summary), 0);
