/**
 * The JiraTransport port on `requestJira`. Each JiraRoute is replayed through `@forge/api`'s own
 * `route` tag, so its escaping rules (no path manipulation, encoded query values) apply to every
 * value; `assumeTrustedRoute` is never used. `as: 'user'` calls act as the user behind the
 * resolver call (`asUser()`), so Jira itself checks what that user may see and change.
 */
import api, { route } from '@forge/api';
import type { JiraRoute, JiraTransport } from '../ports';
import { withinLimit } from './time-limit';

function toForgeRoute(jiraRoute: JiraRoute) {
  const strings = Object.assign([...jiraRoute.strings], { raw: [...jiraRoute.strings] });
  return route(strings, ...jiraRoute.values);
}

/** `requestJira` names no host (Forge routes it to the installation's site). */
const JIRA_HOST = 'Jira';

export const forgeJiraTransport: JiraTransport = {
  /**
   * `requestJira` has no timeout of its own: a Jira call that hangs is cut off like a fetch
   * (30 s, or the caller's shorter `timeoutMs`), headers and body alike, so the retry policy can
   * decide instead of Forge killing the invocation.
   */
  request(jiraRoute, init) {
    const requester = init.as === 'user' ? api.asUser() : api.asApp();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return withinLimit(JIRA_HOST, init.timeoutMs, () =>
      requester.requestJira(toForgeRoute(jiraRoute), {
        method: init.method,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
      }),
    );
  },
};
