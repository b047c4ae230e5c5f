/**
 * `npm run sandbox` — the simulators alone, seeded with the Monday scenario and a fourth tenant
 * read through Microsoft Graph, plus a ready config file for `npm run sync -- --config <file>`.
 * Runs until Ctrl-C.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedGraphDemoTenant } from '../scenarios/graph-demo';
import { mondayScenario } from '../scenarios/monday';
import { seedSandbox } from '../scenarios/seed';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../sim';
import { DEMO_PROJECT_KEY, demoProjectConfig } from './demo-project';
import { SANDBOX_ABUSEIPDB_KEY } from '../scenarios/seed';
import { formatSandboxCredentials } from './print';

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const now = Date.now();
  const seeded = seedSandbox(sandbox, mondayScenario(now));
  const graphTenant = seedGraphDemoTenant(sandbox, now);
  const dir = await mkdtemp(join(tmpdir(), 'cloud-app-alerts-sandbox-'));
  const demo = demoProjectConfig();
  const config = {
    jira: {
      baseUrl: sandbox.jira.url,
      email: SANDBOX_JIRA_ADMIN.email,
      apiToken: SANDBOX_JIRA_ADMIN.apiToken,
      projectKey: DEMO_PROJECT_KEY,
      issueType: demo.issueType,
      fields: demo.fields,
      priorities: demo.priorities,
      labels: demo.labels,
    },
    abuseipdb: {
      apiKey: SANDBOX_ABUSEIPDB_KEY,
      baseUrl: sandbox.abuseipdb.url,
      maxAgeInDays: 90,
      cacheHours: 24,
    },
    tenants: [
      ...seeded.tenants.map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        url: tenant.url,
        token: tenant.token,
      })),
      graphTenant.tenant,
    ],
    entra: { loginBaseUrl: sandbox.entra.url },
    rules: demo.rules,
    state: { dir: join(dir, 'state') },
    allowLoopback: true,
  };
  const configPath = join(dir, 'sync.config.json');
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(
    [
      'Sandbox simulators are up (Ctrl-C to stop):',
      `  MCAS tenants:   ${seeded.tenants.map((tenant) => tenant.url).join(', ')}`,
      `  Entra ID:       ${sandbox.entra.url}  (token endpoint for Entra app tenants)`,
      `  Graph:          ${sandbox.graph.url}  (security alerts_v2 of ${graphTenant.tenant.name}, read with an Entra app)`,
      `  AbuseIPDB:      ${sandbox.abuseipdb.url}`,
      `  Jira:           ${sandbox.jira.url}/  (issue list; basic auth ${SANDBOX_JIRA_ADMIN.email})`,
      '',
      `A config for these simulators: ${configPath}`,
      `  npm run sync -- --config ${configPath}`,
      '',
      formatSandboxCredentials(
        [...seeded.tenants, { ...graphTenant.tenant, url: sandbox.graph.url }],
        SANDBOX_ABUSEIPDB_KEY,
      ),
    ].join('\n'),
  );
  const stop = () => {
    void sandbox.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
