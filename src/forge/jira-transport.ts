/**
 * The JiraTransport port on `requestJira`. Each JiraRoute is replayed through `@forge/api`'s own
 * `route` tag, so its escaping rules (no path manipulation, encoded query values) apply to every
 * value; `assumeTrustedRoute` is never used. `as: 'user'` calls act as the user behind the
 * resolver call (`asUser()`), so Jira itself checks what that user may see and change.
 */
import api, { route } from '@forge/api';
import type { JiraRoute, JiraTransport } from '../ports';

function toForgeRoute(jiraRoute: JiraRoute) {
  const strings = Object.assign([...jiraRoute.strings], { raw: [...jiraRoute.strings] });
  return route(strings, ...jiraRoute.values);
}

export const forgeJiraTransport: JiraTransport = {
  request(jiraRoute, init) {
    const requester = init.as === 'user' ? api.asUser() : api.asApp();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return requester.requestJira(toForgeRoute(jiraRoute), {
      method: init.method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
  },
};
