import { ABUSEIPDB_BASE_URL, createAbuseIpdbClient } from '../../src/clients/abuseipdb';
import {
  CredentialError,
  RateLimitError,
  RequestRejectedError,
  UnavailableError,
  UnexpectedResponseError,
} from '../../src/clients/errors';
import {
  START,
  TEST_POLICY,
  answer,
  connectionReset,
  fakeClock,
  fakeHttp,
  payload,
  recordingLogger,
  rejection,
  type Script,
} from './fakes';

const KEY = 'abuseipdb-secret-key-0c41d2';
const RESET_SECONDS = Math.floor(START / 1000) + 3_600;
const QUOTA_HEADERS = {
  'X-RateLimit-Limit': '1000',
  'X-RateLimit-Remaining': '998',
  'X-RateLimit-Reset': String(RESET_SECONDS),
};

function setup(
  options: { baseUrl?: string; maxAgeInDays?: number; apiKey?: string } = {},
  ...script: Script[]
) {
  const http = fakeHttp(...script);
  const clock = fakeClock();
  const logger = recordingLogger();
  const client = createAbuseIpdbClient({
    http,
    clock,
    logger,
    apiKey: options.apiKey ?? KEY,
    policy: TEST_POLICY,
    random: () => 0.5,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.maxAgeInDays !== undefined ? { maxAgeInDays: options.maxAgeInDays } : {}),
  });
  return { http, clock, logger, client };
}

const verbose = () => answer(200, payload('abuseipdb-check-verbose.response.json'), QUOTA_HEADERS);

describe('AbuseIPDB client: the check request', () => {
  it('GETs /check with the address, the look-back window and the Key and Accept headers', async () => {
    const { http, client } = setup({}, verbose());
    await client.check('118.25.6.39');
    expect(http.calls).toEqual([
      {
        url: `${ABUSEIPDB_BASE_URL}/check?ipAddress=118.25.6.39&maxAgeInDays=90`,
        init: {
          method: 'GET',
          headers: { Key: KEY, Accept: 'application/json' },
          timeoutMs: 30_000,
        },
      },
    ]);
  });

  it('URL-encodes IPv6, asks for verbose on request and uses the configured window and base', async () => {
    const { http, client } = setup(
      { baseUrl: 'http://127.0.0.1:4020/api/v2/', maxAgeInDays: 30 },
      verbose(),
    );
    await client.check('2001:db8::1', { verbose: true });
    expect(http.calls[0]?.url).toBe(
      'http://127.0.0.1:4020/api/v2/check?ipAddress=2001%3Adb8%3A%3A1&maxAgeInDays=30&verbose',
    );
  });

  it('refuses a look-back window AbuseIPDB would reject', () => {
    expect(() => setup({ maxAgeInDays: 0 })).toThrow(/1 to 365/);
    expect(() => setup({ maxAgeInDays: 366 })).toThrow(/1 to 365/);
  });
});

describe('AbuseIPDB client: verdicts', () => {
  it('turns the real verbose answer into an IpVerdict stamped with the time and window', async () => {
    const { client } = setup({}, verbose());
    await expect(client.check('118.25.6.39', { verbose: true })).resolves.toEqual({
      ip: '118.25.6.39',
      abuseConfidenceScore: 100,
      totalReports: 1,
      numDistinctUsers: 1,
      countryCode: 'CN',
      countryName: 'China',
      usageType: 'Data Center/Web Hosting/Transit',
      isp: 'Tencent Cloud Computing (Beijing) Co. Ltd',
      domain: 'tencent.com',
      isTor: false,
      isWhitelisted: false,
      lastReportedAt: '2018-12-20T20:55:14+00:00',
      maxAgeInDays: 90,
      fetchedAt: START,
    });
  });

  it('keeps the nulls AbuseIPDB documents (real private-address answer)', async () => {
    const { client } = setup({}, answer(200, payload('abuseipdb-check-private-ip.response.json')));
    const verdict = await client.check('172.17.0.17');
    expect(verdict).toMatchObject({ countryCode: null, domain: null, lastReportedAt: null });
    expect(verdict).not.toHaveProperty('countryName');
  });

  it('rejects an answer of another shape (the check-block payload)', async () => {
    const { client } = setup({}, answer(200, payload('abuseipdb-check-block.response.json')));
    const error = await rejection(client.check('127.0.0.1'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('data.ipAddress');
  });

  it('rejects an HTML answer', async () => {
    const { client } = setup({}, answer(200, '<html><body>AbuseIPDB</body></html>'));
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('not JSON');
  });
});

describe('AbuseIPDB client: quota', () => {
  it('knows nothing before the first answer, then tracks X-RateLimit-* from every answer', async () => {
    const { client } = setup(
      {},
      verbose(),
      answer(422, payload('abuseipdb-error-shape.json'), {
        ...QUOTA_HEADERS,
        'X-RateLimit-Remaining': '997',
      }),
    );
    expect(client.quota()).toBeUndefined();
    await client.check('118.25.6.39');
    expect(client.quota()).toEqual({ limit: 1000, remaining: 998, resetAt: RESET_SECONDS * 1000 });
    await rejection(client.check('118.25.6.39'));
    expect(client.quota()?.remaining).toBe(997);
  });

  it('reports a spent daily quota at once, with when to try again, without retrying', async () => {
    const { http, clock, client } = setup(
      {},
      answer(429, payload('abuseipdb-error-429.json'), {
        ...QUOTA_HEADERS,
        'X-RateLimit-Remaining': '0',
        'Retry-After': '29241',
      }),
    );
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ quotaExhausted: true, retryAfterMs: 29_241_000, status: 429 });
    expect(error.message).toContain('Daily rate limit of 1000 requests exceeded');
    expect(http.calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(client.quota()?.remaining).toBe(0);
  });

  it('falls back to X-RateLimit-Reset, then to an hour, for the retry time', async () => {
    const { client } = setup(
      {},
      answer(429, payload('abuseipdb-error-429.json'), {
        'X-RateLimit-Reset': String(Math.floor(START / 1000) + 600),
      }),
    );
    await expect(client.check('118.25.6.39')).rejects.toMatchObject({ retryAfterMs: 600_000 });
    const { client: bare } = setup({}, answer(429, payload('abuseipdb-error-429.json')));
    await expect(bare.check('118.25.6.39')).rejects.toMatchObject({ retryAfterMs: 3_600_000 });
  });
});

describe('AbuseIPDB client: errors', () => {
  it('maps 401 to a CredentialError that says what to fix', async () => {
    const { client } = setup({}, answer(401, payload('abuseipdb-error-401.json')));
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      'AbuseIPDB refused the API key (HTTP 401). Set a valid v2 key (the v1 key differs) in the project settings.',
    );
  });

  it("maps 422 to RequestRejectedError with AbuseIPDB's detail", async () => {
    const { client } = setup({}, answer(422, payload('abuseipdb-error-shape.json')));
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect(error.message).toBe(
      'AbuseIPDB rejected the check (HTTP 422): The max age in days must be between 1 and 365.',
    );
  });

  it('retries 5xx and dropped connections, then answers', async () => {
    const { http, client } = setup({}, answer(502), connectionReset(), verbose());
    await expect(client.check('118.25.6.39')).resolves.toMatchObject({ abuseConfidenceScore: 100 });
    expect(http.calls).toHaveLength(3);
  });

  it('gives up with UnavailableError when AbuseIPDB stays down', async () => {
    const { client } = setup({}, answer(500), answer(500), answer(500), answer(500));
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('AbuseIPDB answered HTTP 500 on 4 attempts');
  });

  it('refuses a key a header cannot carry, without quoting it', async () => {
    const { http, client } = setup({ apiKey: `${KEY} extra` }, verbose());
    const error = await rejection(client.check('118.25.6.39'));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).not.toContain(KEY);
    expect(http.calls).toHaveLength(0);
  });
});

describe('AbuseIPDB client: secrets and data stay out of logs', () => {
  it('logs the path without the queried address, and never the key', async () => {
    const { logger, client } = setup(
      {},
      answer(503),
      answer(401, payload('abuseipdb-error-401.json')),
    );
    const error = await rejection(client.check('118.25.6.39'));
    expect(error.message).not.toContain(KEY);
    expect(logger.text()).not.toContain(KEY);
    expect(logger.text()).not.toContain('118.25.6.39');
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: 'external call failed',
      fields: {
        service: 'abuseipdb',
        method: 'GET',
        host: 'api.abuseipdb.com',
        path: '/api/v2/check',
        status: 401,
        durationMs: 0,
      },
    });
  });
});
