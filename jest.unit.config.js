/**
 * `npm run test:unit`: every tier but the browser (test/e2e) and the ones that start the
 * simulators over loopback HTTP (integration, forge handlers, sandbox, CLI). `npm test` runs all.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/(e2e|integration|forge|sandbox|cli)/'],
};
