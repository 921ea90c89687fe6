/** One jest run for shared and server: unit tests next to the code, integration tests against real PostgreSQL/Redis. */
const tsJest = ['ts-jest', { tsconfig: 'server/tsconfig.json', diagnostics: false }];

const ESM_ONLY_JS = '/node_modules/(@scure|@noble)/.+\\.js$';
const esmToCjs = ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true }, diagnostics: false }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared/src', '<rootDir>/server/src', '<rootDir>/server/test', '<rootDir>/client/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': tsJest, [ESM_ONLY_JS]: esmToCjs },
  // Node loads these ESM-only dependencies of otplib with require() (Node ≥ 20.19); jest's module loader cannot,
  // so they are compiled to CommonJS for the tests.
  transformIgnorePatterns: ['^(?!.*/node_modules/(@scure|@noble)/).*/node_modules/'],
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
  testSequencer: '<rootDir>/jest.sequencer.js',
};
