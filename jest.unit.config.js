/**
 * `npm run test:unit`: every tier but the browser (test/e2e), the ones that start the simulators
 * over loopback HTTP (integration, forge handlers, sandbox, CLI) and the ones that start child
 * processes (the soak's 5 syncs, ESLint on the layer rules). `npm test` runs all. Every core
 * runs a worker (jest's default leaves one idle, which on 2 cores halves the speed).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/(e2e|integration|forge|sandbox|cli|lint)/',
    '<rootDir>/test/bench/soak.test.ts',
  ],
  maxWorkers: '100%',
};
