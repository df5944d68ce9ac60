/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // swc strips types only (much faster than ts-jest); `tsc --noEmit` type-checks as its own step.
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: [
    '<rootDir>/src/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
    '<rootDir>/widget/**/*.test.ts',
    '<rootDir>/console/**/*.test.ts',
  ],
  // Live-API tests (*.int.test.ts) run only when asked: `npm run test:live`.
  testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
  testTimeout: 20000,
  // Builds widget.js once, so HTTP and browser tests serve the bundle of the current sources.
  globalSetup: '<rootDir>/test/global-setup.js',
};
