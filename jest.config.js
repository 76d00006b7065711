// One jest run, two tiers: unit tests stub freely; integration and e2e tests share one real
// PostgreSQL, Kafka and MailDev started once by the global setup (libs/testing).
const { pathsToModuleNameMapper } = require('./tools/jest/paths-to-module-name-mapper');
const { compilerOptions } = require('./tsconfig.base.json');

const { swcOptions } = require('./tools/jest/swc-options');
const ESM_ONLY = '(age-encryption|@noble|@scure)';

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcOptions(false)],
    '^.+\\.tsx$': '<rootDir>/tools/jest/swc-tsx-transform.js',
    // ESM-only packages (age-encryption and its noble/scure dependencies): Node requires them as
    // they are, but jest's module system does not, so they are compiled to CommonJS for tests.
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, __dirname),
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools,k8s}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.{int,e2e}-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      // Per-project testTimeout is ignored by jest; the integration tier sets it in its setup file.
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/integration-timeout.ts'],
    },
  ],
};
