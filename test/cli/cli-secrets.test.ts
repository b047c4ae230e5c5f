/**
 * Issue 13, finding 4: the CLI's secrets. https for every URL a secret goes to (http only on a
 * loopback host with `allowLoopback`), no config text in a JSON error, no redirect followed with
 * a secret on board, and environment secrets kept in memory only.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '../../sandbox/adapters/file-store';
import { withSecretsInMemory } from '../../sandbox/adapters/memory-secrets';
import { nodeHttp } from '../../sandbox/adapters/node-http';
import { ConfigFileError, parseCliConfig, parseConfigJson } from '../../sandbox/cli/config';
import { installCliConfig } from '../../sandbox/cli/install-config';

const SECRET = 'Zx9-very-secret-abuseipdb-key-0042';

function config(overrides: { jira?: string; abuseipdb?: string; allowLoopback?: boolean }) {
  return {
    jira: {
      baseUrl: overrides.jira ?? 'https://example.atlassian.net',
      email: 'bot@example.com',
      apiTokenEnv: 'JIRA_TOKEN',
      projectKey: 'SEC',
      issueType: 'Task',
    },
    abuseipdb: {
      apiKeyEnv: 'ABUSEIPDB_KEY',
      baseUrl: overrides.abuseipdb ?? 'https://api.abuseipdb.com/api/v2',
    },
    tenants: [
      {
        id: 'contoso',
        name: 'Contoso',
        url: 'https://contoso.eu2.portal.cloudappsecurity.com/',
        tokenEnv: 'CONTOSO_TOKEN',
      },
    ],
    state: { dir: '/tmp/unused' },
    ...(overrides.allowLoopback !== undefined ? { allowLoopback: overrides.allowLoopback } : {}),
  };
}

function problems(raw: unknown): string[] {
  try {
    parseCliConfig(raw);
    return [];
  } catch (error) {
    if (error instanceof ConfigFileError) return error.problems;
    throw error;
  }
}

describe('URLs a secret goes to', () => {
  it('refuses http for Jira and AbuseIPDB', () => {
    expect(problems(config({ jira: 'http://example.atlassian.net' }))).toEqual([
      expect.stringMatching(/^jira\.baseUrl: must be https/),
    ]);
    expect(problems(config({ abuseipdb: 'http://api.abuseipdb.com/api/v2' }))).toEqual([
      expect.stringMatching(/^abuseipdb\.baseUrl: must be https/),
    ]);
  });

  it('takes http on a loopback host only with allowLoopback', () => {
    expect(problems(config({ jira: 'http://127.0.0.1:8080' }))).toHaveLength(1);
    expect(problems(config({ jira: 'http://127.0.0.1:8080', allowLoopback: true }))).toEqual([]);
    expect(problems(config({ jira: 'http://10.1.2.3:8080', allowLoopback: true }))).toHaveLength(1);
  });
});

it('reports invalid JSON by line and column, never with the text around it', () => {
  const text = `{\n  "abuseipdb": { "apiKey": "${SECRET}" ,, }\n}`;
  let message = '';
  try {
    parseConfigJson(text, 'config.json');
  } catch (error) {
    message = error instanceof Error ? error.message : '';
  }
  expect(message).toMatch(/config\.json: is not valid JSON \(line 2, column \d+\)/);
  expect(message).not.toContain(SECRET.slice(0, 6));
});

it('keeps environment secrets in memory, never in <state>/secrets.json', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-secrets-'));
  const store = withSecretsInMemory(createFileStore(dir));
  await installCliConfig(
    store,
    parseCliConfig(config({})),
    {
      ABUSEIPDB_KEY: SECRET,
      CONTOSO_TOKEN: 'contoso-token-from-env-0001',
    },
    DEMO_PROJECT_ID,
  );
  expect(await store.getSecret('secret:abuseipdb:10000')).toBe(SECRET);
  for (const file of await readdir(dir)) {
    const content = await readFile(join(dir, file), 'utf8');
    expect(content).not.toContain(SECRET);
    expect(content).not.toContain('contoso-token-from-env-0001');
  }
});

it('does not follow a redirect, so the AbuseIPDB Key header never reaches another origin', async () => {
  const seenByOther: Array<string | undefined> = [];
  const other = http.createServer((request, response) => {
    seenByOther.push(request.headers.key as string | undefined);
    response.end('{}');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherPort = (other.address() as AddressInfo).port;
  const redirecting = http.createServer((_request, response) => {
    response.writeHead(307, { Location: `http://127.0.0.1:${otherPort}/api/v2/check` });
    response.end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  const port = (redirecting.address() as AddressInfo).port;
  try {
    const response = await nodeHttp(`http://127.0.0.1:${port}/api/v2/check?ipAddress=1.2.3.4`, {
      method: 'GET',
      headers: { Key: SECRET, Accept: 'application/json' },
    });
    expect(response.status).toBe(307);
    expect(seenByOther).toEqual([]);
  } finally {
    await new Promise((resolve) => redirecting.close(resolve));
    await new Promise((resolve) => other.close(resolve));
  }
});
