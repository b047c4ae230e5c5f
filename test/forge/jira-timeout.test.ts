/**
 * Forge's `requestJira` has no timeout of its own: a Jira that never answers, or answers its
 * headers and stalls the body, is cut off by the transport (30 s, or the caller's shorter limit)
 * so the retry policy decides instead of Forge killing the invocation.
 */
import api from '@forge/api';
import type * as ForgeApi from '@forge/api';
import { FORGE_CALL_TIMEOUT_MS } from '../../src/forge/time-limit';
import { forgeJiraTransport } from '../../src/forge/jira-transport';
import { jiraRoute } from '../../src/clients/jira-route';
import { HttpTimeoutError } from '../../src/ports';

jest.mock('@forge/api', () => {
  const requestJira = jest.fn();
  return {
    __esModule: true,
    route: jest.requireActual<typeof ForgeApi>('@forge/api').route,
    default: { asApp: () => ({ requestJira }), asUser: () => ({ requestJira }) },
  };
});
const requestJira = jest.mocked(api.asApp().requestJira);
const never = <T>() => new Promise<T>(() => undefined);

beforeEach(() => {
  jest.useFakeTimers();
  requestJira.mockReset();
});
afterEach(() => jest.useRealTimers());

describe('forgeJiraTransport time limit', () => {
  it('fails a Jira call that never answers after 30 s, naming Jira and the wait', async () => {
    requestJira.mockReturnValue(never());
    const call = forgeJiraTransport.request(jiraRoute`/rest/api/3/issue/bulk`, {
      method: 'POST',
      body: '{}',
    });
    const outcome = expect(call).rejects.toThrow(
      new HttpTimeoutError('Jira', FORGE_CALL_TIMEOUT_MS),
    );
    await jest.advanceTimersByTimeAsync(FORGE_CALL_TIMEOUT_MS - 1);
    let settled = false;
    void call.catch(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await outcome;
  });

  it('honours a shorter limit and cuts a stalled body at the same deadline', async () => {
    requestJira.mockResolvedValue({
      status: 200,
      headers: { get: () => null },
      text: () => never<string>(),
    } as unknown as Awaited<ReturnType<typeof requestJira>>);
    const response = await forgeJiraTransport.request(jiraRoute`/rest/api/3/myself`, {
      method: 'GET',
      timeoutMs: 8_000,
    });
    const body = response.text();
    const outcome = expect(body).rejects.toThrow('Jira did not answer within 8 s');
    await jest.advanceTimersByTimeAsync(8_000);
    await outcome;
  });
});
