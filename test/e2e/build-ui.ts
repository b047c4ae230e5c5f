/**
 * The browser tests need the built UIs. CI builds them before `npm test`; on a fresh clone where
 * someone runs `npx jest` alone, this jest globalSetup-style helper builds whatever is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SURFACES = ['settings', 'issue-panel'] as const;

export function buildDir(surface: (typeof SURFACES)[number]): string {
  return path.join(ROOT, 'static', surface, 'build');
}

export function ensureUiBuilt(): void {
  for (const surface of SURFACES) {
    if (existsSync(path.join(buildDir(surface), 'index.html'))) continue;
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        `static/${surface}/vite.config.ts`,
      ],
      { cwd: ROOT, stdio: 'ignore' },
    );
  }
}
