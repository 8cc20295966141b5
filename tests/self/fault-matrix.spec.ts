import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { CRITERIA } from '../../core/catalog.ts';
import type { Evidence, Reason } from '../../core/evidence.ts';
import { FAULT_MATRIX, type FaultCase } from './fault-matrix.ts';
import { describeRun, runGate, type GateRun } from '../../harness/run-gate.ts';

// One gate run at a time: playwright.self.config.ts gives the self project a single worker (shared Docker, ports).
const STABILITY_RUNS = 5;

/** A run folder holding the row's files (env files next to the `.env.staging` runGate names). */
function runFolder(row: FaultCase): string {
  const dir = mkdtempSync(join(tmpdir(), 'staging-gate-fault-'));
  for (const [name, body] of Object.entries(row.fault.files ?? {})) writeFileSync(join(dir, name), body);
  return dir;
}

function failingCheckError(run: GateRun, title: string): string {
  const evidence = JSON.parse(run.read('staging-report/evidence.json')) as Evidence;
  return evidence.checks.find((c) => c.title === title)?.error ?? '';
}

const faults: readonly FaultCase[] = FAULT_MATRIX.filter((row) => row.expected.verdict !== 'GO');
const healthy = goCase();

function goCase(): FaultCase {
  const found = FAULT_MATRIX.find((row) => row.expected.verdict === 'GO');
  if (!found) throw new Error('tests/self/fault-matrix.ts has no GO case');
  return found;
}

for (const row of faults) {
  test(`${row.id}: ${row.fault.describe} -> ${row.expected.verdict} on ${row.expected.criterion}, caught by "${row.check}"`, async () => {
    const run = await runGate({ dir: runFolder(row), env: { ...row.fault.env } });
    const account = describeRun(run);
    const decision = run.decision;
    expect(decision?.verdict, account).toBe(row.expected.verdict);
    const reasons: Reason[] = decision?.reasons ?? [];
    const named = reasons.filter((r) => r.criterion === row.expected.criterion);
    expect(
      named.map((r) => r.check),
      `a ${row.expected.criterion} reason from "${row.check}"\n${account}`,
    ).toContain(row.check);
    for (const r of named.filter((n) => n.check === row.check)) expect(r.phase, account).toBe(row.phase);
    const messages = named.map((r) => r.message).join('\n');
    for (const word of row.expected.message) expect(messages, account).toContain(word);
    expect(messages.includes('\u001b['), `terminal colour codes in reason messages:\n${messages}`).toBe(false);
    if (row.expected.error) {
      const error = failingCheckError(run, row.check);
      for (const word of row.expected.error) expect(error, `error of "${row.check}"`).toContain(word);
    }
    if (row.expected.verdict === 'CONDITIONAL') {
      expect(
        reasons.filter((r) => r.effect === 'NO-GO'),
        account,
      ).toEqual([]);
      expect(run.exitCode, account).toBe(0);
    } else {
      expect(run.exitCode, account).toBe(1);
      // The declared GO criterion itself is reported as hit, not merely "not evaluated".
      if (CRITERIA[row.criterion].kind === 'GO') expect(decision?.criteria[row.criterion], account).toBe('hit');
    }
    rmSync(run.dir, { recursive: true, force: true });
  });
}

test(`${healthy.id}: the healthy reference stack gets GO in ${STABILITY_RUNS} consecutive runs, a 100 % success rate over one history`, async () => {
  test.setTimeout(STABILITY_RUNS * 6 * 60_000);
  const dir = mkdtempSync(join(tmpdir(), 'staging-gate-stability-'));
  for (let i = 1; i <= STABILITY_RUNS; i++) {
    const run = await runGate({ dir, env: { ...healthy.fault.env } });
    const account = `run ${i} of ${STABILITY_RUNS}: ${describeRun(run)}`;
    expect(run.decision?.verdict, account).toBe('GO');
    expect(run.decision?.reasons, account).toEqual([]);
    expect(run.exitCode, account).toBe(0);
    const notMet = Object.entries(run.decision?.criteria ?? {}).filter(([, status]) => status !== 'met');
    expect(notMet, account).toEqual([]);
    expect(run.decision?.successRate, account).toEqual({ runs: i, go: i, rate: 100, threshold: 95 });
  }
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n');
  expect(history, 'one history line per run').toHaveLength(STABILITY_RUNS);
  rmSync(dir, { recursive: true, force: true });
});
