/**
 * The one evaluator of k6 threshold expressions (`aggregation operator value`, e.g. `p(95)<500`) over normalized
 * metrics, for either engine. Grammar and scan order follow k6's metrics/thresholds_parser.go.
 */
import { METRIC_KINDS, type MetricKind, type MetricName, type NormalizedMetrics, percentileKey } from '../metrics.ts';
import { LoadError } from './load-error.ts';

export type Aggregation = 'avg' | 'min' | 'max' | 'med' | 'p' | 'rate' | 'count' | 'value';
export type ThresholdOperator = '<=' | '<' | '>=' | '>' | '===' | '==' | '!=';

export interface ParsedThreshold {
  expression: string;
  aggregation: Aggregation;
  /** Set for `p(N)`: N in 0..100. */
  percentile?: number;
  /** The metric value key it reads: 'p(95)', 'rate', 'count'... */
  key: string;
  operator: ThresholdOperator;
  value: number;
}

export type ThresholdStatus = 'ok' | 'failed' | 'not-evaluated';

export interface ThresholdResult {
  metric: string;
  expression: string;
  /** The measured value the expression was applied to; null when not evaluated. */
  observed: number | null;
  status: ThresholdStatus;
  /** Why it failed or could not be evaluated, with the measured value. */
  reason?: string;
}

// Longer tokens first so '<=' is not read as '<' (k6 scans in the same order).
const OPERATORS: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const KEYWORDS: readonly Aggregation[] = ['value', 'count', 'rate', 'avg', 'min', 'med', 'max'];
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ALLOWED: Readonly<Record<MetricKind, readonly Aggregation[]>> = {
  trend: ['avg', 'min', 'max', 'med', 'p'],
  rate: ['rate'],
  counter: ['count', 'rate'],
};
const ALLOWED_TEXT: Readonly<Record<MetricKind, string>> = {
  trend: 'avg, min, max, med or p(N), e.g. p(95)<500',
  rate: 'rate, e.g. rate<0.01',
  counter: 'count or rate, e.g. count>=10',
};

function where(expression: string, metric: string | undefined): string {
  return metric ? `threshold "${expression}" on ${metric}` : `threshold "${expression}"`;
}

/** Parses one expression; throws a LoadError that quotes it and says what a valid one looks like. */
export function parseThreshold(expression: string, metric?: string): ParsedThreshold {
  const at = where(expression, metric);
  const operator = OPERATORS.find((op) => expression.includes(op));
  if (!operator) {
    throw new LoadError(`${at}: no comparison operator; expected <, <=, >, >=, ==, != as in p(95)<500`);
  }
  const cut = expression.indexOf(operator);
  const left = expression.slice(0, cut).trim();
  const right = expression.slice(cut + operator.length).trim();
  if (!NUMBER.test(right)) {
    throw new LoadError(`${at}: right-hand side "${right}" is not a number`);
  }
  const value = Number(right);
  const keyword = KEYWORDS.find((k) => k === left);
  if (keyword) return { expression, aggregation: keyword, key: keyword, operator, value };
  const percentile = /^p\((.*)\)$/.exec(left);
  if (!percentile) {
    throw new LoadError(
      `${at}: unknown aggregation "${left}"; expected avg, min, max, med, p(N), rate, count or value (p95 is written p(95))`,
    );
  }
  const inner = (percentile[1] ?? '').trim();
  const n = Number(inner);
  if (!NUMBER.test(inner) || n < 0 || n > 100) {
    throw new LoadError(`${at}: percentile "${inner}" must be a number from 0 to 100, as in p(99.9)`);
  }
  return { expression, aggregation: 'p', percentile: n, key: percentileKey(n), operator, value };
}

function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRIC_KINDS, name);
}

/** Every problem in a threshold map (syntax, unknown metric, aggregation the metric type lacks), one line each. */
export function thresholdProblems(thresholds: Readonly<Record<string, readonly string[]>>): string[] {
  const problems: string[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    if (!isMetricName(metric)) {
      const known = Object.keys(METRIC_KINDS).join(', ');
      problems.push(`threshold metric "${metric}" is not measured by staging-gate; use one of ${known}`);
      continue;
    }
    const kind = METRIC_KINDS[metric];
    for (const expression of expressions) {
      try {
        const parsed = parseThreshold(expression, metric);
        if (!ALLOWED[kind].includes(parsed.aggregation)) {
          problems.push(
            `${where(expression, metric)}: ${metric} is a ${kind} metric; use ${ALLOWED_TEXT[kind]} (not ${parsed.aggregation})`,
          );
        }
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  return problems;
}

function compare(observed: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<':
      return observed < value;
    case '<=':
      return observed <= value;
    case '>':
      return observed > value;
    case '>=':
      return observed >= value;
    case '==':
    case '===':
      return observed === value;
    case '!=':
      return observed !== value;
  }
}

function sampleCount(metrics: NormalizedMetrics, metric: MetricName): number {
  switch (METRIC_KINDS[metric]) {
    case 'trend':
      return metrics.http_req_duration.count;
    case 'counter':
      return metrics.http_reqs.count;
    case 'rate': {
      const values = metric === 'checks' ? metrics.checks : metrics.http_req_failed;
      return values.passes + values.fails;
    }
  }
}

function observedValue(metrics: NormalizedMetrics, metric: MetricName, key: string): number | undefined {
  const values: Readonly<Record<string, number>> = { ...metrics[metric] };
  return values[key];
}

/**
 * Applies every threshold to the metrics. Invalid expressions throw (a config error, like k6's exit 104);
 * a metric with no samples, or a percentile the engine did not report, is `not-evaluated`, never `ok`.
 */
export function evaluateThresholds(
  thresholds: Readonly<Record<string, readonly string[]>>,
  metrics: NormalizedMetrics,
): ThresholdResult[] {
  const problems = thresholdProblems(thresholds);
  if (problems.length > 0) throw new LoadError(`invalid load thresholds:\n- ${problems.join('\n- ')}`);
  const results: ThresholdResult[] = [];
  for (const [metric, expressions] of Object.entries(thresholds)) {
    if (!isMetricName(metric)) continue;
    for (const expression of expressions) {
      const parsed = parseThreshold(expression, metric);
      if (sampleCount(metrics, metric) === 0) {
        const reason = `no ${metric} samples were recorded, so "${expression}" cannot be judged`;
        results.push({ metric, expression, observed: null, status: 'not-evaluated', reason });
        continue;
      }
      const observed = observedValue(metrics, metric, parsed.key);
      if (observed === undefined || !Number.isFinite(observed)) {
        const reason = `the engine reported no ${parsed.key} for ${metric}`;
        results.push({ metric, expression, observed: null, status: 'not-evaluated', reason });
        continue;
      }
      const ok = compare(observed, parsed.operator, parsed.value);
      results.push(
        ok
          ? { metric, expression, observed, status: 'ok' }
          : { metric, expression, observed, status: 'failed', reason: `${metric} ${parsed.key} was ${observed}` },
      );
    }
  }
  return results;
}

export type ThresholdVerdict = 'pass' | 'fail' | 'not-evaluated';

/** Any failure fails; otherwise anything not evaluated keeps it from passing (fail closed). */
export function thresholdVerdict(results: readonly ThresholdResult[]): ThresholdVerdict {
  if (results.some((r) => r.status === 'failed')) return 'fail';
  if (results.length === 0 || results.some((r) => r.status === 'not-evaluated')) return 'not-evaluated';
  return 'pass';
}
