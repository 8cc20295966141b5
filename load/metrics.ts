/**
 * The normalized result both engines produce (k6 through handleSummary, the built-in engine directly).
 * Metric names and value keys follow k6's end-of-test summary so thresholds read the same on either engine.
 * Plain data, JSON-serializable, no Node imports (the k6 script builds it).
 */

export type EngineName = 'k6' | 'autocannon';

/** A percentile key as k6 writes it: 'p(95)', 'p(99.9)'. */
export type PercentileKey = `p(${number})`;

/** k6 Trend values, in milliseconds. `count` 0 means no samples: every value is then 0 and means nothing. */
export interface TrendValues {
  avg: number;
  min: number;
  med: number;
  max: number;
  'p(90)': number;
  'p(95)': number;
  'p(99)': number;
  count: number;
  [percentile: PercentileKey]: number;
}

/** k6 Rate values: `passes` counts non-zero samples (for http_req_failed: failed requests), `fails` the zeros. */
export interface RateValues {
  rate: number;
  passes: number;
  fails: number;
}

/** k6 Counter values: `rate` is per second of test run. */
export interface CounterValues {
  count: number;
  rate: number;
}

export interface NormalizedMetrics {
  http_req_duration: TrendValues;
  http_req_failed: RateValues;
  http_reqs: CounterValues;
  checks: RateValues;
}

export type MetricName = keyof NormalizedMetrics;
export type MetricKind = 'trend' | 'rate' | 'counter';

/** The metrics every engine measures, with their k6 metric type (which decides the allowed aggregations). */
export const METRIC_KINDS: Readonly<Record<MetricName, MetricKind>> = {
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_reqs: 'counter',
  checks: 'rate',
};

export interface PercentilePoint {
  /** 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'. */
  label: string;
  ms: number;
}

export interface HistogramBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** For the latency chart: percentiles always; a histogram only where raw samples exist (built-in engine). */
export interface LatencyDistribution {
  percentiles: PercentilePoint[];
  histogram?: HistogramBucket[];
}

export interface LoadSummary {
  engine: EngineName;
  scenario: string;
  /** Wall time of the load, in milliseconds. */
  durationMs: number;
  metrics: NormalizedMetrics;
  latency: LatencyDistribution;
}

export function percentileKey(percentile: number): PercentileKey {
  return `p(${percentile})`;
}

/** Percentiles named in thresholds (`p(99.9)<800` -> 99.9), so engines compute exactly what is judged. */
export function thresholdPercentiles(thresholds: Readonly<Record<string, readonly string[]>>): number[] {
  const found = new Set<number>();
  for (const expressions of Object.values(thresholds)) {
    for (const expression of expressions) {
      const match = /^\s*p\(\s*(\d+(?:\.\d+)?)\s*\)/.exec(expression);
      if (match) found.add(Number(match[1]));
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The chart's percentile ladder from trend values (any engine). */
export function percentileLadder(trend: TrendValues): PercentilePoint[] {
  const points: PercentilePoint[] = [
    { label: 'p50', ms: trend.med },
    { label: 'p90', ms: trend['p(90)'] },
    { label: 'p95', ms: trend['p(95)'] },
    { label: 'p99', ms: trend['p(99)'] },
  ];
  const p999 = trend['p(99.9)'];
  if (p999 !== undefined) points.push({ label: 'p99.9', ms: p999 });
  points.push({ label: 'max', ms: trend.max });
  return points;
}
