// @swc/jest (not ts-jest): Nest 12 ships ESM-only packages that ts-jest cannot load on Node 20.
const { paths } = require('./tsconfig.json').compilerOptions;

const swcTs = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const swcJs = { swcrc: false, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

const esmPackages = [
  '@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', '@borewit', 'uint8array-extras',
  'load-esm', '@standard-schema', 'pdf-parse', 'pdfjs-dist'
].join('|');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(paths)) {
  const key = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[key] = '<rootDir>/' + target.replace('./', '').replace('/*', '/$1');
}

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcTs], '^.+\\.m?js$': ['@swc/jest', swcJs] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // the end-to-end harness gets its application from apps/main (libs never import apps)
  setupFiles: ['<rootDir>/test/support/app-factory.ts'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/architecture/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // PostgreSQL restarted, Redis stopped, API and worker processes SIGKILLed under load (own servers, own ports)
    { ...common, displayName: 'fault', testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'] },
  ],
  // a run-wide setting (Jest ignores it per project): generous, as CI machines are small and sometimes busy
  testTimeout: 120000,
  // a child process a failed test could not stop must not keep CI waiting after the last result
  forceExit: true,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
