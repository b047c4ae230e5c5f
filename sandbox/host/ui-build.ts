/**
 * The local host page and the browser tests need the built UIs. CI builds them before `npm test`;
 * on a fresh clone `npm start` (or `npx jest` alone) builds whatever is missing first. Jest runs
 * test files in parallel workers, so a lock directory (mkdir is atomic) keeps two builds from
 * writing into the same folder at once; the others wait for the build to land.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SURFACES = ['settings', 'issue-panel', 'reports'] as const;
const LOCK = path.join(ROOT, 'test-output', '.ui-build-lock');
const WAIT_LIMIT_MS = 120_000;

function built(): boolean {
  return SURFACES.every((surface) =>
    existsSync(path.join(ROOT, 'static', surface, 'build', 'index.html')),
  );
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureUiBuilt(): void {
  if (built()) return;
  mkdirSync(path.dirname(LOCK), { recursive: true });
  try {
    mkdirSync(LOCK);
  } catch {
    const started = Date.now();
    while (!built() && existsSync(LOCK) && Date.now() - started < WAIT_LIMIT_MS) pause(200);
    if (built()) return;
    throw new Error('Another test worker did not finish building the UIs: run npm run build:ui');
  }
  try {
    for (const surface of SURFACES) {
      if (existsSync(path.join(ROOT, 'static', surface, 'build', 'index.html'))) continue;
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
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
