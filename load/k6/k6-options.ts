/**
 * k6 options from scenario data: the executor, both bounds (duration and request cap), thresholds, and the
 * trend stats handleSummary must see. Pure, so the Node side can unit-test it without a k6 binary.
 */
import type { Options, Scenario } from 'k6/options';
import { percentileKey, thresholdPercentiles } from '../metrics.ts';
import { arrivalRatePerSecond, formatDuration, type LoadScenario, parseDurationMs } from '../scenarios.ts';

/** Trend stats every summary carries; percentiles named by thresholds are added per scenario. */
export const BASE_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'] as const;

function executorFor(scenario: LoadScenario): Scenario {
  const durationMs = parseDurationMs(scenario.executor.duration);
  // In-flight requests may finish (or time out) after the duration, and no later.
  const gracefulStop = formatDuration(parseDurationMs(scenario.requestTimeout) + 1000);
  const executor = scenario.executor;
  if (executor.type === 'constant-vus') {
    const vus = Math.min(executor.vus, scenario.maxRequests);
    // constant-vus has no request cap; per-vu-iterations with maxDuration is the same load bounded both ways.
    return {
      executor: 'per-vu-iterations',
      vus,
      iterations: Math.max(1, Math.floor(scenario.maxRequests / vus)),
      maxDuration: formatDuration(durationMs),
      gracefulStop,
    };
  }
  // The cap shortens the run at the same rate rather than thinning the rate.
  const cappedMs = Math.min(durationMs, Math.floor((scenario.maxRequests / arrivalRatePerSecond(executor)) * 1000));
  return {
    executor: 'constant-arrival-rate',
    rate: executor.rate,
    timeUnit: executor.timeUnit,
    duration: formatDuration(Math.max(1, cappedMs)),
    preAllocatedVUs: executor.preAllocatedVUs,
    maxVUs: executor.preAllocatedVUs,
    gracefulStop,
  };
}

export function k6OptionsFor(scenario: LoadScenario): Options {
  const thresholds: Record<string, string[]> = {};
  for (const [metric, expressions] of Object.entries(scenario.thresholds)) thresholds[metric] = [...expressions];
  const extra = thresholdPercentiles(scenario.thresholds)
    .map(percentileKey)
    .filter((key) => !(BASE_TREND_STATS as readonly string[]).includes(key));
  return {
    scenarios: { [scenario.name]: executorFor(scenario) },
    thresholds,
    summaryTrendStats: [...BASE_TREND_STATS, ...extra],
    discardResponseBodies: true,
  };
}
