/**
 * Which Jira REST operations the code calls, read from the source, and what each needs from the
 * manifest. On Forge a route whose OAuth scope the manifest does not declare answers 401 at run
 * time, and the sandbox cannot see that: this check can.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface CalledRoute {
  method: string;
  /** The path with each interpolated value written `{}`. */
  path: string;
  file: string;
}

export interface ScopeRow {
  method: string;
  path: string;
  operationId: string;
  deprecated: boolean;
  classicScopes: string[];
}

const ROUTE = /jiraRoute`(\/[^`]*)`/g;
const METHOD = /'(GET|POST|PUT|DELETE|PATCH)'/g;

/** Every `jiraRoute` path under `dir`, with the HTTP method named just before it in its call. */
export function calledRoutes(dir: string): CalledRoute[] {
  const routes: CalledRoute[] = [];
  for (const file of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (!file.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(ROUTE)) {
      // The client's calls read `call('GET', jiraRoute`…`)`: the method is the last one named in
      // the few lines before the route.
      const before = text.slice(Math.max(0, match.index - 200), match.index);
      const method = [...before.matchAll(METHOD)].pop()?.[1];
      routes.push({
        method: method ?? 'unknown',
        path: (match[1] ?? '').replace(/\$\{[^}]*\}/g, '{}'),
        file,
      });
    }
  }
  return routes;
}

export function parseScopeTable(tsv: string): ScopeRow[] {
  return tsv
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('method\t'))
    .map((line) => {
      const [method = '', routePath = '', operationId = '', deprecated = '', classic = ''] =
        line.split('\t');
      return {
        method,
        path: routePath,
        operationId,
        deprecated: deprecated === 'deprecated',
        classicScopes: classic.split(' ').filter((scope) => scope !== '' && scope !== '-'),
      };
    });
}

const templateOf = (routePath: string) => routePath.replace(/\{[^}]*\}/g, '{}');

/** What is wrong with calling `route` under `scopes`: nothing when the list is empty. */
export function routeProblems(route: CalledRoute, rows: ScopeRow[], scopes: string[]): string[] {
  const where = `${route.method} ${route.path} (src/${route.file})`;
  const row = rows.find((r) => r.method === route.method && templateOf(r.path) === route.path);
  if (!row)
    return [
      `${where} is not in docs/reference/jira-scopes.tsv: copy its row from the Jira OpenAPI scope table`,
    ];
  const problems: string[] = [];
  if (row.deprecated) problems.push(`${where} is deprecated (${row.operationId})`);
  const missing = row.classicScopes.filter((scope) => !scopes.includes(scope));
  if (missing.length > 0)
    problems.push(`${where} needs ${missing.join(' ')}, which manifest.yml does not ask for`);
  return problems;
}
