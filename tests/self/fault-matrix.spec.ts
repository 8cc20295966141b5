import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../../harness/self-test.ts';
import { expect } from '../../harness/expect-decision.ts';
import { CRITERIA } from '../../core/catalog.ts';
import type { Evidence, Reason } from '../../core/evidence.ts';
import { FAULT_MATRIX, type FaultCase } from './fault-matrix.ts';
import { describeRun, runGate, type GateRun } from '../../harness/run-gate.ts';
import { SharedReferenceStack, splitFaultEnv, type FaultChange } from './shared-reference-stack.ts';
import { stackPerWorker } from './stack-per-worker.ts';

// Rows are independent gate runs: they spread over the parallel workers, each worker on its own ports.
test.describe.configure({ mode: 'parallel' });
const STABILITY_RUNS = 5;

/** The test's folder, holding the row's files (env files next to the `.env.staging` runGate names). */
function runFolder(row: FaultCase, dir: string): string {
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

const rowTitle = (row: FaultCase) =>
  `${row.id}: ${row.fault.describe} -> ${row.expected.verdict} on ${row.expected.criterion}, caught by "${row.check}"`;

/** What a fault row's run must have decided, whichever stack it ran against. */
function expectRowDecision(row: FaultCase, run: GateRun): void {
  const account = describeRun(run);
  const decision = run.decision;
  const reasons: Reason[] = decision?.reasons ?? [];
  expect(run).toDecide({
    verdict: row.expected.verdict,
    criterion: row.expected.criterion,
    check: row.check,
    phase: row.phase,
  });
  // The words may be spread over several reasons of the criterion (a failure and its outage, say).
  const named = reasons
    .filter((r) => r.criterion === row.expected.criterion)
    .map((r) => r.message)
    .join('\n');
  for (const word of row.expected.message) expect(named, account).toContain(word);
  if (row.expected.error) {
    const error = failingCheckError(run, row.check);
    for (const word of row.expected.error) expect(error, `error of "${row.check}"`).toContain(word);
  }
  if (row.expected.verdict === 'CONDITIONAL') {
    expect(
      reasons.filter((r) => r.effect === 'NO-GO'),
      account,
    ).toEqual([]);
  } else {
    // The declared GO criterion itself is reported as hit, not merely "not evaluated".
    if (CRITERIA[row.criterion].kind === 'GO') expect(decision?.criteria[row.criterion], account).toBe('hit');
  }
}

/** A clean GO: no reason, exit 0, every criterion met, and the success rate over `runs` runs of one history. */
function expectCleanGo(run: GateRun, runs: number, account: string): void {
  expect(run.decision?.verdict, account).toBe('GO');
  expect(run.decision?.reasons, account).toEqual([]);
  expect(run.exitCode, account).toBe(0);
  const notMet = Object.entries(run.decision?.criteria ?? {}).filter(([, status]) => status !== 'met');
  expect(notMet, account).toEqual([]);
  expect(run.decision?.successRate, account).toEqual({ runs, go: runs, rate: 100, threshold: 95 });
}

test.describe('shared reference stack: one per worker, faults switched on its control port, the gate as an external target', () => {
  test.describe.configure({ mode: 'parallel' });
  const sharedStack = stackPerWorker(test, () => SharedReferenceStack.start());

  /** One external gate run with `change` on both control ports, its log captured from just before the change. */
  async function runShared(change: FaultChange, gateEnv: Record<string, string>, dir: string): Promise<GateRun> {
    const shared = sharedStack();
    await shared.reset();
    const logs = shared.captureLogs(dir);
    try {
      await shared.setFaults(change);
      // The deployed stack logs its first fatal line at startup; here the 5 s timer must have ticked once
      // (the gate reads the log file whole, so one line written before its health phase is what it needs).
      if (change.faults.includes('fatal-log')) {
        await expect
          .poll(() => readFileSync(logs.file, 'utf8'), { message: 'a fatal line in the captured log', timeout: 15_000 })
          .toContain('"level":"fatal"');
      }
      return await runGate({ dir, env: { ...shared.gateEnv(dir, logs.file), ...gateEnv } });
    } finally {
      await logs.stop();
    }
  }

  for (const row of faults.filter((r) => r.stack === 'shared')) {
    test(rowTitle(row), async ({ tempDir }) => {
      const { change, gateEnv } = splitFaultEnv(row.fault.env);
      if (row.fault.kind === 'switch')
        expect(change.faults, 'a shared switch row switches at least one fault').not.toEqual([]);
      const run = await runShared(change, gateEnv, runFolder(row, tempDir));
      expectRowDecision(row, run);
    });
  }

  test('shared-healthy: no fault on the shared stack -> GO, so its set-up (control port, log file, external run) adds nothing', async ({
    tempDir,
  }) => {
    const run = await runShared({ faults: [] }, {}, tempDir);
    expectCleanGo(run, 1, describeRun(run));
  });
});

for (const row of faults.filter((r) => r.stack === 'deployed')) {
  test(rowTitle(row), async ({ tempDir }) => {
    const run = await runGate({ dir: runFolder(row, tempDir), env: { ...row.fault.env } });
    expectRowDecision(row, run);
  });
}

test(`${healthy.id}: the healthy reference stack gets GO in ${STABILITY_RUNS} consecutive runs, a 100 % success rate over one history`, async ({
  tempDir: dir,
}) => {
  test.setTimeout(STABILITY_RUNS * 6 * 60_000);
  for (let i = 1; i <= STABILITY_RUNS; i++) {
    const run = await runGate({ dir, env: { ...healthy.fault.env } });
    expectCleanGo(run, i, `run ${i} of ${STABILITY_RUNS}: ${describeRun(run)}`);
  }
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n');
  expect(history, 'one history line per run').toHaveLength(STABILITY_RUNS);
});
