import {
  ENTRA_LOGIN_BASE_URL,
  GRAPH_ENTRA_SCOPE,
  MCAS_ENTRA_SCOPE,
  TOKEN_REFRESH_MARGIN_MS,
  createEntraTokenProvider,
  type EntraAppCredentials,
} from '../../src/clients/entra';
import {
  CredentialError,
  UnavailableError,
  UnexpectedResponseError,
} from '../../src/clients/errors';
import {
  TEST_POLICY,
  answer,
  connectionReset,
  fakeClock,
  fakeHttp,
  recordingLogger,
  rejection,
  type Script,
} from './fakes';

const SECRET = 'Qx8~entra-client-secret-value-91ab';
const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.mcas-access-token.sig';
const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';

function credentials(overrides: Partial<EntraAppCredentials> = {}): EntraAppCredentials {
  return {
    entraTenantId: ENTRA_TENANT,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    tenantName: 'Contoso EU',
    ...overrides,
  };
}

function tokenAnswer(accessToken = ACCESS_TOKEN, expiresIn: number | string = 3599) {
  return answer(200, { token_type: 'Bearer', expires_in: expiresIn, access_token: accessToken });
}

/** Entra's error shape, as login.microsoftonline.com sends it. */
function oauthError(status: number, error: string, code: number, description: string) {
  return answer(status, {
    error,
    error_description: `AADSTS${code}: ${description}\r\nTrace ID: 0b3f6c1e Correlation ID: 5d2e Timestamp: 2026-03-01 12:00:00Z`,
    error_codes: [code],
    timestamp: '2026-03-01 12:00:00Z',
    trace_id: '0b3f6c1e-1d2c-4c7b-a0c1-7a1b2c3d4e5f',
    correlation_id: '5d2e3f4a-0000-4000-8000-000000000000',
  });
}

function setup(...script: Script[]) {
  const http = fakeHttp(...script);
  const clock = fakeClock();
  const logger = recordingLogger();
  const provider = createEntraTokenProvider({
    http,
    clock,
    logger,
    policy: TEST_POLICY,
    random: () => 1,
  });
  return { http, clock, logger, provider };
}

describe('Entra token provider: the request', () => {
  it('posts the client-credentials form with the MCAS scope to the tenant token endpoint', async () => {
    const { http, provider } = setup(tokenAnswer());
    await expect(provider.getToken(credentials())).resolves.toBe(ACCESS_TOKEN);

    expect(http.calls).toHaveLength(1);
    const [call] = http.calls;
    expect(call?.url).toBe(`${ENTRA_LOGIN_BASE_URL}/${ENTRA_TENANT}/oauth2/v2.0/token`);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(call?.init.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scope: MCAS_ENTRA_SCOPE,
    });
  });

  it('uses the configured login base URL and accepts a verified domain as the tenant', async () => {
    const http = fakeHttp(tokenAnswer());
    const provider = createEntraTokenProvider({
      http,
      clock: fakeClock(),
      logger: recordingLogger(),
      loginBaseUrl: 'http://127.0.0.1:4100/',
    });
    await provider.getToken(credentials({ entraTenantId: 'contoso.onmicrosoft.com' }));
    expect(http.calls[0]?.url).toBe(
      'http://127.0.0.1:4100/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
  });

  it('accepts expires_in as a string, as the v1 endpoint sends it', async () => {
    const { provider } = setup(tokenAnswer(ACCESS_TOKEN, '3599'));
    await expect(provider.getToken(credentials())).resolves.toBe(ACCESS_TOKEN);
  });

  it('refuses a tenant id that is not a GUID or a domain without calling anyone', async () => {
    const { http, provider } = setup();
    const error = await rejection(
      provider.getToken(credentials({ entraTenantId: '../common/oauth2' })),
    );
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain('Directory (tenant) ID saved for MCAS tenant "Contoso EU"');
    expect(http.calls).toHaveLength(0);
  });
});

describe('Entra token provider: the cache', () => {
  it('reuses a token until 5 minutes before it expires, then asks again', async () => {
    const { http, clock, provider } = setup(
      tokenAnswer('first-token'),
      tokenAnswer('second-token'),
    );
    await expect(provider.getToken(credentials())).resolves.toBe('first-token');
    clock.advance(3599_000 - TOKEN_REFRESH_MARGIN_MS - 1);
    await expect(provider.getToken(credentials())).resolves.toBe('first-token');
    expect(http.calls).toHaveLength(1);

    clock.advance(1);
    await expect(provider.getToken(credentials())).resolves.toBe('second-token');
    expect(http.calls).toHaveLength(2);
  });

  it('keeps one token per app and directory', async () => {
    const otherClient = '9b2c4d6e-8f01-4a23-b456-789abcdef012';
    const { http, provider } = setup(tokenAnswer('contoso-token'), tokenAnswer('fabrikam-token'));
    await expect(provider.getToken(credentials())).resolves.toBe('contoso-token');
    await expect(provider.getToken(credentials({ clientId: otherClient }))).resolves.toBe(
      'fabrikam-token',
    );
    await expect(provider.getToken(credentials())).resolves.toBe('contoso-token');
    expect(http.calls).toHaveLength(2);
  });

  it('asks again when the secret changed, so a wrong new secret is not hidden by the cache', async () => {
    const { http, provider } = setup(
      tokenAnswer(),
      oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.'),
    );
    await provider.getToken(credentials());
    const error = await rejection(
      provider.getToken(credentials({ clientSecret: 'a-mistyped-new-secret' })),
    );
    expect(error).toBeInstanceOf(CredentialError);
    expect(http.calls).toHaveLength(2);
  });

  it('shares one request between callers that ask at the same time', async () => {
    const { http, provider } = setup(tokenAnswer());
    const tokens = await Promise.all([1, 2, 3].map(() => provider.getToken(credentials())));
    expect(tokens).toEqual([ACCESS_TOKEN, ACCESS_TOKEN, ACCESS_TOKEN]);
    expect(http.calls).toHaveLength(1);
  });

  it('caches no failure: the next call asks again', async () => {
    const { http, provider } = setup(
      oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.'),
      tokenAnswer(),
    );
    await rejection(provider.getToken(credentials()));
    await expect(provider.getToken(credentials())).resolves.toBe(ACCESS_TOKEN);
    expect(http.calls).toHaveLength(2);
  });
});

describe('Entra token provider: errors', () => {
  it('a wrong client secret: names the tenant, the app, the AADSTS code and the fix', async () => {
    const { provider } = setup(
      oauthError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${CLIENT_ID}'.`,
      ),
    );
    const error = await rejection(provider.getToken(credentials()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error).toMatchObject({ service: 'entra', status: 401 });
    expect(error.message).toContain('MCAS tenant "Contoso EU"');
    expect(error.message).toContain(CLIENT_ID);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).toContain('Certificates & secrets');
    expect(error.message).toContain('Value (not the Secret ID)');
  });

  it('an expired client secret says so', async () => {
    const { provider } = setup(
      oauthError(401, 'invalid_client', 7000222, 'The provided client secret keys are expired.'),
    );
    const error = await rejection(provider.getToken(credentials()));
    expect(error.message).toMatch(/client secret .* has expired .*AADSTS7000222/);
  });

  it('an unknown client id: points at the Application (client) ID', async () => {
    const { provider } = setup(
      oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${CLIENT_ID}' was not found in the directory 'Contoso'.`,
      ),
    );
    const error = await rejection(provider.getToken(credentials()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain('AADSTS700016');
    expect(error.message).toContain('Application (client) ID');
    expect(error.message).toContain(`directory "${ENTRA_TENANT}"`);
  });

  it('an unknown tenant: points at the Directory (tenant) ID', async () => {
    const { provider } = setup(
      oauthError(400, 'invalid_request', 90002, `Tenant '${ENTRA_TENANT}' not found.`),
    );
    const error = await rejection(provider.getToken(credentials()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain('does not know directory');
    expect(error.message).toContain('AADSTS90002');
    expect(error.message).toContain('Directory (tenant) ID');
  });

  it('an AADSTS code without its own advice still names the code and what to check', async () => {
    const { provider } = setup(
      answer(400, {
        error: 'invalid_grant',
        error_description: 'AADSTS53003: Access has been blocked by Conditional Access policies.',
      }),
    );
    const error = await rejection(provider.getToken(credentials()));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain('(HTTP 400, invalid_grant, AADSTS53003)');
    expect(error.message).toContain('Investigation.read');
  });

  it('a 2xx without a bearer token, or an error without an OAuth body, is unexpected', async () => {
    const { provider } = setup(answer(200, '<html>sign in</html>'), answer(404, 'Not Found'));
    expect(await rejection(provider.getToken(credentials()))).toBeInstanceOf(
      UnexpectedResponseError,
    );
    expect(await rejection(provider.getToken(credentials()))).toBeInstanceOf(
      UnexpectedResponseError,
    );
  });

  it('retries throttling, server errors and dropped connections like every client', async () => {
    const { http, clock, provider } = setup(
      answer(429, '', { 'Retry-After': '2' }),
      answer(503),
      connectionReset(),
      tokenAnswer(),
    );
    await expect(provider.getToken(credentials())).resolves.toBe(ACCESS_TOKEN);
    expect(http.calls).toHaveLength(4);
    expect(clock.sleeps[0]).toBe(2000);
  });

  it('gives up on an unreachable endpoint with an UnavailableError', async () => {
    const { provider } = setup(answer(500), answer(500), answer(500), answer(500));
    const error = await rejection(provider.getToken(credentials()));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('Microsoft Entra ID');
  });

  it('never puts the client secret or the token in an error or a log line', async () => {
    const { logger, provider } = setup(
      tokenAnswer(),
      oauthError(401, 'invalid_client', 7000215, `Invalid client secret provided: ${SECRET}`),
      answer(500),
      answer(500),
      answer(500),
      answer(500),
    );
    await provider.getToken(credentials());
    const wrong = await rejection(provider.getToken(credentials({ clientSecret: `${SECRET}x` })));
    const down = await rejection(provider.getToken(credentials({ clientSecret: `${SECRET}y` })));
    for (const text of [wrong.message, down.message, logger.text()]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ACCESS_TOKEN);
    }
    expect(logger.lines.some((line) => line.fields?.service === 'entra')).toBe(true);
  });
});

describe('Entra token provider: tokens for Microsoft Graph', () => {
  it('asks with the Graph scope, and never hands an MCAS token to Graph or back', async () => {
    const { http, provider } = setup(tokenAnswer('mcas-token'), tokenAnswer('graph-token'));
    await expect(provider.getToken(credentials())).resolves.toBe('mcas-token');
    await expect(provider.getToken(credentials({ scope: GRAPH_ENTRA_SCOPE }))).resolves.toBe(
      'graph-token',
    );
    // Both are cached, each for its own API.
    await expect(provider.getToken(credentials())).resolves.toBe('mcas-token');
    await expect(provider.getToken(credentials({ scope: GRAPH_ENTRA_SCOPE }))).resolves.toBe(
      'graph-token',
    );
    expect(http.calls.map((call) => new URLSearchParams(call.init.body).get('scope'))).toEqual([
      MCAS_ENTRA_SCOPE,
      GRAPH_ENTRA_SCOPE,
    ]);
  });

  it('names the Graph permission when Entra refuses without advice of its own', async () => {
    const { provider } = setup(
      answer(400, {
        error: 'invalid_grant',
        error_description: 'AADSTS53003: Access has been blocked by Conditional Access policies.',
      }),
    );
    const error = await rejection(provider.getToken(credentials({ scope: GRAPH_ENTRA_SCOPE })));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain('Microsoft Graph SecurityAlert.Read.All');
    expect(error.message).not.toContain('Investigation.read');
  });
});
