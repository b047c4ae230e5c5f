// Type-checked typescript-eslint rules across backend, sandbox, bench, tests and UIs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Layer boundaries (docs/architecture.md, "Layers"): one `no-restricted-imports` block per layer.
 * ESLint uses the last block that sets a rule for a file, so each block lists every arrow its
 * layer must not draw, including "@forge/* only in src/forge". Patterns match the import string;
 * the folder names of the layers are distinct, so `(\.\./)+sync/` means "the sync layer" from any depth.
 */
const LAYER = 'Layer boundary (docs/architecture.md)';
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const noForge = { regex: '^@forge/', message: `${LAYER}: @forge/* is imported only in src/forge.` };
const boundary = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const layerBoundaries = [
  boundary(
    ['src/core/**/*.ts'],
    [
      {
        regex: up([
          'clients',
          'sync',
          'api',
          'forge',
          'contract',
          'ports',
          'index',
          'static',
          'sandbox',
          'bench',
          'test',
        ]),
        message: `${LAYER}: src/core imports only src/core.`,
      },
      {
        regex: '^(?!\\.|zod$|ipaddr\\.js$|html-to-text$)',
        message: `${LAYER}: src/core imports only src/core and pure libraries (zod, ipaddr.js, html-to-text).`,
      },
    ],
  ),
  boundary(
    ['src/contract/**/*.ts'],
    [
      {
        regex: up([
          'clients',
          'sync',
          'api',
          'forge',
          'ports',
          'index',
          'static',
          'sandbox',
          'bench',
          'test',
        ]),
        message: `${LAYER}: src/contract imports only src/contract and src/core.`,
      },
      { regex: '^(?!\\.|zod$)', message: `${LAYER}: src/contract imports only zod.` },
    ],
  ),
  boundary(
    ['src/clients/**/*.ts'],
    [
      {
        regex: up([
          'sync',
          'api',
          'forge',
          'contract',
          'index',
          'static',
          'sandbox',
          'bench',
          'test',
        ]),
        message: `${LAYER}: src/clients imports only src/core, src/ports and other clients.`,
      },
      noForge,
    ],
  ),
  boundary(
    ['src/sync/**/*.ts'],
    [
      {
        regex: up(['api', 'forge', 'contract', 'index', 'static', 'sandbox', 'bench', 'test']),
        message: `${LAYER}: src/sync imports only src/core, src/clients and src/ports; src/api maps its results to contract views.`,
      },
      noForge,
    ],
  ),
  boundary(
    ['src/api/**/*.ts'],
    [
      {
        regex: up(['forge', 'index', 'static', 'sandbox', 'bench', 'test']),
        message: `${LAYER}: src/api does not import src/forge.`,
      },
      noForge,
    ],
  ),
  boundary(
    ['src/forge/**/*.ts'],
    [
      {
        regex: up(['static', 'sandbox', 'bench', 'test']),
        message: `${LAYER}: src/forge does not import the UIs or tools.`,
      },
    ],
  ),
  boundary(
    ['static/**/*.{ts,tsx}'],
    [
      {
        regex: '(^|/)src/(?!contract(/|$))',
        message: `${LAYER}: static/ imports only src/contract.`,
      },
      { regex: '^@forge/(?!bridge$)', message: `${LAYER}: static/ imports only @forge/bridge.` },
    ],
  ),
  boundary(
    ['sandbox/**/*.ts', 'bench/**/*.ts'],
    [
      {
        regex: '(^|/)src/(sync|api)/(?!index$)',
        message: `${LAYER}: sandbox/ and bench/ use the application layer through src/sync/index.ts and src/api/index.ts.`,
      },
      { regex: '(^|/)src/forge/', message: `${LAYER}: only bench/forge-scale imports src/forge.` },
      noForge,
    ],
  ),
  boundary(
    ['bench/forge-scale/**/*.ts'],
    [
      {
        regex: '(^|/)src/(sync|api)/(?!index$)',
        message: `${LAYER}: sandbox/ and bench/ use the application layer through src/sync/index.ts and src/api/index.ts.`,
      },
    ],
  ),
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'static/*/build/**',
      'coverage/**',
      'test-output/**',
      '*.config.*',
      '**/vite.config.ts',
      // Plain Node helper a test runs in a child process; not part of any tsconfig.
      'test/lint/lint-boundaries.mjs',
      // Plain Node module jest loads as its runtime (jest.config.js); not part of any tsconfig.
      'test/jest/compile-once-runtime.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Numbers and booleans read fine in messages; objects and undefined stay forbidden.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A `default:` is a deliberate answer for the rest (zod issue codes, errno codes, outcomes).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Field ids, storage keys and property maps are plain JSON records (they are stored and sent
      // as JSON); dropping a key from one is what `delete` is for, a Map would be converted back.
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  },
  {
    files: ['static/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      // jest's expect(...).rejects and mock helpers read as unsafe to the type-checker.
      '@typescript-eslint/unbound-method': 'off',
      // A test reads what it just set up; a missing value fails the test on the next line anyway.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests narrow a caught error with `as` after `toBeInstanceOf` has checked the class.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // Hooks assign `let` fixtures (browser, page) that a failed beforeAll leaves unset; the
      // guards in afterAll and on Playwright answers are there for exactly that.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  ...layerBoundaries,
  prettier,
);
