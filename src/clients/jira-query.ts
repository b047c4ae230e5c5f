/**
 * Adds query parameters to a `jiraRoute` without string concatenation of values: each value stays
 * in `values`, so the transport escapes it (URI-encoded, being after `?`) exactly as a value
 * written inside the template would be. Undefined parameters are left out.
 */
import type { JiraRoute } from '../ports';

const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function withQuery(
  route: JiraRoute,
  params: Record<string, string | number | undefined>,
): JiraRoute {
  const strings = [...route.strings];
  const values = [...route.values];
  let inQuery = strings.some((literal) => literal.includes('?'));
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (!PARAMETER_NAME.test(name)) throw new Error(`"${name}" is not a query parameter name`);
    strings[strings.length - 1] = `${strings.at(-1) ?? ''}${inQuery ? '&' : '?'}${name}=`;
    values.push(value);
    strings.push('');
    inQuery = true;
  }
  return { strings, values };
}
