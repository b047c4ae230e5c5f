/**
 * The Http port on Forge's `fetch`, which only reaches hosts the manifest declares under
 * `permissions.external.fetch.backend` (MCAS portals, Microsoft Graph, AbuseIPDB, and Microsoft's
 * token endpoint for tenants that sign in with an Entra app).
 */
import { fetch } from '@forge/api';
import type { Http, HttpResponse } from '../ports';

/**
 * A call that hangs must not hold the worker until Forge kills it at 900 s: after this long it
 * fails like a dropped connection and the retry policy (or the outage breaker) takes over. The
 * budget covers the whole exchange: a server that sends its headers and then stalls the body is
 * cut off at the same moment.
 */
export const FORGE_FETCH_TIMEOUT_MS = 30_000;

export class FetchTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor() {
    super(`No answer within ${FORGE_FETCH_TIMEOUT_MS / 1000} s`);
    this.name = 'FetchTimeoutError';
  }
}

/** Settles as `work` does, or rejects with FetchTimeoutError at `deadline` (epoch ms). */
async function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FetchTimeoutError()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const forgeHttp: Http = async (url, init) => {
  const deadline = Date.now() + FORGE_FETCH_TIMEOUT_MS;
  const response: HttpResponse = await beforeDeadline(
    fetch(url, {
      method: init.method,
      // Requests carry tokens and keys: a redirect is answered as it is, never followed to
      // another host (`@forge/api`'s RequestInit takes fetch's `redirect`).
      redirect: 'manual',
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
    }),
    deadline,
  );
  return {
    status: response.status,
    headers: response.headers,
    text: () => beforeDeadline(response.text(), deadline),
  };
};
