import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, expect } from '@playwright/test';
import type { CriterionId, Verdict } from '../../core/catalog.ts';
import type { Reason } from '../../core/evidence.ts';
import { describeRun, runGate, type GateRun } from '../../harness/run-gate.ts';
import { ORDERS_PORT_BASE, ORDERS_PROFILE_FILE, OrdersStack, ordersPorts } from './orders-stack.ts';
import { stackPerWorker, upOrRemove } from './stack-per-worker.ts';

/**
 * The gate is application-agnostic: the orders sample app (sample-apps/orders), described only by
 * its profile (sample-apps/orders/profile.yaml), is validated as an external target with its fault
 * switches flipped on the control port, and deployed by the gate itself as a reference target.
 * One stack for every external row (beforeAll / afterAll); a failing row never skips the others.
 */

/** A reason the decision must contain: its criterion, the check that raised it, words of its message. */
interface ExpectedReason {
  readonly criterion?: CriterionId;
  /** Matches the reason's check title. */
  readonly check?: RegExp;
  readonly words?: readonly string[];
}

export interface OrdersFaultRow {
  readonly id: string;
  /** Fault switches of the orders app (sample-apps/orders/README.md "Faults") active during the run. */
  readonly faults: readonly string[];
  /** Extra gate variables for this run. */
  readonly env?: Readonly<Record<string, string>>;
  readonly verdict: Verdict;
  /** Each must be matched by at least one reason of the decision. */
  readonly reasons: readonly ExpectedReason[];
  /** Criteria no reason may name: what the fault is not. */
  readonly absent?: readonly CriterionId[];
}

export const ORDERS_FAULT_ROWS: readonly OrdersFaultRow[] = [
  { id: 'healthy', faults: [], verdict: 'GO', reasons: [] },
  {
    id: 'dependency-down-200',
    faults: ['dependency-down-200'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'service-unhealthy', words: ['reports a dependency down'] }],
  },
  {
    id: 'hang-protected',
    faults: ['hang-protected'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'critical-security-vulnerability', words: ['no answer within'] }],
  },
  {
    id: 'cors-reflect',
    faults: ['cors-reflect'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'critical-security-vulnerability', check: /cors/i }],
  },
  {
    id: 'metrics-open',
    faults: ['metrics-open'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'critical-security-vulnerability', check: /metrics/i }],
  },
  {
    id: 'slow-list',
    faults: ['slow-list'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'performance-significantly-degraded' }],
  },
  {
    id: 'fatal-log',
    faults: ['fatal-log'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'service-unhealthy', words: ['critical log line'] }],
  },
  {
    id: 'wrong-version',
    faults: ['wrong-version'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'service-unhealthy', words: ['2.3.9'] }],
  },
  {
    id: 'schema-violation',
    faults: ['schema-violation'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'integration-tests-failing', words: ['does not match'] }],
  },
  { id: 'malformed-500', faults: ['malformed-500'], verdict: 'NO-GO', reasons: [{ words: ['answered 500'] }] },
  {
    id: 'crash-on-foreign-origin',
    faults: ['crash-on-foreign-origin'],
    verdict: 'NO-GO',
    // The CORS probe's 500 and the crash after it: one reason each, both from the CORS check.
    reasons: [
      { criterion: 'service-unhealthy', check: /cors/i, words: ['stopped answering'] },
      { check: /cors/i, words: ['answered 500'] },
    ],
  },
  {
    id: 'crash-on-malformed',
    faults: ['crash-on-malformed'],
    verdict: 'NO-GO',
    reasons: [{ criterion: 'service-unhealthy' }],
  },
  { id: 'rate-limit-all', faults: ['rate-limit-all'], verdict: 'NO-GO', reasons: [{ words: ['429'] }] },
  {
    id: 'plain-401',
    faults: ['plain-401'],
    verdict: 'NO-GO',
    // Still refused, only in the wrong shape: a broken contract, not a vulnerability.
    reasons: [
      {
        criterion: 'integration-tests-failing',
        check: /documented error shape \(routes\.errorSchema\)/,
        words: ['401 body of GET', 'does not match'],
      },
    ],
    absent: ['critical-security-vulnerability'],
  },
  {
    id: 'keep-going-three-faults',
    faults: ['hang-protected', 'crash-on-foreign-origin', 'crash-on-malformed'],
    env: { STAGING_KEEP_GOING: 'true' },
    verdict: 'NO-GO',
    reasons: [
      { criterion: 'critical-security-vulnerability', words: ['no answer within'] },
      { criterion: 'service-unhealthy', check: /cors/i, words: ['stopped answering'] },
      { check: /cors/i, words: ['answered 500'] },
      { criterion: 'service-unhealthy', check: /malformed|json/i },
    ],
  },
];

const GATE_TIMEOUT_MS = 5 * 60_000;

function matches(reason: Reason, want: ExpectedReason): boolean {
  if (want.criterion && reason.criterion !== want.criterion) return false;
  if (want.check && !want.check.test(reason.check ?? '')) return false;
  return (want.words ?? []).every((w) => reason.message.includes(w));
}

function describeWant(want: ExpectedReason): string {
  return [
    want.criterion ?? 'any criterion',
    want.check ? `check ${want.check}` : '',
    ...(want.words ?? []).map((w) => `"${w}"`),
  ]
    .filter(Boolean)
    .join(', ');
}

/** One line per run on the console: the rows' outcome without opening the HTML report. */
function summarize(id: string, run: GateRun): string {
  // run.dir stays on disk when the row fails.
  const reasons = (run.decision?.reasons ?? []).map(
    (r) => `    ${r.criterion} [${r.check}]: ${r.message.split('\n')[0]}`,
  );
  return [
    `[orders ${id}] exit ${run.exitCode}, ${run.seconds.toFixed(0)} s, ${run.decision?.verdict ?? 'no decision'} (${run.dir})`,
    ...reasons,
  ].join('\n');
}

async function assertDecision(row: OrdersFaultRow, run: GateRun): Promise<void> {
  const account = describeRun(run);
  expect(run.decision?.verdict, account).toBe(row.verdict);
  const reasons = run.decision?.reasons ?? [];
  if (row.verdict === 'GO') {
    expect(reasons, account).toEqual([]);
    expect(run.exitCode, account).toBe(0);
    return;
  }
  expect(run.exitCode, account).toBe(1);
  for (const want of row.reasons) {
    expect(
      reasons.some((r) => matches(r, want)),
      `a reason with ${describeWant(want)}\n${account}`,
    ).toBe(true);
  }
  for (const criterion of row.absent ?? []) {
    expect(
      reasons.filter((r) => r.criterion === criterion),
      `no reason with ${criterion}\n${account}`,
    ).toEqual([]);
  }
}

test.describe('orders sample app as an external target, one stack, fault switches on its control port', () => {
  // Rows spread over the workers: each worker starts its own stack (its own ports) and switches faults on it.
  test.describe.configure({ mode: 'parallel' });
  const ordersStack = stackPerWorker(test, async () => upOrRemove(await OrdersStack.create()));

  for (const row of ORDERS_FAULT_ROWS) {
    const faults = row.faults.length ? row.faults.join(' + ') : 'no fault';
    test(`${row.id}: ${faults} -> ${row.verdict}`, async ({}, testInfo) => {
      test.setTimeout(GATE_TIMEOUT_MS + 2 * 60_000);
      const stack = ordersStack();
      await stack.reset();
      const active = await stack.setFaults(row.faults);
      expect([...active].sort()).toEqual([...row.faults].sort());
      // fatal-log writes its line every 2 s: the log the gate reads has one before the run starts.
      if (row.faults.includes('fatal-log')) await sleep(2_500);
      const dir = mkdtempSync(join(tmpdir(), `staging-gate-orders-${row.id}-`));
      const logs = stack.captureLogs(join(dir, 'api.log'));
      let run: GateRun;
      try {
        run = await runGate({
          dir,
          env: { ...stack.gateEnv({ logFile: join(dir, 'api.log'), folder: dir }), ...row.env },
          timeoutMs: GATE_TIMEOUT_MS,
        });
      } finally {
        await logs.stop();
      }
      const summary = summarize(row.id, run);
      console.log(summary);
      await testInfo.attach('decision', {
        body: JSON.stringify(run.decision, null, 2),
        contentType: 'application/json',
      });
      await testInfo.attach('gate output (tail)', { body: run.output.slice(-20_000), contentType: 'text/plain' });
      await assertDecision(row, run);
      // Kept when the row fails: the run folder (decision.md, evidence.json, api.log) is the evidence.
      rmSync(run.dir, { recursive: true, force: true });
    });
  }
});

test.describe('orders sample app as a reference target: the gate deploys it from the profile', () => {
  test('the gate deploys, validates, rehearses the rollback of and removes the orders stack -> GO', async ({}, testInfo) => {
    test.setTimeout(GATE_TIMEOUT_MS + 60_000);
    // Its own ports, away from the external stack's (base+100).
    const ports = ordersPorts(ORDERS_PORT_BASE + 100);
    const run = await runGate({
      env: {
        STAGING_TARGET: 'reference',
        STAGING_TARGET_FILE: ORDERS_PROFILE_FILE,
        ORDERS_API_PORT: String(ports.api),
        ORDERS_CONTROL_PORT: String(ports.control),
        ORDERS_DB_PORT: String(ports.db),
        ORDERS_CACHE_PORT: String(ports.cache),
      },
      timeoutMs: GATE_TIMEOUT_MS,
    });
    console.log(summarize('reference', run));
    await testInfo.attach('decision', { body: JSON.stringify(run.decision, null, 2), contentType: 'application/json' });
    await testInfo.attach('gate output (tail)', { body: run.output.slice(-20_000), contentType: 'text/plain' });
    const account = describeRun(run);
    expect(run.decision?.verdict, account).toBe('GO');
    expect(run.decision?.reasons, account).toEqual([]);
    expect(run.exitCode, account).toBe(0);
    expect(run.decision?.candidateVersion, account).toBe('2.4.0');
    rmSync(run.dir, { recursive: true, force: true });
  });
});
