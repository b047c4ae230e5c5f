/**
 * `npm run bench` — the pipeline on the simulators with 50 ms latency on every call.
 *
 * 1. The Monday scenario (3 tenants, 15 alerts): the pipeline against a naive sequential baseline
 *    with the original tool's call pattern, both run here, each on a fresh sandbox.
 * 2. 2,000 alerts / 10 tenants / 300 distinct public IPs: the pipeline against the call floor
 *    (⌈alerts/100⌉ MCAS pages per tenant + unique public IPs + ⌈alerts/50⌉ Jira bulk calls); the
 *    baseline's calls are projected, not run (it would take minutes).
 *
 * Prints a table, then one JSON line per scenario: wall ms, calls per service, peak RSS.
 * It runs compiled (`tsc` to dist/, then node), as the app runs deployed, with the simulators in a
 * child process (sim-process.ts): peak RSS is the pipeline's (or the baseline's) process alone.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { classifyIp } from '../src/core/ip';
import { normaliseMcasAlert } from '../src/core/normalise-mcas';
import { systemClock, silentLogger } from '../src/ports';
import { createMemoryStore } from '../sandbox/adapters/memory-store';
import { createBasicAuthJiraTransport } from '../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../sandbox/adapters/node-http';
import {
  DEMO_PROJECT_ID,
  DEMO_PROJECT_KEY,
  configureDemoProject,
  demoProjectConfig,
} from '../sandbox/cli/demo-project';
import { syncProject } from '../sandbox/cli/project-sync';
import type { Scenario, SeededSandbox } from '../sandbox/scenarios/seed';
import { SANDBOX_ABUSEIPDB_KEY } from '../sandbox/scenarios/seed';
import type { CallStats, ServiceName } from '../sandbox/sim';
import { SANDBOX_JIRA_ADMIN } from '../sandbox/sim';
import { baselineReading, runBaseline } from './baseline';
import type { ScenarioSpec, SimRequest } from './sim-process';
import { scenarioFor } from './sim-process';

const LATENCY_MS = 50;
/** The scenarios' tenants are MCAS tenants with API tokens: Entra and Graph are never called. */
type MeasuredService = Exclude<ServiceName, 'entra' | 'graph'>;
const SERVICES: MeasuredService[] = ['mcas', 'abuseipdb', 'jira'];

type Calls = Record<MeasuredService | 'total', number>;

interface Measurement {
  wallMs: number;
  calls: Calls;
  peakRssMb: number;
  /** Live JavaScript heap at its largest sample: what the pipeline really holds. */
  peakHeapMb: number;
  created: number;
}

interface SimHandle {
  seeded: SeededSandbox;
  jiraUrl: string;
  abuseIpdbUrl: string;
  stats(): Promise<Record<ServiceName, CallStats>>;
}

/** Starts the simulators for one run in a child process, seeded with the scenario. */
async function withSandbox<T>(spec: ScenarioSpec, run: (sim: SimHandle) => Promise<T>): Promise<T> {
  // Compiled (npm run bench) the sibling is .js; run from source with tsx it is .ts.
  const compiled = __filename.endsWith('.js');
  const child = fork(join(__dirname, compiled ? 'sim-process.js' : 'sim-process.ts'), [], {
    execArgv: compiled ? [] : ['--import', 'tsx'],
  });
  const ask = (request: SimRequest) =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', (reply: { value: unknown }) => resolve(reply.value));
      child.once('error', reject);
      child.send(request);
    });
  try {
    const started = (await ask({
      type: 'start',
      scenario: spec,
      options: {
        faults: {
          mcas: { latencyMs: LATENCY_MS },
          abuseipdb: { latencyMs: LATENCY_MS },
          jira: { latencyMs: LATENCY_MS },
        },
        // The benchmark measures call counts and latency, not MCAS's per-minute throttle.
        mcasRequestsPerMinute: 0,
        abuseIpdbDailyLimit: 100_000,
      },
    })) as Omit<SimHandle, 'stats'>;
    return await run({
      ...started,
      stats: async () => (await ask({ type: 'stats' })) as Record<ServiceName, CallStats>,
    });
  } finally {
    await ask({ type: 'close' });
  }
}

async function measure(sim: SimHandle, work: () => Promise<number>): Promise<Measurement> {
  let peak = 0;
  let peakHeap = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak = Math.max(peak, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  };
  sample();
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const created = await work();
  const wallMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  sample();
  const stats = await sim.stats();
  const calls = { total: 0 } as Calls;
  for (const service of SERVICES) {
    calls[service] = stats[service].calls;
    calls.total += stats[service].calls;
  }
  return {
    wallMs,
    calls,
    peakRssMb: Math.round(peak / 1048576),
    peakHeapMb: Math.round(peakHeap / 1048576),
    created,
  };
}

async function runPipeline(spec: ScenarioSpec, concurrency: number): Promise<Measurement> {
  return withSandbox(spec, async (sim) => {
    const store = createMemoryStore();
    await configureDemoProject(store, sim.seeded.tenants, {
      abuseIpdbKey: SANDBOX_ABUSEIPDB_KEY,
      // Both scenarios' alerts lie within the last week: a first run looking back 14 days sees all.
      config: demoProjectConfig({
        filters: { minSeverity: 'low', resolutionStatuses: [0], firstRunLookbackDays: 14 },
      }),
    });
    const deps = {
      store,
      http: nodeHttp,
      jira: createBasicAuthJiraTransport({
        baseUrl: sim.jiraUrl,
        email: SANDBOX_JIRA_ADMIN.email,
        apiToken: SANDBOX_JIRA_ADMIN.apiToken,
        http: nodeHttp,
      }),
      clock: systemClock,
      logger: silentLogger,
      allowLoopbackMcas: true,
      abuseIpdbBaseUrl: sim.abuseIpdbUrl,
    };
    return measure(sim, async () => {
      const summaries = await syncProject(deps, {
        projectId: DEMO_PROJECT_ID,
        trigger: 'cli',
        concurrency,
      });
      return summaries.reduce((sum, summary) => sum + summary.created, 0);
    });
  });
}

async function runBaselineOn(spec: ScenarioSpec): Promise<Measurement> {
  return withSandbox(spec, async (sim) =>
    measure(sim, async () => {
      const { created } = await runBaseline({
        tenants: sim.seeded.tenants,
        abuseIpdb: { url: sim.abuseIpdbUrl, key: SANDBOX_ABUSEIPDB_KEY },
        jira: {
          url: sim.jiraUrl,
          email: SANDBOX_JIRA_ADMIN.email,
          apiToken: SANDBOX_JIRA_ADMIN.apiToken,
          projectKey: DEMO_PROJECT_KEY,
          issueTypeId: '10001',
        },
      });
      return created;
    }),
  );
}

const REPETITIONS = 5;

async function median(run: () => Promise<Measurement>): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let index = 0; index < REPETITIONS; index += 1) runs.push(await run());
  runs.sort((a, b) => a.wallMs - b.wallMs);
  return runs[Math.floor(REPETITIONS / 2)] as Measurement;
}

/** What the scenario's data implies: the floor of calls and the baseline's projected calls. */
function analyse(scenario: Scenario) {
  const alerts = Object.entries(scenario.alertsByTenant).flatMap(([tenantId, raw]) =>
    raw.map((item) => normaliseMcasAlert(item, tenantId)),
  );
  const ok = alerts.flatMap((result) => (result.ok ? [result.alert] : []));
  const uniquePublic = new Set(
    ok.flatMap((alert) => alert.ips.filter((ip) => classifyIp(ip) === 'public')),
  );
  const mcasPages = Object.values(scenario.alertsByTenant).reduce(
    (sum, raw) => sum + Math.max(1, Math.ceil(raw.length / 100)),
    0,
  );
  const floor = { mcas: mcasPages, abuseipdb: uniquePublic.size, jira: Math.ceil(ok.length / 50) };
  // Two AbuseIPDB calls per IPv4 occurrence in the description, as the original tool made.
  const baselineAbuse = Object.values(scenario.alertsByTenant)
    .flat()
    .reduce((sum, raw) => sum + 2 * baselineReading(raw).ips.length, 0);
  const projectedBaseline = {
    mcas: Object.keys(scenario.alertsByTenant).length,
    abuseipdb: baselineAbuse,
    jira: ok.length,
  };
  return { alerts: ok.length, floor, projectedBaseline };
}

const sum = (calls: Omit<Calls, 'total'>) => calls.mcas + calls.abuseipdb + calls.jira;

function row(cells: Array<string | number>): string {
  const widths = [34, 10, 8, 10, 8, 8, 10];
  return cells
    .map((cell, index) => String(cell).padEnd(widths[index] ?? 10))
    .join('')
    .trimEnd();
}

async function main(): Promise<void> {
  const now = Date.now();
  const monday: ScenarioSpec = { name: 'monday', now };
  const large: ScenarioSpec = {
    name: 'large',
    alerts: 2000,
    tenants: 10,
    distinctPublicIps: 300,
    seed: 20261128,
    now,
  };

  // Each Monday run is repeated and the median taken, so neither side pays alone for the process
  // warming up (module loading, JIT); every repetition gets a fresh sandbox and store.
  const mondayPipeline = await median(() => runPipeline(monday, 3));
  const mondayBaseline = await median(() => runBaselineOn(monday));
  const mondayInfo = analyse(scenarioFor(monday));
  const mondayFloor = sum(mondayInfo.floor);
  const largeInfo = analyse(scenarioFor(large));
  const largePipeline = await runPipeline(large, 10);
  const floorTotal = sum(largeInfo.floor);

  const lines = [
    `Benchmark: every simulated call has ${LATENCY_MS} ms latency; Monday rows are the median of ${REPETITIONS} runs`,
    '',
    row(['run', 'wall ms', 'MCAS', 'AbuseIPDB', 'Jira', 'total', 'peak RSS']),
    row([
      'Monday: pipeline',
      mondayPipeline.wallMs,
      mondayPipeline.calls.mcas,
      mondayPipeline.calls.abuseipdb,
      mondayPipeline.calls.jira,
      mondayPipeline.calls.total,
      `${mondayPipeline.peakRssMb} MB`,
    ]),
    row([
      'Monday: original call pattern',
      mondayBaseline.wallMs,
      mondayBaseline.calls.mcas,
      mondayBaseline.calls.abuseipdb,
      mondayBaseline.calls.jira,
      mondayBaseline.calls.total,
      `${mondayBaseline.peakRssMb} MB`,
    ]),
    row([
      'Monday: call floor',
      '-',
      mondayInfo.floor.mcas,
      mondayInfo.floor.abuseipdb,
      mondayInfo.floor.jira,
      mondayFloor,
      '-',
    ]),
    row([
      '2,000 alerts: pipeline',
      largePipeline.wallMs,
      largePipeline.calls.mcas,
      largePipeline.calls.abuseipdb,
      largePipeline.calls.jira,
      largePipeline.calls.total,
      `${largePipeline.peakRssMb} MB`,
    ]),
    row([
      '2,000 alerts: call floor',
      '-',
      largeInfo.floor.mcas,
      largeInfo.floor.abuseipdb,
      largeInfo.floor.jira,
      floorTotal,
      '-',
    ]),
    row([
      '2,000 alerts: original (projected)',
      '-',
      largeInfo.projectedBaseline.mcas,
      largeInfo.projectedBaseline.abuseipdb,
      largeInfo.projectedBaseline.jira,
      sum(largeInfo.projectedBaseline),
      '-',
    ]),
    '',
    `Monday: ${(mondayBaseline.wallMs / mondayPipeline.wallMs).toFixed(1)}x less wall time, ${(mondayBaseline.calls.total / mondayPipeline.calls.total).toFixed(1)}x fewer calls (targets 5x, 3x); issues ${mondayPipeline.created} vs ${mondayBaseline.created}`,
    // The floor counts one bulk create for all tenants together and no create-screen reads: no
    // pipeline that looks up every public IP can make fewer calls on this data.
    `Monday: the call floor of the data is ${mondayFloor} calls, at best ${(mondayBaseline.calls.total / mondayFloor).toFixed(1)}x fewer than the original's ${mondayBaseline.calls.total}`,
    `2,000 alerts: ${largePipeline.calls.total} calls, ${(((largePipeline.calls.total - floorTotal) / floorTotal) * 100).toFixed(1)}% over the floor of ${floorTotal} (target ≤ 5%); peak RSS ${largePipeline.peakRssMb} MB (target < 200 MB, live heap at most ${largePipeline.peakHeapMb} MB); ${largePipeline.created} issues`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const json = (scenario: string, measurement: Measurement, extra: Record<string, unknown>) =>
    JSON.stringify({
      scenario,
      wallMs: measurement.wallMs,
      calls: measurement.calls,
      peakRssMb: measurement.peakRssMb,
      peakHeapMb: measurement.peakHeapMb,
      created: measurement.created,
      ...extra,
    });
  process.stdout.write(
    `${json('monday', mondayPipeline, { baseline: { wallMs: mondayBaseline.wallMs, calls: mondayBaseline.calls, created: mondayBaseline.created }, floor: { ...mondayInfo.floor, total: mondayFloor } })}\n`,
  );
  process.stdout.write(
    `${json('large-2000', largePipeline, { floor: { ...largeInfo.floor, total: floorTotal }, projectedBaseline: { ...largeInfo.projectedBaseline, total: sum(largeInfo.projectedBaseline) } })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
