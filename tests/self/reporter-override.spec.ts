import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';

// `--reporter` on the command line replaces playwright.config.ts's reporters, the decision reporter with them.
test('the gate run with --reporter=dot is refused before any check: exit 1, NO-GO decision.json naming the fix', async () => {
  const run = await runGate({ args: ['--project=staging', '--reporter=dot'], timeoutMs: 60_000 });
  const account = describeRun(run);
  expect(run.exitCode, account).toBe(1);
  expect(run.output, account).toContain('--reporter replaced the gate');
  expect(run.decision?.verdict, account).toBe('NO-GO');
  expect(run.decision?.reasons[0]?.message, account).toContain('--reporter=list,./reporters/decision-reporter.ts');
  // Refused in global setup: no check ran (a check leaves a folder in test-results; Playwright only its .last-run.json).
  const results = join(run.dir, 'test-results');
  const left = existsSync(results) ? readdirSync(results).filter((entry) => entry !== '.last-run.json') : [];
  expect(left, account).toEqual([]);
  expect(existsSync(join(run.dir, 'staging-report', 'evidence.json')), 'no evidence: nothing was checked').toBe(false);
});
