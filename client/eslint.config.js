// The client's layers, by runtime and feature (DESIGN.md, "Layout and conventions"):
//
//   main.tsx → shell/ → features/<domain>/ → platform/ → data/, sw-bridge/ → gql/
//   sw/ (the service worker) → data/, sw-bridge/protocol.ts, gql/
//   data/ → sw-bridge/protocol.ts, gql/
//
// A feature never reaches into another feature; the worker never imports page code or Preact;
// only data/ touches IndexedDB (idb); only sw-bridge/ loads workbox-window, only sw/ the rest
// of workbox.
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import { baseConfig } from '../eslint.base.js';

const elements = [
  { type: 'shell', pattern: 'src/shell' },
  { type: 'feature', pattern: 'src/features/*', capture: ['domain'] },
  { type: 'platform', pattern: 'src/platform' },
  { type: 'i18n', pattern: 'src/i18n' },
  { type: 'sw-bridge', pattern: 'src/sw-bridge' },
  { type: 'sw', pattern: 'src/sw' },
  { type: 'data', pattern: 'src/data' },
  { type: 'gql', pattern: 'src/gql' },
  { type: 'styles', pattern: 'src/styles' },
  // The operator console: a separate entry that shares nothing with the PWA but the vocabulary.
  { type: 'operator', pattern: 'src/operator' },
];

// Single files with a role of their own.
const files = [
  { category: 'entry', pattern: 'src/main.tsx' },
  // The one page ↔ worker protocol file: the only part of sw-bridge/ the worker and data/ see.
  { category: 'protocol', pattern: 'src/sw-bridge/protocol.ts' },
];

const to = (...types) => ({ to: { element: { types: { anyOf: types } } } });
const toProtocol = { to: { element: { type: 'sw-bridge' }, file: { categories: 'protocol' } } };
const from = (type) => ({ element: { type } });
/** External packages by name: `origin: 'external'` and the package's base source. */
const pkg = (...names) => ({ to: { module: { origin: 'external', source: names.length === 1 ? names[0] : names } } });

export default [
  ...baseConfig({ tsconfigRootDir: import.meta.dirname }),
  { ignores: ['dist/**', 'dev-dist/**', 'src/gql/**', 'src/operator/gql/**', 'test-results/**'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/files': files,
      'import/resolver': { typescript: { project: ['tsconfig.json', 'tsconfig.sw.json'], noWarnOnMultipleProjects: true } },
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      // Workspace packages (@shebao/vocabulary) resolve outside client/: they are packages here.
      'boundaries/root-path': import.meta.dirname,
      'boundaries/flag-as-external': { outsideRootPath: true },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          // Packages too (the runtime fences below), and imports of files outside every layer.
          checkAllOrigins: true,
          checkUnknownLocals: true,
          message:
            '{{#if from.element.path}}{{ from.element.path }}/{{else}}{{ from.file.path }}{{/if}} may not import {{#if to.module.source}}the package {{ to.module.source }}{{else}}{{ to.file.path }}{{/if}} (layers: client/eslint.config.js)',
          policies: [
            // Every external package is allowed unless a policy below says otherwise.
            { allow: { to: { module: { origin: 'external' } } } },
            { from: { file: { categories: 'entry' } }, allow: to('shell', 'platform', 'i18n', 'styles') },
            { from: from('shell'), allow: to('shell', 'feature', 'platform', 'i18n', 'sw-bridge', 'gql') },
            // A feature sees its own files and the shared layers, never another feature.
            {
              from: from('feature'),
              allow: [
                { to: { element: { type: 'feature', captured: { domain: '{{ from.element.captured.domain }}' } } } },
                to('platform', 'i18n', 'sw-bridge', 'data', 'gql'),
              ],
            },
            { from: from('platform'), allow: to('platform', 'i18n', 'sw-bridge', 'data', 'gql') },
            { from: from('i18n'), allow: to('i18n') },
            { from: from('sw'), allow: [to('sw', 'data', 'gql'), toProtocol] },
            { from: from('data'), allow: [to('data', 'gql'), toProtocol] },
            { from: from('gql'), allow: to('gql') },
            { from: from('operator'), allow: to('operator') },
            // Runtime fences on packages.
            { from: { element: { types: { noneOf: ['data'] } } }, disallow: pkg('idb', 'fake-indexeddb') },
            { from: from('operator'), disallow: pkg('workbox-window', 'uplot') },
            { from: { element: { types: { anyOf: ['sw', 'data', 'sw-bridge', 'gql'] } } }, disallow: pkg('preact', 'uplot') },
            { from: { element: { types: { noneOf: ['sw-bridge'] } } }, disallow: pkg('workbox-window') },
            { from: { file: { categories: 'protocol' } }, disallow: pkg('workbox-window') },
            { from: { element: { types: { noneOf: ['sw'] } } }, disallow: pkg('workbox-core', 'workbox-precaching', 'workbox-routing') },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sw/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.mjs', 'scripts/**/*.mjs', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tests beside the code may reach whatever they test (and fake-indexeddb).
    files: ['src/**/*.test.ts'],
    rules: { 'boundaries/dependencies': 'off' },
  },
];
