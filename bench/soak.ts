/**
 * `npm run soak [-- --runs 50 --seed 1]`: the "exactly one issue per alert" promise under
 * abuse. Runs the CLI (`sandbox/cli/sync.ts`, a child process, as a user runs it) again and again
 * against the simulators with one file state directory, adding new alerts between runs,
 * injecting faults into about a fifth of the runs (MCAS and Jira 429/5xx, dropped connections,
 * a bulk create whose answer is lost after Jira committed it, a failed state write) and killing
 * the process with SIGKILL at random moments of others.
 *
 * A run left alerts waiting (their create outcome unknown) settles them after STALE_CLAIM_MS; the
 * soak does not wait 16 minutes: it ends with one settling run of the same project sync on the
 * same state directory with the clock moved past that time. Then every open alert must have
 * exactly one issue (by the `mcas.alert` property in the simulated Jira) and no secret may appear
 * in any output. Seeded: the same seed gives the same alerts, faults and kill moments.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJiraClient } from '../src/clients/jira';
import { ProjectId } from '../src/core/config';
import { runCountsProblem } from '../src/core/run-counts';
import type { Clock } from '../src/ports';
import { silentLogger } from '../src/ports';
import { STALE_CLAIM_MS } from '../src/sync/index';
import { createFileStore } from '../sandbox/adapters/file-store';
import { createBasicAuthJiraTransport } from '../sandbox/adapters/jira-basic-auth';
import { withSecretsInMemory } from '../sandbox/adapters/memory-secrets';
import { nodeHttp } from '../sandbox/adapters/node-http';
import { parseCliConfig } from '../sandbox/cli/config';
import { DEMO_PROJECT_KEY, demoProjectConfig } from '../sandbox/cli/demo-project';
import { installCliConfig } from '../sandbox/cli/install-config';
import { syncProject } from '../sandbox/cli/project-sync';
import { SANDBOX_ABUSEIPDB_KEY, seedSandbox } from '../sandbox/scenarios/seed';
import type { FaultOptions, RawMcasAlert, Sandbox, ServiceName } from '../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../sandbox/sim';

// Compiled (npm run soak) the CLI runs as plain JS: a child starts in a fraction of the time tsx
// takes to transform it; from source (the jest test) it runs through tsx.
const COMPILED = __filename.endsWith('.js');
const ROOT = join(__dirname, '..');
const CLI = join(ROOT, COMPILED ? 'sandbox/cli/sync.js' : 'sandbox/cli/sync.ts');
const STORE_FAULT = join(
  ROOT,
  COMPILED ? 'bench/soak-store-fault.js' : 'bench/soak-store-fault.ts',
);
const NODE_ARGS = COMPILED
  ? ['--require', STORE_FAULT]
  : ['--import', 'tsx', '--import', STORE_FAULT];
const BULK_CREATE = 'POST /rest/api/3/issue/bulk';

export interface SoakOptions {
  runs: number;
  seed: number;
  /** Share of runs with an injected fault. */
  faultRate: number;
  /** Share of runs killed with SIGKILL at a random moment. */
  killRate: number;
  log?: (line: string) => void;
}

export interface SoakFigures {
  runs: number;
  faults: number;
  kills: number;
  alerts: number;
  issues: number;
  duplicates: number;
  lost: number;
  /** Exit codes of the runs that were not killed, by code. */
  exitCodes: Record<string, number>;
  /** Runs whose printed counts did not add up (core/run-counts.ts). */
  countsNotAddingUp: number;
  secretsSeen: number;
  durationMs: number;
}

/** mulberry32: small, seeded, good enough to choose faults and moments reproducibly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TENANTS = [
  { id: 'contoso', name: 'Contoso EU', token: 'soak-contoso-token-0123456789abcdef' },
  { id: 'fabrikam', name: 'Fabrikam US', token: 'soak-fabrikam-token-0123456789abcdef' },
];

type Fault =
  | { kind: 'service'; service: ServiceName; name: string; faults: FaultOptions }
  | { kind: 'storage'; name: string; writeAt: number };

function chooseFault(random: () => number): Fault {
  const every = 2 + Math.floor(random() * 4);
  const options: [Fault, ...Fault[]] = [
    {
      kind: 'service',
      service: 'mcas',
      name: 'MCAS 429',
      faults: { every429: every, retryAfterSeconds: 1 },
    },
    { kind: 'service', service: 'mcas', name: 'MCAS 5xx', faults: { every5xx: every } },
    { kind: 'service', service: 'mcas', name: 'MCAS timeout', faults: { everyDrop: every } },
    {
      kind: 'service',
      service: 'jira',
      name: 'Jira 429',
      faults: { every429: every, retryAfterSeconds: 1 },
    },
    { kind: 'service', service: 'jira', name: 'Jira 5xx', faults: { every5xx: every } },
    { kind: 'service', service: 'jira', name: 'Jira timeout', faults: { everyDrop: every } },
    {
      kind: 'service',
      service: 'jira',
      name: 'Jira create answer lost',
      faults: { everyLostAnswer: 1, lostAnswerRoutes: [BULK_CREATE] },
    },
    { kind: 'storage', name: 'state write failed', writeAt: 1 + Math.floor(random() * 60) },
  ];
  return options[Math.floor(random() * options.length)] ?? options[0];
}

let alertCounter = 0;
let lastTimestamp = 0;
/**
 * Alerts arrive in time order, as MCAS creates them; about a third share the millisecond of the
 * one before, so checkpoint boundaries are exercised.
 */
function newAlert(random: () => number, now: number): RawMcasAlert {
  alertCounter += 1;
  lastTimestamp = Math.max(lastTimestamp, now - 3_600_000);
  if (random() >= 0.3) lastTimestamp += 1 + Math.floor(random() * 1000);
  const id = `50a${alertCounter.toString(16).padStart(21, '0')}`;
  const ip = `52.${Math.floor(random() * 200)}.${Math.floor(random() * 250)}.7`;
  return {
    _id: id,
    timestamp: lastTimestamp,
    title: `Soak alert #${alertCounter}`,
    description: `alice@contoso.com signed in from ${ip}.`,
    URL: `https://contoso.portal.cloudappsecurity.com/#/alerts/${id}`,
    severityValue: Math.floor(random() * 4),
    resolutionStatusValue: 0,
    statusValue: 1,
    entities: [
      {
        type: 'account',
        id: 'acc',
        label: 'alice',
        em: 'alice@contoso.com',
        pa: 'alice@contoso.com',
      },
      { type: 'ip', id: ip, label: ip },
    ],
  };
}

interface ChildResult {
  code: number | null;
  killed: boolean;
  output: string;
}

function runCli(
  configPath: string,
  env: NodeJS.ProcessEnv,
  killAfterMs: number | undefined,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...NODE_ARGS, CLI, '--config', configPath, '--json'], {
      cwd: join(__dirname, '..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let killed = false;
    const timer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.kill('SIGKILL');
          }, killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed: killed && code === null, output });
    });
  });
}

/** The CLI's `--json` summary, when it printed one. */
function printedTenants(output: string): Array<Record<string, number>> {
  const start = output.indexOf('{');
  if (start < 0) return [];
  try {
    const parsed = JSON.parse(output.slice(start)) as { tenants?: Array<Record<string, number>> };
    return parsed.tenants ?? [];
  } catch {
    return [];
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = seeded(options.seed);
  let offset = 0;
  const clock: Clock = {
    now: () => Date.now() + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  const sandbox: Sandbox = await startSandbox({ now: () => clock.now(), mcasRequestsPerMinute: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'soak-'));
  try {
    const seededSandbox = seedSandbox(sandbox, {
      tenants: TENANTS,
      alertsByTenant: Object.fromEntries(TENANTS.map((t) => [t.id, []])),
      verdicts: {},
    });
    const demo = demoProjectConfig();
    const config = {
      jira: {
        baseUrl: sandbox.jira.url,
        email: SANDBOX_JIRA_ADMIN.email,
        apiTokenEnv: 'SOAK_JIRA_TOKEN',
        projectKey: DEMO_PROJECT_KEY,
        issueType: 'Task',
        fields: demo.fields,
        priorities: demo.priorities,
      },
      abuseipdb: { apiKeyEnv: 'SOAK_ABUSEIPDB_KEY', baseUrl: sandbox.abuseipdb.url },
      tenants: seededSandbox.tenants.map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        url: tenant.url,
        tokenEnv: `SOAK_TOKEN_${tenant.id.toUpperCase()}`,
      })),
      state: { dir: join(dir, 'state') },
      allowLoopback: true,
    };
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, JSON.stringify(config));
    const secrets = [
      SANDBOX_JIRA_ADMIN.apiToken,
      SANDBOX_ABUSEIPDB_KEY,
      ...TENANTS.map((tenant) => tenant.token),
    ];
    const baseEnv: NodeJS.ProcessEnv = {
      ...process.env,
      SOAK_JIRA_TOKEN: SANDBOX_JIRA_ADMIN.apiToken,
      SOAK_ABUSEIPDB_KEY: SANDBOX_ABUSEIPDB_KEY,
      ...Object.fromEntries(
        TENANTS.map((tenant) => [`SOAK_TOKEN_${tenant.id.toUpperCase()}`, tenant.token]),
      ),
    };

    const figures: SoakFigures = {
      runs: 0,
      faults: 0,
      kills: 0,
      alerts: 0,
      issues: 0,
      duplicates: 0,
      lost: 0,
      exitCodes: {},
      countsNotAddingUp: 0,
      secretsSeen: 0,
      durationMs: 0,
    };
    const outputs: string[] = [];

    for (let run = 1; run <= options.runs; run += 1) {
      for (const tenant of TENANTS) {
        const count = Math.floor(random() * 6);
        sandbox.mcas.addAlerts(
          tenant.id,
          Array.from({ length: count }, () => newAlert(random, clock.now())),
        );
      }
      const env = { ...baseEnv };
      let faultName = 'none';
      if (random() < options.faultRate) {
        const fault = chooseFault(random);
        figures.faults += 1;
        faultName = fault.name;
        if (fault.kind === 'service') sandbox.setFaults(fault.service, fault.faults);
        else env.SOAK_FAIL_WRITE_AT = String(fault.writeAt);
      }
      // The CLI starts in about a second here; kills land from its start to well into the sync.
      const killAfterMs =
        random() < options.killRate ? 300 + Math.floor(random() * 2700) : undefined;
      const result = await runCli(configPath, env, killAfterMs);
      sandbox.setFaults('mcas', undefined);
      sandbox.setFaults('jira', undefined);
      figures.runs += 1;
      outputs.push(result.output);
      if (result.killed) figures.kills += 1;
      else {
        const code = String(result.code);
        figures.exitCodes[code] = (figures.exitCodes[code] ?? 0) + 1;
        for (const tenant of printedTenants(result.output)) {
          const counted =
            (tenant.created ?? 0) +
            (tenant.skippedDuplicates ?? 0) +
            (tenant.filtered ?? 0) +
            (tenant.suppressed ?? 0) +
            (tenant.failed ?? 0) +
            (tenant.waiting ?? 0);
          if (counted !== tenant.fetched) figures.countsNotAddingUp += 1;
        }
      }
      log(
        `run ${run}: fault ${faultName}, ${result.killed ? `killed after ${killAfterMs} ms` : `exit ${result.code}`}`,
      );
    }

    // The settling run: as the first scheduled run after STALE_CLAIM_MS would.
    offset += STALE_CLAIM_MS + 60_000;
    const settle = await settlingRun(configPath, baseEnv, clock);
    for (const summary of settle)
      if (runCountsProblem(summary) !== undefined) figures.countsNotAddingUp += 1;
    log(
      `settling run: ${settle.map((s) => `${s.tenantId} created ${s.created}, had issue ${s.duplicates}, waiting ${s.waiting}`).join('; ')}`,
    );

    const issuesByAlert = new Map<string, number>();
    for (const issue of sandbox.jira.issues()) {
      const property = issue.properties['mcas.alert'] as
        { alertId?: string; tenantId?: string } | undefined;
      const key = `${property?.tenantId ?? '?'}:${property?.alertId ?? '?'}`;
      issuesByAlert.set(key, (issuesByAlert.get(key) ?? 0) + 1);
    }
    figures.issues = sandbox.jira.issues().length;
    for (const tenant of TENANTS) {
      for (const alert of sandbox.mcas.alerts(tenant.id)) {
        figures.alerts += 1;
        const issues = issuesByAlert.get(`${tenant.id}:${alert._id}`) ?? 0;
        if (issues === 0) figures.lost += 1;
        if (issues > 1) figures.duplicates += issues - 1;
      }
    }
    const allOutput = outputs.join('\n');
    figures.secretsSeen = secrets.filter((secret) => allOutput.includes(secret)).length;
    figures.durationMs = Date.now() - started;
    return figures;
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same project sync the CLI runs, on the same state directory, with a later clock. */
async function settlingRun(configPath: string, env: NodeJS.ProcessEnv, clock: Clock) {
  const config = parseCliConfig(JSON.parse(await readFile(configPath, 'utf8')));
  const store = withSecretsInMemory(createFileStore(config.state.dir, clock, { environment: env }));
  const jira = createBasicAuthJiraTransport({
    baseUrl: config.jira.baseUrl,
    email: config.jira.email,
    apiToken: env.SOAK_JIRA_TOKEN ?? '',
    http: nodeHttp,
  });
  const project = await createJiraClient({
    transport: jira,
    clock,
    logger: silentLogger,
  }).getProject(config.jira.projectKey);
  if (!project) throw new Error('The soak project is missing from the Jira simulator.');
  const projectId = ProjectId.parse(project.id);
  await installCliConfig(store, config, env, projectId);
  try {
    return await syncProject(
      {
        store,
        http: nodeHttp,
        jira,
        clock,
        logger: silentLogger,
        abuseIpdbBaseUrl: config.abuseipdb?.baseUrl,
        allowLoopbackMcas: true,
      },
      { projectId, trigger: 'cli' },
    );
  } finally {
    store.close();
  }
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number`);
  return value;
}

if (require.main === module) {
  const options: SoakOptions = {
    runs: argument('runs', 50),
    seed: argument('seed', 1),
    faultRate: argument('faults', 0.2),
    killRate: argument('kills', 0.2),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  runSoak(options).then(
    (figures) => {
      const { runs, faults, kills, alerts, issues, duplicates, lost } = figures;
      process.stdout.write(
        `runs ${runs}, faults ${faults}, kills ${kills}, alerts ${alerts}, issues ${issues}, duplicates ${duplicates}, lost ${lost}\n`,
      );
      process.stdout.write(
        `exit codes ${JSON.stringify(figures.exitCodes)}, counts not adding up ${figures.countsNotAddingUp}, secrets in output ${figures.secretsSeen}, ${Math.round(figures.durationMs / 1000)} s (seed ${options.seed})\n`,
      );
      const ok =
        duplicates === 0 &&
        lost === 0 &&
        figures.secretsSeen === 0 &&
        figures.countsNotAddingUp === 0;
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(
        `soak failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
