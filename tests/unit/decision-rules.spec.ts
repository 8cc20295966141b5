import { expect, test } from '@playwright/test';
import { CRITERIA, PHASES, type PhaseId } from '../../core/catalog.ts';
import { decide } from '../../reporters/decision/decide.ts';
import type { CheckEvidence, Decision, Evidence, Reason } from '../../core/evidence.ts';
import { defaultPolicy, resolvePolicy, type Policy } from '../../reporters/decision/policy.ts';
import { check, healthyRun } from './evidence-fixtures.ts';

/** The healthy run with one check replaced or added. */
function withCheck(c: CheckEvidence, mutate?: (e: Evidence) => void): Evidence {
  const e = healthyRun();
  const i = e.checks.findIndex((x) => x.phase === c.phase && x.criterion === c.criterion && x.title === c.title);
  if (i >= 0) e.checks[i] = c;
  else e.checks.push(c);
  mutate?.(e);
  return e;
}

/** Every check of `phase` and of the phases after it did not run: `phase` failed. */
function failedAt(phase: PhaseId, error: string): Evidence {
  const e = healthyRun();
  const index = PHASES.findIndex((p) => p.id === phase);
  e.run.runnerStatus = 'failed';
  e.checks = e.checks.map((c) => {
    const at = PHASES.findIndex((p) => p.id === c.phase);
    if (c.phase === phase) return { ...c, status: 'failed', error };
    return at > index ? { ...c, status: 'did-not-run' } : c;
  });
  return e;
}

const p95 = (name: string, value: number) => ({ name, value, unit: 'ms' as const, samples: 200 });
const perfCheck = (value: number, name = 'perf.health.http_req_duration.p95') =>
  check('perf', 'performance-in-range', { measurements: [p95(name, value)] });

interface Case {
  name: string;
  evidence: () => Evidence;
  policy?: unknown;
  verdict: Decision['verdict'];
  /** The reason the rule must produce (partial match). */
  reason?: Partial<Omit<Reason, 'message'>> & { message?: string | RegExp };
  toGo?: RegExp;
}

const CASES: Case[] = [
  { name: 'a complete healthy run is GO', evidence: healthyRun, verdict: 'GO' },
  {
    name: 'a configuration issue is NO-GO missing-env-config',
    evidence: () => ({ ...healthyRun(), configIssues: [{ variable: 'STAGING_API_URL', message: 'required' }] }),
    verdict: 'NO-GO',
    reason: { criterion: 'missing-env-config', effect: 'NO-GO', message: /STAGING_API_URL/ },
  },
  {
    name: 'a global error is NO-GO of class harness',
    evidence: () => ({ ...healthyRun(), globalErrors: ['Error: worker process exited unexpectedly'] }),
    verdict: 'NO-GO',
    reason: { criterion: 'all-phases-completed', class: 'harness', message: /^harness: worker process exited/ },
  },
  {
    name: 'a security check whose service stopped answering is service-unhealthy (L1), not a vulnerability (L3)',
    evidence: () =>
      withCheck(
        check('security', 'security-passed', {
          status: 'failed',
          error:
            'GateError: GET http://127.0.0.1:3001/api/health: connection refused after 2 ms: nothing listens there.',
          failureKind: 'unreachable',
        }),
      ),
    verdict: 'NO-GO',
    reason: {
      criterion: 'service-unhealthy',
      phase: 'security',
      class: 'product',
      message: /connection refused after 2 ms/,
    },
  },
  {
    name: 'a rollback whose service did not answer stays rollback-not-validated',
    evidence: () =>
      withCheck(
        check('rollback', 'rollback-ready', {
          status: 'failed',
          error: 'GateError: GET http://127.0.0.1:3001/api/health: connection refused after 2 ms',
        }),
      ),
    verdict: 'NO-GO',
    reason: { criterion: 'rollback-not-validated', phase: 'rollback' },
  },
  {
    name: 'a failed check hits the negation of its GO criterion',
    evidence: () =>
      withCheck(check('health', 'health-200', { status: 'failed', error: 'Error: GET /api/health returned 503' })),
    verdict: 'NO-GO',
    reason: {
      criterion: 'service-unhealthy',
      effect: 'NO-GO',
      phase: 'health',
      class: 'product',
      message: 'GET /api/health returned 503',
    },
    toGo: /^fix service-unhealthy: GET \/api\/health returned 503 \(health phase\)$/,
  },
  {
    name: 'a timed-out check is NO-GO',
    evidence: () => withCheck(check('security', 'security-passed', { status: 'timedOut' })),
    verdict: 'NO-GO',
    reason: { criterion: 'critical-security-vulnerability', message: /timed out/ },
  },
  {
    name: 'checks that did not run name the phase that blocked them',
    evidence: () => failedAt('infra', 'Error: connect ECONNREFUSED 127.0.0.1:5432'),
    verdict: 'NO-GO',
    reason: {
      criterion: 'all-phases-completed',
      phase: 'health',
      class: 'missing-evidence',
      message: /blocked by failed phase 'infra'/,
    },
    toGo: /fix the failed phase 'infra', then run the gate again/,
  },
  {
    name: 'a phase not selected leaves its GO criteria not evaluated',
    evidence: () => {
      const e = healthyRun();
      e.run.selectedPhases = e.run.selectedPhases.filter((p) => p !== 'perf' && p !== 'rollback');
      e.checks = e.checks.filter((c) => c.phase !== 'perf' && c.phase !== 'rollback');
      return e;
    },
    verdict: 'NO-GO',
    reason: {
      criterion: 'performance-in-range',
      class: 'missing-evidence',
      message: /not evaluated, phase 'perf' was not selected/,
    },
  },
  {
    name: 'a passing check with zero samples is not evaluated',
    evidence: () =>
      withCheck(
        check('perf', 'performance-in-range', {
          measurements: [{ ...p95('perf.health.http_req_duration.p95', 10), samples: 0 }],
        }),
      ),
    verdict: 'NO-GO',
    reason: { criterion: 'performance-in-range', class: 'missing-evidence', message: /not evaluated/ },
  },
  {
    name: 'a finding is CONDITIONAL',
    evidence: () =>
      withCheck(
        check('security', 'security-passed', {
          findings: [
            { criterion: 'minor-non-blocking-issue', severity: 'minor', message: 'Server header reveals a version' },
          ],
        }),
      ),
    verdict: 'CONDITIONAL',
    reason: {
      criterion: 'minor-non-blocking-issue',
      effect: 'CONDITIONAL',
      message: /Server header reveals a version/,
    },
  },
  {
    name: 'a flaky check is CONDITIONAL and named',
    evidence: () =>
      withCheck(check('api', 'integration-tests-failing', { title: 'lists media requests', flaky: true, attempts: 2 })),
    verdict: 'CONDITIONAL',
    reason: {
      criterion: 'minor-non-blocking-issue',
      check: 'lists media requests',
      message: /"lists media requests" passed only on retry/,
    },
  },
  {
    name: 'a measurement between pass and warn is CONDITIONAL with measured and threshold',
    evidence: () =>
      withCheck(
        check('health', 'performance-in-range', {
          title: 'health p95 latency',
          measurements: [{ name: 'health.latency.p95', value: 620, unit: 'ms', samples: 20 }],
        }),
      ),
    verdict: 'CONDITIONAL',
    reason: {
      criterion: 'performance-slightly-outside',
      measured: '620 ms over 20 samples',
      threshold: 'pass <= 500 ms, warn <= 1000 ms',
      check: 'health p95 latency',
    },
  },
  {
    name: 'a measurement beyond warn is NO-GO',
    evidence: () => withCheck(perfCheck(1400)),
    verdict: 'NO-GO',
    reason: { criterion: 'performance-significantly-degraded', effect: 'NO-GO', measured: '1400 ms over 200 samples' },
  },
  {
    name: 'a higher-is-better objective grades downwards',
    evidence: () =>
      withCheck(
        check('perf', 'performance-in-range', {
          measurements: [{ name: 'perf.health.throughput', value: 40, unit: 'req/s', samples: 9 }],
        }),
      ),
    policy: {
      objectives: { 'perf.*.throughput': { direction: 'higher-is-better', pass: 100, warn: 50, unit: 'req/s' } },
    },
    verdict: 'NO-GO',
    reason: { criterion: 'performance-significantly-degraded', threshold: 'pass >= 100 req/s, warn >= 50 req/s' },
  },
  {
    name: 'policy mode warn turns a NO-GO hit into CONDITIONAL',
    evidence: () => withCheck(perfCheck(1400)),
    policy: { criteria: { 'performance-significantly-degraded': 'warn' } },
    verdict: 'CONDITIONAL',
    reason: { criterion: 'performance-significantly-degraded', effect: 'CONDITIONAL', policyMode: 'warn' },
  },
  {
    name: 'policy mode report records a hit without effect',
    evidence: () => withCheck(perfCheck(1400)),
    policy: { criteria: { 'performance-significantly-degraded': 'report' } },
    verdict: 'GO',
  },
  {
    name: 'replaying a GO run with a stricter objective flips it to CONDITIONAL',
    evidence: healthyRun,
    policy: { objectives: { 'health.latency.p95': { pass: 100 } } },
    verdict: 'CONDITIONAL',
    reason: {
      criterion: 'performance-slightly-outside',
      measured: '120 ms over 20 samples',
      threshold: 'pass <= 100 ms, warn <= 1000 ms',
    },
  },
  {
    name: 'a run Playwright failed with nothing to explain it is NO-GO (fail closed)',
    evidence: () => ({ ...healthyRun(), run: { ...healthyRun().run, runnerStatus: 'interrupted' } }),
    verdict: 'NO-GO',
    reason: { class: 'harness', message: /status 'interrupted'/ },
  },
  {
    name: 'a teardown failure is only CONDITIONAL',
    evidence: () => withCheck(check('teardown', null, { status: 'failed', error: 'Error: container still running' })),
    verdict: 'CONDITIONAL',
    reason: { criterion: 'minor-non-blocking-issue', phase: 'teardown' },
  },
  {
    name: 'a failure of kind harness is class harness',
    evidence: () =>
      withCheck(
        check('api', 'integration-tests-failing', {
          status: 'failed',
          error: 'Error: fixture http has no base URL',
          failureKind: 'harness',
        }),
      ),
    verdict: 'NO-GO',
    reason: { criterion: 'integration-tests-failing', class: 'harness' },
  },
];

function policyFor(c: Case): Policy {
  return c.policy === undefined ? defaultPolicy() : resolvePolicy(c.policy);
}

for (const c of CASES) {
  test(`decide: ${c.name}`, () => {
    const d = decide(c.evidence(), policyFor(c));
    const story = JSON.stringify(d.reasons, null, 2);
    expect(d.verdict, story).toBe(c.verdict);
    if (c.verdict === 'GO') expect(d.reasons, story).toEqual([]);
    if (c.reason) {
      const { message, ...fields } = c.reason;
      const match = d.reasons.find(
        (r) =>
          Object.entries(fields).every(([k, v]) => r[k as keyof Reason] === v) &&
          (message === undefined || (typeof message === 'string' ? r.message === message : message.test(r.message))),
      );
      expect(match, `no reason like ${JSON.stringify(c.reason)} in\n${story}`).toBeTruthy();
    }
    if (c.toGo)
      expect(
        d.toGo.some((l) => c.toGo?.test(l)),
        JSON.stringify(d.toGo),
      ).toBe(true);
  });
}

test('decide: mode report keeps the hit in decision.reported', () => {
  const d = decide(
    withCheck(perfCheck(1400)),
    resolvePolicy({ criteria: { 'performance-significantly-degraded': 'report' } }),
  );
  expect(d.reported?.map((r) => [r.criterion, r.policyMode])).toEqual([
    ['performance-significantly-degraded', 'report'],
  ]);
});

test('decide: reasons and verdict are listed NO-GO first, with escalation levels from the catalog and policy', () => {
  const e = failedAt('infra', 'Error: connect ECONNREFUSED 127.0.0.1:5432');
  e.checks.push(check('teardown', null, { status: 'failed', error: 'Error: leftover container' }));
  const d = decide(e, defaultPolicy());
  expect(d.reasons[0]?.effect).toBe('NO-GO');
  expect(d.reasons.at(-1)?.effect).toBe('CONDITIONAL');
  const infra = d.reasons.find((r) => r.criterion === 'database-connectivity-failed');
  expect(infra?.class).toBe('infrastructure');
  expect(infra?.escalation).toMatchObject({ level: 'L2', team: 'Infrastructure team', responseMinutes: 30 });
  // Blocked by infra: missing evidence goes to the infrastructure team.
  expect(d.reasons.find((r) => r.phase === 'health' && r.class === 'missing-evidence')?.escalation.level).toBe('L2');
});

test('decide: escalation levels follow the runbook matrix', () => {
  const security = decide(
    withCheck(check('security', 'security-passed', { status: 'failed', error: 'CORS allows *' })),
    defaultPolicy(),
  );
  expect(security.reasons[0]?.escalation).toMatchObject({
    level: 'L3',
    team: 'Emergency coordinator',
    responseMinutes: 60,
  });
  const preflight = decide(failedAt('preflight', 'Error: STAGING_API_URL is required'), defaultPolicy());
  const blocked = preflight.reasons.find((r) => r.class === 'missing-evidence');
  expect(blocked?.escalation).toMatchObject({ level: 'L1', team: 'Development team', responseMinutes: 15 });
  const custom = resolvePolicy({ escalation: { L3: { team: 'SRE on call', responseMinutes: 10, channel: '#sre' } } });
  const again = decide(withCheck(check('security', 'security-passed', { status: 'failed' })), custom);
  expect(again.reasons[0]?.escalation).toMatchObject({
    level: 'L3',
    team: 'SRE on call',
    responseMinutes: 10,
    channel: '#sre',
  });
});

test('decide: the criteria map covers all 18 criteria', () => {
  const go = decide(healthyRun(), defaultPolicy());
  expect(Object.keys(go.criteria).sort()).toEqual(Object.keys(CRITERIA).sort());
  expect(Object.values(go.criteria).every((s) => s === 'met')).toBe(true);
  const blocked = decide(failedAt('deploy', 'Error: backend exited with code 1'), defaultPolicy());
  expect(blocked.criteria).toMatchObject({
    'all-phases-completed': 'hit',
    'database-connectivity': 'met',
    'health-200': 'hit',
    'no-critical-log-errors': 'not-evaluated',
    'service-unhealthy': 'hit',
  });
});

test('decide: hashes are stable for equal inputs and change with them', () => {
  const a = healthyRun();
  const reverseKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reverseKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverseKeys(x)]),
          )
        : v;
  const reordered = reverseKeys(a) as Evidence;
  expect(Object.keys(reordered)[0]).toBe('checks');
  const da = decide(a, defaultPolicy());
  const db = decide(reordered, resolvePolicy({}));
  expect(db.evidenceHash).toBe(da.evidenceHash);
  expect(db.policyHash).toBe(da.policyHash);
  expect(decide(a, resolvePolicy({ successRate: { window: 10 } })).policyHash).not.toBe(da.policyHash);
  expect(decide({ ...a, globalErrors: ['x'] }, defaultPolicy()).evidenceHash).not.toBe(da.evidenceHash);
});

test('decide: success rate counts GO among the last N decisions, this one included', () => {
  const policy = resolvePolicy({ successRate: { window: 4, threshold: 95 } });
  const history = (['NO-GO', 'GO', 'CONDITIONAL', 'GO'] as const).map((verdict) => ({ verdict }));
  expect(decide(healthyRun(), policy, history).successRate).toEqual({ runs: 4, go: 3, rate: 75, threshold: 95 });
  expect(decide(healthyRun(), policy, []).successRate).toEqual({ runs: 1, go: 1, rate: 100, threshold: 95 });
  expect(decide(healthyRun(), policy).successRate).toBeUndefined();
});

test('decide: is pure (same inputs, same decision) and lets exceptions through', () => {
  const e = healthyRun();
  expect(decide(e, defaultPolicy())).toEqual(decide(e, defaultPolicy()));
  const broken = { ...e, checks: undefined } as unknown as Evidence;
  expect(() => decide(broken, defaultPolicy())).toThrow();
});
