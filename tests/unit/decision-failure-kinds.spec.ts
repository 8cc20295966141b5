import { test, expect } from '@playwright/test';
import { decide } from '../../reporters/decision/decide.ts';
import { defaultPolicy } from '../../reporters/decision/policy.ts';
import { check, healthyRun } from './evidence-fixtures.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';

/** The decision reads failure kinds and PHASES, never the wording of a message. */
function withFailure(over: Partial<CheckEvidence>): Evidence {
  const run = healthyRun();
  run.checks.push(check('security', 'security-passed', { title: 'CORS check', status: 'failed', ...over }));
  run.run.runnerStatus = 'failed';
  return run;
}

for (const wording of [
  'GET http://127.0.0.1:1/x: connection refused after 3 ms: nothing listens there.',
  'the service is gone (reworded: any text at all)',
]) {
  test(`an unreachable service in a phase that judges a running service is service-unhealthy, whatever the words: "${wording.slice(0, 30)}"`, () => {
    const decision = decide(withFailure({ error: wording, failureKind: 'unreachable' }), defaultPolicy());
    expect(decision.verdict).toBe('NO-GO');
    expect(decision.reasons.map((r) => r.criterion)).toContain('service-unhealthy');
    expect(decision.reasons.map((r) => r.criterion)).not.toContain('critical-security-vulnerability');
  });
}

test('the same words without the unreachable kind stay the check criterion (no verdict from wording)', () => {
  const decision = decide(
    withFailure({ error: 'GET http://127.0.0.1:1/x: connection refused after 3 ms', failureKind: 'product' }),
    defaultPolicy(),
  );
  expect(decision.reasons.map((r) => r.criterion)).toContain('critical-security-vulnerability');
});

test('invalid configuration is one missing-env-config reason whatever its message says', () => {
  const run = healthyRun();
  for (const phase of ['preflight', 'health', 'api'] as const)
    run.checks.push(
      check(phase, null, {
        title: `${phase} needs config`,
        status: 'failed',
        error: `reworded ${phase}`,
        failureKind: 'invalid-config',
      }),
    );
  const decision = decide(run, defaultPolicy());
  expect(decision.reasons.filter((r) => r.criterion === 'missing-env-config')).toHaveLength(1);
});

test('an infrastructure failure in an infrastructure phase is classed infrastructure (L2), a product one is not', () => {
  const infra = decide(
    withFailureIn('deploy', { error: 'anything', failureKind: 'infrastructure' }),
    defaultPolicy(),
  ).reasons.find((r) => r.check === 'deploy failure');
  expect(infra?.class).toBe('infrastructure');
  expect(infra?.escalation.level).toBe('L2');
  const product = decide(
    withFailureIn('deploy', { error: 'docker compose image port', failureKind: 'product' }),
    defaultPolicy(),
  ).reasons.find((r) => r.check === 'deploy failure');
  expect(product?.class).toBe('product');
});

test('a watchdog outage names the check and its request; later failures are consequences, not causes', () => {
  const run = healthyRun();
  run.checks.push(
    check('security', 'security-passed', {
      title: 'CORS check',
      status: 'failed',
      error: 'answered 500',
      outage: {
        request: 'GET http://x/y with Origin https://evil.example',
        health: 'GET http://x/health: refused',
        recoveredAfterMs: null,
      },
    }),
    check('security', 'security-passed', {
      title: 'headers check',
      status: 'failed',
      error: 'refused',
      failureKind: 'unreachable',
      consequenceOf: 'CORS check',
    }),
  );
  const decision = decide(run, defaultPolicy());
  const outage = decision.reasons.find((r) => r.message.includes('stopped answering'));
  expect(outage?.criterion).toBe('service-unhealthy');
  expect(outage?.message).toContain("after `GET http://x/y with Origin https://evil.example` in check 'CORS check'");
  expect(outage?.message).toContain('1 later check failed as a consequence: headers check');
  expect(decision.reasons.filter((r) => r.check === 'headers check')).toEqual([]);
});

function withFailureIn(phase: 'deploy', over: Partial<CheckEvidence>): Evidence {
  const run = healthyRun();
  run.checks.push(check(phase, 'health-200', { title: `${phase} failure`, status: 'failed', ...over }));
  return run;
}
