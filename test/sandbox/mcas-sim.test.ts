import type { Sandbox } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);

function alertAt(index: number, timestamp: number, extra: Record<string, unknown> = {}) {
  return {
    _id: index.toString(16).padStart(24, '0'),
    timestamp,
    title: `Alert ${index}`,
    severityValue: index % 3,
    resolutionStatusValue: 0,
    entities: [{ id: '203.0.113.9', label: '203.0.113.9', type: 'ip' }],
    ...extra,
  };
}

describe('MCAS simulator', () => {
  let sandbox: Sandbox;
  let clock = NOW;
  let base: string;

  const list = (body: unknown, token = 'contoso-token', url = base) =>
    fetch(`${url}/api/v1/alerts/`, {
      method: 'POST',
      headers: { Authorization: `Token ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    clock = NOW;
    sandbox = await startSandbox({ now: () => clock, mcasRequestsPerMinute: 0 });
    base = sandbox.mcas.addTenant({ id: 'contoso', token: 'contoso-token' });
  });
  afterEach(() => sandbox.close());

  it('pages with skip/limit in date order and reports hasNext and total', async () => {
    const alerts = Array.from({ length: 250 }, (_, i) => alertAt(i + 1, NOW - (250 - i) * 1000));
    sandbox.mcas.addAlerts('contoso', alerts);
    const seen: string[] = [];
    for (let skip = 0, hasNext = true; hasNext; skip += 100) {
      const response = await list({ sortField: 'date', sortDirection: 'asc', skip, limit: 100 });
      expect(response.status).toBe(200);
      const page = (await response.json()) as {
        data: { _id: string }[];
        hasNext: boolean;
        total: number;
      };
      expect(page.total).toBe(250);
      seen.push(...page.data.map((alert) => alert._id));
      hasNext = page.hasNext;
    }
    expect(seen).toEqual(alerts.map((alert) => alert._id));
    expect(sandbox.stats().mcas.byRoute['POST /t/:tenant/api/v1/alerts/']).toBe(3);
  });

  it('applies date, severity, resolution, open and id filters, and records the bodies', async () => {
    sandbox.mcas.addAlerts('contoso', [
      alertAt(1, NOW - 10 * HOUR, { severityValue: 2 }),
      alertAt(2, NOW - 5 * HOUR, { severityValue: 0 }),
      alertAt(3, NOW - 2 * HOUR, { severityValue: 2, resolutionStatusValue: 4 }),
      alertAt(4, NOW - 80 * HOUR, { severityValue: 2 }),
    ]);
    const ids = async (filters: unknown) => {
      const response = await list({ filters, sortField: 'date', sortDirection: 'asc' });
      const body = (await response.json()) as { data: { title: string }[] };
      return body.data.map((alert) => alert.title);
    };
    expect(await ids({ date: { gte: NOW - 6 * HOUR } })).toEqual(['Alert 2', 'Alert 3']);
    expect(await ids({ date: { gte_ndays: 3 }, severity: { eq: [2] } })).toEqual([
      'Alert 1',
      'Alert 3',
    ]);
    expect(await ids({ severity: { eq: 2 }, resolutionStatus: { eq: [0] } })).toEqual([
      'Alert 4',
      'Alert 1',
    ]);
    expect(await ids({ alertOpen: { eq: false } })).toEqual(['Alert 3']);
    expect(await ids({ id: { eq: ['000000000000000000000002'] } })).toEqual(['Alert 2']);
    expect(
      await ids({ date: { range: [{ start: NOW - 11 * HOUR, end: NOW - 4 * HOUR }] } }),
    ).toEqual(['Alert 1', 'Alert 2']);
    expect(sandbox.mcas.requestsSeen('contoso')[0]).toEqual({
      filters: { date: { gte: NOW - 6 * HOUR } },
      sortField: 'date',
      sortDirection: 'asc',
    });
  });

  it('answers an unknown filter or an invalid value with the documented 400 body', async () => {
    const unknown = await list({ filters: { colour: { eq: 'red' } } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      filters: [
        {
          error: 'colour is not valid',
          errorMessageCode: 'CONSOLE_FORMS_NOT_VALID_VALUE',
          errorMessageParams: { value: 'colour' },
        },
      ],
      error: true,
    });
    const badId = await list({ filters: { id: { eq: ['<alert_id>'] } } });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { filters: { error: string }[] }).filters[0]?.error).toBe(
      '<alert_id> is not valid',
    );
    expect((await list({ limit: 101 })).status).toBe(400);
  });

  it('refuses a wrong token with 401, a revoked one with 403, another tenant’s token too', async () => {
    const fabrikam = sandbox.mcas.addTenant({ id: 'fabrikam', token: 'fabrikam-token' });
    expect(fabrikam).toBe(`${sandbox.mcas.url}/t/fabrikam`);
    const wrong = await list({}, 'nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Invalid token');
    expect((await list({}, 'contoso-token', fabrikam)).status).toBe(401);
    sandbox.mcas.revokeToken('contoso');
    expect((await list({})).status).toBe(403);
  });

  it('throttles each tenant separately in a sliding minute with Retry-After', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ now: () => clock, mcasRequestsPerMinute: 3 });
    base = sandbox.mcas.addTenant({ id: 'contoso', token: 'contoso-token' });
    const other = sandbox.mcas.addTenant({ id: 'fabrikam', token: 'f' });
    for (let i = 0; i < 3; i += 1) {
      expect((await list({})).status).toBe(200);
      clock += 10_000;
    }
    const throttled = await list({});
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toBe('TOO MANY REQUESTS');
    expect(throttled.headers.get('retry-after')).toBe('30');
    expect((await list({}, 'f', other)).status).toBe(200);
    clock += 30_001;
    expect((await list({})).status).toBe(200);
  });

  it('closes alerts as benign and reports the unknown ids', async () => {
    sandbox.mcas.addAlerts('contoso', [alertAt(1, NOW)]);
    const response = await fetch(`${base}/api/v1/alerts/close_benign/`, {
      method: 'POST',
      headers: { Authorization: 'Token contoso-token' },
      body: JSON.stringify({
        filters: { id: { eq: ['000000000000000000000001', 'missing'] } },
        reasonId: 2,
      }),
    });
    expect(await response.json()).toEqual({ closed_benign: 1, alertsNotFound: ['missing'] });
    expect(sandbox.mcas.alerts('contoso')[0]?.resolutionStatusValue).toBe(4);
  });
});
