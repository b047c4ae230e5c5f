/**
 * The second check behind the browser audit's content security policy test: the built UI bundles
 * contain no `eval(` call and no `new Function`, and every other use of the Function constructor
 * is one of the known ones that cannot run in these pages (listed with why). zod's object
 * compiler aliases the constructor (`const F = Function; new F(…)`) and is off under jitless; the
 * browser audit (audit.e2e.test.ts) proves that at run time.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureUiBuilt } from '../../sandbox/host/ui-build';

const STATIC = path.resolve(__dirname, '../../static');

/** Function-constructor uses that stay in the bundles, each guarded so it never runs here. */
const KNOWN_GUARDED = [
  // zod's eval probe: returns false first under `jitless` (static/shared/zod-jitless.ts).
  /jitless\|\|typeof navigator<`u`&&navigator\?\.userAgent\?\.includes\(`Cloudflare`\)\)return!1;try\{return Function\(``\)/,
  // regenerator-runtime: only when the global assignment fails and globalThis does not exist.
  /typeof globalThis==`object`\?globalThis\.regeneratorRuntime=n:Function\(`r`,`regeneratorRuntime = r`\)/,
  // lodash's root object: only when neither `global` nor `self` exists (a browser has `self`).
  /self&&self\.Object===Object&&self;t\.exports=n\|\|r\|\|Function\(`return this`\)/,
];

function bundles(): { name: string; code: string }[] {
  ensureUiBuilt();
  return ['settings', 'issue-panel', 'reports'].flatMap((surface) => {
    const dir = path.join(STATIC, surface, 'build', 'assets');
    return readdirSync(dir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => ({
        name: `${surface}/${file}`,
        code: readFileSync(path.join(dir, file), 'utf8'),
      }));
  });
}

it('the UI bundles call neither eval nor new Function', () => {
  const found = bundles().flatMap(({ name, code }) =>
    [...code.matchAll(/(?<![\w$.])eval\(|new Function\b/g)].map(
      (match) => `${name}: ${code.slice(match.index - 40, match.index + 40)}`,
    ),
  );
  expect(found).toEqual([]);
});

it('every other Function constructor in the UI bundles is a known guarded one', () => {
  const unknown = bundles().flatMap(({ name, code }) =>
    [...code.matchAll(/(?<![\w$.])Function\(/g)]
      .map((match) => code.slice(Math.max(0, match.index - 160), match.index + 60))
      .filter((context) => !KNOWN_GUARDED.some((pattern) => pattern.test(context)))
      .map((context) => `${name}: ${context}`),
  );
  expect(unknown).toEqual([]);
});
