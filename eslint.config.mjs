import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Modules with side effects that must never be reachable from workflow code. */
const impureInWorkflows = [
  {
    // Built-ins that exist only with the scheme (node:test, node:sqlite) are missing from
    // builtinModules; the listed ones are reported by name (nodeBuiltins below), not twice.
    group: ['node:*', ...builtinModules.map((name) => `!node:${name}`)],
    message: 'Workflow code must be deterministic: no Node built-ins.',
  },
  { group: ['@aws-sdk/*'], message: 'Storage belongs in activities.' },
  {
    group: ['sequelize', 'pg', 'pgvector', 'pgvector/*'],
    message: 'The database belongs in activities.',
  },
  { group: ['langchain', '@langchain/*'], message: 'Model calls belong in activities.' },
  {
    group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'],
    message: 'Use @temporalio/workflow.',
  },
  {
    group: [
      '**/core/db/*',
      '**/core/storage*',
      '**/core/runtime',
      '**/core/logger',
      '**/core/config',
    ],
    message: 'Side-effecting modules belong in activities.',
  },
];

/**
 * Every Node built-in, in both its bare and its `node:` form, taken from the running Node itself
 * so that a module added in a later release (or one nobody thought of: vm, v8, tls) is covered.
 */
const nodeBuiltins = builtinModules
  .flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`]))
  .map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' }));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.local/',
      'coverage/',
      'jest.config.js',
      'test/summary-reporter.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-len': [
        'error',
        { code: 100, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: impureInWorkflows }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/*', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import activities as types only and call them through proxyActivities.',
            },
          ],
        },
      ],
    },
  },
);
