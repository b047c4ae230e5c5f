import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const auth = `Basic ${Buffer.from(`${SANDBOX_JIRA_ADMIN.email}:${SANDBOX_JIRA_ADMIN.apiToken}`).toString('base64')}`;

describe('fault injection', () => {
  let sandbox: Sandbox;
  afterEach(() => sandbox.close());

  const createIssue = () =>
    fetch(`${sandbox.jira.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        fields: { project: { key: 'SEC' }, issuetype: { name: 'Task' }, summary: 'x' },
      }),
    });

  it('answers every Nth request 429 with Retry-After, and a faulted request changes nothing', async () => {
    sandbox = await startSandbox({ faults: { jira: { every429: 2, retryAfterSeconds: 7 } } });
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await createIssue();
      statuses.push(response.status);
      retryAfter.push(response.headers.get('retry-after'));
    }
    expect(statuses).toEqual([201, 429, 201, 429]);
    expect(retryAfter[1]).toBe('7');
    expect(sandbox.jira.issues().map((issue) => issue.key)).toEqual(['SEC-1', 'SEC-2']);
    expect(sandbox.stats().jira).toEqual({ calls: 4, byRoute: { 'POST /rest/api/3/issue': 4 } });
  });

  it('answers 503 and drops connections per service, and counts them', async () => {
    sandbox = await startSandbox({ faults: { abuseipdb: { every5xx: 1 } } });
    sandbox.abuseipdb.addKey('k');
    const check = () =>
      fetch(`${sandbox.abuseipdb.url}/check?ipAddress=8.8.8.8`, {
        headers: { Key: 'k', Accept: 'application/json' },
      });
    const unavailable = await check();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('x-ratelimit-remaining')).toBe('1000');
    expect(sandbox.abuseipdb.lookups()).toEqual([]);

    sandbox.setFaults('abuseipdb', { everyDrop: 2 });
    expect((await check()).status).toBe(200);
    await expect(check()).rejects.toThrow();
    expect((await check()).status).toBe(200);
    expect(sandbox.abuseipdb.lookups()).toHaveLength(2);
    expect(sandbox.stats().abuseipdb.calls).toBe(4);
    expect(sandbox.stats().jira.calls).toBe(0);

    sandbox.setFaults('abuseipdb', undefined);
    sandbox.resetStats();
    expect((await check()).status).toBe(200);
    expect(sandbox.stats().abuseipdb).toEqual({ calls: 1, byRoute: { 'GET /api/v2/check': 1 } });
  });

  it('delays answers by latencyMs', async () => {
    sandbox = await startSandbox({ faults: { mcas: { latencyMs: 60 } } });
    const base = sandbox.mcas.addTenant({ id: 't', token: 'tok' });
    const started = Date.now();
    const response = await fetch(`${base}/api/v1/alerts/`, {
      method: 'POST',
      headers: { Authorization: 'Token tok' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
