/**
 * k6's handleSummary data -> the normalized LoadSummary the built-in engine also produces.
 * Only the fields read here are typed; @types/k6 does not describe the summary object.
 */
import {
  type CounterValues,
  type LoadSummary,
  type PercentileKey,
  percentileLadder,
  type RateValues,
  type TrendValues,
} from '../metrics.ts';

export interface K6MetricSummary {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface K6SummaryData {
  metrics: Record<string, K6MetricSummary | undefined>;
  state: { testRunDurationMs: number };
}

function isPercentileKey(key: string): key is PercentileKey {
  return /^p\(\d+(\.\d+)?\)$/.test(key);
}

// k6 leaves out metrics that got no samples: they become count 0, which thresholds read as not evaluated.
function trend(metric: K6MetricSummary | undefined): TrendValues {
  const v = metric?.values ?? {};
  const values: TrendValues = {
    avg: v.avg ?? 0,
    min: v.min ?? 0,
    med: v.med ?? 0,
    max: v.max ?? 0,
    'p(90)': v['p(90)'] ?? 0,
    'p(95)': v['p(95)'] ?? 0,
    'p(99)': v['p(99)'] ?? 0,
    count: v.count ?? 0,
  };
  for (const [key, value] of Object.entries(v)) if (isPercentileKey(key)) values[key] = value;
  return values;
}

function rate(metric: K6MetricSummary | undefined): RateValues {
  const v = metric?.values ?? {};
  return { rate: v.rate ?? 0, passes: v.passes ?? 0, fails: v.fails ?? 0 };
}

function counter(metric: K6MetricSummary | undefined): CounterValues {
  const v = metric?.values ?? {};
  return { count: v.count ?? 0, rate: v.rate ?? 0 };
}

export function toLoadSummary(data: K6SummaryData, scenario: string): LoadSummary {
  const http_req_duration = trend(data.metrics.http_req_duration);
  return {
    engine: 'k6',
    scenario,
    durationMs: Math.round(data.state.testRunDurationMs),
    metrics: {
      http_req_duration,
      http_req_failed: rate(data.metrics.http_req_failed),
      http_reqs: counter(data.metrics.http_reqs),
      checks: rate(data.metrics.checks),
    },
    latency: { percentiles: percentileLadder(http_req_duration) },
  };
}
