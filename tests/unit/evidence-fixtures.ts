import type { CriterionId, PhaseId } from '../../core/catalog.ts';
import { PHASES } from '../../core/catalog.ts';
import type { CheckEvidence, Evidence } from '../../core/evidence.ts';

/** Evidence the decision unit tests start from, in one place. */

/** A passing check; `over` changes what a rule needs. */
export function check(
  phase: PhaseId | 'teardown',
  criterion: CriterionId | null,
  over: Partial<CheckEvidence> = {},
): CheckEvidence {
  const title = over.title ?? `${phase} check of ${criterion ?? 'nothing'}`;
  return {
    id: `${phase} > ${title}`,
    title,
    phase,
    criterion,
    status: 'passed',
    flaky: false,
    durationMs: 10,
    measurements: [],
    findings: [],
    ...over,
  };
}

/** A complete healthy run: every phase selected, every GO criterion evidenced where the ledger wants it. */
export function healthyRun(): Evidence {
  const checks: CheckEvidence[] = PHASES.flatMap((p) =>
    p.mustEvidence.length > 0
      ? p.mustEvidence.map((c) => check(p.id, c))
      : [
          check(
            p.id,
            p.id === 'preflight'
              ? 'missing-env-config'
              : p.id === 'deploy'
                ? 'health-200'
                : 'integration-tests-failing',
          ),
        ],
  );
  checks.push(
    check('health', 'performance-in-range', {
      title: 'health p95 latency',
      measurements: [{ name: 'health.latency.p95', value: 120, unit: 'ms', samples: 20 }],
    }),
  );
  return {
    schemaVersion: 1,
    run: {
      id: 'run-1',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:20:00.000Z',
      target: 'reference',
      runnerStatus: 'passed',
      selectedPhases: PHASES.map((p) => p.id),
      candidateVersion: '1.1.0',
    },
    globalErrors: [],
    configIssues: [],
    checks,
  };
}

/** A run where health failed: NO-GO, the later phases did not run. */
export function healthFailedRun(): Evidence {
  return {
    schemaVersion: 1,
    run: {
      id: 'run-7',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:05:00.000Z',
      target: 'reference',
      runnerStatus: 'failed',
      selectedPhases: ['preflight', 'infra', 'deploy', 'health', 'integration', 'api', 'security', 'perf', 'rollback'],
      candidateVersion: '1.1.0',
    },
    globalErrors: [],
    configIssues: [],
    checks: [
      {
        id: 'health > every health endpoint answers 200',
        title: 'every health endpoint answers 200',
        phase: 'health',
        criterion: 'health-200',
        status: 'failed',
        flaky: false,
        durationMs: 300,
        error: 'Error: GET /api/health returned 503 | body {"status":"degraded"}',
        measurements: [{ name: 'health.latency.p95', value: 42, unit: 'ms', samples: 20 }],
        findings: [],
      },
      {
        id: 'rollback > rehearsal',
        title: 'rollback is rehearsed',
        phase: 'rollback',
        criterion: 'rollback-ready',
        status: 'did-not-run',
        flaky: false,
        durationMs: 0,
        measurements: [],
        findings: [],
      },
    ],
  };
}
