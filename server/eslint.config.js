// The server's lint: the shared base, plus the layer rule. Layers point one way, lowest first:
//
//   config, lib → db, platform → authz → graphql → modules/<name> → schema → http → the root
//   (src/index.ts) with seed/ and the CLIs next to it.
//
// `boundaries/dependencies` fails on an upward import and on a module reaching into another
// module past its face (`modules/<name>/index.ts`); `import-x/no-cycle` (from the base) fails on
// any cycle. Tests and benchmarks may import anything; nothing imports them.
import boundaries from 'eslint-plugin-boundaries';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';
import { baseConfig } from '../eslint.base.js';

const tsconfig = `${import.meta.dirname}/tsconfig.json`;

/** Each layer, and the layers below it that it may import. */
const LAYERS = {
  config: ['lib'],
  lib: [],
  db: ['config', 'lib'],
  platform: ['config', 'lib'],
  authz: ['config', 'lib', 'db'],
  graphql: ['config', 'lib', 'db', 'authz'],
  module: ['config', 'lib', 'db', 'platform', 'authz', 'graphql'],
  schema: ['config', 'lib', 'db', 'authz', 'graphql'],
  http: ['config', 'lib', 'db', 'authz', 'graphql', 'schema'],
  seed: ['config', 'lib', 'db', 'platform', 'authz', 'graphql', 'schema', 'http', 'root'],
  root: ['config', 'lib', 'db', 'platform', 'authz', 'graphql', 'schema', 'http', 'seed'],
};
/** Layers above the modules: they use a module only through its face. */
const MODULE_USERS = ['schema', 'http', 'seed', 'root'];

const elementType = (type) => ({ to: { element: { type } } });

export default [
  ...baseConfig({ tsconfigRootDir: import.meta.dirname }),
  { ignores: ['drizzle/**', 'src/http/routes/graphiql/graphiql-init.js'] },
  { files: ['scripts/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.ts'],
    languageOptions: { globals: globals.node },
    plugins: { boundaries },
    settings: {
      // Without these, import-x parses no .ts file it resolves, and no-cycle sees nothing.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: tsconfig })],
      'import/resolver': { typescript: { project: tsconfig } },
      'boundaries/root-path': import.meta.dirname,
      'boundaries/include': ['src/**/*', 'test/**/*', 'bench/**/*'],
      'boundaries/elements': [
        { type: 'test', pattern: ['test', 'bench'], partialMatch: false },
        { type: 'config', pattern: 'src/config', partialMatch: false },
        { type: 'lib', pattern: 'src/lib', partialMatch: false },
        { type: 'db', pattern: 'src/db', partialMatch: false },
        { type: 'platform', pattern: 'src/platform', partialMatch: false },
        { type: 'authz', pattern: 'src/authz', partialMatch: false },
        { type: 'graphql', pattern: 'src/graphql', partialMatch: false },
        { type: 'module', pattern: 'src/modules/*', partialMatch: false, capture: ['name'] },
        { type: 'schema', pattern: 'src/schema', partialMatch: false },
        { type: 'http', pattern: 'src/http', partialMatch: false },
        { type: 'seed', pattern: 'src/seed', partialMatch: false },
        // What is left in src/ (index.ts, the composition root) belongs to the root.
        { type: 'root', pattern: 'src', partialMatch: false },
      ],
      'boundaries/files': [{ category: 'unit-test', pattern: '**/*.test.ts' }],
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: '{{from.element.type}} may not import {{to.element.type}} {{to.element.captured.name}} here: layers point one way, and modules meet only through their index.ts',
          policies: [
            // Packages and Node's own modules: any layer.
            { allow: { to: { module: { origin: ['external', 'core'] } } } },
            // Within a layer (and within one module), anything.
            ...Object.keys(LAYERS)
              .filter((type) => type !== 'module')
              .map((type) => ({ from: { element: { type } }, allow: elementType(type) })),
            { from: { element: { type: 'module' } }, allow: { to: { element: { type: 'module', captured: { name: '{{ from.element.captured.name }}' } } } } },
            // Downward.
            ...Object.entries(LAYERS).map(([type, below]) => ({ from: { element: { type } }, allow: below.map(elementType) })),
            // Another module, or a module from above: through its face only.
            {
              from: { element: { types: { anyOf: ['module', ...MODULE_USERS] } } },
              allow: { to: { element: { type: 'module', fileInternalPath: 'index.ts' } } },
            },
            // Tests, benchmarks and unit tests beside the code: anything; nothing imports them.
            { from: [{ element: { type: 'test' } }, { file: { categories: 'unit-test' } }], allow: { to: { module: { origin: 'local' } } } },
            { disallow: { to: [{ element: { type: 'test' } }, { file: { categories: 'unit-test' } }] } },
            { from: [{ element: { type: 'test' } }, { file: { categories: 'unit-test' } }], allow: { to: [{ element: { type: 'test' } }] } },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped JSON responses.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];
