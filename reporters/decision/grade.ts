import type { Measurement } from '../../core/evidence.ts';
import type { Objective } from './policy.ts';

/** pass: within `pass`; warn: between `pass` and `warn`; fail: beyond `warn`; not-evaluated: no samples behind it. */
export type Grade = 'pass' | 'warn' | 'fail' | 'not-evaluated';

export function grade(m: Measurement, o: Objective): Grade {
  if (m.samples === 0 || !Number.isFinite(m.value)) return 'not-evaluated';
  if (within(m.value, o.pass, o)) return 'pass';
  return within(m.value, o.warn, o) ? 'warn' : 'fail';
}

// Not a closure made on every grade() call: decide() grades every measurement of the run.
function within(value: number, limit: number, o: Objective): boolean {
  return o.direction === 'lower-is-better' ? value <= limit : value >= limit;
}

export function formatMeasured(m: Measurement): string {
  if (m.samples === 0) return 'not measured (0 samples)';
  const samples = m.samples === undefined || m.samples === 1 ? '' : ` over ${m.samples} samples`;
  return `${formatNumber(m.value)} ${m.unit}${samples}`;
}

export function formatThreshold(o: Objective, unit?: string): string {
  const op = o.direction === 'lower-is-better' ? '<=' : '>=';
  const u = unit ?? o.unit ?? '';
  return `pass ${op} ${formatNumber(o.pass)}${u ? ` ${u}` : ''}, warn ${op} ${formatNumber(o.warn)}${u ? ` ${u}` : ''}`;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}
