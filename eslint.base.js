// The lint rules every package shares; each package's eslint.config.js adds its own layer rules.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** @param {{ tsconfigRootDir: string, project?: string[] }} options */
export function baseConfig({ tsconfigRootDir }) {
  return tseslint.config(
    { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/test-results/**'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: { parserOptions: { tsconfigRootDir } },
      plugins: { 'import-x': importX },
      settings: {
        // The TypeScript resolver maps NodeNext's `./x.js` specifiers onto `./x.ts`.
        'import-x/resolver-next': [createTypeScriptImportResolver({ project: tsconfigRootDir }), importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
        // Without these, import-x reads no .ts/.tsx dependency and no-cycle finds nothing.
        'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      },
      rules: {
        'import-x/no-cycle': ['error', { ignoreExternal: true }],
        'import-x/no-self-import': 'error',
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
        // No relative import reaches into another workspace package: use its name.
        'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/src/**', '**/client/src/**', '**/packages/*/src/**'], message: 'Import another package by its name, never by a relative path.' }] }],
      },
    },
  );
}
