/**
 * The `Http` port on Node's global fetch, with a per-request timeout: a request that outlasts it
 * (the call's own `timeoutMs`, else the adapter's) throws `HttpTimeoutError` naming the host only
 * (the clients treat a throw like a dropped connection).
 */
import type { Http } from '../../src/ports';
import { HttpTimeoutError, hostOf } from '../../src/ports';

export { HttpTimeoutError };

export const DEFAULT_TIMEOUT_MS = 30_000;

export function createNodeHttp(options: { timeoutMs?: number } = {}): Http {
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (url, { timeoutMs: callTimeoutMs, body, ...init }) => {
    const timeoutMs = callTimeoutMs ?? defaultTimeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // Never follow a redirect: Node's fetch would replay the request, headers and all (the
      // AbuseIPDB `Key`, Jira's basic auth), to wherever `Location` points. A 3xx comes back as
      // it is and the clients treat it as an unexpected answer.
      const response = await fetch(url, {
        ...init,
        ...(body !== undefined ? { body } : {}),
        signal,
        redirect: 'manual',
      });
      // Read the body under the same deadline, so a stalled body also ends in a timeout.
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text: () => Promise.resolve(text),
      };
    } catch (error) {
      if (signal.aborted) throw new HttpTimeoutError(hostOf(url), timeoutMs);
      throw error;
    }
  };
}

export const nodeHttp: Http = createNodeHttp();
