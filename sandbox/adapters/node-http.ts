/**
 * The `Http` port on Node's global fetch, with a per-request timeout: a request that outlasts it
 * throws `HttpTimeoutError` (the clients treat a throw like a dropped connection).
 */
import type { Http } from '../../src/ports';

export const DEFAULT_TIMEOUT_MS = 30_000;

export class HttpTimeoutError extends Error {
  constructor(target: string, timeoutMs: number) {
    super(`Request to ${target} timed out after ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/** Origin and path only: the query can carry values that do not belong in an error message. */
function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

export function createNodeHttp(options: { timeoutMs?: number } = {}): Http {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (url, init) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // Never follow a redirect: Node's fetch would replay the request, headers and all (the
      // AbuseIPDB `Key`, Jira's basic auth), to wherever `Location` points. A 3xx comes back as
      // it is and the clients treat it as an unexpected answer.
      const response = await fetch(url, { ...init, signal, redirect: 'manual' });
      // Read the body under the same deadline, so a stalled body also ends in a timeout.
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text: () => Promise.resolve(text),
      };
    } catch (error) {
      if (signal.aborted) throw new HttpTimeoutError(describeTarget(url), timeoutMs);
      throw error;
    }
  };
}

export const nodeHttp: Http = createNodeHttp();
