/**
 * `npm run bench:state` — the CLI's file state store against the in-memory store on one 20,000-
 * alert sync (10 tenants, 300 distinct public IPs, simulators in a child process, no added
 * latency so the store's own cost is as visible as it can be). Each store syncs a fresh sandbox;
 * the run is repeated and the medians compared. The file store must cost at most 1.5× the memory
 * store's wall time (issue 12: the old whole-file rewrite was quadratic, ~23 minutes at 20k).
 */
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { systemClock, silentLogger } from '../src/ports';
import type { Store } from '../src/ports';
import { createFileStore } from '../sandbox/adapters/file-store';
import { createMemoryStore } from '../sandbox/adapters/memory-store';
import { createBasicAuthJiraTransport } from '../sandbox/adapters/jira-basic-auth';
import { nodeHttp } from '../sandbox/adapters/node-http';
import {
  DEMO_PROJECT_ID,
  configureDemoProject,
  demoProjectConfig,
} from '../sandbox/cli/demo-project';
import { syncProject } from '../sandbox/cli/project-sync';
import { SANDBOX_ABUSEIPDB_KEY } from '../sandbox/scenarios/seed';
import { SANDBOX_JIRA_ADMIN } from '../sandbox/sim';
import type { SimHandle } from './sim-child';
import { withSandbox as withSimulators } from './sim-child';
import type { ScenarioSpec } from './sim-process';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 20_000);
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 3);
const LIMIT = 1.5;

interface Run {
  wallMs: number;
  created: number;
  /** Distinct error messages of the run (without alert ids), to explain a shortfall. */
  errors: string[];
  journalBytes?: number;
}

/** The simulators with no added latency, so the store's own cost shows. */
const withSandbox = <T>(spec: ScenarioSpec, run: (sim: SimHandle) => Promise<T>) =>
  withSimulators(spec, { mcasRequestsPerMinute: 0, abuseIpdbDailyLimit: 100_000 }, run);

async function syncWith(kind: 'memory' | 'file'): Promise<Run> {
  const spec: ScenarioSpec = {
    name: 'large',
    now: Date.now(),
    alerts: ALERTS,
    tenants: 10,
    distinctPublicIps: 300,
    seed: 12,
  };
  return withSandbox(spec, async (sim) => {
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'bench-state-'));
    const fileStore = kind === 'file' ? createFileStore(dir) : undefined;
    const store: Store = fileStore ?? createMemoryStore();
    await configureDemoProject(store, sim.seeded.tenants, {
      abuseIpdbKey: SANDBOX_ABUSEIPDB_KEY,
      config: demoProjectConfig({
        filters: {
          minSeverity: 'informational',
          resolutionStatuses: [0],
          firstRunLookbackDays: 14,
        },
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
    const started = performance.now();
    const summaries = await syncProject(deps, { projectId: DEMO_PROJECT_ID, trigger: 'cli' });
    fileStore?.close();
    const wallMs = Math.round(performance.now() - started);
    const created = summaries.reduce((sum, summary) => sum + summary.created, 0);
    const errors = [
      ...new Set(summaries.flatMap((summary) => summary.errors.map((error) => error.message))),
    ].slice(0, 5);
    const journal = join(dir, 'state.journal');
    const journalBytes = fs.existsSync(journal) ? fs.statSync(journal).size : undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    return { wallMs, created, errors, ...(journalBytes !== undefined ? { journalBytes } : {}) };
  });
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)] as Run;
}

async function main(): Promise<void> {
  const memory: Run[] = [];
  const file: Run[] = [];
  // Interleaved, so a machine busy for a while weighs on both alike.
  for (let index = 0; index < REPETITIONS; index += 1) {
    memory.push(await syncWith('memory'));
    file.push(await syncWith('file'));
  }
  const m = median(memory);
  const f = median(file);
  const ratio = f.wallMs / m.wallMs;
  const line = (name: string, run: Run, all: Run[]) =>
    `${name.padEnd(8)} median ${String(run.wallMs).padStart(7)} ms  created ${run.created}  runs ${all
      .map((r) => r.wallMs)
      .join(
        ', ',
      )} ms${run.journalBytes !== undefined ? `  journal ${(run.journalBytes / 1048576).toFixed(1)} MiB` : ''}`;
  process.stdout.write(`${ALERTS} alerts, 10 tenants, ${REPETITIONS} runs each\n`);
  process.stdout.write(`${line('memory', m, memory)}\n${line('file', f, file)}\n`);
  process.stdout.write(`file / memory = ${ratio.toFixed(2)} (limit ${LIMIT})\n`);
  for (const run of [...memory, ...file])
    for (const error of run.errors) process.stdout.write(`  error: ${error}\n`);
  process.stdout.write(
    `${JSON.stringify({ alerts: ALERTS, memoryMs: m.wallMs, fileMs: f.wallMs, ratio: Number(ratio.toFixed(2)) })}\n`,
  );
  if (m.created !== ALERTS || f.created !== ALERTS || ratio > LIMIT) process.exitCode = 1;
}

void main();
