import type { AlertSpec } from '../../sandbox/scenarios/alert-shape';
import { AZURE, graphAlert, mcasAlert } from '../../sandbox/scenarios/alert-shape';
import type { Sandbox } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';
import { MCAS_RESOURCE_APP_ID } from '../../sandbox/sim/entra';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const SECRET = 'sim~client-secret-value';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const MCAS_SCOPE = `${MCAS_RESOURCE_APP_ID}/.default`;
const CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2';

interface GraphError {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

interface GraphPage {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: { id: string; createdDateTime: string }[];
}

function alertAt(index: number, createdDateTime: string, extra: Record<string, unknown> = {}) {
  return {
    id: `ca${index.toString(16).padStart(32, '0')}`,
    createdDateTime,
    lastUpdateDateTime: createdDateTime,
    serviceSource: 'microsoftDefenderForCloudApps',
    severity: 'medium',
    status: 'new',
    title: `Alert ${index}`,
    ...extra,
  };
}

/** ISO text `seconds` after NOW, with Graph's seven fractional digits. */
function at(seconds: number, fraction = '0000000'): string {
  return new Date(NOW + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

describe('Graph security alerts_v2 simulator', () => {
  let sandbox: Sandbox;
  let clock = NOW;
  let token: string;

  const requestToken = async (scope: string, clientId = CLIENT_ID, secret = SECRET) => {
    const response = await fetch(`${sandbox.entra.url}/${DIRECTORY}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        scope,
      }).toString(),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  /** `bearer: null` sends no Authorization header. */
  const list = (query: Record<string, string> | string, bearer: string | null = token) => {
    const search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
    const url = search.startsWith('http')
      ? search
      : `${sandbox.graph.url}/v1.0/security/alerts_v2${search === '' ? '' : `?${search}`}`;
    return fetch(url, {
      headers: bearer === null ? {} : { Authorization: `Bearer ${bearer}` },
    });
  };

  const titles = async (query: Record<string, string>) => {
    const response = await list(query);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { value: { title: string }[] };
    return page.value.map((alert) => alert.title);
  };

  const expectError = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    const body = (await response.json()) as GraphError;
    expect(body.error.code).toBe(code);
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.innerError.date).toMatch(/^2026-11-30T0[89]:\d{2}:\d{2}$/);
    return body.error.message;
  };

  beforeEach(async () => {
    clock = NOW;
    sandbox = await startSandbox({ now: () => clock });
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: SECRET });
    sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID] });
    token = await requestToken(GRAPH_SCOPE);
  });
  afterEach(() => sandbox.close());

  it('answers a Graph-scope token from the Entra simulator with the OData envelope', async () => {
    sandbox.graph.addAlerts(DIRECTORY, [alertAt(1, at(-60))]);
    const response = await list('');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      '@odata.context': CONTEXT,
      value: [alertAt(1, at(-60))],
    });
    expect(sandbox.stats().graph.byRoute['GET /v1.0/security/alerts_v2']).toBe(1);
  });

  it('refuses a missing, unknown or expired token and an MCAS token with 401', async () => {
    expect(await expectError(await list('', null), 401, 'InvalidAuthenticationToken')).toBe(
      'Access token is empty.',
    );
    const unknown = await list('', 'not-issued');
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer realm=""/);
    expect(await expectError(unknown, 401, 'InvalidAuthenticationToken')).toBe(
      'Access token has expired or is not yet valid.',
    );
    const mcasToken = await requestToken(MCAS_SCOPE);
    expect(await expectError(await list('', mcasToken), 401, 'InvalidAuthenticationToken')).toBe(
      'Access token validation failure. Invalid audience.',
    );

    clock += 3599_000;
    const expired = await list('');
    clock = NOW;
    expect(await expectError(expired, 401, 'InvalidAuthenticationToken')).toBe(
      'Access token has expired or is not yet valid.',
    );
    expect(sandbox.graph.requestsSeen(DIRECTORY)).toEqual([]);
  });

  it('answers 403 for an app not granted in the directory, or a directory Graph does not know', async () => {
    const other = '9b2c4d6e-8f01-4a23-b456-789abcdef012';
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: other, secret: 'other-secret' });
    const otherToken = await requestToken(GRAPH_SCOPE, other, 'other-secret');
    const forbidden = await list('', otherToken);
    expect(((await forbidden.clone().json()) as GraphError).error.innerError.date).toBe(
      '2026-11-30T08:00:00',
    );
    expect(forbidden.headers.get('client-request-id')).toBe(forbidden.headers.get('request-id'));
    expect(await expectError(forbidden, 403, 'Forbidden')).toBe(
      'Missing application roles. API required roles: SecurityAlert.Read.All, SecurityAlert.ReadWrite.All.',
    );
    sandbox.graph.grant(DIRECTORY, other);
    expect((await list('', otherToken)).status).toBe(200);
    sandbox.graph.revoke(DIRECTORY, CLIENT_ID);
    expect((await list('')).status).toBe(403);

    const elsewhere = '11111111-2222-3333-4444-555555555555';
    sandbox.entra.addApp({ tenantId: elsewhere, clientId: CLIENT_ID, secret: SECRET });
    const response = await fetch(`${sandbox.entra.url}/${elsewhere}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${encodeURIComponent(SECRET)}&scope=${encodeURIComponent(GRAPH_SCOPE)}`,
    });
    const { access_token: elsewhereToken } = (await response.json()) as { access_token: string };
    expect((await list('', elsewhereToken)).status).toBe(403);
  });

  it('filters by serviceSource and createdDateTime ge, newest first, and records the query', async () => {
    sandbox.graph.addAlerts(DIRECTORY, [
      alertAt(1, at(-3600)),
      alertAt(2, at(-600)),
      alertAt(3, at(-300), { serviceSource: 'microsoftDefenderForEndpoint' }),
      alertAt(4, at(-60), { severity: 'high', status: 'resolved' }),
      alertAt(5, at(-600)),
    ]);
    const filter = `serviceSource eq 'microsoftDefenderForCloudApps' and createdDateTime ge ${new Date(NOW - 600_000).toISOString()}`;
    expect(await titles({ $filter: filter })).toEqual(['Alert 4', 'Alert 5', 'Alert 2']);
    expect(await titles({ $filter: "severity eq 'high'" })).toEqual(['Alert 4']);
    expect(
      await titles({ $filter: "status ne 'resolved' AND createdDateTime lt " + at(-300) }),
    ).toEqual(['Alert 5', 'Alert 2', 'Alert 1']);
    expect(
      await titles({
        $filter: `(lastUpdateDateTime gt ${at(-3600)}) and (status eq 'new' and serviceSource eq 'microsoftDefenderForEndpoint')`,
      }),
    ).toEqual(['Alert 3']);
    expect(sandbox.graph.requestsSeen(DIRECTORY)[0]).toEqual({ $filter: filter });
  });

  it('pages by @odata.nextLink so every alert is seen exactly once, with @odata.count', async () => {
    const alerts = Array.from({ length: 25 }, (_, i) =>
      // Pairs share a createdDateTime: ties fall back to id, descending.
      alertAt(i + 1, at(-1000 + Math.floor(i / 2))),
    );
    sandbox.graph.addAlerts(DIRECTORY, alerts);
    const filter = `serviceSource eq 'microsoftDefenderForCloudApps' and createdDateTime ge ${at(-2000)}`;
    const seen: string[] = [];
    let next: string | undefined = new URLSearchParams({
      $filter: filter,
      $top: '10',
      $count: 'true',
    }).toString();
    let pages = 0;
    while (next !== undefined) {
      const response = await list(next);
      expect(response.status).toBe(200);
      const page = (await response.json()) as GraphPage;
      expect(page['@odata.count']).toBe(25);
      seen.push(...page.value.map((alert) => alert.id));
      next = page['@odata.nextLink'];
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(alerts.map((alert) => alert.id).reverse());
    const secondRequest = sandbox.graph.requestsSeen(DIRECTORY)[1];
    expect(secondRequest).toEqual({ $filter: filter, $top: '10', $count: 'true', $skip: '10' });
  });

  it('compares datetimes at 100-ns precision', async () => {
    sandbox.graph.addAlerts(DIRECTORY, [
      alertAt(1, '2026-11-28T09:12:27.7211305Z'),
      alertAt(2, '2026-11-28T09:12:27.7210000Z'),
    ]);
    const where = async (clause: string) => titles({ $filter: `createdDateTime ${clause}` });
    expect(await where('ge 2026-11-28T09:12:27.721Z')).toEqual(['Alert 1', 'Alert 2']);
    expect(await where('gt 2026-11-28T09:12:27.721Z')).toEqual(['Alert 1']);
    expect(await where('lt 2026-11-28T09:12:27.722Z')).toEqual(['Alert 1', 'Alert 2']);
    expect(await where('gt 2026-11-28T09:12:27.7211305Z')).toEqual([]);
    expect(await where('ge 2026-11-28T09:12:27.7211305Z')).toEqual(['Alert 1']);
    expect(await where('le 2026-11-28T09:12:27.7211304Z')).toEqual(['Alert 2']);
    expect(await where('ge 2026-11-28T10:12:27.7211305+01:00')).toEqual(['Alert 1']);
  });

  it.each([
    ['an unknown property', { $filter: "colour eq 'red'" }, /property named 'colour'/],
    [
      'or',
      {
        $filter: "severity eq 'high' or severity eq 'medium'",
      },
      /operator 'or' is not supported/,
    ],
    ['a function', { $filter: "startswith(title, 'x')" }, /function 'startswith'/],
    ['a quoted datetime', { $filter: "createdDateTime ge '2026-11-28T09:12:03Z'" }, /Edm\.String/],
    [
      'a malformed datetime',
      { $filter: 'createdDateTime ge 2026-13-28T09:12:03Z' },
      /Unrecognized 'Edm\.DateTimeOffset' literal/,
    ],
    [
      'eight fractional digits',
      { $filter: 'createdDateTime ge 2026-11-28T09:12:03.12345678Z' },
      /literal/,
    ],
    [
      'an unknown enum member',
      { $filter: "serviceSource eq 'cloudAppSecurity'" },
      /enumerated type/,
    ],
    ['an operator the property lacks', { $filter: "severity ne 'high'" }, /operator 'ne'/],
    ['trailing text', { $filter: "status eq 'new' status" }, /syntax error/],
    ['an empty filter', { $filter: '' }, /empty/],
    ['$top 0', { $top: '0' }, /\$top/],
    ['$top 2001', { $top: '2001' }, /from 1 to 2000/],
    ['$top not a number', { $top: 'ten' }, /\$top/],
    ['a negative $skip', { $skip: '-1' }, /\$skip/],
    ['$count maybe', { $count: 'maybe' }, /\$count/],
    ['$orderby', { $orderby: 'createdDateTime asc' }, /\$orderby/],
  ])('answers %s with 400 BadRequest naming the problem', async (_what, query, message) => {
    expect(await expectError(await list(query), 400, 'BadRequest')).toMatch(message);
  });

  it('throttles each app in each directory in a sliding minute with 429 and Retry-After', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ now: () => clock, graphRequestsPerMinute: 3 });
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: SECRET });
    const other = '9b2c4d6e-8f01-4a23-b456-789abcdef012';
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: other, secret: 'other-secret' });
    sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID, other] });
    token = await requestToken(GRAPH_SCOPE);
    const otherToken = await requestToken(GRAPH_SCOPE, other, 'other-secret');
    for (let i = 0; i < 3; i += 1) {
      expect((await list('')).status).toBe(200);
      clock += 10_000;
    }
    const throttled = await list('');
    expect(throttled.headers.get('retry-after')).toBe('30');
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as GraphError).error.code).toBe('TooManyRequests');
    expect((await list('', otherToken)).status).toBe(200);
    clock += 30_001;
    expect((await list('')).status).toBe(200);
  });

  it('injects faults in Graph’s error shape and leaves other services alone', async () => {
    sandbox.setFaults('graph', { every429: 1, retryAfterSeconds: 4 });
    const faulted = await list('');
    expect(faulted.headers.get('retry-after')).toBe('4');
    expect(await expectError(faulted, 429, 'TooManyRequests')).toMatch(/Too many requests/);
    expect(sandbox.graph.requestsSeen(DIRECTORY)).toEqual([]);
    expect(sandbox.stats().graph.calls).toBe(1);
    expect(sandbox.stats().mcas.calls).toBe(0);
  });

  it('keeps its state to itself: answers and accessors are deep copies, ids replace', async () => {
    sandbox.graph.addAlerts(DIRECTORY, [alertAt(1, at(-60), { evidence: [{ ipAddress: '1' }] })]);
    const first = (await (await list('')).json()) as {
      value: { evidence: { ipAddress: string }[] }[];
    };
    const held = sandbox.graph.alerts(DIRECTORY);
    held[0]!.title = 'changed';
    expect(sandbox.graph.alerts(DIRECTORY)[0]?.title).toBe('Alert 1');
    expect(first.value[0]?.evidence[0]?.ipAddress).toBe('1');

    sandbox.graph.addAlerts(DIRECTORY, [alertAt(1, at(-30), { title: 'Replaced' })]);
    expect(sandbox.graph.alerts(DIRECTORY).map((alert) => alert.title)).toEqual(['Replaced']);
    expect(() =>
      sandbox.graph.addAlerts(DIRECTORY, [{ id: 'x', createdDateTime: 'yesterday' }]),
    ).toThrow();
    expect(() => sandbox.graph.alerts('unknown-directory')).toThrow();
  });
});

describe('graphAlert', () => {
  const spec: AlertSpec = {
    tenantId: 'contoso',
    timestamp: Date.UTC(2026, 10, 28, 9, 12, 3, 123),
    title: 'Impossible travel activity',
    description:
      '<p>The user <a href="https://x.example/u">Adele Vance</a> signed in from 203.0.113.7 &amp; 198.51.100.4.</p><p>Say &quot;hi&quot; &lt;now&gt; &#39;ok&#39;</p>',
    severity: 2,
    users: [{ name: 'Adele Vance', email: 'adele@contoso.com' }],
    ips: ['203.0.113.7', '198.51.100.4'],
    countries: [{ code: 'NL', name: 'Netherlands' }],
    service: AZURE,
  };

  it('is the MCAS alert of the same spec: it shares providerAlertId with mcasAlert’s _id', () => {
    const graph = graphAlert(spec, DIRECTORY);
    expect(graph.providerAlertId).toBe(mcasAlert(spec)._id);
    expect(graphAlert({ ...spec, salt: 'other' }, DIRECTORY).providerAlertId).toBe(
      mcasAlert({ ...spec, salt: 'other' })._id,
    );
    expect(graph.id).toMatch(/^ca[0-9a-f]{32}$/);
    expect(graph.id).not.toBe(graphAlert({ ...spec, salt: 'other' }, DIRECTORY).id);
  });

  it('has the alerts_v2 shape: enums, plain-text description, seven-digit times, evidence', () => {
    const graph = graphAlert(spec, DIRECTORY);
    expect(graph).toMatchObject({
      '@odata.type': '#microsoft.graph.security.alert',
      serviceSource: 'microsoftDefenderForCloudApps',
      detectionSource: 'cloudAppSecurity',
      productName: 'Microsoft Defender for Cloud Apps',
      status: 'new',
      severity: 'high',
      classification: 'unknown',
      determination: null,
      tenantId: DIRECTORY,
      title: 'Impossible travel activity',
      description:
        'The user Adele Vance signed in from 203.0.113.7 & 198.51.100.4.\nSay "hi" <now> \'ok\'',
      createdDateTime: '2026-11-28T09:12:03.1230000Z',
      firstActivityDateTime: '2026-11-28T09:12:03.123Z',
      alertWebUrl: `https://security.microsoft.com/alerts/${graph.id}?tid=${DIRECTORY}`,
      category: 'InitialAccess',
      mitreTechniques: [],
      comments: [],
      systemTags: [],
    });
    expect(graph.evidence).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.security.userEvidence',
        roles: [],
        createdDateTime: '2026-11-28T09:12:03.1230000Z',
        userAccount: expect.objectContaining({
          accountName: 'adele',
          domainName: 'contoso.com',
          userPrincipalName: 'adele@contoso.com',
          displayName: 'Adele Vance',
          userSid: null,
        }) as unknown,
      }),
      expect.objectContaining({ ipAddress: '203.0.113.7', countryLetterCode: 'NL' }),
      expect.objectContaining({ ipAddress: '198.51.100.4', countryLetterCode: null }),
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence',
        appId: AZURE.id,
        displayName: AZURE.label,
      }),
    ]);
    expect(
      [0, 1, 3].map((severity) => graphAlert({ ...spec, severity }, DIRECTORY).severity),
    ).toEqual(['low', 'medium', 'informational']);
  });

  it('leaves out the portal link and the principal name of a sparse alert', () => {
    const sparse = graphAlert({ ...spec, sparse: true }, DIRECTORY);
    expect(sparse).not.toHaveProperty('alertWebUrl');
    const [user] = sparse.evidence as { userAccount: { userPrincipalName: unknown } }[];
    expect(user?.userAccount.userPrincipalName).toBeNull();
  });

  it('is listed by the simulator under the filter an MDCA sync sends', async () => {
    const sandbox = await startSandbox({ now: () => NOW });
    try {
      sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: SECRET });
      sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID] });
      const older = graphAlert({ ...spec, timestamp: spec.timestamp - 1 }, DIRECTORY);
      const alert = graphAlert(spec, DIRECTORY);
      sandbox.graph.addAlerts(DIRECTORY, [older, alert]);
      const tokenResponse = await fetch(`${sandbox.entra.url}/${DIRECTORY}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: SECRET,
          scope: GRAPH_SCOPE,
        }).toString(),
      });
      const { access_token: bearer } = (await tokenResponse.json()) as { access_token: string };
      const filter = `serviceSource eq 'microsoftDefenderForCloudApps' and createdDateTime ge ${new Date(spec.timestamp).toISOString()}`;
      const response = await fetch(
        `${sandbox.graph.url}/v1.0/security/alerts_v2?$filter=${encodeURIComponent(filter)}`,
        { headers: { Authorization: `Bearer ${bearer}` } },
      );
      expect(((await response.json()) as GraphPage).value).toEqual([alert]);
    } finally {
      await sandbox.close();
    }
  });
});
