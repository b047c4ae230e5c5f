/**
 * manifest.yml passes `@forge/manifest`'s own offline validation (schema, handler files, resource
 * folders) with no error and no warning. The UI builds are not committed, so the check runs on a
 * copy whose resource folders are the real builds when `npm run build` has run, and a one-line
 * page otherwise: what is validated is the manifest, not the bundles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type AjvType from 'ajv';
import { validate } from '@forge/manifest';

/*
 * `@forge/manifest` compiles the Forge manifest JSON schema with Ajv on every `validate` call,
 * and Ajv's optimisation pass over the generated code was about a third of this suite's CPU time
 * (issue 11: `test:unit` under 30 s). The pass only simplifies the generated code: the schema,
 * the options @forge/manifest chose and so every error and warning are the same without it.
 */
jest.mock('ajv', () => {
  const { default: Ajv } = jest.requireActual<{ default: typeof AjvType }>('ajv');
  class UnoptimisedAjv extends Ajv {
    constructor(options: ConstructorParameters<typeof Ajv>[0] = {}) {
      super({ ...options, code: { ...options.code, optimize: false } });
    }
  }
  return { __esModule: true, default: UnoptimisedAjv };
});

const ROOT = path.resolve(__dirname, '../..');
const UI_BUILDS = ['static/settings/build', 'static/issue-panel/build', 'static/reports/build'];

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function manifestCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  copies.push(dir);
  fs.copyFileSync(path.join(ROOT, 'manifest.yml'), path.join(dir, 'manifest.yml'));
  fs.symlinkSync(path.join(ROOT, 'src'), path.join(dir, 'src'));
  fs.mkdirSync(path.join(dir, 'static'));
  // Copies, not links: the validator wants resource folders to be real directories.
  fs.cpSync(path.join(ROOT, 'static/icons'), path.join(dir, 'static/icons'), { recursive: true });
  for (const build of UI_BUILDS) {
    const target = path.join(dir, build);
    if (fs.existsSync(path.join(ROOT, build, 'index.html'))) {
      fs.cpSync(path.join(ROOT, build), target, { recursive: true });
    } else {
      fs.mkdirSync(target, { recursive: true });
      fs.writeFileSync(
        path.join(target, 'index.html'),
        '<!doctype html><title>placeholder</title>',
      );
    }
  }
  return path.join(dir, 'manifest.yml');
}

interface Manifest {
  app: { runtime: { name: string } };
  modules: {
    function: Array<{ key: string; handler: string; timeoutSeconds?: number }>;
    consumer: Array<{ queue: string; function: string }>;
    scheduledTrigger: Array<{ function: string; interval: string }>;
    'jira:projectSettingsPage': Array<{ resource: string; resolver: { function: string } }>;
    'jira:issuePanel': Array<{ resource: string; icon: string; resolver: { function: string } }>;
    'jira:entityProperty': Array<{
      propertyKey: string;
      values: Array<{ path: string; searchAlias?: string }>;
    }>;
  };
  permissions: {
    scopes: string[];
    external: { fetch: { backend: Array<{ address: string }> } };
    content: { styles: string[] };
  };
}

describe('manifest.yml', () => {
  let manifest: Manifest;

  it('validates with no error and no warning', async () => {
    const result = await validate(false, manifestCopy());
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
    manifest = result.manifestObject?.typedContent as unknown as Manifest;
    expect(manifest).toBeDefined();
  });

  it('gives the queue worker 900 s and shares its function with nothing else', () => {
    const { modules } = manifest;
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
    expect(modules.scheduledTrigger).toEqual([
      expect.objectContaining({ function: 'scheduler', interval: 'fiveMinute' }),
      // Atlassian's personal-data lifecycle, once a week (docs/security.md).
      expect.objectContaining({ function: 'personal-data', interval: 'week' }),
    ]);
    const worker = modules.consumer[0]?.function;
    expect(modules.function.find((fn) => fn.key === worker)?.timeoutSeconds).toBe(900);
    const users = [
      ...modules.consumer.map((c) => c.function),
      ...modules.scheduledTrigger.map((t) => t.function),
      ...modules['jira:projectSettingsPage'].map((m) => m.resolver.function),
      ...modules['jira:issuePanel'].map((m) => m.resolver.function),
    ];
    expect(users.filter((fn) => fn === worker)).toHaveLength(1);
    expect(modules['jira:projectSettingsPage'][0]?.resolver.function).not.toBe(
      modules['jira:issuePanel'][0]?.resolver.function,
    );
  });

  it('indexes mcas.alert for JQL and asks only for the permissions the app uses', () => {
    const property = manifest.modules['jira:entityProperty'][0];
    expect(property?.propertyKey).toBe('mcas.alert');
    expect(property?.values.map((value) => value.searchAlias)).toEqual(
      expect.arrayContaining(['mcasAlertId', 'mcasTenant']),
    );
    expect([...manifest.permissions.scopes].sort()).toEqual([
      'read:jira-user',
      'read:jira-work',
      'storage:app',
      'write:jira-work',
    ]);
    expect(manifest.permissions.external.fetch.backend).toEqual([
      { address: '*.portal.cloudappsecurity.com' },
      { address: 'api.abuseipdb.com' },
      { address: 'login.microsoftonline.com' },
      { address: 'graph.microsoft.com' },
    ]);
    expect(manifest.permissions.content.styles).toEqual(['unsafe-inline']);
  });
});
