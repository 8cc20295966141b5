import { CRITERIA, PHASES, type CriterionId, type PhaseId } from '../../core/catalog.ts';
import type { CheckEvidence, CheckStatus, Evidence, Measurement } from '../../core/evidence.ts';
import { FAILURE_KINDS } from '../../core/gate-error.ts';

/**
 * Large deterministic evidence that exercises every decision rule at once (failures of every kind and
 * status, did-not-run phases, outages and their consequences, flaky checks, findings, graded and
 * unsampled measurements, health probes, request counts, teardown and non-phase projects, global
 * errors, configuration issues, unselected phases). decision-perf-equivalence.spec.ts decides it and
 * compares with the decisions the rules made before they were made fast (the fixture next to it).
 */
export function largeEvidence(n: number, variant: number): Evidence {
  let seed = 0x9e3779b9 ^ (variant * 7919);
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const criteria = Object.keys(CRITERIA) as CriterionId[];
  const phases: (PhaseId | 'teardown' | 'unknown')[] = [...PHASES.map((p) => p.id), 'teardown', 'unknown'];
  // Variant 1: everything after `security` did not run; variant 2: a clean run with a few findings.
  const cut = variant === 1 ? PHASES.findIndex((p) => p.id === 'security') : PHASES.length;
  const failRate = variant === 2 ? 0 : 0.02;
  const names = [
    'health.latency.p95',
    'deploy.startup.backend',
    'deploy.startup.frontend',
    'rollback.duration',
    'infra.migration.duration',
    'api.downtime.longest',
    'perf.home.http_req_duration.p95',
    'perf.login.p95.vs-baseline',
    'perf.home.http_reqs.rate',
    'perf.search.iterations',
    'health-probes.health.failed',
    'health-probes.rollback.failed',
    'gate-requests.sent',
    'custom.unknown.metric',
  ];
  const units: Measurement['unit'][] = ['ms', 's', 'ratio', 'count', 'rate', 'percent'];
  const titles: string[] = [];
  const checks: CheckEvidence[] = Array.from({ length: n }, (_, i) => {
    const phase = pick(phases);
    const at = PHASES.findIndex((p) => p.id === phase);
    const title = `check ${i} of ${phase}${i % 13 === 0 ? ' (shared title)' : ''}`;
    titles.push(title);
    const r = rand();
    let status: CheckStatus = 'passed';
    if (at > cut) status = 'did-not-run';
    else if (r < failRate) status = pick(['failed', 'failed', 'timedOut', 'interrupted'] as const);
    else if (r < failRate + 0.03) status = 'skipped';
    const failed = status === 'failed' || status === 'timedOut' || status === 'interrupted';
    const measurements: Measurement[] =
      rand() < 0.3
        ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
            name: pick(names),
            value: Math.round(rand() * 3000) / (rand() < 0.5 ? 1 : 7),
            unit: pick(units),
            ...(rand() < 0.9 ? { samples: rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 200) } : {}),
          }))
        : [];
    const check: CheckEvidence = {
      id: `${phase} > ${title}`,
      title,
      phase,
      criterion: rand() < 0.1 ? null : pick(criteria),
      status,
      flaky: status === 'passed' && rand() < 0.01,
      durationMs: Math.floor(rand() * 5000),
      measurements,
      findings:
        rand() < 0.02
          ? [
              {
                criterion: pick([
                  'minor-non-blocking-issue',
                  'minor-config-adjustment',
                  'non-critical-service-issue',
                ] as const),
                severity: pick(['info', 'minor', 'major'] as const),
                message: `finding ${i}`,
                ...(rand() < 0.5 ? { measured: `${i} ms`, threshold: 'pass <= 10 ms' } : {}),
              },
            ]
          : [],
      ...(phase === 'unknown' ? { project: pick(['staging', 'other-project']) } : {}),
      ...(rand() < 0.5 ? { location: `tests/${phase}/x.spec.ts:${i}` } : {}),
    };
    if (failed) {
      check.error = rand() < 0.1 ? '' : `${pick(['Error: ', 'GateError: ', ''])}failure ${i}\n  at somewhere ${i}`;
      if (rand() < 0.7) check.failureKind = pick(FAILURE_KINDS);
      if (rand() < 0.05)
        check.outage = {
          request: `GET /x/${i}`,
          health: 'connection refused',
          recoveredAfterMs: rand() < 0.5 ? null : 1234,
        };
      if (i > 0 && rand() < 0.2) check.consequenceOf = titles[Math.floor(rand() * i)];
    }
    if (check.flaky) check.attempts = 2 + Math.floor(rand() * 2);
    if (status === 'skipped' && rand() < 0.5) check.skipReason = 'left out by the profile';
    return check;
  });
  return {
    schemaVersion: 1,
    run: {
      id: `perf-equivalence-${variant}`,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:10:00.000Z',
      target: variant === 1 ? 'external' : 'reference',
      runnerStatus: variant === 2 ? 'passed' : 'failed',
      selectedPhases: PHASES.map((p) => p.id).filter((p) => variant !== 1 || p !== 'rollback'),
      ...(variant === 0
        ? { candidateVersion: '1.2.3', commit: 'abc', profile: { name: 'p', file: 'f', hash: 'sha256:x' } }
        : {}),
    },
    globalErrors: variant === 0 ? ['Error: worker crashed\n  at x', 'harness: already prefixed'] : [],
    configIssues: variant === 0 ? [{ variable: 'STAGING_X', message: 'is missing' }] : [],
    checks,
  };
}

/** The policies the equivalence is checked under: the defaults, and one with warn / report modes. */
export const POLICY_OVERRIDES: readonly unknown[] = [
  undefined,
  {
    criteria: { 'performance-significantly-degraded': 'warn', 'minor-non-blocking-issue': 'report' },
    objectives: { 'perf.*': { pass: 100, warn: 200, mode: 'report' }, 'custom.*.metric': { pass: 1, warn: 2000 } },
    zeroDowntime: 'warn',
  },
];
