import type { Sandbox } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const KEY = 'sandbox-abuseipdb-key';

describe('AbuseIPDB simulator', () => {
  let sandbox: Sandbox;
  let clock = NOW;

  const check = (
    query: string,
    headers: Record<string, string> = { Key: KEY, Accept: 'application/json' },
  ) => fetch(`${sandbox.abuseipdb.url}/check?${query}`, { headers });

  beforeEach(async () => {
    clock = NOW;
    sandbox = await startSandbox({ now: () => clock, abuseIpdbDailyLimit: 3 });
    sandbox.abuseipdb.addKey(KEY);
  });
  afterEach(() => sandbox.close());

  it('answers a deterministic verdict with the quota headers, verbose adding country name and reports', async () => {
    const first = await check('ipAddress=150.129.8.24&maxAgeInDays=90');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { data: Record<string, unknown> };
    expect(body.data).toMatchObject({ ipAddress: '150.129.8.24', isPublic: true, ipVersion: 4 });
    expect(body.data).not.toHaveProperty('reports');
    expect(body.data).not.toHaveProperty('countryName');
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 11, 1) / 1000));

    const verbose = (await (
      await check('ipAddress=150.129.8.24&maxAgeInDays=90&verbose')
    ).json()) as {
      data: Record<string, unknown>;
    };
    expect(verbose.data).toHaveProperty('countryName');
    expect(Array.isArray(verbose.data.reports)).toBe(true);
    expect({ ...verbose.data, countryName: undefined, reports: undefined }).toEqual({
      ...body.data,
      countryName: undefined,
      reports: undefined,
    });
  });

  it('answers private addresses as Reserved and still charges the quota', async () => {
    sandbox.abuseipdb.setVerdict('203.0.113.200', { abuseConfidenceScore: 77 });
    const response = await check('ipAddress=172.17.0.17');
    expect((await response.json()) as unknown).toEqual({
      data: {
        ipAddress: '172.17.0.17',
        isPublic: false,
        ipVersion: 4,
        isWhitelisted: false,
        abuseConfidenceScore: 0,
        countryCode: null,
        usageType: 'Reserved',
        isp: 'Private IP Address LAN',
        domain: null,
        hostnames: [],
        isTor: false,
        totalReports: 0,
        numDistinctUsers: 0,
        lastReportedAt: null,
      },
    });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(sandbox.abuseipdb.lookups()).toEqual(['172.17.0.17']);
  });

  it('refuses a missing or unknown key with 401 and bad parameters with 422', async () => {
    const missing = await check('ipAddress=8.8.8.8', { Accept: 'application/json' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { errors: { status: number }[] }).errors[0]?.status).toBe(
      401,
    );
    expect(
      (await check('ipAddress=8.8.8.8', { Key: 'wrong', Accept: 'application/json' })).status,
    ).toBe(401);

    const badAge = await check('ipAddress=8.8.8.8&maxAgeInDays=366');
    expect(badAge.status).toBe(422);
    expect(await badAge.json()).toEqual({
      errors: [
        {
          detail: 'The max age in days must be between 1 and 365.',
          status: 422,
          source: { parameter: 'maxAgeInDays' },
        },
      ],
    });
    const badIp = await check('ipAddress=999.1.1.1');
    expect(badIp.status).toBe(422);
    expect(sandbox.abuseipdb.lookups()).toEqual([]);
    expect(sandbox.abuseipdb.quota().remaining).toBe(3);
  });

  it('answers 429 with Retry-After once the daily quota is spent, and resets at midnight UTC', async () => {
    sandbox.abuseipdb.setQuota(1);
    expect((await check('ipAddress=8.8.8.8')).status).toBe(200);
    const over = await check('ipAddress=8.8.4.4');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe(String(16 * 3600));
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await over.json()) as { errors: { detail: string }[] }).errors[0]?.detail).toContain(
      'Daily rate limit of 3 requests exceeded',
    );
    clock = Date.UTC(2026, 11, 1, 0, 0, 1);
    expect((await check('ipAddress=8.8.4.4')).status).toBe(200);
    expect(sandbox.abuseipdb.quota().remaining).toBe(2);
  });

  it('uses overrides, URL-encoded IPv6, and answers HTML without Accept: application/json', async () => {
    sandbox.abuseipdb.setVerdict('2a03:2880:f12f:83:face:b00c:0:25de', {
      abuseConfidenceScore: 42,
      isTor: true,
    });
    const v6 = await check(`ipAddress=${encodeURIComponent('2a03:2880:f12f:83:face:b00c:0:25de')}`);
    expect((await v6.json()) as unknown).toMatchObject({
      data: { ipVersion: 6, abuseConfidenceScore: 42, isTor: true },
    });
    const html = await check('ipAddress=8.8.8.8', { Key: KEY });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<html>');
  });
});
