import {
  CredentialError,
  RateLimitError,
  RequestRejectedError,
  UnavailableError,
  UnexpectedResponseError,
} from '../../src/clients/errors';
import {
  createMcasClient,
  mcasAlertsUrl,
  mcasSeverityValues,
  type McasAlertQuery,
  type McasConnection,
} from '../../src/clients/mcas';
import {
  START,
  TEST_POLICY,
  answer,
  fakeClock,
  fakeHttp,
  payload,
  recordingLogger,
  rejection,
  type Script,
} from './fakes';

const TOKEN = 'mcas-secret-token-7f3a9c';
const BASE = 'https://contoso.eu2.portal.cloudappsecurity.com';
const ALERTS_URL = `${BASE}/api/v1/alerts/`;

function connection(overrides: Partial<McasConnection> = {}): McasConnection {
  return {
    tenantId: 'contoso-eu',
    tenantName: 'Contoso EU',
    baseUrl: `${BASE}/api/v1`,
    auth: { kind: 'token', token: TOKEN },
    ...overrides,
  };
}

function query(overrides: Partial<McasAlertQuery> = {}): McasAlertQuery {
  return {
    since: 1603378041000,
    minSeverity: 'medium',
    resolutionStatuses: [0],
    skip: 0,
    ...overrides,
  };
}

function setup(
  options: { requestsPerMinute?: number; maxWaitMs?: number } = {},
  ...script: Script[]
) {
  const http = fakeHttp(...script);
  const clock = fakeClock();
  const logger = recordingLogger();
  const client = createMcasClient({
    http,
    clock,
    logger,
    policy: {
      ...TEST_POLICY,
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
    },
    random: () => 0.5,
    ...(options.requestsPerMinute !== undefined
      ? { requestsPerMinute: options.requestsPerMinute }
      : {}),
  });
  return { http, clock, logger, client };
}

const listResponse = () => answer(200, payload('mcas-alerts-list.response.json'));

describe('mcasAlertsUrl', () => {
  it.each([
    BASE,
    `${BASE}/`,
    `${BASE}/api`,
    `${BASE}/api/`,
    `${BASE}/api/v1`,
    `${BASE}/api/v1/`,
    `${BASE}/api/v1/alerts`,
    `${BASE}/api/v1/alerts/`,
    `${BASE}/api/v1/alerts//`,
    `${BASE}/API/V1/`,
    `  ${BASE}/api/v1/?skip=5#top  `,
  ])('builds the alerts endpoint from %s', (base) => {
    expect(mcasAlertsUrl(base)).toBe(ALERTS_URL);
  });

  it('keeps a path that comes before /api (a proxy, the sandbox)', () => {
    expect(mcasAlertsUrl('http://127.0.0.1:4010/tenants/contoso/api/v1/')).toBe(
      'http://127.0.0.1:4010/tenants/contoso/api/v1/alerts/',
    );
    expect(mcasAlertsUrl('http://127.0.0.1:4010/tenants/contoso')).toBe(
      'http://127.0.0.1:4010/tenants/contoso/api/v1/alerts/',
    );
  });

  it('drops credentials written into the URL', () => {
    expect(mcasAlertsUrl('https://user:pw@contoso.portal.cloudappsecurity.com/api/')).toBe(
      'https://contoso.portal.cloudappsecurity.com/api/v1/alerts/',
    );
  });

  it('refuses something that is not a URL, without echoing it', () => {
    expect(() => mcasAlertsUrl('contoso portal')).toThrow(/not a valid URL/);
    expect(() => mcasAlertsUrl('contoso portal')).not.toThrow(/contoso portal/);
  });
});

describe('mcasSeverityValues', () => {
  it('lists the MCAS values at or above the minimum; Informational (3) ranks below Low (0)', () => {
    expect(mcasSeverityValues('informational')).toEqual([0, 1, 2, 3]);
    expect(mcasSeverityValues('low')).toEqual([0, 1, 2]);
    expect(mcasSeverityValues('medium')).toEqual([1, 2]);
    expect(mcasSeverityValues('high')).toEqual([2]);
  });
});

describe('MCAS client: fetchAlertsPage', () => {
  it('POSTs the documented body with the token header to the alerts endpoint', async () => {
    const { http, client } = setup({}, listResponse());
    await client.fetchAlertsPage(connection(), query({ resolutionStatuses: [0, 1], skip: 200 }));
    expect(http.calls).toHaveLength(1);
    const [call] = http.calls;
    expect(call?.url).toBe(ALERTS_URL);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers).toEqual({
      Authorization: `Token ${TOKEN}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    });
    expect(JSON.parse(call?.init.body ?? '')).toEqual({
      filters: {
        date: { gte: 1603378041000 },
        severity: { eq: [1, 2] },
        resolutionStatus: { eq: [0, 1] },
      },
      sortField: 'date',
      sortDirection: 'asc',
      skip: 200,
      limit: 100,
    });
  });

  it('caps the page size at 100, filters by ids when asked, and omits an empty status list', async () => {
    const { http, client } = setup({}, listResponse());
    await client.fetchAlertsPage(
      connection(),
      query({ limit: 500, resolutionStatuses: [], ids: ['603f704aaf7417985bbf3b22'] }),
    );
    const body = JSON.parse(http.calls[0]?.init.body ?? '') as Record<string, unknown>;
    expect(body.limit).toBe(100);
    expect(body.filters).toEqual({
      date: { gte: 1603378041000 },
      severity: { eq: [1, 2] },
      id: { eq: ['603f704aaf7417985bbf3b22'] },
    });
  });

  it('returns the raw alerts of the real list response with hasNext and total', async () => {
    const { client } = setup({}, listResponse());
    const page = await client.fetchAlertsPage(connection(), query());
    const expected = payload('mcas-alerts-list.response.json') as { data: unknown[] };
    expect(page).toEqual({ alerts: expected.data, hasNext: false, total: 1 });
  });

  it('fetches exactly one page: paging is left to the caller', async () => {
    const { http, client } = setup(
      {},
      answer(200, { data: [{ _id: 'a' }, { _id: 'b' }], hasNext: true, total: 250 }),
    );
    const page = await client.fetchAlertsPage(connection(), query({ skip: 0, limit: 2 }));
    expect(page.hasNext).toBe(true);
    expect(http.calls).toHaveLength(1);
  });

  it('keeps alerts it cannot understand for core to judge one by one', async () => {
    const { client } = setup(
      {},
      answer(200, { data: [{ _id: 'ok' }, 'junk', null], hasNext: false }),
    );
    const page = await client.fetchAlertsPage(connection(), query());
    expect(page.alerts).toEqual([{ _id: 'ok' }, 'junk', null]);
  });

  it('works out hasNext from total when MCAS leaves it out', async () => {
    const { client } = setup({}, answer(200, { data: [{}, {}], total: 5 }));
    const page = await client.fetchAlertsPage(connection(), query({ skip: 2 }));
    expect(page.hasNext).toBe(true);
  });

  it.each([401, 403])(
    'maps %i to a CredentialError telling the admin what to do',
    async (status) => {
      const { client } = setup({}, answer(status, { detail: 'Invalid token' }));
      const error = await rejection(client.fetchAlertsPage(connection(), query()));
      expect(error).toBeInstanceOf(CredentialError);
      expect(error.message).toBe(
        `MCAS tenant "Contoso EU" refused the API token (HTTP ${status}). Generate a new token in ` +
          'Defender for Cloud Apps → Settings → Security extensions → API tokens and save it in the ' +
          'tenant settings.',
      );
    },
  );

  it('treats an "Invalid token" body as a credential problem whatever the status', async () => {
    const { client } = setup({}, answer(400, 'Invalid token'));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(CredentialError);
  });

  it("maps 400 to RequestRejectedError with MCAS's own error text", async () => {
    const { client } = setup({}, answer(400, payload('mcas-error-invalid-filter.json')));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect((error as RequestRejectedError).status).toBe(400);
    expect(error.message).toContain(
      'MCAS tenant "Contoso EU" rejected the alerts query (HTTP 400)',
    );
    expect(error.message).toContain('<alert_id> is not valid');
  });

  it('says the URL is not an MCAS API URL when the answer is an HTML page', async () => {
    const { client } = setup({}, answer(200, '<!DOCTYPE html><html><body>Sign in</body></html>'));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain(`${ALERTS_URL} does not look like an MCAS API URL`);
  });

  it('says the same when the JSON has no alert list', async () => {
    const { client } = setup({}, answer(200, { value: [] }));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('mismatch at data');
  });

  it('maps 404 to a rejection that points at the API URL', async () => {
    const { client } = setup({}, answer(404, 'Not Found'));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect(error.message).toContain('Settings → About');
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    const { clock, client } = setup(
      {},
      answer(429, 'TOO MANY REQUESTS', { 'Retry-After': '3' }),
      listResponse(),
    );
    const page = await client.fetchAlertsPage(connection(), query());
    expect(page.total).toBe(1);
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('reports a tenant that keeps failing with 5xx as unavailable', async () => {
    const { http, client } = setup({}, answer(503), answer(503), answer(503), answer(503));
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('MCAS tenant "Contoso EU" answered HTTP 503 on 4 attempts');
    expect(http.calls).toHaveLength(4);
  });

  it('refuses a token a header cannot carry before sending it', async () => {
    const { http, client } = setup({}, listResponse());
    const error = await rejection(
      client.fetchAlertsPage(
        connection({ auth: { kind: 'token', token: `${TOKEN}\n` + 'x y' } }),
        query(),
      ),
    );
    expect(error).toBeInstanceOf(CredentialError);
    expect(http.calls).toHaveLength(0);
  });
});

describe('MCAS client: the 30 requests per minute per tenant limit', () => {
  it('waits for a free slot once 30 calls went out within a minute', async () => {
    const responses = Array.from({ length: 31 }, listResponse);
    const { http, clock, client } = setup({ maxWaitMs: 60_000 }, ...responses);
    for (let i = 0; i < 30; i += 1) {
      await client.fetchAlertsPage(connection(), query());
      clock.advance(1_000);
    }
    expect(clock.sleeps).toEqual([]);
    await client.fetchAlertsPage(connection(), query());
    // The first call went out at START; the clock now reads START + 30 s.
    expect(clock.sleeps).toEqual([30_000]);
    expect(http.calls).toHaveLength(31);
    expect(clock.now()).toBe(START + 60_000);
  });

  it('throws RateLimitError instead of waiting longer than the budget, and never calls', async () => {
    const responses = Array.from({ length: 3 }, listResponse);
    const { http, clock, client } = setup({ requestsPerMinute: 2, maxWaitMs: 5_000 }, ...responses);
    await client.fetchAlertsPage(connection(), query());
    await client.fetchAlertsPage(connection(), query());
    const error = await rejection(client.fetchAlertsPage(connection(), query()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect(error.message).toContain('MCAS tenant "Contoso EU" allows 2 requests per 60 s');
    expect(http.calls).toHaveLength(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('counts each tenant on its own', async () => {
    const responses = Array.from({ length: 4 }, listResponse);
    const { http, clock, client } = setup({ requestsPerMinute: 2, maxWaitMs: 5_000 }, ...responses);
    for (const tenantId of ['contoso-eu', 'contoso-eu', 'fabrikam', 'fabrikam']) {
      await client.fetchAlertsPage(connection({ tenantId }), query());
    }
    expect(http.calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([]);
  });

  it('serialises concurrent calls for one tenant instead of letting them share a slot', async () => {
    const responses = Array.from({ length: 3 }, listResponse);
    const { http, clock, client } = setup(
      { requestsPerMinute: 2, maxWaitMs: 60_000 },
      ...responses,
    );
    await Promise.all([1, 2, 3].map(() => client.fetchAlertsPage(connection(), query())));
    expect(http.calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([60_000]);
  });
});

describe('MCAS client: secrets stay out of logs and errors', () => {
  it('logs method, host, path, status and duration of a failure, and never the token', async () => {
    const { logger, client } = setup(
      {},
      answer(429, '', { 'Retry-After': '1' }),
      answer(401, 'Invalid token'),
    );
    const error = await rejection(
      client.fetchAlertsPage(connection({ baseUrl: `${BASE}/api/v1/?token=${TOKEN}` }), query()),
    );
    expect(error.message).not.toContain(TOKEN);
    expect(logger.text()).not.toContain(TOKEN);
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: 'external call failed',
      fields: {
        service: 'mcas',
        method: 'POST',
        host: 'contoso.eu2.portal.cloudappsecurity.com',
        path: '/api/v1/alerts/',
        status: 401,
        durationMs: 0,
      },
    });
  });
});

describe('MCAS client: Entra app (bearer) auth', () => {
  const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QifQ.entra-access-token.sig';
  const bearer = () => connection({ auth: { kind: 'bearer', token: ACCESS_TOKEN } });

  it('sends Authorization: Bearer with the access token', async () => {
    const { http, client } = setup({}, listResponse());
    const page = await client.fetchAlertsPage(bearer(), query());
    expect(page.total).toBe(1);
    expect(http.calls[0]?.init.headers?.Authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it.each([401, 403])(
    'maps %i to a CredentialError that names the Investigation.read permission',
    async (status) => {
      const { client } = setup({}, answer(status, { detail: 'Forbidden' }));
      const error = await rejection(client.fetchAlertsPage(bearer(), query()));
      expect(error).toBeInstanceOf(CredentialError);
      expect(error.message).toContain(`MCAS tenant "Contoso EU" refused the Entra app's access`);
      expect(error.message).toContain('Investigation.read');
      expect(error.message).toContain('admin consent');
      expect(error.message).not.toContain(ACCESS_TOKEN);
    },
  );
});
