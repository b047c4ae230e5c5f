/**
 * The CLI with a tenant read through Microsoft Graph: the config is validated field by field, and
 * `npm run sync -- --config` (a child process, as a user runs it) creates the Graph tenant's issues
 * next to Monday's, once, with the client secret taken from the environment.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigFileError, parseCliConfig } from '../../sandbox/cli/config';
import { DEMO_PROJECT_KEY, demoProjectConfig } from '../../sandbox/cli/demo-project';
import { GRAPH_DEMO_TENANT, seedGraphDemoTenant } from '../../sandbox/scenarios/graph-demo';
import { mondayScenario } from '../../sandbox/scenarios/monday';
import { SANDBOX_ABUSEIPDB_KEY, seedSandbox } from '../../sandbox/scenarios/seed';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const run = promisify(execFile);
const TSX = join(__dirname, '../../node_modules/.bin/tsx');
const CLI = join(__dirname, '../../sandbox/cli/sync.ts');

const GRAPH_TENANT = {
  id: 'tailspin',
  name: 'Tailspin Toys',
  source: 'graph',
  auth: 'entra',
  entraTenantId: GRAPH_DEMO_TENANT.directoryId,
  clientId: GRAPH_DEMO_TENANT.clientId,
  clientSecretEnv: 'TAILSPIN_SECRET',
};

function problems(tenant: Record<string, unknown>, ...more: Record<string, unknown>[]): string[] {
  try {
    parseCliConfig({
      jira: {
        baseUrl: 'https://example.atlassian.net',
        email: 'bot@example.com',
        apiToken: 'jira-token',
        projectKey: 'SEC',
        issueType: 'Task',
      },
      tenants: [tenant, ...more],
      state: { dir: './state' },
    });
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('CLI config: Graph tenants', () => {
  it('needs no URL, and refuses an API token or a host other than Graph', () => {
    expect(problems(GRAPH_TENANT)).toEqual([]);
    expect(problems({ ...GRAPH_TENANT, url: 'https://graph.microsoft.com' })).toEqual([]);
    expect(
      problems({ ...GRAPH_TENANT, url: 'https://contoso.eu2.portal.cloudappsecurity.com' }),
    ).toEqual(['tenants[0].url: must be https://graph.microsoft.com for source "graph"']);
    expect(
      problems({ id: 'tailspin', name: 'Tailspin Toys', source: 'graph', token: 'mcas-token' }),
    ).toEqual(['tenants[0].auth: must be "entra": Microsoft Graph accepts no API token']);
    // An MCAS tenant still needs its URL.
    expect(problems({ id: 'contoso', name: 'Contoso', token: 'mcas-token' })).toEqual([
      'tenants[0].url: is required',
    ]);
  });
});

describe('CLI config: one tenant per Defender tenant', () => {
  it('refuses a second tenant of the same MCAS API host or Entra directory, naming the first', () => {
    const contoso = {
      id: 'contoso',
      name: 'Contoso',
      url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
      tokenEnv: 'CONTOSO_TOKEN',
    };
    expect(
      problems(contoso, {
        ...contoso,
        id: 'contoso-2',
        url: 'https://CONTOSO.eu2.portal.cloudappsecurity.com',
      }),
    ).toEqual([
      'tenants[1].url: The MCAS API at contoso.eu2.portal.cloudappsecurity.com is already read by tenant "Contoso" (contoso) of this project. A second tenant for it would create every alert\'s issue twice: edit that tenant instead.',
    ]);
    expect(problems(GRAPH_TENANT, { ...GRAPH_TENANT, id: 'tailspin-2' })).toEqual([
      expect.stringMatching(/^tenants\[1\]\.entraTenantId: The Entra directory .* \(tailspin\)/),
    ]);
    expect(
      problems(contoso, {
        ...contoso,
        id: 'fabrikam',
        url: 'https://fabrikam.us.portal.cloudappsecurity.com',
      }),
    ).toEqual([]);
  });
});

describe('npm run sync with a Graph tenant', () => {
  let sandbox: Sandbox;
  let configPath: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const now = Date.now();
    const seeded = seedSandbox(sandbox, mondayScenario(now));
    const graph = seedGraphDemoTenant(sandbox, now);
    const dir = await mkdtemp(join(tmpdir(), 'graph-cli-'));
    const demo = demoProjectConfig();
    configPath = join(dir, 'config.json');
    await writeFile(
      configPath,
      JSON.stringify({
        jira: {
          baseUrl: sandbox.jira.url,
          email: SANDBOX_JIRA_ADMIN.email,
          apiToken: SANDBOX_JIRA_ADMIN.apiToken,
          projectKey: DEMO_PROJECT_KEY,
          issueType: 'Task',
          fields: demo.fields,
        },
        abuseipdb: { apiKey: SANDBOX_ABUSEIPDB_KEY, baseUrl: sandbox.abuseipdb.url },
        tenants: [
          ...seeded.tenants.map(({ id, name, url, token }) => ({ id, name, url, token })),
          { ...GRAPH_TENANT, url: graph.tenant.url },
        ],
        entra: { loginBaseUrl: sandbox.entra.url },
        state: { dir: join(dir, 'state') },
        allowLoopback: true,
      }),
    );
  });
  afterAll(() => sandbox.close());

  it('creates the Graph tenant’s issues with Monday’s, then nothing, and never prints the secret', async () => {
    const env = { ...process.env, TAILSPIN_SECRET: GRAPH_DEMO_TENANT.clientSecret };
    const first = await run(TSX, [CLI, '--config', configPath, '--json'], { env });
    const summary = JSON.parse(first.stdout) as {
      created: number;
      tenants: Array<{ id: string; status: string; created: number }>;
    };
    expect(summary.tenants.find((tenant) => tenant.id === 'tailspin')).toMatchObject({
      status: 'ok',
      created: 2,
    });
    expect(summary.created).toBe(17);
    expect(sandbox.graph.requestsSeen(GRAPH_DEMO_TENANT.directoryId)).toHaveLength(1);

    const second = await run(TSX, [CLI, '--config', configPath], { env });
    expect(second.stdout).toContain('0 issue(s) created.');
    expect(sandbox.jira.issues()).toHaveLength(17);
    const printed = first.stdout + first.stderr + second.stdout + second.stderr;
    expect(printed).not.toContain(GRAPH_DEMO_TENANT.clientSecret);
  });
});
