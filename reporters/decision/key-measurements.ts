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

/**
 * Measurements whose names match the patterns, first occurrence of each name, in pattern order.
 * A name goes with the first pattern it matches, so each distinct name is tested once: one pass over
 * the measurements, then the names bucketed by pattern (each bucket in first-occurrence order).
 */
export function selectMeasurements(checks: readonly CheckEvidence[], patterns: readonly string[]): Measurement[] {
  const first = new Map<string, Measurement>();
  for (const c of checks) for (const m of c.measurements) if (!first.has(m.name)) first.set(m.name, m);
  const res = patterns.map(patternRegExp);
  const buckets: Measurement[][] = patterns.map(() => []);
  for (const [name, m] of first) {
    const i = res.findIndex((re) => re.test(name));
    if (i >= 0) buckets[i]?.push(m);
  }
  return buckets.flat();
}

export function keyMeasurements(checks: readonly CheckEvidence[]): Measurement[] {
  return selectMeasurements(checks, KEY_MEASUREMENT_PATTERNS);
}

/** Every perf measurement ending in `.p95` (durations and the baseline ratio excluded by name). */
export function perfP95s(checks: readonly CheckEvidence[]): Measurement[] {
  return selectMeasurements(checks, [PERF_P95_PATTERN]);
}
