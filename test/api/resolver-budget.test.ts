/**
 * Resolvers answer inside Forge's 25 s even when a host hangs: the settings page's "Test
 * connection" and "Test key" and the panel's re-check run on the real Forge adapters (fetch and
 * requestJira mocked to never answer) under a fake clock, and must settle with a message naming
 * the host that did not answer and how long it was given, before 25 s have passed.
 */
import { recordIssue } from '../../src/sync/issue-record';
import { ProjectId } from '../../src/core/config';
import { fetch } from '@forge/api';
import type * as ForgeApi from '@forge/api';
import { createPanelApi } from '../../src/api/panel';
import { RESOLVER_BUDGET_MS } from '../../src/api/retry-policy';
import { createSettingsApi } from '../../src/api/settings';
import type { ApiPorts } from '../../src/api/ports';
import { PANEL_RESOLVERS } from '../../src/contract/panel';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { keys } from '../../src/core/storage-keys';
import { forgeHttp } from '../../src/forge/http';
import { forgeJiraTransport } from '../../src/forge/jira-transport';
import type { HttpResponse, JiraTransport } from '../../src/ports';
import { systemClock } from '../../src/ports';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { answer, recordingLogger } from '../clients/fakes';

jest.mock('@forge/api', () => {
  const requestJira = jest.fn();
  return {
    __esModule: true,
    fetch: jest.fn(),
    route: jest.requireActual<typeof ForgeApi>('@forge/api').route,
    default: { asApp: () => ({ requestJira }), asUser: () => ({ requestJira }) },
    requestJira,
  };
});
const forgeFetch = jest.mocked(fetch);
const never = () => new Promise<never>(() => undefined);
/** Forge's own limit for a UI resolver's function. */
const FORGE_RESOLVER_LIMIT_MS = 25_000;

/** Jira answers the permission check at once: the caller is a project admin. */
const adminJira: JiraTransport = {
  request: () =>
    Promise.resolve(
      answer(200, { permissions: { ADMINISTER_PROJECTS: { havePermission: true } } }),
    ),
};

function ports(jira: JiraTransport = adminJira): ApiPorts {
  return {
    store: createMemoryStore(),
    http: forgeHttp,
    jira,
    queue: { push: () => Promise.resolve() },
    clock: systemClock,
    logger: recordingLogger(),
  };
}

/** Runs a resolver call while fake time passes; resolves with its answer and the time it took. */
async function timed<T>(call: () => Promise<T>): Promise<{ result: T; elapsedMs: number }> {
  const startedAt = Date.now();
  let settledAt: number | undefined;
  const pending = call().then((result) => {
    settledAt = Date.now();
    return result;
  });
  for (let waited = 0; settledAt === undefined && waited < 120_000; waited += 500) {
    await jest.advanceTimersByTimeAsync(500);
  }
  const result = await pending;
  return { result, elapsedMs: (settledAt ?? Infinity) - startedAt };
}

const caller = { accountId: 'admin-1', project: { id: '10000', key: 'SEC' } };
const CONTOSO = 'contoso.eu2.portal.cloudappsecurity.com';

beforeEach(() => {
  jest.useFakeTimers();
  forgeFetch.mockReset();
});
afterEach(() => jest.useRealTimers());

describe('resolver time budget', () => {
  it('leaves room under Forge’s 25 s for the storage calls around the external ones', () => {
    expect(RESOLVER_BUDGET_MS).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
  });

  it('reports an MCAS host that never answers by name, inside 25 s', async () => {
    forgeFetch.mockImplementation(() => never());
    const api = createSettingsApi(ports());
    const { result, elapsedMs } = await timed(() =>
      api[SETTINGS_RESOLVERS.testTenant](
        { url: `https://${CONTOSO}/api/`, token: 'mcas-api-token-0123456789abcdef' },
        caller,
      ),
    );
    expect(result).toEqual({
      ok: true,
      data: {
        outcome: 'failed',
        problem: 'unreachable',
        message: expect.stringContaining(`${CONTOSO} did not answer within 8 s`) as string,
      },
    });
    expect(elapsedMs).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
    expect(JSON.stringify(result)).not.toContain('mcas-api-token');
  });

  it('reports a hanging Entra token endpoint by name, inside 25 s', async () => {
    forgeFetch.mockImplementation(() => never());
    const api = createSettingsApi(ports());
    const { result, elapsedMs } = await timed(() =>
      api[SETTINGS_RESOLVERS.testTenant](
        {
          url: `https://${CONTOSO}/api/`,
          authMode: 'entra',
          entraTenantId: 'contoso.onmicrosoft.com',
          clientId: '4a1aa1d5-c567-49d0-ad0b-cd957a47f842',
          clientSecret: 'entra-client-secret-value-0123',
        },
        caller,
      ),
    );
    expect(JSON.stringify(result)).toContain('login.microsoftonline.com did not answer within 8 s');
    expect(elapsedMs).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
  });

  it('reports a hanging AbuseIPDB on "Test key" by name, inside 25 s', async () => {
    forgeFetch.mockImplementation(() => never());
    const api = createSettingsApi(ports());
    const { result, elapsedMs } = await timed(() =>
      api[SETTINGS_RESOLVERS.testAbuseIpdbKey](
        { apiKey: 'abuseipdb-key-0123456789abcdef' },
        caller,
      ),
    );
    expect(result).toMatchObject({
      ok: true,
      data: {
        outcome: 'failed',
        problem: 'unreachable',
        message: expect.stringContaining('api.abuseipdb.com did not answer within 8 s') as string,
      },
    });
    expect(elapsedMs).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
  });

  it('cuts off a Jira that never answers the permission check, inside 25 s', async () => {
    const { requestJira } = jest.requireMock<{ requestJira: jest.Mock }>('@forge/api');
    requestJira.mockImplementation(() => never());
    const api = createSettingsApi(ports(forgeJiraTransport));
    const { result, elapsedMs } = await timed(() => api[SETTINGS_RESOLVERS.syncNow]({}, caller));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringContaining('Jira did not answer within 8 s') as string,
      },
    });
    expect(elapsedMs).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
  });

  it('reports a hanging AbuseIPDB on the panel’s re-check by name, inside 25 s', async () => {
    forgeFetch.mockImplementation(() => never());
    const issue = {
      id: '10001',
      key: 'SEC-1',
      fields: { summary: 'Impossible travel', project: { id: '10000', key: 'SEC' } },
      properties: {
        'mcas.alert': { alertId: 'a1', tenantId: 'contoso', severity: 'high', timestamp: 1 },
        'mcas.enrichment': {
          findings: [{ ip: '118.25.6.39', range: 'public', pending: true }],
          users: [],
          tenantName: 'Contoso',
        },
      },
    };
    const jira: JiraTransport = {
      request: (route): Promise<HttpResponse> =>
        Promise.resolve(
          route.strings.join('').includes('mypermissions')
            ? answer(200, { permissions: { EDIT_ISSUES: { havePermission: true } } })
            : answer(200, issue),
        ),
    };
    const panelPorts = ports(jira);
    await recordIssue(panelPorts.store, ProjectId.parse('10000'), 'SEC-1', {
      tenantId: 'contoso',
      alertId: 'a1',
      ips: ['118.25.6.39'],
    });
    await panelPorts.store.setSecret(
      keys.abuseIpdbSecret(ProjectId.parse('10000')),
      'abuseipdb-key-0123456789',
    );
    const api = createPanelApi(panelPorts);
    const { result, elapsedMs } = await timed(() =>
      api[PANEL_RESOLVERS.recheck]({ ip: '118.25.6.39' }, { ...caller, issueKey: 'SEC-1' }),
    );
    expect(JSON.stringify(result)).toContain('api.abuseipdb.com did not answer within 8 s');
    expect(elapsedMs).toBeLessThan(FORGE_RESOLVER_LIMIT_MS);
  });
});
