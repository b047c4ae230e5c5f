/**
 * The simulators' write endpoints (issue 16), as the write-back relies on them: MCAS
 * `close_<kind>` with its reasons, `alertsNotFound`, 403 for a read-only credential and 404 for
 * an unknown tenant; Graph `PATCH alerts_v2/{id}` and its comments, 403 without
 * SecurityAlert.ReadWrite.All, 404 for an unknown alert, 400 for a value outside its enums.
 */
import type { Sandbox } from '../../sandbox/sim';
import { startSandbox } from '../../sandbox/sim';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const ID = 'a'.repeat(24);
const DIRECTORY = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const WRITER = '4a1aa1d5-c567-49d0-ad0b-cd957a47f842';
const READER = '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918';
const SECRET = 'sim~client-secret-value';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ now: () => NOW, mcasRequestsPerMinute: 0 });
});
afterEach(() => sandbox.close());

describe('MCAS close endpoints', () => {
  let base: string;
  beforeEach(() => {
    base = sandbox.mcas.addTenant({ id: 'contoso', token: 'contoso-token' });
    sandbox.mcas.addAlerts('contoso', [
      { _id: ID, timestamp: NOW - 1000, resolutionStatusValue: 0 },
    ]);
  });
  const close = (kind: string, body: unknown, url = base) =>
    fetch(`${url}/api/v1/alerts/${kind}/`, {
      method: 'POST',
      headers: { Authorization: 'Token contoso-token', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('closes with a reason and comment, and names the ids it does not know', async () => {
    const response = await close('close_benign', {
      filters: { id: { eq: [ID, 'b'.repeat(24)] } },
      comment: 'Closed from Jira',
      reasonId: 5,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ closed_benign: 1, alertsNotFound: ['b'.repeat(24)] });
    expect(sandbox.mcas.alerts('contoso')[0]?.resolutionStatusValue).toBe(4);
    expect(sandbox.mcas.closures('contoso')).toEqual([
      { alertId: ID, endpoint: 'close_benign', comment: 'Closed from Jira', reasonId: 5, at: NOW },
    ]);
  });

  it('refuses a reason the endpoint does not take, a read-only token and an unknown tenant', async () => {
    const bad = await close('close_false_positive', { filters: { id: { eq: [ID] } }, reasonId: 6 });
    sandbox.mcas.setReadOnly('contoso', true);
    const readOnly = await close('close_true_positive', { filters: { id: { eq: [ID] } } });
    const unknown = await close(
      'close_true_positive',
      { filters: { id: { eq: [ID] } } },
      `${sandbox.mcas.url}/t/nobody`,
    );
    expect([bad.status, readOnly.status, unknown.status]).toEqual([400, 403, 404]);
    expect(sandbox.mcas.alerts('contoso')[0]?.resolutionStatusValue).toBe(0);
  });

  it('can carry out a closure and lose its answer', async () => {
    sandbox.mcas.loseCloseAnswers('contoso', 1);
    await expect(close('close_true_positive', { filters: { id: { eq: [ID] } } })).rejects.toThrow();
    expect(sandbox.mcas.alerts('contoso')[0]?.resolutionStatusValue).toBe(5);
  });
});

describe('Graph alert updates and comments', () => {
  const token = async (clientId: string) => {
    const response = await fetch(`${sandbox.entra.url}/${DIRECTORY}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: SECRET,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const send = async (clientId: string, method: string, path: string, body: unknown) =>
    fetch(`${sandbox.graph.url}/v1.0/security/alerts_v2/${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await token(clientId)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });

  beforeEach(() => {
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: WRITER, secret: SECRET });
    sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: READER, secret: SECRET });
    sandbox.graph.addDirectory({
      entraTenantId: DIRECTORY,
      grantedApps: [READER],
      writerApps: [WRITER],
    });
    sandbox.graph.addAlerts(DIRECTORY, [
      { id: 'ca1', createdDateTime: new Date(NOW - 60_000).toISOString(), status: 'new' },
    ]);
  });

  it('PATCHes status, classification and determination, and adds a comment', async () => {
    const patched = await send(WRITER, 'PATCH', 'ca1', {
      status: 'resolved',
      classification: 'truePositive',
      determination: 'other',
    });
    const commented = await send(WRITER, 'POST', 'ca1/comments', {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Closed from Jira',
    });
    expect([patched.status, commented.status]).toEqual([200, 200]);
    expect(sandbox.graph.alerts(DIRECTORY)[0]).toMatchObject({
      status: 'resolved',
      classification: 'truePositive',
      determination: 'other',
      resolvedDateTime: new Date(NOW).toISOString(),
      comments: [
        { comment: 'Closed from Jira', createdByDisplayName: 'Cloud App Alerts for Jira' },
      ],
    });
  });

  it('answers 403 without SecurityAlert.ReadWrite.All, 404 for an unknown alert, 400 for a bad value', async () => {
    const reader = await send(READER, 'PATCH', 'ca1', { status: 'resolved' });
    const unknown = await send(WRITER, 'PATCH', 'nope', { status: 'resolved' });
    const bad = await send(WRITER, 'PATCH', 'ca1', { classification: 'benign' });
    expect([reader.status, unknown.status, bad.status]).toEqual([403, 404, 400]);
    expect(((await reader.json()) as { error: { message: string } }).error.message).toContain(
      'SecurityAlert.ReadWrite.All',
    );
    expect(sandbox.graph.alerts(DIRECTORY)[0]?.status).toBe('new');
  });
});
