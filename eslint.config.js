import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Each folder declares what it may import (Playwright's DEPS.list idea): core imports nothing of the
 * gate; probes the core; target the core and probes; reporters the core only; fixtures anything but
 * reporters; nothing under the product imports tests. A wrong import fails `npm run check`.
 */
const forbid = (...folders) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: folders.map((folder) => ({
        group: [`**/${folder}/**`, `../${folder}/*`, `./${folder}/*`],
        message: `this folder may not import ${folder}/ (see README "Layout": what each folder may import)`,
      })),
    },
  ],
});
const PRODUCT_NEVER = ['tests', 'harness', 'scripts'];
export const BOUNDARIES = [
  { files: ['core/**/*.ts'], rules: forbid('probes', 'target', 'fixtures', 'reporters', 'load', ...PRODUCT_NEVER) },
  { files: ['probes/**/*.ts'], rules: forbid('target', 'fixtures', 'reporters', 'load', ...PRODUCT_NEVER) },
  { files: ['target/**/*.ts'], rules: forbid('fixtures', 'reporters', 'load', ...PRODUCT_NEVER) },
  { files: ['reporters/**/*.ts'], rules: forbid('probes', 'target', 'fixtures', 'load', ...PRODUCT_NEVER) },
  { files: ['load/**/*.ts'], rules: forbid('probes', 'target', 'fixtures', 'reporters', ...PRODUCT_NEVER) },
  { files: ['fixtures/**/*.ts'], rules: forbid('reporters', ...PRODUCT_NEVER) },
  { files: ['harness/**/*.ts'], rules: forbid('tests', 'scripts') },
  { files: ['scripts/**/*.ts'], rules: forbid('tests') },
  {
    files: ['tests/{preflight,infra,deploy,health,integration,api,security,perf,rollback,staging,teardown}/**/*.ts'],
    rules: forbid('reporters', 'harness', 'scripts', 'unit', 'self'),
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'staging-report/',
      'allure-results/',
      'allure-report/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'reference-stack/app/node_modules/',
      'sample-apps/*/app/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'waitForTimeout', message: 'Fixed sleeps make tests flaky; wait for a condition instead.' },
        { property: 'only', object: 'test', message: 'Focused tests would silence the rest of the gate.' },
      ],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter's destructuring: `{}` means "none".
    files: ['fixtures/**/*.ts', 'tests/**/*.ts', 'harness/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // The reference stack's app runs in Node inside its container, as plain ESM JavaScript.
    files: ['reference-stack/**/*.js', 'sample-apps/**/*.js', 'sample-apps/**/*.mjs', 'scripts/**/*.mjs', '*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        document: 'readonly',
        window: 'readonly',
        AbortSignal: 'readonly',
        setImmediate: 'readonly',
      },
    },
  },
  ...BOUNDARIES,
);
