/**
 * The Http port on Forge's `fetch`, which only reaches hosts the manifest declares under
 * `permissions.external.fetch.backend` (MCAS portals and AbuseIPDB).
 */
import { fetch } from '@forge/api';
import type { Http } from '../ports';

export const forgeHttp: Http = (url, init) =>
  fetch(url, {
    method: init.method,
    ...(init.headers ? { headers: init.headers } : {}),
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
