import { expect, test } from '@playwright/test';
import type { NormalizedMetrics } from '../../load/metrics.ts';
import {
  evaluateThresholds,
  parseThreshold,
  thresholdProblems,
  thresholdVerdict,
  type ThresholdResult,
} from '../../load/engine/thresholds.ts';

function metrics(overrides: Partial<NormalizedMetrics> = {}): NormalizedMetrics {
  return {
    http_req_duration: {
      avg: 120,
      min: 10,
      med: 100,
      max: 900,
      'p(90)': 300,
      'p(95)': 450,
      'p(99)': 700,
      'p(99.9)': 850,
      count: 1000,
    },
    http_req_failed: { rate: 0.005, passes: 5, fails: 995 },
    http_reqs: { count: 1000, rate: 333.3 },
    checks: { rate: 0.995, passes: 995, fails: 5 },
    ...overrides,
  };
}

const EMPTY_TREND = { avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0, 'p(99)': 0, count: 0 };

function one(metric: string, expression: string, m = metrics()): ThresholdResult {
  const [result] = evaluateThresholds({ [metric]: [expression] }, m);
  if (!result) throw new Error('no result');
  return result;
}

test.describe('k6 threshold grammar', () => {
  const valid: [string, Partial<ReturnType<typeof parseThreshold>>][] = [
    ['p(95)<500', { aggregation: 'p', percentile: 95, key: 'p(95)', operator: '<', value: 500 }],
    ['p(99.9)<800', { aggregation: 'p', percentile: 99.9, key: 'p(99.9)', operator: '<', value: 800 }],
    ['rate<0.01', { aggregation: 'rate', operator: '<', value: 0.01 }],
    ['rate>0.99', { aggregation: 'rate', operator: '>', value: 0.99 }],
    ['count>=10', { aggregation: 'count', operator: '>=', value: 10 }],
    ['avg<200', { aggregation: 'avg', operator: '<', value: 200 }],
    ['med <= 150', { aggregation: 'med', operator: '<=', value: 150 }],
    ['max!=0', { aggregation: 'max', operator: '!=', value: 0 }],
    ['min==0', { aggregation: 'min', operator: '==', value: 0 }],
    ['rate===1', { aggregation: 'rate', operator: '===', value: 1 }],
    [' p( 90 ) > 1.5e2 ', { aggregation: 'p', percentile: 90, key: 'p(90)', operator: '>', value: 150 }],
  ];
  for (const [expression, expected] of valid) {
    test(`"${expression}" parses`, () => {
      expect(parseThreshold(expression)).toMatchObject(expected);
    });
  }

  const invalid: [string, RegExp][] = [
    ['p95<500', /unknown aggregation "p95".*p\(95\)/],
    ['p(95)500', /no comparison operator/],
    ['p(95)<abc', /right-hand side "abc" is not a number/],
    ['p(101)<5', /percentile "101" must be a number from 0 to 100/],
    ['p()<5', /percentile "" must be a number/],
    ['average<200', /unknown aggregation "average"/],
    ['<500', /unknown aggregation ""/],
  ];
  for (const [expression, message] of invalid) {
    test(`"${expression}" is rejected with a message naming it`, () => {
      expect(() => parseThreshold(expression, 'http_req_duration')).toThrow(message);
      expect(() => parseThreshold(expression, 'http_req_duration')).toThrow(`"${expression}" on http_req_duration`);
    });
  }
});

test.describe('threshold evaluation on normalized metrics', () => {
  test('p(95)<500 passes at 450 ms and fails at 612 ms', () => {
    expect(one('http_req_duration', 'p(95)<500')).toEqual({
      metric: 'http_req_duration',
      expression: 'p(95)<500',
      observed: 450,
      status: 'ok',
    });
    const slow = metrics({ http_req_duration: { ...metrics().http_req_duration, 'p(95)': 612 } });
    expect(one('http_req_duration', 'p(95)<500', slow)).toMatchObject({ status: 'failed', observed: 612 });
  });

  test('rate<0.01 and rate>0.99 read the rate of http_req_failed and checks', () => {
    expect(one('http_req_failed', 'rate<0.01')).toMatchObject({ status: 'ok', observed: 0.005 });
    expect(one('checks', 'rate>0.99')).toMatchObject({ status: 'ok', observed: 0.995 });
    const failing = metrics({ http_req_failed: { rate: 1, passes: 50, fails: 0 } });
    expect(one('http_req_failed', 'rate<0.01', failing)).toMatchObject({ status: 'failed', observed: 1 });
  });

  test('count>=10 and rate on a counter read http_reqs', () => {
    expect(one('http_reqs', 'count>=10')).toMatchObject({ status: 'ok', observed: 1000 });
    expect(one('http_reqs', 'rate>500')).toMatchObject({ status: 'failed', observed: 333.3 });
  });

  test('p(99.9)<800 and avg<200 use the matching values', () => {
    expect(one('http_req_duration', 'p(99.9)<800')).toMatchObject({ status: 'failed', observed: 850 });
    expect(one('http_req_duration', 'avg<200')).toMatchObject({ status: 'ok', observed: 120 });
  });

  test('a boundary value is judged by the operator exactly (< is strict, <= is not)', () => {
    expect(one('http_req_duration', 'p(95)<450').status).toBe('failed');
    expect(one('http_req_duration', 'p(95)<=450').status).toBe('ok');
  });

  test('a metric with no samples is not-evaluated, never ok', () => {
    const empty = metrics({
      http_req_duration: EMPTY_TREND,
      http_req_failed: { rate: 0, passes: 0, fails: 0 },
      http_reqs: { count: 0, rate: 0 },
      checks: { rate: 0, passes: 0, fails: 0 },
    });
    const results = evaluateThresholds(
      { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'], http_reqs: ['count>=0'] },
      empty,
    );
    expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'not-evaluated', 'not-evaluated']);
    expect(results[0]?.reason).toContain('no http_req_duration samples');
    expect(thresholdVerdict(results)).toBe('not-evaluated');
  });

  test('a percentile the engine did not report is not-evaluated', () => {
    const result = one('http_req_duration', 'p(97.5)<500');
    expect(result).toMatchObject({ status: 'not-evaluated', observed: null });
    expect(result.reason).toContain('p(97.5)');
  });

  test('aggregations the metric type lacks and unknown metrics are config errors', () => {
    expect(thresholdProblems({ http_req_duration: ['rate<0.01'] })).toEqual([
      expect.stringMatching(/http_req_duration is a trend metric; use avg, min, max, med or p\(N\)/),
    ]);
    expect(thresholdProblems({ http_req_failed: ['p(95)<1'] })[0]).toMatch(/rate metric; use rate/);
    expect(thresholdProblems({ http_req_waiting: ['p(95)<1'] })[0]).toMatch(/"http_req_waiting" is not measured/);
    expect(() => evaluateThresholds({ checks: ['p95<1'] }, metrics())).toThrow(/invalid load thresholds/);
  });

  test('verdict: any failure fails, otherwise not-evaluated blocks a pass', () => {
    const ok: ThresholdResult = { metric: 'checks', expression: 'rate>0.99', observed: 1, status: 'ok' };
    const failed: ThresholdResult = { ...ok, status: 'failed' };
    const skipped: ThresholdResult = { ...ok, observed: null, status: 'not-evaluated' };
    expect(thresholdVerdict([ok, ok])).toBe('pass');
    expect(thresholdVerdict([ok, skipped])).toBe('not-evaluated');
    expect(thresholdVerdict([skipped, failed])).toBe('fail');
    expect(thresholdVerdict([])).toBe('not-evaluated');
  });
});
