/**
 * p95 against the last GO baseline: only the ratio. The pass/warn limits (1.10 / 1.50 by default) belong to
 * the gate's policy, which grades this number.
 */

export type BaselineComparison =
  | { status: 'compared'; currentP95Ms: number; baselineP95Ms: number; ratio: number; summary: string }
  | { status: 'no-baseline'; currentP95Ms: number | null; summary: string }
  | { status: 'no-samples'; baselineP95Ms: number | null; summary: string };

const ms = (value: number) => `${Math.round(value * 10) / 10} ms`;

/**
 * @param currentP95Ms this run's p95, or null when the run recorded no latency samples
 * @param baselineP95Ms the baseline's p95, or null/undefined when there is none
 */
export function compareToBaseline(
  currentP95Ms: number | null,
  baselineP95Ms: number | null | undefined,
): BaselineComparison {
  const baseline = baselineP95Ms ?? null;
  if (currentP95Ms === null || !Number.isFinite(currentP95Ms)) {
    return { status: 'no-samples', baselineP95Ms: baseline, summary: 'no latency samples in this run: p95 unknown' };
  }
  // A zero or negative baseline cannot be a denominator; it is as good as none.
  if (baseline === null || !Number.isFinite(baseline) || baseline <= 0) {
    const summary = `no baseline: p95 ${ms(currentP95Ms)} recorded as the first comparable value`;
    return { status: 'no-baseline', currentP95Ms, summary };
  }
  const ratio = Math.round((currentP95Ms / baseline) * 1000) / 1000;
  const summary = `p95 ${ms(currentP95Ms)} vs baseline ${ms(baseline)}: ratio ${ratio}`;
  return { status: 'compared', currentP95Ms, baselineP95Ms: baseline, ratio, summary };
}
