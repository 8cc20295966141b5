import type { CheckEvidence, Measurement } from '../../core/evidence.ts';
import { patternRegExp } from './policy.ts';

/**
 * Every health probe a check makes is recorded as `health-probes.<where>.failed`: the failed probes as
 * the value, all probes as the samples (health phase, deploy upgrade, rollback, roll forward).
 */
export const HEALTH_PROBES_PATTERN = 'health-probes.*.failed';

/**
 * Measurements of the run as a whole, derived from the checks' own, as one synthetic check so that
 * the policy grades them like any other: the runbook's "Health Check Pass Rate: 100%" over every
 * health probe of the run. Empty when no check probed health (nothing to derive, never a fake 100 %).
 */
export function runMeasurementChecks(checks: readonly CheckEvidence[]): CheckEvidence[] {
  return [...passRateChecks(checks), ...requestChecks(checks)];
}

/** Per check: the requests it sent to the target (fixtures/index.ts `requestCount`). */
export const CHECK_REQUESTS = 'gate-requests.sent';
const PERF_REQUESTS = patternRegExp('perf.*.http_reqs.rate');

/**
 * Requests the gate sent per phase (`requests.<phase>`, and `requests.total`): each check's own, plus
 * the load the perf phase generated (its `http_reqs` samples), so a team knows what one run costs staging.
 */
function requestChecks(checks: readonly CheckEvidence[]): CheckEvidence[] {
  const byPhase = new Map<string, number>();
  for (const c of checks) {
    const group = c.phase === 'unknown' ? (c.project ?? 'unknown') : c.phase;
    for (const m of c.measurements) {
      const n = m.name === CHECK_REQUESTS ? m.value : PERF_REQUESTS.test(m.name) ? (m.samples ?? 0) : 0;
      if (n > 0) byPhase.set(group, (byPhase.get(group) ?? 0) + n);
    }
  }
  if (byPhase.size === 0) return [];
  const measurements: Measurement[] = [...byPhase].map(([phase, n]) => ({
    name: `requests.${phase}`,
    value: n,
    unit: 'count',
    samples: 1,
  }));
  const total = [...byPhase.values()].reduce((a, b) => a + b, 0);
  measurements.push({ name: 'requests.total', value: total, unit: 'count', samples: 1 });
  return [
    {
      id: 'run > requests sent to the target',
      title: 'requests the gate sent to the target, per phase',
      phase: 'preflight',
      criterion: null,
      status: 'passed',
      flaky: false,
      durationMs: 0,
      measurements,
      findings: [],
    },
  ];
}

function passRateChecks(checks: readonly CheckEvidence[]): CheckEvidence[] {
  const re = patternRegExp(HEALTH_PROBES_PATTERN);
  // Each distinct name is tested once (tens of thousands of checks share a few names).
  const matches = new Map<string, boolean>();
  const probes: Measurement[] = [];
  for (const c of checks)
    for (const m of c.measurements) {
      let hit = matches.get(m.name);
      if (hit === undefined) matches.set(m.name, (hit = re.test(m.name)));
      if (hit) probes.push(m);
    }
  const total = probes.reduce((n, m) => n + (m.samples ?? 0), 0);
  if (total === 0) return [];
  const failed = probes.reduce((n, m) => n + m.value, 0);
  const passRate: Measurement = {
    name: 'health.pass-rate',
    value: Math.round(((total - failed) / total) * 100_000) / 1000,
    unit: 'percent',
    samples: total,
  };
  const sources = probes.map((m) => `${m.name.split('.')[1]} ${(m.samples ?? 0) - m.value}/${m.samples ?? 0}`);
  return [
    {
      id: 'run > health check pass rate',
      title: `health check pass rate over every health probe of the run (${sources.join(', ')})`,
      phase: 'health',
      criterion: 'health-200',
      status: 'passed',
      flaky: false,
      durationMs: 0,
      measurements: [passRate],
      findings: [],
    },
  ];
}
