import { resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { missingDecisionReporter } from '../../reporters/decision/require-decision-reporter.ts';

/** How Playwright hands the reporters to global setup: the config's file paths resolved, built-ins by name. */
const CONFIGURED: [string, unknown][] = [
  ['list', undefined],
  [resolve('reporters/decision-reporter.ts'), undefined],
  ['allure-playwright', {}],
];

test('the configured reporters decide: nothing to refuse', () => {
  expect(missingDecisionReporter(CONFIGURED)).toBeNull();
});

test('--reporter=list,./reporters/decision-reporter.ts keeps the decision: nothing to refuse', () => {
  expect(missingDecisionReporter([['list'], ['./reporters/decision-reporter.ts']])).toBeNull();
});

test('a shard writing a blob report is decided by merge-reports: nothing to refuse', () => {
  expect(missingDecisionReporter([['blob']])).toBeNull();
});

test('--reporter=dot alone is refused, naming the flag, what the run has and the fix', () => {
  const problem = missingDecisionReporter([['dot']]);
  expect(problem).toContain('--reporter replaced');
  expect(problem).toContain('this run has dot');
  expect(problem).toContain('--reporter=list,./reporters/decision-reporter.ts');
});

test('a reporter whose file name only ends like the decision reporter does not count', () => {
  expect(missingDecisionReporter([['./my-decision-reporter.ts']])).not.toBeNull();
});
