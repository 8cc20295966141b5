import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';

interface AllureResult {
  status: string;
  statusDetails: { message?: string };
  labels: { name: string; value: string }[];
}

/**
 * The real gate's Allure results are the runbook: a run whose pre-flight fails (an invalid port) has
 * its checks under "01. Phase 1: ...", and every later phase's checks "did not run", blocked by
 * preflight, with status unknown (not skipped). Two runs: the decision entry carries the trend.
 */
test('gate: Allure results grouped by phase, blocked checks did not run, decision trend of two runs', async () => {
  const first = await runGate({ env: { STAGING_BACKEND_PORT: 'notaport' } });
  expect(first.decision?.verdict, describeRun(first)).toBe('NO-GO');
  const gate = await runGate({ env: { STAGING_BACKEND_PORT: 'notaport' }, dir: first.dir });
  expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');

  const dir = join(gate.dir, 'allure-results');
  const results = readdirSync(dir)
    .filter((f) => f.endsWith('-result.json') && f !== 'staging-gate-decision-result.json')
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as AllureResult);
  const label = (r: AllureResult, name: string) => r.labels.find((l) => l.name === name)?.value;
  const evidence = JSON.parse(gate.read('staging-report/evidence.json')) as { checks: { status: string }[] };
  const didNotRun = evidence.checks.filter((c) => c.status === 'did-not-run').length;
  expect(didNotRun).toBeGreaterThan(10);

  expect(results.filter((r) => r.status === 'skipped')).toEqual([]);
  const blocked = results.filter((r) => r.status === 'unknown');
  expect(blocked).toHaveLength(didNotRun);
  for (const r of blocked) expect(r.statusDetails.message).toBe("did not run: blocked by failed phase 'preflight'");
  for (const r of results.filter((r) => label(r, 'phase') === 'preflight')) {
    expect(label(r, 'parentSuite')).toBe('01. Phase 1: Pre-Flight Validation');
  }
  const suites = new Set(results.map((r) => label(r, 'parentSuite')));
  expect([...suites].sort()).toEqual(
    expect.arrayContaining([
      '01. Phase 1: Pre-Flight Validation',
      '02. Phase 2: Infrastructure Preparation',
      '04. Phase 4: Health Validation',
      '09. GO condition: Rollback plan tested and ready',
    ]),
  );

  const decision = JSON.parse(readFileSync(join(dir, 'staging-gate-decision-result.json'), 'utf8'));
  expect(decision.labels).toContainEqual({ name: 'parentSuite', value: '00. Staging decision' });
  expect(decision.description).toContain('Oldest to newest: NO-GO → NO-GO');
  expect(readFileSync(join(dir, 'staging-gate-decision-trend-attachment.md'), 'utf8')).toContain('| this run |');
});
