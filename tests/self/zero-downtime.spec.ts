import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';

/**
 * Zero downtime on the real reference stack: compose recreates the backend on every release switch,
 * so the health prober sees a real outage during the deploy upgrade, the rollback and the roll forward.
 * The policy knob decides what that outage does: report (default, GO), warn (CONDITIONAL), block (NO-GO).
 */
test('an outage while the release is switched is CONDITIONAL under warn and NO-GO under block', async () => {
  const run = await runGate({ env: { STAGING_ZERO_DOWNTIME: 'warn' } });
  const decision = run.decision;
  expect(decision?.verdict, describeRun(run)).toBe('CONDITIONAL');
  const downtime = decision?.reasons.find((r) => r.message.startsWith('deploy.downtime.longest'));
  expect(downtime, describeRun(run)).toMatchObject({
    criterion: 'service-unhealthy',
    effect: 'CONDITIONAL',
    phase: 'deploy',
    policyMode: 'warn',
  });
  expect(downtime?.threshold).toBe('pass <= 0 ms, warn <= 0 ms');
  expect(decision?.reasons.map((r) => r.message.split(' ')[0])).toEqual(
    expect.arrayContaining(['rollback.downtime.longest', 'rollback.roll-forward.downtime.longest']),
  );
  // The pass rate counts every health probe of the run: the 20 latency probes, the contract probe and
  // each prober's; the outages above make it lower than 100 %.
  const passRate = decision?.keyMeasurements.find((m) => m.name === 'health.pass-rate');
  expect(passRate?.samples).toBeGreaterThan(21);
  expect(passRate?.value).toBeLessThan(100);
  expect(run.read('staging-report/decision.md')).toMatch(/\| `health\.pass-rate` \| [\d.]+ percent over \d+ samples/);

  // The same evidence replayed with the knob at block: NO-GO (exit 1), naming the outage.
  const replay = spawnSync('npx', ['tsx', 'scripts/decide.ts'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      FORCE_COLOR: '0',
      STAGING_OUTPUT_DIR: join(run.dir, 'staging-report'),
      STAGING_HISTORY_FILE: join(run.dir, 'history.jsonl'),
      STAGING_ZERO_DOWNTIME: 'block',
    },
    timeout: 60_000,
  });
  expect(replay.status, replay.stdout + replay.stderr).toBe(1);
  expect(replay.stdout).toContain('STAGING DECISION: NO-GO');
  expect(replay.stdout).toMatch(/service-unhealthy \(deploy\) L1: deploy\.downtime\.longest = [\d.]+ ms/);
  expect(replay.stdout).toContain('policy: runbook defaults + zeroDowntime=block');
});
