import type { Sandbox } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';
import { MCAS_RESOURCE_APP_ID } from '../../sandbox/sim/entra';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const SECRET = 'sim~client-secret-value';

interface TokenAnswer {
  token_type?: string;
  expires_in?: number;
  access_token?: string;
  error?: string;
  error_codes?: number[];
  error_description?: string;
  trace_id?: string;
}

describe('Entra token endpoint simulator and MCAS bearer auth', () => {
  let sandbox: Sandbox;
  let clock = NOW;
  let mcasBase: string;

  const requestToken = async (
    overrides: Record<string, string> = {},
    tenant = DIRECTORY,
  ): Promise<{ status: number; body: TokenAnswer }> => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: SECRET,
      scope: `${MCAS_RESOURCE_APP_ID}/.default`,
      ...overrides,
    });
    const response = await fetch(`${sandbox.entra.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer };
  };

  const listAlerts = (authorization: string) =>
    fetch(`${mcasBase}/api/v1/alerts/`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ limit: 1 }),
    });

  beforeEach(async () => {
    clock = NOW;
    sandbox = await startSandbox({ now: () => clock, mcasRequestsPerMinute: 0 });
    sandbox.entra.addApp({
      tenantId: DIRECTORY,
      clientId: CLIENT_ID,
      secret: SECRET,
      domain: 'contoso.onmicrosoft.com',
    });
    mcasBase = sandbox.mcas.addTenant({
      id: 'contoso',
      entraApp: { tenantId: DIRECTORY, clientId: CLIENT_ID },
    });
  });
  afterEach(() => sandbox.close());

  it('issues an expiring bearer token that the linked MCAS tenant accepts', async () => {
    const { status, body } = await requestToken();
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(typeof body.access_token).toBe('string');
    expect((await listAlerts(`Bearer ${body.access_token}`)).status).toBe(200);
    expect(sandbox.stats().entra.calls).toBe(1);

    clock += 3599_000;
    expect((await listAlerts(`Bearer ${body.access_token}`)).status).toBe(401);
  });

  it('answers to a verified domain as well as the directory id', async () => {
    const { status } = await requestToken({}, 'contoso.onmicrosoft.com');
    expect(status).toBe(200);
  });

  it('refuses bearer tokens of another app, unknown tokens and tokens on a token-only tenant', async () => {
    const other = '9b2c4d6e-8f01-4a23-b456-789abcdef012';
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: other, secret: 'other-secret' });
    const foreign = await requestToken({ client_id: other, client_secret: 'other-secret' });
    expect((await listAlerts(`Bearer ${foreign.body.access_token}`)).status).toBe(401);
    expect((await listAlerts('Bearer not-issued')).status).toBe(401);

    const tokenOnly = sandbox.mcas.addTenant({ id: 'fabrikam', token: 'fabrikam-token' });
    const { body } = await requestToken();
    const response = await fetch(`${tokenOnly}/api/v1/alerts/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${body.access_token}` },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a wrong secret', { client_secret: 'wrong' }, DIRECTORY, 401, 'invalid_client', 7000215],
    [
      'an unknown client',
      { client_id: '00000000-0000-0000-0000-000000000001' },
      DIRECTORY,
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'an unknown tenant',
      {},
      '11111111-2222-3333-4444-555555555555',
      400,
      'invalid_request',
      90002,
    ],
    ['another grant', { grant_type: 'password' }, DIRECTORY, 400, 'unsupported_grant_type', 70003],
    [
      'another resource',
      { scope: 'https://management.azure.com/.default' },
      DIRECTORY,
      400,
      'invalid_resource',
      500011,
    ],
  ])('answers %s in Entra’s error shape', async (_what, overrides, tenant, status, error, code) => {
    const answer = await requestToken(overrides, tenant);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
    expect(answer.body.error_codes).toEqual([code]);
    expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
    expect(answer.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.body.access_token).toBeUndefined();
  });

  it('issues Graph tokens too, records each token’s resource, and MCAS refuses a Graph token', async () => {
    const mcas = await requestToken();
    const graph = await requestToken({ scope: 'https://graph.microsoft.com/.default' });
    expect(graph.status).toBe(200);
    expect(sandbox.entra.verify(mcas.body.access_token ?? '')).toEqual({
      tenantId: DIRECTORY,
      clientId: CLIENT_ID,
      expiresAt: NOW + 3599_000,
      resource: 'mcas',
    });
    expect(sandbox.entra.verify(graph.body.access_token ?? '')?.resource).toBe('graph');
    expect((await listAlerts(`Bearer ${graph.body.access_token}`)).status).toBe(401);
    expect((await listAlerts(`Bearer ${mcas.body.access_token}`)).status).toBe(200);
  });

  it('a rotated secret makes the old one fail', async () => {
    sandbox.entra.setSecret(DIRECTORY, CLIENT_ID, 'rotated-secret');
    expect((await requestToken()).status).toBe(401);
    expect((await requestToken({ client_secret: 'rotated-secret' })).status).toBe(200);
  });
});
