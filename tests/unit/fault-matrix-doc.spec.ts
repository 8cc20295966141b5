import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CRITERIA, type CriterionId } from '../../core/catalog.ts';
import { phaseOfProject } from '../../core/phase-graph.ts';
import { DOC_COMMAND, DOC_PATH, renderFaultMatrixDoc, rowsCovering } from '../../scripts/fault-matrix-doc.ts';
import { FAULT_MATRIX, type FaultCase } from '../self/fault-matrix.ts';

const ROWS: readonly FaultCase[] = FAULT_MATRIX;
interface ListedCheck {
  title: string;
  phase: string;
  criterion: string | null;
}

interface JsonSuite {
  specs?: { title: string; tags: string[]; tests: { projectName: string }[] }[];
  suites?: JsonSuite[];
}

let listed: ListedCheck[] | null = null;
/**
 * The gate's checks as Playwright itself lists them (`playwright test --list --reporter=json`), with the
 * phase of their project and the criterion of their tag: no regular expression over spec sources.
 */
function listedChecks(): ListedCheck[] {
  if (listed) return listed;
  const run = spawnSync(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--list', '--reporter=json', '--project=staging'],
    { encoding: 'utf8', env: { ...process.env, STAGING_TARGET: 'reference', CI: '' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(run.stdout) as { suites: JsonSuite[] };
  const walk = (suite: JsonSuite): ListedCheck[] => [
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests.map((t) => ({
        title: spec.title,
        phase: phaseOfProject(t.projectName),
        criterion: spec.tags.map((tag) => tag.replace(/^@/, '')).find((tag) => tag in CRITERIA) ?? null,
      })),
    ),
    ...(suite.suites ?? []).flatMap(walk),
  ];
  listed = report.suites.flatMap(walk);
  return listed;
}

const declaredChecks = (phase: string) => listedChecks().filter((c) => c.phase === phase);

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
    (row) => !declaredChecks(row.phase).some((c) => c.title === row.check && c.criterion === row.criterion),
  ).map((row) => `${row.id}: no check "${row.check}" with criterion('${row.criterion}') in tests/${row.phase}`);
  expect(mismatched).toEqual([]);
});

test('the listing finds the checks of each phase with their criterion, team specs included', () => {
  const has = (phase: string, title: string) => declaredChecks(phase).some((c) => c.title === title);
  expect(has('health', 'health p95 latency over 20 probes is within the policy')).toBe(true);
  expect(has('api', 'protected routes answer 401 or 403 with a forged token within the limit')).toBe(true);
  expect(has('integration', "the profile's data invariants hold in PostgreSQL and Redis")).toBe(true);
  expect(
    has('integration', 'a media request flows through the API, PostgreSQL and the Redis cache, and is deleted'),
    "the reference profile's own specs (project integration:specs)",
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
