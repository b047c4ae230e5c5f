/**
 * `npm run sync -- --config <file>` as a user runs it: a child process against the simulators,
 * with the config file on disk and one token taken from the environment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_PROJECT_KEY, demoProjectConfig } from '../../sandbox/cli/demo-project';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { SANDBOX_ABUSEIPDB_KEY, seedSandbox } from '../../sandbox/scenarios/seed';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const run = promisify(execFile);
const TSX = join(__dirname, '../../node_modules/.bin/tsx');
const CLI = join(__dirname, '../../sandbox/cli/sync.ts');

async function sync(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run sync', () => {
  let sandbox: Sandbox;
  let dir: string;
  let configPath: string;
  let tenantTokens: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const seeded = seedSandbox(sandbox, mondayScenario(Date.now()));
    tenantTokens = Object.fromEntries(seeded.tenants.map((tenant) => [tenant.id, tenant.token]));
    dir = await mkdtemp(join(tmpdir(), 'sync-cli-'));
    const demo = demoProjectConfig();
    configPath = join(dir, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({
        jira: {
          baseUrl: sandbox.jira.url,
          email: SANDBOX_JIRA_ADMIN.email,
          apiTokenEnv: 'TEST_JIRA_TOKEN',
          projectKey: DEMO_PROJECT_KEY,
          issueType: 'Task',
          fields: demo.fields,
          priorities: demo.priorities,
        },
        abuseipdb: { apiKey: SANDBOX_ABUSEIPDB_KEY, baseUrl: sandbox.abuseipdb.url },
        tenants: seeded.tenants.map((tenant) => ({
          id: tenant.id,
          name: tenant.name,
          url: tenant.url,
          token: tenant.token,
        })),
        state: { dir: join(dir, 'state') },
        allowLoopback: true,
      }),
    );
  });
  afterAll(() => sandbox.close());

  it('creates the issues, prints the JSON summary, and creates nothing on the next run', async () => {
    const env = { TEST_JIRA_TOKEN: SANDBOX_JIRA_ADMIN.apiToken };
    const first = await sync(['--config', configPath, '--json'], env);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      created: number;
      skippedDuplicates: number;
      ipLookups: number;
      skippedPrivateIps: number;
    };
    expect(summary.created).toBe(15);
    expect(summary.ipLookups).toBeGreaterThan(0);
    expect(summary.skippedPrivateIps).toBeGreaterThan(0);

    const second = await sync(['--config', configPath], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 issue(s) created.');
    expect(sandbox.jira.issues()).toHaveLength(15);
    for (const token of [
      ...Object.values(tenantTokens),
      SANDBOX_JIRA_ADMIN.apiToken,
      SANDBOX_ABUSEIPDB_KEY,
    ]) {
      expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(token);
    }
  });

  it('writes no secret to its state directory (issue 13, finding 4)', async () => {
    const state = join(dir, 'state');
    const files = await readdir(state);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(join(state, file), 'utf8');
      for (const token of [...Object.values(tenantTokens), SANDBOX_ABUSEIPDB_KEY]) {
        expect(content).not.toContain(token);
      }
    }
  });

  it('refuses an invalid config with exit code 2, naming each wrong field', async () => {
    const badPath = join(dir, 'bad.json');
    await writeFile(
      badPath,
      JSON.stringify({
        jira: {
          baseUrl: 'not a url',
          email: 'x',
          apiToken: 't',
          projectKey: 'sec',
          issueType: 'Task',
        },
        tenants: [{ id: 'a', name: 'A', url: 'http://169.254.169.254/', token: 't' }],
        state: { dir },
      }),
    );
    const result = await sync(['--config', badPath]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('jira.baseUrl');
    expect(result.stderr).toContain('jira.email');
    expect(result.stderr).toContain('jira.projectKey');
    expect(result.stderr).toContain('tenants[0].url');
  });

  it('treats a missing secret environment variable as a config error (exit 2)', async () => {
    const result = await sync(['--config', configPath], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TEST_JIRA_TOKEN');
  });

  it('treats a state.dir that is a file as a config error (exit 2), in plain words', async () => {
    const stateFile = join(dir, 'state-is-a-file');
    await writeFile(stateFile, 'not a directory');
    const config = JSON.parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    const filePath = join(dir, 'state-file.json');
    await writeFile(filePath, JSON.stringify({ ...config, state: { dir: stateFile } }));
    const result = await sync(['--config', filePath], {
      TEST_JIRA_TOKEN: SANDBOX_JIRA_ADMIN.apiToken,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `The state directory ${stateFile} cannot be used: it is a file, not a directory.`,
    );
    expect(result.stderr).not.toContain('EEXIST');
    expect(result.stderr).not.toContain('sync failed');
  });

  it('exits 1 and names the tenant when a tenant fails', async () => {
    const [first] = Object.keys(tenantTokens);
    sandbox.mcas.revokeToken(first ?? '');
    const result = await sync(['--config', configPath, '--json'], {
      TEST_JIRA_TOKEN: SANDBOX_JIRA_ADMIN.apiToken,
    });
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as {
      tenants: Array<{ id: string; status: string; errors: string[] }>;
    };
    const failed = summary.tenants.find((tenant) => tenant.id === first);
    expect(failed?.status).toBe('error');
    expect(failed?.errors.join(' ')).toMatch(/token/i);
  });
});
