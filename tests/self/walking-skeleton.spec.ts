import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';

test('the healthy reference stack gets GO with evidence, decision files and Allure results', async () => {
  const run = await runGate();
  expect(run.decision?.verdict, describeRun(run)).toBe('GO');
  expect(run.exitCode, describeRun(run)).toBe(0);
  for (const file of ['evidence.json', 'decision.json', 'decision.md'])
    expect(existsSync(join(run.dir, 'staging-report', file)), file).toBe(true);
  expect(run.read('staging-report/decision.md')).toContain('GO');
  expect(existsSync(join(run.dir, 'allure-results')), 'allure-results written').toBe(true);
  expect(run.output, 'console summary names the verdict').toMatch(/\bGO\b/);
  // Zero downtime is measured during the deploy upgrade from the previous release and only recorded by default.
  const downtime = run.decision?.keyMeasurements.find((m) => m.name === 'deploy.downtime.longest');
  expect(downtime?.samples, 'the deploy upgrade was probed').toBeGreaterThan(0);
  expect(run.decision?.keyMeasurements.map((m) => m.name)).toContain('health.pass-rate');
});

test('a backend whose health answers 503 gets NO-GO naming the health criterion', async () => {
  // The backend never gets healthy: a shorter startup limit than the harness's 25 s decides the same, sooner.
  const run = await runGate({ env: { STAGING_FAULTS: 'unhealthy', STAGING_STARTUP_TIMEOUT_MS: '10000' } });
  expect(run.decision?.verdict, describeRun(run)).toBe('NO-GO');
  expect(run.exitCode, describeRun(run)).not.toBe(0);
  expect(
    run.decision?.reasons.map((r) => r.criterion),
    describeRun(run),
  ).toContain('service-unhealthy');
});
