import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHttp, HttpTimeoutError, nodeHttp } from '../../sandbox/adapters/node-http';
import {
  createBasicAuthJiraTransport,
  createSandboxJiraTransport,
} from '../../sandbox/adapters/jira-basic-auth';
import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';
import { jiraRoute } from '../../src/clients/jira-route';

describe('node adapters', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.jira.addUser({
      accountId: 'viewer-1',
      email: 'viewer@sandbox.test',
      apiToken: 'viewer-token',
      displayName: 'Viewer',
      projectAdmin: [],
      browse: ['SEC'],
    });
  });
  afterAll(() => sandbox.close());

  it('turns a request that outlasts its timeout into HttpTimeoutError naming the host only', async () => {
    sandbox.setFaults('abuseipdb', { latencyMs: 200 });
    const http = createNodeHttp({ timeoutMs: 50 });
    const call = http(`${sandbox.abuseipdb.url}/check?ipAddress=8.8.8.8&secret=x`, {
      method: 'GET',
    });
    await expect(call).rejects.toBeInstanceOf(HttpTimeoutError);
    const host = new URL(sandbox.abuseipdb.url).host;
    await expect(call).rejects.toThrow(`${host} did not answer within 50 ms`);
    await expect(call).rejects.not.toThrow('secret');
    sandbox.setFaults('abuseipdb', undefined);
  });

  it('talks to Jira on basic auth with the route escaped like Forge route', async () => {
    const transport = createBasicAuthJiraTransport({
      baseUrl: `${sandbox.jira.url}/`,
      email: SANDBOX_JIRA_ADMIN.email,
      apiToken: SANDBOX_JIRA_ADMIN.apiToken,
      http: nodeHttp,
    });
    const jql = 'project = SEC AND mcasAlertId = "a&b"';
    const response = await transport.request(jiraRoute`/rest/api/3/search/jql?jql=${jql}`, {
      method: 'GET',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toEqual({ issues: [], isLast: true });
  });

  it('acts as a different account for "user" calls in the sandbox transport', async () => {
    const transport = createSandboxJiraTransport(sandbox.jira, {
      app: SANDBOX_JIRA_ADMIN,
      user: { email: 'viewer@sandbox.test', apiToken: 'viewer-token' },
    });
    const who = async (as: 'app' | 'user') => {
      const response = await transport.request(jiraRoute`/rest/api/3/myself`, {
        method: 'GET',
        as,
      });
      return (JSON.parse(await response.text()) as { accountId: string }).accountId;
    };
    expect(await who('app')).toBe(SANDBOX_JIRA_ADMIN.accountId);
    expect(await who('user')).toBe('viewer-1');
  });

  it('passes non-timeout failures through unchanged', async () => {
    const server = http.createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const failure = nodeHttp(`http://127.0.0.1:${port}/`, { method: 'GET' });
    await expect(failure).rejects.toThrow();
    await expect(failure).rejects.not.toBeInstanceOf(HttpTimeoutError);
    await new Promise((resolve) => server.close(resolve));
  });
});
