/**
 * The Http port on Forge's `fetch`, which only reaches hosts the manifest declares under
 * `permissions.external.fetch.backend` (MCAS portals, Microsoft Graph, AbuseIPDB, and Microsoft's
 * token endpoint for tenants that sign in with an Entra app).
 */
import { fetch } from '@forge/api';
import type { Http } from '../ports';
import { hostOf } from '../ports';
import { FORGE_CALL_TIMEOUT_MS, withinLimit } from './time-limit';

/**
 * A call that hangs must not hold the worker until Forge kills it at 900 s: after this long (or
 * the shorter `timeoutMs` a resolver's policy asks for) it fails with HttpTimeoutError and the
 * retry policy (or the outage breaker) takes over. The budget covers the whole exchange: a server
 * that sends its headers and then stalls the body is cut off at the same moment.
 */
export const FORGE_FETCH_TIMEOUT_MS = FORGE_CALL_TIMEOUT_MS;

export const forgeHttp: Http = (url, init) =>
  withinLimit(hostOf(url), init.timeoutMs, () =>
    fetch(url, {
      method: init.method,
      // Requests carry tokens and keys: a redirect is answered as it is, never followed to
      // another host (`@forge/api`'s RequestInit takes fetch's `redirect`).
      redirect: 'manual',
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
    }),
  );
