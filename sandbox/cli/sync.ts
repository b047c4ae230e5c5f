/**
 * `npm run sync -- --config <file> [--json]`: one sync against real services (or the sandbox), for
 * cron outside Forge. Exit codes (README): 0 all good, 1 some alerts or tenants failed, 2 bad
 * config, 3 alerts left waiting for their create outcome (settled by a later run).
 */
import { readFile } from 'node:fs/promises';
import { createJiraClient } from '../../src/clients/jira';
import { ProjectId } from '../../src/core/config';
import { systemClock } from '../../src/ports';
import { createBasicAuthJiraTransport } from '../adapters/jira-basic-auth';
import { CorruptStateError, UnusableStateDirError, createFileStore } from '../adapters/file-store';
import { withSecretsInMemory } from '../adapters/memory-secrets';
import { nodeHttp } from '../adapters/node-http';
import { ConfigFileError, parseCliConfig, parseConfigJson, resolveSecret } from './config';
import { createConsoleLogger } from './console-logger';
import { installCliConfig } from './install-config';
import { exitCodeFor, formatAlertBlock, formatSummaryTable, jsonSummary } from './print';
import { syncProject } from './project-sync';

const USAGE = 'Usage: npm run sync -- --config <file.json> [--json] [--verbose]';

async function main(argv: string[]): Promise<number> {
  const configIndex = argv.indexOf('--config');
  const configPath = configIndex >= 0 ? argv[configIndex + 1] : undefined;
  const json = argv.includes('--json');
  if (!configPath) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  let config;
  let jiraToken: string;
  try {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigFileError([`${configPath}: cannot be read (${code})`]);
    }
    const raw = parseConfigJson(text, configPath);
    config = parseCliConfig(raw);
    jiraToken = resolveSecret(
      config.jira.apiToken,
      config.jira.apiTokenEnv,
      'jira.apiToken',
      process.env,
    );
  } catch (error) {
    if (error instanceof ConfigFileError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const logger = createConsoleLogger({ verbose: argv.includes('--verbose') });
  let fileStore;
  try {
    fileStore = createFileStore(config.state.dir);
  } catch (error) {
    if (error instanceof UnusableStateDirError || error instanceof CorruptStateError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // Secrets come from the config file or the environment on every run: kept in memory, never
  // written to <state>/secrets.json.
  const store = withSecretsInMemory(fileStore);
  const jira = createBasicAuthJiraTransport({
    baseUrl: config.jira.baseUrl,
    email: config.jira.email,
    apiToken: jiraToken,
    http: nodeHttp,
  });
  // State is keyed by the project's id, as on Forge: a renamed key keeps its state.
  const project = await createJiraClient({
    transport: jira,
    clock: systemClock,
    logger,
  }).getProject(config.jira.projectKey);
  if (!project) {
    process.stderr.write(
      `jira.projectKey: project ${config.jira.projectKey} does not exist on ${config.jira.baseUrl}, or ${config.jira.email} cannot browse it.\n`,
    );
    return 2;
  }
  const projectId = ProjectId.parse(project.id);
  try {
    await installCliConfig(store, config, process.env, projectId);
  } catch (error) {
    if (error instanceof ConfigFileError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let ordinal = 0;
  const summaries = await syncProject(
    {
      store,
      http: nodeHttp,
      jira,
      clock: systemClock,
      logger,
      abuseIpdbBaseUrl: config.abuseipdb?.baseUrl,
      allowLoopbackMcas: config.allowLoopback,
      entraLoginBaseUrl: config.entra?.loginBaseUrl,
    },
    {
      projectId,
      trigger: 'cli',
      observer: json
        ? undefined
        : {
            onAlert: (report) =>
              process.stdout.write(`${formatAlertBlock(report, (ordinal += 1))}\n`),
          },
    },
  );
  store.close();
  process.stdout.write(
    json ? `${JSON.stringify(jsonSummary(summaries), null, 2)}\n` : formatSummaryTable(summaries),
  );
  return exitCodeFor(summaries);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `sync failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
