/**
 * The Forge Http adapter's time budget: a server that never answers, or answers its headers and
 * then stalls the body, fails the call after 30 s like a dropped connection, so the retry policy
 * or the outage breaker takes over instead of the worker hanging until Forge kills it.
 */
import { fetch } from '@forge/api';
import { FORGE_FETCH_TIMEOUT_MS, forgeHttp } from '../../src/forge/http';
import { HttpTimeoutError } from '../../src/ports';

jest.mock('@forge/api', () => ({ fetch: jest.fn() }));
const forgeFetch = jest.mocked(fetch);

const never = <T>() => new Promise<T>(() => undefined);

function responseWithBody(text: () => Promise<string>) {
  return {
    status: 200,
    headers: { get: () => null },
    text,
  } as unknown as Awaited<ReturnType<typeof fetch>>;
}

beforeEach(() => {
  jest.useFakeTimers();
  forgeFetch.mockReset();
});
afterEach(() => jest.useRealTimers());

describe('forgeHttp', () => {
  it('passes the request through and reads the body within the budget', async () => {
    forgeFetch.mockResolvedValue(responseWithBody(() => Promise.resolve('{"ok":true}')));
    const response = await forgeHttp('https://api.abuseipdb.com/api/v2/check', {
      method: 'GET',
      headers: { Key: 'k' },
    });
    expect(forgeFetch).toHaveBeenCalledWith('https://api.abuseipdb.com/api/v2/check', {
      method: 'GET',
      // Never followed: a redirect would carry the key to another host (issue 13).
      redirect: 'manual',
      headers: { Key: 'k' },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).resolves.toBe('{"ok":true}');
  });

  it('fails a call whose headers never come after the budget', async () => {
    forgeFetch.mockReturnValue(never());
    const call = forgeHttp('https://graph.microsoft.com/v1.0/security/alerts_v2', {
      method: 'GET',
    });
    const outcome = expect(call).rejects.toBeInstanceOf(HttpTimeoutError);
    await jest.advanceTimersByTimeAsync(FORGE_FETCH_TIMEOUT_MS);
    await outcome;
  });

  it('fails a call whose body stalls, at the same deadline as its headers', async () => {
    forgeFetch.mockImplementation(
      () =>
        new Promise((resolve) =>
          setTimeout(() => resolve(responseWithBody(() => never())), 20_000),
        ),
    );
    const call = forgeHttp('https://contoso.eu2.portal.cloudappsecurity.com/api/v1/alerts/', {
      method: 'POST',
      body: '{}',
    });
    await jest.advanceTimersByTimeAsync(20_000);
    const response = await call;
    const body = response.text();
    const outcome = expect(body).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    // 10 s after the headers is 30 s after the call began.
    await jest.advanceTimersByTimeAsync(FORGE_FETCH_TIMEOUT_MS - 20_000);
    await outcome;
  });
});
