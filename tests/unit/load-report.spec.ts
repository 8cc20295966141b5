import { expect, test } from '@playwright/test';
import { compareToBaseline } from '../../load/engine/baseline.ts';
import { niceCeiling, renderLatencyChart } from '../../load/engine/latency-chart.ts';
import { histogramFromSorted, percentileOf, trendFromSorted } from '../../load/engine/trend-stats.ts';
import { type LoadSummary, percentileLadder } from '../../load/metrics.ts';

function summaryFrom(samples: number[], scenario = 'health'): LoadSummary {
  const sorted = Float64Array.from(samples).sort();
  const trend = trendFromSorted(sorted);
  const n = samples.length;
  return {
    engine: 'autocannon',
    scenario,
    durationMs: 3000,
    metrics: {
      http_req_duration: trend,
      http_req_failed: { rate: 0, passes: 0, fails: n },
      http_reqs: { count: n, rate: n / 3 },
      checks: { rate: n === 0 ? 0 : 1, passes: n, fails: 0 },
    },
    latency: { percentiles: percentileLadder(trend), histogram: histogramFromSorted(sorted) },
  };
}

/** Well-formedness basics without an XML library: every element closes, in order, and the root is one <svg>. */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    if (closing) expect(stack.pop(), `</${name}> closes the open element`).toBe(name);
    else if (!selfClosing) stack.push(name ?? '');
  }
  expect(stack).toEqual([]);
}

const samples = Array.from({ length: 1000 }, (_, i) => 1 + (i % 100) / 10 + (i === 999 ? 400 : 0));

test('percentiles interpolate between closest ranks like k6', () => {
  const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(percentileOf(sorted, 50)).toBe(5.5);
  expect(percentileOf(sorted, 95)).toBeCloseTo(9.55, 10);
  expect(percentileOf(sorted, 100)).toBe(10);
  expect(percentileOf(Float64Array.from([7]), 99)).toBe(7);
  expect(percentileOf(new Float64Array(0), 99)).toBe(0);
});

test('the percentile chart is a self-contained 640x320 SVG titled with scenario and engine', () => {
  const svg = renderLatencyChart(summaryFrom(samples));
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  assertBalanced(svg);
  expect(svg).toContain('<title>health: latency (autocannon)</title>');
  for (const label of ['p50', 'p90', 'p95', 'p99', 'max']) expect(svg).toContain(`>${label}</text>`);
  expect(svg).not.toMatch(/<script|href=|url\(|@import|@font-face/);
  expect(svg.match(/<rect /g)).toHaveLength(1 + 5);
});

test('the histogram chart draws one bar per bucket and counts every sample', () => {
  const summary = summaryFrom(samples);
  const svg = renderLatencyChart(summary, { kind: 'histogram' });
  assertBalanced(svg);
  const buckets = summary.latency.histogram ?? [];
  expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(1000);
  expect(svg.match(/<rect /g)).toHaveLength(1 + buckets.length);
  expect(svg).toContain('latency bucket start (ms)');
});

test('names are escaped and an empty run says so instead of drawing bars', () => {
  const svg = renderLatencyChart(summaryFrom([], 'a<b>&"c'));
  assertBalanced(svg);
  expect(svg).toContain('a&#60;b&#62;&#38;&#34;c: latency');
  expect(svg).toContain('no latency samples');
  expect(svg.match(/<rect /g)).toHaveLength(1);
});

test('axis tops are 1, 2 or 5 times a power of ten', () => {
  expect([0.7, 3, 7.2, 12, 480, 501].map(niceCeiling)).toEqual([1, 5, 10, 20, 500, 1000]);
});

test('baseline comparison gives the p95 ratio, or says there is no baseline', () => {
  expect(compareToBaseline(110, 100)).toMatchObject({ status: 'compared', ratio: 1.1 });
  expect(compareToBaseline(160, 100)).toMatchObject({ status: 'compared', ratio: 1.6, currentP95Ms: 160 });
  expect(compareToBaseline(42, undefined)).toMatchObject({ status: 'no-baseline', currentP95Ms: 42 });
  expect(compareToBaseline(42, 0).status).toBe('no-baseline');
  expect(compareToBaseline(null, 100)).toMatchObject({ status: 'no-samples', baselineP95Ms: 100 });
  expect(compareToBaseline(55.55, 50).summary).toBe('p95 55.6 ms vs baseline 50 ms: ratio 1.111');
});
