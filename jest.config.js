/** Every tier runs with `npm test`: unit, integration over loopback HTTP, Forge handlers, UI, browser. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  // Atlaskit components import their compiled CSS; the jsdom UI tests do not need styles.
  moduleNameMapper: { '\\.css$': '<rootDir>/test/ui/style-stub.ts' },
  setupFilesAfterEnv: ['<rootDir>/test/ui/quiet-atlaskit.ts'],
  // Compiles each module once per worker, not once per test file (see the file; issue 11).
  runtime: '<rootDir>/test/jest/compile-once-runtime.js',
  testTimeout: 60000,
};
