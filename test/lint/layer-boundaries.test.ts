/**
 * The layer boundaries in eslint.config.mjs (docs/architecture.md, "Layers") fail on a forbidden
 * arrow and pass an allowed one. The project's config runs through the `ESLint` class on
 * in-memory files (lint-boundaries.mjs); only the boundary rule runs, so the files need not exist.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface Linted {
  filePath: string;
  messages: string[];
}

function lint(files: { filePath: string; code: string }[]): Map<string, string[]> {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'lint-boundaries.mjs')], {
    input: JSON.stringify(files),
    encoding: 'utf8',
  });
  const linted = JSON.parse(out) as Linted[];
  return new Map(linted.map((l) => [l.filePath, l.messages]));
}

const importing = (spec: string): string =>
  `import type { X } from '${spec}';\nexport type Y = X;\n`;

const forbidden: [string, string, string][] = [
  ['src/core/probe.ts', '../clients/jira-types', 'src/core imports only src/core'],
  ['src/core/rules/probe.ts', '../../sync/repository', 'src/core imports only src/core'],
  ['src/core/probe.ts', 'node:fs', 'src/core imports only src/core and pure libraries'],
  ['src/contract/probe.ts', '../sync/repository', 'src/contract imports only'],
  ['src/clients/probe.ts', '../sync/repository', 'src/clients imports only'],
  ['src/sync/probe.ts', '../contract/settings', 'src/sync imports only'],
  ['src/sync/probe.ts', '../api/errors', 'src/sync imports only'],
  ['src/sync/reports/probe.ts', '../../forge/kvs-store', 'src/sync imports only'],
  ['src/api/probe.ts', '../forge/resolvers', 'src/api does not import src/forge'],
  ['src/sync/probe.ts', '@forge/kvs', '@forge/* is imported only in src/forge'],
  ['static/settings/src/probe.ts', '../../../src/core/model', 'static/ imports only src/contract'],
  [
    'static/reports/src/probe.ts',
    '../../../src/sync/repository',
    'static/ imports only src/contract',
  ],
  ['static/settings/src/probe.ts', '@forge/api', 'static/ imports only @forge/bridge'],
  ['sandbox/cli/probe.ts', '../../src/sync/sync-tenant', 'through src/sync/index.ts'],
  ['bench/probe.ts', '../src/api/settings', 'through src/sync/index.ts'],
  ['sandbox/cli/probe.ts', '../../src/forge/kvs-store', 'only bench/forge-scale imports src/forge'],
];

const allowed: [string, string][] = [
  ['src/core/probe.ts', './model'],
  ['src/core/rules/probe.ts', '../model'],
  ['src/core/probe.ts', 'zod'],
  ['src/contract/probe.ts', '../core/model'],
  ['src/clients/probe.ts', '../core/model'],
  ['src/sync/probe.ts', '../clients/jira'],
  ['src/api/probe.ts', '../contract/settings'],
  ['src/api/probe.ts', '../sync/repository'],
  ['src/forge/probe.ts', '@forge/kvs'],
  ['static/settings/src/probe.ts', '../../../src/contract/settings'],
  ['static/settings/src/probe.ts', '@forge/bridge'],
  ['static/settings/src/probe.ts', '../../shared/invoke'],
  ['sandbox/cli/probe.ts', '../../src/sync/index'],
  ['sandbox/host/probe.ts', '../../src/api/index'],
  ['sandbox/cli/probe.ts', '../../src/core/config'],
  ['bench/forge-scale/probe.ts', '../../src/forge/kvs-store'],
  ['bench/forge-scale/probe.ts', '@forge/kvs'],
];

describe('layer boundaries (eslint.config.mjs)', () => {
  const files = [
    ...forbidden.map(([filePath, spec], i) => ({
      filePath: filePath.replace('probe', `no-${i}`),
      code: importing(spec),
    })),
    ...allowed.map(([filePath, spec], i) => ({
      filePath: filePath.replace('probe', `ok-${i}`),
      code: importing(spec),
    })),
  ];
  const results = lint(files);

  it.each(forbidden.map((row, i) => [...row, i] as const))(
    '%s importing %s fails with the boundary message',
    (filePath, spec, message, i) => {
      const messages = results.get(filePath.replace('probe', `no-${i}`)) ?? [];
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('no-restricted-imports');
      expect(messages[0]).toContain(`'${spec}'`);
      expect(messages[0]).toContain('Layer boundary');
      expect(messages[0]).toContain(message);
    },
  );

  it.each(allowed.map((row, i) => [i, ...row] as const))(
    'allowed %#: %s importing %s passes',
    (i, filePath) => {
      expect(results.get(filePath.replace('probe', `ok-${i}`))).toEqual([]);
    },
  );
});
