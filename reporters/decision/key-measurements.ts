import type { CheckEvidence, Measurement } from '../../core/evidence.ts';
import { patternRegExp } from './policy.ts';

/** The runbook's "DEPLOYMENT METRICS" a lead looks for first, in this order. */
export const KEY_MEASUREMENT_PATTERNS = [
  'rollback.duration',
  'deploy.startup.*',
  'infra.migration.duration',
  'health.latency.p95',
  'health.pass-rate',
  '*.downtime.longest',
  'perf.*.http_req_duration.p95',
  'perf.*.p95.vs-baseline',
  'requests.total',
  'requests.*',
] as const;

/** Perf percentiles kept in history: the baseline the next run compares against. */
export const PERF_P95_PATTERN = 'perf.*.p95';

/** Measurements whose names match the patterns, first occurrence of each name, in pattern order. */
export function selectMeasurements(checks: readonly CheckEvidence[], patterns: readonly string[]): Measurement[] {
  const all = checks.flatMap((c) => c.measurements);
  const seen = new Set<string>();
  const out: Measurement[] = [];
  for (const pattern of patterns) {
    const re = patternRegExp(pattern);
    for (const m of all) {
      if (!seen.has(m.name) && re.test(m.name)) {
        seen.add(m.name);
        out.push(m);
      }
    }
  }
  return out;
}

export function keyMeasurements(checks: readonly CheckEvidence[]): Measurement[] {
  return selectMeasurements(checks, KEY_MEASUREMENT_PATTERNS);
}

/** Every perf measurement ending in `.p95` (durations and the baseline ratio excluded by name). */
export function perfP95s(checks: readonly CheckEvidence[]): Measurement[] {
  return selectMeasurements(checks, [PERF_P95_PATTERN]);
}
