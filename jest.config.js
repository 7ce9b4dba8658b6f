// Two projects: `unit` (specs beside the code, no processes) and `e2e` (real processes, Postgres, Redis, clients).
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const key = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[key] = '<rootDir>/' + target.replace('/*', '/$1');
}

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

// NestJS 12 and a few other dependencies ship only ES modules. Node 20 loads them with require(esm), but Jest on
// Node 20 cannot, so Jest compiles exactly those packages to CommonJS with SWC (cached after the first run).
const ESM_PACKAGES = ['@nestjs', 'jose', '@readme', '@apidevtools', '@humanwhocodes', 'file-type', 'uint8array-extras', 'strtok3', 'token-types', 'load-esm', '@tokenizer'];
transform['^.+\\.m?js$'] = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs' } },
];

const common = {
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`], rootDir: __dirname, moduleNameMapper, transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'mjs', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps/*/test,test}/**/*.e2e-spec.ts'],
      // e2e suites start real processes; `npm run test:e2e` runs them one at a time (--runInBand) so two suites
      // never compete for the 2 cores and time out.
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'],
    },
  ],
};
