/**
 * Jira REST paths as data. `jiraRoute` keeps literal parts and values apart; on Forge the adapter
 * replays them through the Forge API's own `route` tag, elsewhere `renderJiraRoute` applies the same
 * rules: a value in the path may not contain `/`, `\`, `?`, `#` or `..` (refused, as `route`
 * refuses it), and a value after `?` is URI-encoded.
 */
import type { JiraRoute } from '../ports';

export function jiraRoute(
  strings: TemplateStringsArray,
  ...values: (string | number)[]
): JiraRoute {
  return { strings: [...strings], values };
}

const PATH_MANIPULATION = [
  '..',
  '.%2e',
  '%2e.',
  '%2e%2e',
  '.%2E',
  '%2E.',
  '%2E%2e',
  '/',
  '\\',
  '?',
  '#',
];

export class UnsafeRouteValueError extends Error {
  constructor() {
    super('A value in a Jira path tried to change the path (contains /, \\, ?, # or ..)');
    this.name = 'UnsafeRouteValueError';
  }
}

export function renderJiraRoute(route: JiraRoute): string {
  let inQuery = false;
  let result = '';
  route.strings.forEach((literal, index) => {
    if (literal.includes('?') || literal.includes('#')) inQuery = true;
    result += literal;
    if (index >= route.values.length) return;
    const value = String(route.values[index]);
    if (inQuery) {
      result += encodeURIComponent(value);
    } else {
      if (PATH_MANIPULATION.some((needle) => value.includes(needle)))
        throw new UnsafeRouteValueError();
      result += value;
    }
  });
  return result;
}
