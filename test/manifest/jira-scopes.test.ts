/**
 * Every Jira REST operation the app calls is granted by the scopes manifest.yml asks for, and none
 * is deprecated. The scopes come from the project's copy of Atlassian's OpenAPI scope table
 * (docs/reference/jira-scopes.tsv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { calledRoutes, parseScopeTable, routeProblems } from './jira-routes';

const ROOT = path.resolve(__dirname, '../..');
const rows = parseScopeTable(
  fs.readFileSync(path.join(ROOT, 'docs/reference/jira-scopes.tsv'), 'utf8'),
);
const manifest = fs.readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
const scopes = [...manifest.matchAll(/^ {4}- ([a-z-]+:[a-z-]+(?::[a-z-]+)?)\s*$/gm)].map(
  (match) => match[1] ?? '',
);
const routes = calledRoutes(path.join(ROOT, 'src'));

it('reads the scopes of manifest.yml and the Jira routes of the code', () => {
  expect(scopes).toEqual(['read:jira-work', 'write:jira-work', 'read:jira-user', 'storage:app']);
  // The scan must see the calls the sync depends on, or the check below would pass on nothing.
  expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
    expect.arrayContaining([
      'POST /rest/api/3/issue/bulk',
      'GET /rest/api/3/issue/createmeta/{}/issuetypes/{}',
      'POST /rest/api/3/search/jql',
      'GET /rest/api/3/mypermissions',
      'POST /rest/api/3/issue/{}/transitions',
    ]),
  );
  expect(routes.filter((route) => route.method === 'unknown')).toEqual([]);
});

it('asks for every scope the called Jira routes need, and calls no deprecated route', () => {
  expect(routes.flatMap((route) => routeProblems(route, rows, scopes))).toEqual([]);
});

it('asks for no admin scope', () => {
  expect(scopes.filter((scope) => scope.startsWith('manage:'))).toEqual([]);
});

it('would flag the admin-only, deprecated priority search the app used to call', () => {
  const prioritySearch = parseScopeTable(
    'GET\t/rest/api/3/priority/search\tsearchPriorities\tdeprecated\tmanage:jira-configuration\t-',
  );
  const route = { method: 'GET', path: '/rest/api/3/priority/search', file: 'clients/jira.ts' };
  expect(routeProblems(route, prioritySearch, scopes)).toEqual([
    'GET /rest/api/3/priority/search (src/clients/jira.ts) is deprecated (searchPriorities)',
    'GET /rest/api/3/priority/search (src/clients/jira.ts) needs manage:jira-configuration, which manifest.yml does not ask for',
  ]);
  expect(routeProblems({ ...route, path: '/rest/api/3/unknown' }, rows, scopes)).toEqual([
    expect.stringContaining('is not in docs/reference/jira-scopes.tsv'),
  ]);
});

// The workplace keeps the whole table beside the project; a clone elsewhere has only the copy.
const SHARED_TABLE = path.resolve(ROOT, '../shared/reference/jira-rest-v3-scopes.tsv');
(fs.existsSync(SHARED_TABLE) ? it : it.skip)('copies its rows verbatim from the full table', () => {
  const full = new Set(fs.readFileSync(SHARED_TABLE, 'utf8').split('\n'));
  const copied = fs
    .readFileSync(path.join(ROOT, 'docs/reference/jira-scopes.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
  expect(copied.filter((line) => !full.has(line))).toEqual([]);
});
