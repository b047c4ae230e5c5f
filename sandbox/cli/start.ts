/**
 * `npm start` — the Monday scenario of the tool we replace, on the built-in sandbox: three MCAS
 * tenants with 15 weekend alerts become 15 enriched Jira issues; a second sync creates none; a
 * third, after a repeat of one alert arrives, adds it as a comment on the open issue (rule
 * "group repeats"); then two issues resolved in Jira close their alerts in MCAS (the issue
 * event, then the sweep).
 * Then the sandbox stays up with the settings page and the issue panel served locally
 * (`--once` exits instead).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../src/core/model';
import { systemClock } from '../../src/ports';
import { createFileStore } from '../adapters/file-store';
import { createBasicAuthJiraTransport } from '../adapters/jira-basic-auth';
import { nodeHttp } from '../adapters/node-http';
import { startHost } from '../host/server';
import { ensureUiBuilt } from '../host/ui-build';
import { mondayRepeat, mondayScenario } from '../scenarios/monday';
import { seedReportHistory } from '../scenarios/report-history';
import { seedSandbox } from '../scenarios/seed';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../sim';
import { createConsoleLogger } from './console-logger';
import {
  DEMO_PROJECT_ID,
  DEMO_PROJECT_KEY,
  configureDemoProject,
  demoProjectConfig,
  demoRulesWithGrouping,
} from './demo-project';
import { formatAlertBlock, formatSandboxCredentials, formatSummaryTable } from './print';
import { syncProject } from './project-sync';
import { writeBackDemo } from './write-back-demo';

async function main(argv: string[]): Promise<void> {
  const once = argv.includes('--once');
  const out = (text: string) => process.stdout.write(text);

  const sandbox = await startSandbox();
  const scenario = mondayScenario(Date.now());
  const seeded = seedSandbox(sandbox, scenario);
  const stateDir = await mkdtemp(join(tmpdir(), 'cloud-app-alerts-'));
  const store = createFileStore(stateDir);
  // The demo's rules plus one that groups repeated failed logins (issue 16), shown by a third sync.
  await configureDemoProject(store, seeded.tenants, {
    config: demoProjectConfig({ rules: demoRulesWithGrouping() }),
  });
  const jira = createBasicAuthJiraTransport({
    baseUrl: sandbox.jira.url,
    email: SANDBOX_JIRA_ADMIN.email,
    apiToken: SANDBOX_JIRA_ADMIN.apiToken,
    http: nodeHttp,
  });
  const deps = {
    store,
    http: nodeHttp,
    jira,
    clock: systemClock,
    logger: createConsoleLogger({ verbose: false }),
    allowLoopbackMcas: true,
    abuseIpdbBaseUrl: sandbox.abuseipdb.url,
    entraLoginBaseUrl: sandbox.entra.url,
  };

  out(`Cloud App Alerts for Jira — the Monday scenario on the sandbox\n`);
  out(
    `${seeded.tenants.length} MCAS tenants, ${seeded.alertCount} alerts raised over the weekend. State: ${stateDir}\n\n`,
  );

  let ordinal = 0;
  const first = await syncProject(deps, {
    projectId: DEMO_PROJECT_ID,
    trigger: 'cli',
    observer: { onAlert: (report) => out(`${formatAlertBlock(report, (ordinal += 1))}\n`) },
  });
  out(`First sync\n${formatSummaryTable(first)}\n`);

  const second = await syncProject(deps, { projectId: DEMO_PROJECT_ID, trigger: 'cli' });
  out(`Second sync (same alerts, nothing new)\n${formatSummaryTable(second)}\n`);
  out(`${created(first)} created, then ${created(second)} created.\n\n`);

  // A repeat of an alert whose issue is open: the demo's "group repeats" rule makes it a comment.
  const repeat = mondayRepeat(Date.now());
  sandbox.mcas.addAlerts(repeat.tenantId, [repeat.alert]);
  const third = await syncProject(deps, {
    projectId: DEMO_PROJECT_ID,
    trigger: 'cli',
    observer: { onAlert: (report) => out(`${formatAlertBlock(report, (ordinal += 1))}\n`) },
  });
  out(`Third sync (a repeat of an open issue's alert)\n${formatSummaryTable(third)}\n`);
  await writeBackDemo(sandbox, deps, DEMO_PROJECT_ID, seeded.tenants[0]?.id ?? '', out);

  if (once) {
    await sandbox.close();
    return;
  }

  // 90 days of worked alerts behind Monday's, for the reports (keys after Monday's SEC-1…15).
  const history = seedReportHistory(sandbox.jira, {
    projectKey: DEMO_PROJECT_KEY,
    issues: 3000,
    days: 90,
    now: Date.now(),
    seed: 15,
  });
  out(`Generated ${history.length} issues of history over 90 days for the reports.\n`);

  out('\nBuilding the settings page, the issue panel and the reports if they are not built yet…\n');
  ensureUiBuilt();
  const host = await startHost({ sandbox, store, deps });
  out(`\nThe sandbox is up (Ctrl-C to stop):\n`);
  out(`  Jira issues created:  ${sandbox.jira.url}/\n`);
  out(`  Settings page:        ${host.settingsUrl}\n`);
  out(`  Issue panel (SEC-1):  ${host.issuePanelUrl('SEC-1')}\n`);
  out(`  Alert reports:        ${host.reportsUrl}\n`);
  out(`  Dashboard gadget:     ${host.gadgetUrl}\n\n`);
  // The tenants are configured already; these let a newcomer add one again or a key by hand.
  out(formatSandboxCredentials(seeded.tenants, seeded.abuseIpdbKey));
  const stop = () => {
    void Promise.all([host.close(), sandbox.close()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function created(summaries: RunSummary[]): number {
  return summaries.reduce((sum, summary) => sum + summary.created, 0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `start failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
