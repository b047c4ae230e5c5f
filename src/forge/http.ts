/**
 * The Http port on Forge's `fetch`, which only reaches hosts the manifest declares under
 * `permissions.external.fetch.backend` (MCAS portals, AbuseIPDB, and Microsoft's token endpoint
 * for tenants that sign in with an Entra app).
 */
import { fetch } from '@forge/api';
import type { Http, HttpResponse } from '../ports';

/**
 * A call that hangs must not hold the worker until Forge kills it at 900 s: after this long it
 * fails like a dropped connection and the retry policy (or the outage breaker) takes over.
 */
export const FORGE_FETCH_TIMEOUT_MS = 30_000;

export class FetchTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor() {
    super(`No answer within ${FORGE_FETCH_TIMEOUT_MS / 1000} s`);
    this.name = 'FetchTimeoutError';
  }
}

export const forgeHttp: Http = async (url, init) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FetchTimeoutError()), FORGE_FETCH_TIMEOUT_MS);
  });
  try {
    const response: HttpResponse = await Promise.race([
      fetch(url, {
        method: init.method,
        ...(init.headers ? { headers: init.headers } : {}),
        ...(init.body !== undefined ? { body: init.body } : {}),
      }),
      timeout,
    ]);
    return response;
  } finally {
    clearTimeout(timer);
  }
};
