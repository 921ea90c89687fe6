/** One jest run for shared and server: unit tests next to the code, integration tests against real PostgreSQL/Redis. */
const tsJest = ['ts-jest', { tsconfig: 'server/tsconfig.json', diagnostics: false }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared/src', '<rootDir>/server/src', '<rootDir>/server/test', '<rootDir>/client/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@cit/shared$': '<rootDir>/shared/src/index.ts',
    '^@cit/shared/holidays$': '<rootDir>/shared/src/holidays.ts',
    '^@cit/migrations$': '<rootDir>/migrations/src/index.ts',
  },
  // The SLA calendar needs a holiday source; servers install date-holidays at start, tests here.
  setupFiles: ['<rootDir>/shared/src/holidays.ts'],
  globalSetup: '<rootDir>/server/test/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
