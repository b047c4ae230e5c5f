/**
 * The JiraTransport port on basic auth (`email:apiToken`), as a script or the CLI talks to Jira
 * Cloud. Paths are rendered with the same escaping rules Forge's `route` tag applies.
 */
import { renderJiraRoute } from '../../src/clients/jira-route';
import type { Http, JiraTransport } from '../../src/ports';
import type { JiraSim } from '../sim';
import { nodeHttp } from './node-http';

export interface BasicAuthCredentials {
  email: string;
  apiToken: string;
}

export function createBasicAuthJiraTransport(
  options: BasicAuthCredentials & { baseUrl: string; http: Http },
): JiraTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  return {
    // One identity: `as` is ignored, the account behind the token is both "app" and "user".
    // The call's `timeoutMs` goes to the Http adapter, which cuts a hanging Jira off.
    request(route, init) {
      const headers: Record<string, string> = {
        Authorization: authorization,
        Accept: 'application/json',
      };
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      return options.http(`${base}${renderJiraRoute(route)}`, {
        method: init.method,
        headers,
        body: init.body,
        ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}),
      });
    },
  };
}

/**
 * A transport on the Jira simulator where "as app" and "as user" are different accounts, as on
 * Forge: tests of resolvers that check the caller's rights use it.
 */
export function createSandboxJiraTransport(
  jira: JiraSim,
  accounts: { app: BasicAuthCredentials; user?: BasicAuthCredentials },
  http: Http = nodeHttp,
): JiraTransport {
  const app = createBasicAuthJiraTransport({ ...accounts.app, baseUrl: jira.url, http });
  const user = accounts.user
    ? createBasicAuthJiraTransport({ ...accounts.user, baseUrl: jira.url, http })
    : app;
  return { request: (route, init) => (init.as === 'user' ? user : app).request(route, init) };
}
