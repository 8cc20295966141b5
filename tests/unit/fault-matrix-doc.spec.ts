import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CRITERIA, type CriterionId } from '../../core/catalog.ts';
import { DOC_PATH, renderFaultMatrixDoc, rowsCovering } from '../../scripts/fault-matrix-doc.ts';
import { FAULT_MATRIX, type FaultCase } from '../self/fault-matrix.ts';

const ROWS: readonly FaultCase[] = FAULT_MATRIX;
const TESTS_DIR = join(import.meta.dirname, '..');

/** `test('title', criterion('id'), ...)` calls of a phase folder; `${...}` in a template title matches anything. */
function declaredChecks(phase: string): { title: RegExp; criterion: string }[] {
  const dir = join(TESTS_DIR, phase);
  if (!existsSync(dir)) return [];
  const calls = /\btest\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1,\s*criterion\('([\w-]+)'\)/g;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.spec.ts'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(calls)])
    .map((m) => {
      const parts = (m[2] ?? '').split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
      return { title: new RegExp(`^${parts.join('.+')}$`), criterion: m[3] ?? '' };
    });
}

test('docs/FAULT-MATRIX.md is the generated rendering of the fault matrix data', async () => {
  const expected = await renderFaultMatrixDoc();
  const actual = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '(missing)';
  expect(actual, 'out of date: run `npx tsx scripts/fault-matrix-doc.ts > docs/FAULT-MATRIX.md`').toBe(expected);
});

test('every catalog criterion is exercised by at least one fault matrix case', () => {
  const uncovered = (Object.keys(CRITERIA) as CriterionId[]).filter((id) => rowsCovering(id, ROWS).length === 0);
  expect(uncovered, 'criteria without a row in tests/self/fault-matrix.ts').toEqual([]);
});

test('the generated document lists every catalog criterion', async () => {
  const doc = await renderFaultMatrixDoc();
  const missing = Object.keys(CRITERIA).filter((id) => !doc.includes(`| \`${id}\``));
  expect(missing).toEqual([]);
  expect(doc).not.toContain('**no case**');
});

test('case ids are unique and the single GO case comes last (the stability test runs it)', () => {
  const ids = ROWS.map((r) => r.id);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  expect(ROWS.filter((r) => r.expected.verdict === 'GO').map((r) => r.id)).toEqual([ROWS.at(-1)?.id]);
});

test('every case names a check of its phase that declares the case criterion', () => {
  const mismatched = ROWS.filter(
    (row) => !declaredChecks(row.phase).some((c) => c.title.test(row.check) && c.criterion === row.criterion),
  ).map((row) => `${row.id}: no check "${row.check}" with criterion('${row.criterion}') in tests/${row.phase}`);
  expect(mismatched).toEqual([]);
});

test('the check title scan finds the checks it is given, template titles included', () => {
  const health = declaredChecks('health');
  expect(health.some((c) => c.title.test('health p95 latency over 20 probes is under 500 ms'))).toBe(true);
  expect(health.some((c) => c.title.test('health p95 latency over 20 probes is under 500 ms, or not'))).toBe(false);
  expect(declaredChecks('no-such-phase')).toEqual([]);
});

test('CONDITIONAL cases expect a CONDITIONAL criterion and NO-GO cases a blocking one', () => {
  const wrong = ROWS.filter((row) => {
    const kind = CRITERIA[row.expected.criterion].kind;
    if (row.expected.verdict === 'CONDITIONAL') return kind !== 'CONDITIONAL';
    if (row.expected.verdict === 'NO-GO') return kind === 'CONDITIONAL';
    return false;
  }).map((row) => `${row.id}: ${row.expected.verdict} on ${row.expected.criterion}`);
  expect(wrong).toEqual([]);
});
