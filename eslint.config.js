import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Import rules of architecture.md, one entry a folder: what it must not import. */
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'http', 'crypto', 'child_process'];
const boundary = (files, patterns, message, regex) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }, ...(regex ? [{ regex, message }] : [])] }] },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'renderer/dist/', 'test-artifacts/', 'bench/results/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  boundary(['shared/**/*.ts'], ['**/server/**', '**/renderer/**', '**/main/**', 'koa', 'react', 'lowdb', 'electron', ...NODE_BUILTINS], 'shared/ imports nothing outside itself (architecture.md)'),
  boundary(['server/engine/**/*.ts'], ['koa', 'lowdb', 'electron', ...NODE_BUILTINS], 'the engine imports only shared/ (architecture.md)', '^\\.\\./(?!\\.\\./shared/)'),
  boundary(['renderer/**/*.ts', 'renderer/**/*.tsx'], ['**/server/**', '**/main/**', 'koa', 'lowdb', 'electron', ...NODE_BUILTINS], 'the renderer imports only shared/ and talks to the server over HTTP (architecture.md)'),
  boundary(['server/http/**/*.ts'], ['**/storage/**', '**/engine/**'], 'the HTTP layer reaches storage and the engine through services only (architecture.md)'),
  boundary(['main/**/*.ts', 'main/**/*.cts'], ['**/server/**', '!**/server/launcher-api.js'], "main/ imports only the server's public module, server/launcher-api.ts (architecture.md)"),
  {
    files: ['shared/**/*.ts', 'server/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'main/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'tsconfig.main.json', 'renderer/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Tests read loosely typed JSON answers.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
