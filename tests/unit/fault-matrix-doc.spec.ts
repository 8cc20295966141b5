import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { CRITERIA, type CriterionId } from '../../core/catalog.ts';
import { readProfileShape } from '../../core/profile/load-profile.ts';
import { DOC_COMMAND, DOC_PATH, renderFaultMatrixDoc, rowsCovering } from '../../scripts/fault-matrix-doc.ts';
import { FAULT_MATRIX, type FaultCase } from '../self/fault-matrix.ts';

const ROWS: readonly FaultCase[] = FAULT_MATRIX;
const TESTS_DIR = join(import.meta.dirname, '..');
/** The reference profile's own specs (its `specs.dir`) run in the integration phase (project integration:specs). */
const REFERENCE_PROFILE = resolve(import.meta.dirname, '../../reference-stack/profile.ts');
const referenceSpecs = readProfileShape(REFERENCE_PROFILE)?.specs?.dir;
const PHASE_DIRS: Readonly<Record<string, readonly string[]>> = {
  integration: referenceSpecs ? [resolve(REFERENCE_PROFILE, '..', referenceSpecs)] : [],
};

/**
 * `test('title', criterion('id'), ...)` (or `{ ...criterion('id'), tag }`) calls of a phase folder and of the
 * reference profile's specs of that phase; `${...}` in a template title matches anything.
 */
function declaredChecks(phase: string): { title: RegExp; criterion: string }[] {
  const dirs = [join(TESTS_DIR, phase), ...(PHASE_DIRS[phase] ?? [])].filter((dir) => existsSync(dir));
  const calls = /\btest\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1,\s*(?:\{\s*\.\.\.)?criterion\('([\w-]+)'\)/g;
  return dirs
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.spec.ts'))
        .map((f) => join(dir, f)),
    )
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(calls)])
    .map((m) => {
      const parts = (m[2] ?? '').split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
      return { title: new RegExp(`^${parts.join('.+')}$`), criterion: m[3] ?? '' };
    });
}

test('docs/FAULT-MATRIX.md is the generated rendering of the fault matrix data', async () => {
  const expected = await renderFaultMatrixDoc(ROWS);
  const actual = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '(missing)';
  expect(actual, `out of date: run \`${DOC_COMMAND}\``).toBe(expected);
});

test('every catalog criterion is exercised by at least one fault matrix case', () => {
  const uncovered = (Object.keys(CRITERIA) as CriterionId[]).filter((id) => rowsCovering(id, ROWS).length === 0);
  expect(uncovered, 'criteria without a row in tests/self/fault-matrix.ts').toEqual([]);
});

test('the generated document lists every catalog criterion', async () => {
  const doc = await renderFaultMatrixDoc(ROWS);
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
  expect(health.some((c) => c.title.test('health p95 latency over 20 probes is within the policy'))).toBe(true);
  expect(health.some((c) => c.title.test('health p95 latency over 20 probes is within the policy, or not'))).toBe(
    false,
  );
  const api = declaredChecks('api');
  expect(api.some((c) => c.title.test('protected routes answer 401 or 403 with a forged token within the limit'))).toBe(
    true,
  );
  const integration = declaredChecks('integration');
  expect(integration.some((c) => c.title.test("the profile's data invariants hold in PostgreSQL and Redis"))).toBe(
    true,
  );
  expect(
    integration.some((c) =>
      c.title.test('a media request flows through the API, PostgreSQL and the Redis cache, and is deleted'),
    ),
    "the reference profile's own specs",
  ).toBe(true);
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
