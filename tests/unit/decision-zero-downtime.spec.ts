import { expect, test } from '@playwright/test';
import { decide } from '../../reporters/decision/decide.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';
import { PolicyError, defaultPolicy, loadPolicy, resolvePolicy } from '../../reporters/decision/policy.ts';
import { runMeasurementChecks } from '../../reporters/decision/run-measurements.ts';
import { check, healthyRun } from './evidence-fixtures.ts';

/** The healthy run whose deploy upgrade had an outage of `outageMs` (3 of 40 probes failed). */
function upgradeWithOutage(outageMs: number): Evidence {
  const e = healthyRun();
  e.checks.push(
    check('deploy', 'health-200', {
      title: 'backend and frontend start and report healthy',
      measurements: [
        { name: 'deploy.downtime.longest', value: outageMs, unit: 'ms', samples: 40 },
        { name: 'health-probes.deploy-upgrade.failed', value: outageMs > 0 ? 3 : 0, unit: 'count', samples: 40 },
      ],
    }),
  );
  return e;
}

test('zero downtime: the knob sets the mode of the downtime objective (report by default)', () => {
  expect(defaultPolicy().zeroDowntime).toBe('report');
  expect(defaultPolicy().objectives['*.downtime.longest']).toMatchObject({ pass: 0, warn: 0, mode: 'report' });
  expect(resolvePolicy({ zeroDowntime: 'warn' }).objectives['*.downtime.longest']?.mode).toBe('warn');
  expect(resolvePolicy({ zeroDowntime: 'block' }).objectives['*.downtime.longest']?.mode).toBe('enforce');
  // An objective that states its own mode wins over the knob.
  const explicit = resolvePolicy({ zeroDowntime: 'block', objectives: { '*.downtime.longest': { mode: 'warn' } } });
  expect(explicit.objectives['*.downtime.longest']?.mode).toBe('warn');
  expect(() => resolvePolicy({ zeroDowntime: 'strict' })).toThrow(PolicyError);
  expect(() => resolvePolicy({ zeroDowntime: 'strict' })).toThrow(
    /expected report, warn or block\n\s+→ at zeroDowntime/,
  );
});

test('zero downtime: STAGING_ZERO_DOWNTIME overrides the policy and is named as its source', () => {
  const loaded = loadPolicy(undefined, { zeroDowntime: 'block' });
  expect(loaded.policy.objectives['*.downtime.longest']?.mode).toBe('enforce');
  expect(loaded.source).toBe('runbook defaults + zeroDowntime=block');
  expect(loaded.hash).not.toBe(loadPolicy().hash);
  expect(loadPolicy(undefined, { zeroDowntime: undefined }).source).toBe('runbook defaults');
});

for (const [knob, verdict] of [
  ['report', 'GO'],
  ['warn', 'CONDITIONAL'],
  ['block', 'NO-GO'],
] as const) {
  test(`zero downtime: a 1.2 s outage during the upgrade under '${knob}' is ${verdict}`, () => {
    const decision = decide(upgradeWithOutage(1200), resolvePolicy({ zeroDowntime: knob }));
    expect(decision.verdict).toBe(verdict);
    const reason = [...decision.reasons, ...(decision.reported ?? [])].find((r) =>
      r.message.startsWith('deploy.downtime.longest'),
    );
    expect(reason).toMatchObject({ criterion: 'service-unhealthy', measured: '1200 ms over 40 samples' });
    expect(reason?.threshold).toMatch(/pass <= 0 ms/);
    if (knob === 'report') expect(decision.reported?.map((r) => r.message)).toContain(reason?.message);
  });
}

test('zero downtime: no outage is GO even under block, and the figure is a key measurement', () => {
  const decision = decide(upgradeWithOutage(0), resolvePolicy({ zeroDowntime: 'block' }));
  expect(decision.verdict).toBe('GO');
  expect(decision.keyMeasurements.map((m) => m.name)).toContain('deploy.downtime.longest');
});

test('health pass rate: every probe of the run counts, whichever check made it', () => {
  const probes = (where: string, failed: number, total: number): CheckEvidence =>
    check('health', 'health-200', {
      title: `probes ${where}`,
      measurements: [{ name: `health-probes.${where}.failed`, value: failed, unit: 'count', samples: total }],
    });
  const [derived] = runMeasurementChecks([
    probes('health-latency', 0, 20),
    probes('rollback', 3, 30),
    probes('x', 1, 50),
  ]);
  expect(derived?.measurements).toEqual([{ name: 'health.pass-rate', value: 96, unit: 'percent', samples: 100 }]);
  expect(derived?.title).toContain('rollback 27/30');
  // No probe at all: nothing derived, never a made-up 100 %.
  expect(runMeasurementChecks([check('health', 'health-200')])).toEqual([]);

  const e = healthyRun();
  e.checks.push(probes('health-latency', 0, 20), probes('rollback', 3, 30), probes('x', 1, 50));
  const decision = decide(e, defaultPolicy());
  expect(decision.keyMeasurements).toContainEqual({
    name: 'health.pass-rate',
    value: 96,
    unit: 'percent',
    samples: 100,
  });
  // Reported by default (the health checks themselves block); a stricter policy makes 96 % CONDITIONAL.
  expect(decision.verdict).toBe('GO');
  expect(decision.reported?.some((r) => r.message.startsWith('health.pass-rate = 96'))).toBe(true);
  const strict = decide(e, resolvePolicy({ objectives: { 'health.pass-rate': { mode: 'enforce' } } }));
  expect(strict.verdict).toBe('CONDITIONAL');
  // The synthetic check is graded, not counted.
  expect(strict.counts.passed).toBe(decision.counts.passed);
});
