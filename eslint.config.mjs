import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules with side effects that must never be reachable from workflow code. */
const impureInWorkflows = [
  { group: ['node:*'], message: 'Workflow code must be deterministic: no Node built-ins.' },
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

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'timers',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

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
