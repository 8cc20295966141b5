import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PHASES } from '../../core/catalog.ts';
import type { Decision, Evidence } from '../../core/evidence.ts';
import {
  appendHistory,
  deploymentAttempts,
  lastGoBaseline,
  readHistory,
  type HistoryEntry,
} from '../../core/history.ts';
import { historyEntry } from '../../reporters/decision/history-entry.ts';

const entry = (runId: string, verdict: HistoryEntry['verdict'], p95 = 100): HistoryEntry => ({
  runId,
  decidedAt: `2025-01-0${runId.length}T10:00:00.000Z`,
  verdict,
  target: 'reference',
  candidateVersion: '1.1.0',
  keyMeasurements: [{ name: 'rollback.duration', value: 40, unit: 's', samples: 1 }],
  perf: [{ name: 'perf.health.http_req_duration.p95', value: p95, unit: 'ms', samples: 500 }],
});

test('history: appends one line per run (creating folders) and reads them back, last N', () => {
  const file = test.info().outputPath('deep/folder/history.jsonl');
  appendHistory(file, entry('a', 'GO'));
  appendHistory(file, entry('bb', 'NO-GO'));
  appendHistory(file, entry('ccc', 'CONDITIONAL'));
  expect(readHistory(file).map((e) => e.runId)).toEqual(['a', 'bb', 'ccc']);
  expect(readHistory(file, 2).map((e) => e.verdict)).toEqual(['NO-GO', 'CONDITIONAL']);
  expect(readHistory(test.info().outputPath('none.jsonl'))).toEqual([]);
});

test('history: a corrupt file is set aside with a warning and history starts fresh', () => {
  const file = test.info().outputPath('history.jsonl');
  appendHistory(file, entry('a', 'GO'));
  writeFileSync(file, '{"runId": "a", "verdict": "GO"\n', { flag: 'a' });
  const warnings: string[] = [];
  expect(readHistory(file, undefined, { warn: (m) => warnings.push(m) })).toEqual([]);
  expect(existsSync(file)).toBe(false);
  const setAside = readdirSync(dirname(file)).filter((f) => f.startsWith('history.jsonl.corrupt-'));
  expect(setAside).toHaveLength(1);
  expect(warnings.join('\n')).toMatch(/line 2 is unreadable[\s\S]*set aside as .*history\.jsonl\.corrupt-/);
  // The next run appends to a fresh file.
  appendHistory(file, entry('bb', 'GO'));
  expect(readHistory(file).map((e) => e.runId)).toEqual(['bb']);
  expect(existsSync(join(dirname(file), setAside[0] ?? 'missing'))).toBe(true);
});

test('history: a line that is JSON but not an entry also counts as corrupt', () => {
  const file = test.info().outputPath('history.jsonl');
  writeFileSync(file, `${JSON.stringify({ runId: 'x', verdict: 'MAYBE' })}\n`);
  const warnings: string[] = [];
  expect(readHistory(file, undefined, { warn: (m) => warnings.push(m) })).toEqual([]);
  expect(warnings[0]).toMatch(/verdict/);
});

test('history: lastGoBaseline returns the measurements of the most recent GO run', () => {
  const file = test.info().outputPath('history.jsonl');
  expect(lastGoBaseline(file)).toBeNull();
  appendHistory(file, entry('a', 'GO', 110));
  appendHistory(file, entry('bb', 'GO', 120));
  appendHistory(file, entry('ccc', 'NO-GO', 900));
  const baseline = lastGoBaseline(file);
  expect(baseline).toMatchObject({ runId: 'bb', candidateVersion: '1.1.0' });
  expect(baseline?.measurements.find((m) => m.name === 'perf.health.http_req_duration.p95')?.value).toBe(120);
  expect(baseline?.measurements.map((m) => m.name)).toContain('rollback.duration');
});

test('history: a partial run is recorded but is no deployment attempt', () => {
  const run = (selectedPhases: Evidence['run']['selectedPhases']): Evidence => ({
    schemaVersion: 1,
    run: { id: 'r', startedAt: 'a', finishedAt: 'b', target: 'reference', runnerStatus: 'passed', selectedPhases },
    globalErrors: [],
    configIssues: [],
    checks: [],
  });
  const decision = {
    runId: 'r',
    decidedAt: 'b',
    verdict: 'NO-GO',
    target: 'reference',
    keyMeasurements: [],
  } as unknown as Decision;
  const partial = historyEntry(decision, run(['preflight', 'infra']));
  const complete = historyEntry(decision, run(PHASES.map((p) => p.id)));
  expect(partial.partial).toBe(true);
  expect(complete.partial).toBeUndefined();
  expect(deploymentAttempts([partial, complete])).toEqual([complete]);
});
