// Jest runs native ESM (middy 7 ships ESM only); @swc/jest strips the TypeScript.
// The global setup starts the real local stack once (DynamoDB Local + serverless-offline).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', importAttributes: true }, target: 'es2022', experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false } }, module: { type: 'es6' } }],
  },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // alipay-sdk's HTTP client is the fetch adapter in the tests too, as in the bundles (scripts/lib/esbuild-plugins.cjs).
  moduleNameMapper: { '^urllib$': '<rootDir>/functions/adapters/alipay-transport.ts' },
  modulePathIgnorePatterns: ['<rootDir>/.build', '<rootDir>/.serverless', '<rootDir>/.esbuild', '<rootDir>/dist'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  setupFiles: ['<rootDir>/tests/support/env.ts'],
  testTimeout: 30000,
  maxWorkers: 2,
};
