/**
 * k6 Trend statistics from raw latency samples, exact (no HDR rounding), plus a histogram for the chart.
 * Percentiles interpolate linearly between the closest ranks, as k6's sorted-values TrendSink did.
 */
import { type HistogramBucket, percentileKey, type TrendValues } from '../metrics.ts';

/** A growable Float64Array: a million samples cost 8 MB, not a million boxed numbers. */
export class SampleBuffer {
  private data = new Float64Array(1024);
  private size = 0;

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  /** A sorted copy of the samples. */
  sorted(): Float64Array {
    return this.data.slice(0, this.size).sort();
  }
}

/** Percentile `pct` (0..100) of ascending samples; 0 when empty, the only value when one. */
export function percentileOf(sorted: Float64Array, pct: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0] ?? 0;
  const rank = (pct / 100) * (n - 1);
  const low = sorted[Math.floor(rank)] ?? 0;
  const high = sorted[Math.ceil(rank)] ?? low;
  return low + (high - low) * (rank - Math.floor(rank));
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/** Trend values (ms) with p(90), p(95), p(99) always and every extra percentile asked for. */
export function trendFromSorted(sorted: Float64Array, extraPercentiles: readonly number[] = []): TrendValues {
  let sum = 0;
  for (const value of sorted) sum += value;
  const n = sorted.length;
  const trend: TrendValues = {
    avg: n === 0 ? 0 : round3(sum / n),
    min: round3(sorted[0] ?? 0),
    med: round3(percentileOf(sorted, 50)),
    max: round3(sorted[n - 1] ?? 0),
    'p(90)': round3(percentileOf(sorted, 90)),
    'p(95)': round3(percentileOf(sorted, 95)),
    'p(99)': round3(percentileOf(sorted, 99)),
    count: n,
  };
  for (const pct of extraPercentiles) trend[percentileKey(pct)] = round3(percentileOf(sorted, pct));
  return trend;
}

/**
 * Equal-width buckets from 0 to p99, plus one overflow bucket up to the max, so a single outlier
 * cannot squash the whole distribution into the first bar.
 */
export function histogramFromSorted(sorted: Float64Array, buckets = 20): HistogramBucket[] {
  const n = sorted.length;
  if (n === 0) return [];
  const max = sorted[n - 1] ?? 0;
  const top = Math.max(percentileOf(sorted, 99), Number.EPSILON);
  const width = top / buckets;
  const result: HistogramBucket[] = Array.from({ length: buckets }, (_, i) => ({
    fromMs: round3(i * width),
    toMs: round3((i + 1) * width),
    count: 0,
  }));
  const overflow: HistogramBucket = { fromMs: round3(top), toMs: round3(max), count: 0 };
  for (const value of sorted) {
    const bucket = value > top ? overflow : result[Math.min(buckets - 1, Math.floor(value / width))];
    if (bucket) bucket.count += 1;
  }
  if (overflow.count > 0) result.push(overflow);
  return result;
}
