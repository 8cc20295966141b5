import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['fixtures/**/*.ts', 'tests/**/*.ts'],
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
      },
    },
  },
);
