/**
 * The Microsoft Graph alerts_v2 client against scripted answers: the query it sends, nextLink
 * paging that never leaves the Graph host, and errors an admin can act on without the token.
 */
import {
  CredentialError,
  RateLimitError,
  RequestRejectedError,
  UnexpectedResponseError,
} from '../../src/clients/errors';
import {
  GRAPH_MDA_SERVICE_SOURCE,
  createGraphAlertsClient,
  graphAlertsFilter,
  type GraphConnection,
} from '../../src/clients/graph';
import {
  TEST_POLICY,
  answer,
  connectionReset,
  fakeClock,
  fakeHttp,
  payload,
  recordingLogger,
  type Script,
} from './fakes';

const ACCESS_TOKEN = 'graph-access-token-5e1d';
const ALERTS = 'https://graph.microsoft.com/v1.0/security/alerts_v2';
const SINCE = Date.UTC(2026, 10, 27, 9, 30, 0, 250);

function connection(overrides: Partial<GraphConnection> = {}): GraphConnection {
  return {
    tenantId: 'woodgrove',
    tenantName: 'Woodgrove Bank',
    baseUrl: 'https://graph.microsoft.com',
    accessToken: ACCESS_TOKEN,
    ...overrides,
  };
}

function setup(...script: Script[]) {
  return setupWith({}, ...script);
}

function setupWith(options: { requestsPerMinute?: number }, ...script: Script[]) {
  const http = fakeHttp(...script);
  const logger = recordingLogger();
  const clock = fakeClock();
  const client = createGraphAlertsClient({
    http,
    clock,
    logger,
    policy: TEST_POLICY,
    random: () => 0.5,
    ...options,
  });
  return { http, logger, clock, client };
}

const graphError = (code: string, message: string) => ({ error: { code, message } });

describe('graphAlertsFilter', () => {
  it('asks for Defender for Cloud Apps alerts created since a millisecond, in Graph literals', () => {
    expect(graphAlertsFilter({ since: SINCE })).toBe(
      `serviceSource eq '${GRAPH_MDA_SERVICE_SOURCE}' and createdDateTime ge 2026-11-27T09:30:00.250Z`,
    );
    expect(graphAlertsFilter({ since: SINCE, before: SINCE + 1, unresolvedOnly: true })).toBe(
      `serviceSource eq '${GRAPH_MDA_SERVICE_SOURCE}' and createdDateTime ge 2026-11-27T09:30:00.250Z` +
        ` and createdDateTime lt 2026-11-27T09:30:00.251Z and status ne 'resolved'`,
    );
  });
});

describe('Graph client: fetchAlertsPage', () => {
  it('GETs alerts_v2 with the filter, $top and the bearer token, and returns the raw alerts', async () => {
    const { http, client } = setup(answer(200, payload('graph-alerts-v2.response.json')));
    const page = await client.fetchAlertsPage(
      connection({ baseUrl: 'https://graph.microsoft.com/beta/?x=1' }),
      {
        since: SINCE,
      },
    );
    const url = new URL(http.calls[0]?.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(ALERTS);
    expect(url.searchParams.get('$filter')).toBe(graphAlertsFilter({ since: SINCE }));
    expect(url.searchParams.get('$top')).toBe('100');
    expect(url.searchParams.has('$count')).toBe(false);
    expect(http.calls[0]?.init).toEqual({
      method: 'GET',
      headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, Accept: 'application/json' },
      timeoutMs: 30_000,
    });
    expect(page.alerts).toHaveLength(1);
    expect(page.nextLink).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\/security\/alerts_v2\?/);
  });

  it('asks for the count when told to and reports @odata.count', async () => {
    const { http, client } = setup(answer(200, { '@odata.count': 37, value: [{ id: 'a' }] }));
    const page = await client.fetchAlertsPage(connection(), {
      since: 0,
      unresolvedOnly: true,
      count: true,
      top: 1,
    });
    const url = new URL(http.calls[0]?.url ?? '');
    expect(url.searchParams.get('$count')).toBe('true');
    expect(url.searchParams.get('$top')).toBe('1');
    expect(url.searchParams.get('$filter')).toContain("status ne 'resolved'");
    expect(page).toEqual({ alerts: [{ id: 'a' }], count: 37 });
  });

  it('follows a nextLink on the Graph host as it is', async () => {
    const next = `${ALERTS}?$filter=x&$top=100&$skip=100`;
    const { http, client } = setup(answer(200, { value: [] }));
    const page = await client.fetchAlertsPage(connection(), { nextLink: next });
    expect(http.calls[0]?.url).toBe(next);
    expect(page.nextLink).toBeUndefined();
  });

  it.each([
    'https://evil.example/v1.0/security/alerts_v2?$skip=100',
    'https://graph.microsoft.com/v1.0/users?$skip=100',
  ])('refuses a nextLink elsewhere (%s), so the token is never sent there', async (next) => {
    const { http, client } = setup(answer(200, { value: [], '@odata.nextLink': next }));
    const error = await client
      .fetchAlertsPage(connection(), { since: SINCE })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(
      /next page link outside https:\/\/graph\.microsoft\.com/,
    );
    expect(http.calls).toHaveLength(1);
  });

  it('retries a throttled call after Retry-After and a dropped connection', async () => {
    const { http, client } = setup(
      answer(429, graphError('TooManyRequests', 'Too many requests.'), { 'Retry-After': '2' }),
      connectionReset(),
      answer(200, { value: [{ id: 'x' }] }),
    );
    const page = await client.fetchAlertsPage(connection(), { since: SINCE });
    expect(http.calls).toHaveLength(3);
    expect(page.alerts).toEqual([{ id: 'x' }]);
  });

  it.each([401, 403])(
    'turns %i into a credential error that names the Graph permission, never the token',
    async (status) => {
      const { client, logger } = setup(
        answer(status, graphError('Forbidden', 'Missing application roles.')),
      );
      const error = await client
        .fetchAlertsPage(connection(), { since: SINCE })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CredentialError);
      const message = (error as Error).message;
      expect(message).toContain('Woodgrove Bank');
      expect(message).toContain('SecurityAlert.Read.All');
      expect(message).toContain('Missing application roles.');
      expect(message).not.toContain(ACCESS_TOKEN);
      expect(logger.text()).not.toContain(ACCESS_TOKEN);
    },
  );

  it('turns a 400 into a rejected request carrying Graph’s code and message', async () => {
    const { client } = setup(answer(400, graphError('BadRequest', 'Invalid filter clause')));
    const error = await client
      .fetchAlertsPage(connection(), { since: SINCE })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect((error as Error).message).toContain('BadRequest: Invalid filter clause');
  });

  it('says so when the answer is not an alert list', async () => {
    const { client } = setup(answer(200, '<html>sign in</html>'));
    await expect(client.fetchAlertsPage(connection(), { since: SINCE })).rejects.toThrow(
      UnexpectedResponseError,
    );
  });

  it('refuses an access token a header cannot carry before sending anything', async () => {
    const { http, client } = setup();
    await expect(
      client.fetchAlertsPage(connection({ accessToken: 'bad\ntoken' }), { since: SINCE }),
    ).rejects.toThrow(CredentialError);
    expect(http.calls).toHaveLength(0);
  });
});

describe('Graph client: the per-tenant request budget', () => {
  it('counts each tenant apart, and refuses a call that would wait past the budget', async () => {
    const pages = Array.from({ length: 4 }, () => answer(200, { value: [] }));
    const { http, clock, client } = setupWith({ requestsPerMinute: 2 }, ...pages);
    await client.fetchAlertsPage(connection(), { since: SINCE });
    await client.fetchAlertsPage(connection({ tenantId: 'tailspin' }), { since: SINCE });
    await client.fetchAlertsPage(connection(), { since: SINCE });
    expect(clock.sleeps).toEqual([]);
    // A third call for Woodgrove in the same minute would wait 60 s; TEST_POLICY allows 5 s.
    const error = await client
      .fetchAlertsPage(connection(), { since: SINCE })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect((error as Error).message).toContain(
      'Microsoft Graph for tenant "Woodgrove Bank" allows 2',
    );
    expect(http.calls).toHaveLength(3);
  });
});
