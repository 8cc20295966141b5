/**
 * npm run bench -- [--port-base N] [--checks 50000] [--only a,b,c]
 *
 * (a) the whole healthy gate on the reference stack: command to decision, and each phase's wall-clock
 *     window (from the Allure results' start/stop) as a share of the total;
 * (b) fail-fast: the reference stack deployed, its PostgreSQL container stopped, then the gate run as
 *     STAGING_TARGET=external STAGING_KEEP_GOING=false against it: command to NO-GO. External targets
 *     default to keep-going (every read-only phase runs after a failure, on purpose); fail-fast is what
 *     (b) measures, so keep-going is turned off. Three runs on the same stopped stack, the median is the
 *     figure. Split: start-up, checks, after the last check;
 * (c) decide() over N synthetic check results (default 50,000).
 * Goals (the fast-loop issue): (a) <= 35 s, (b) <= 3 s, (c) <= 100 ms. Prints a table and writes staging-report/bench.json.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { loadConfig, requireConfig, type GateConfig } from '../core/config/load-config.ts';
import { prepareRunEnvironment } from '../core/config/run-environment.ts';
import { composeContainerName, detectComposeCli } from '../target/compose-cli.ts';
import { downStack, runMigrations, serviceLogs, upServices } from '../target/compose-stack.ts';
import { AGGREGATE_PROJECT, CRITERIA, PHASES, TEARDOWN_PROJECT, type CriterionId } from '../core/catalog.ts';
import { decide } from '../reporters/decision/decide.ts';
import type { CheckEvidence, CheckStatus, Evidence } from '../core/evidence.ts';
import { defaultPolicy } from '../reporters/decision/policy.ts';
import { portsFrom, runGate } from '../harness/run-gate.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    'port-base': { type: 'string' },
    checks: { type: 'string', default: '50000' },
    only: { type: 'string', default: 'a,b,c' },
  },
});
const only = new Set((values.only ?? 'a,b,c').split(',').map((x) => x.trim()));
const GOALS = { healthySeconds: 35, failFastSeconds: 3, decideMs: 100 };
const FAIL_FAST_RUNS = 3;

interface GateTiming {
  seconds: number;
  /** When the gate command was started (epoch ms), for the phase windows. */
  startedAtMs: number;
  verdict: string;
  exitCode: number | null;
  dir: string;
  criteria: string[];
  firstReason: string;
}

const ports = () => portsFrom(values['port-base']);

/** `playwright test --project=staging` as a user runs it (the self-tests' runner), outputs in a fresh folder; timed to exit. */
async function timeGate(env: Record<string, string>): Promise<GateTiming> {
  const startedAtMs = Date.now();
  const run = await runGate({ env, timeoutMs: 15 * 60_000 });
  const { decision } = run;
  if (!decision) process.stderr.write(run.output);
  const hit = Object.entries(decision?.criteria ?? {}).filter(([, s]) => s === 'hit');
  const firstReason = decision?.reasons[0]?.message.slice(0, 160) ?? 'no decision.json';
  return {
    seconds: run.seconds,
    startedAtMs,
    verdict: decision?.verdict ?? 'none',
    exitCode: run.exitCode,
    dir: run.dir,
    criteria: hit.map(([c]) => c),
    firstReason,
  };
}

interface PhaseWindow {
  phase: string;
  startS: number;
  seconds: number;
  share: number;
}

/** Each project's window from its first test start to its last test stop, from allure-playwright's results. */
function phaseWindows(dir: string, startedAtMs: number, totalS: number): PhaseWindow[] {
  const resultsDir = join(dir, 'allure-results');
  const spans = new Map<string, { start: number; stop: number }>();
  for (const name of readdirSync(resultsDir).filter((n) => n.endsWith('-result.json'))) {
    const result = JSON.parse(readFileSync(join(resultsDir, name), 'utf8')) as {
      status?: string;
      start?: number;
      stop?: number;
      labels?: { name: string; value: string }[];
    };
    // The phase from the spec's folder (tests/<phase>/...): parentSuite carries the runbook title.
    const suite = result.labels?.find((l) => l.name === 'suite')?.value ?? '';
    const project = /^tests\/([^/]+)\//.exec(suite)?.[1] ?? result.labels?.find((l) => l.name === 'parentSuite')?.value;
    // Checks that did not run are written at the end by the runbook reporter ('unknown'): no window.
    if (!project || result.status === 'unknown' || result.start === undefined || result.stop === undefined) continue;
    const span = spans.get(project) ?? { start: Infinity, stop: -Infinity };
    spans.set(project, { start: Math.min(span.start, result.start), stop: Math.max(span.stop, result.stop) });
  }
  const order = [...PHASES.map((p) => p.id), AGGREGATE_PROJECT, TEARDOWN_PROJECT] as string[];
  const windows = order.flatMap((phase) => {
    const span = spans.get(phase);
    if (!span) return [];
    const seconds = (span.stop - span.start) / 1000;
    return [{ phase, startS: (span.start - startedAtMs) / 1000, seconds, share: seconds / totalS }];
  });
  const first = Math.min(...windows.map((w) => w.startS));
  const last = Math.max(...windows.map((w) => w.startS + w.seconds));
  return [
    { phase: '(start-up: config, transform, workers)', startS: 0, seconds: first, share: first / totalS },
    ...windows,
    {
      phase: '(after the last check: decision, exit)',
      startS: last,
      seconds: totalS - last,
      share: (totalS - last) / totalS,
    },
  ];
}

async function healthyRun(): Promise<{ timing: GateTiming; phases: PhaseWindow[] }> {
  const timing = await timeGate({ ...ports(), STAGING_COMPOSE_PROJECT: `sgbench-${randomBytes(3).toString('hex')}` });
  return { timing, phases: phaseWindows(timing.dir, timing.startedAtMs, timing.seconds) };
}

/** (b) PostgreSQL stopped: the stack is deployed here (not timed), its postgres container stopped, then the gate runs three times. */
async function failFastRun(): Promise<{ timing: GateTiming; phases: PhaseWindow[]; runsS: number[] }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...ports(),
    STAGING_TARGET: 'reference',
    STAGING_RUN_ID: `bench-${randomBytes(3).toString('hex')}`,
    STAGING_COMPOSE_PROJECT: `sgbench-pgdown-${randomBytes(3).toString('hex')}`,
  };
  prepareRunEnvironment(env);
  const config: GateConfig = requireConfig(loadConfig(env));
  try {
    await upServices(config, ['postgres', 'redis'], 90_000);
    await runMigrations(config, 'up');
    await upServices(config, ['backend', 'frontend'], 90_000);
    const postgres = composeContainerName(await detectComposeCli(), config.compose?.project ?? '', 'postgres');
    await run('docker', ['stop', '-t', '3', postgres], { timeout: 30_000 });
    // The log source an external target needs: the backend's logs so far (its log check is not what is timed).
    const logFile = join(mkdtempSync(join(tmpdir(), 'staging-gate-bench-logs-')), 'app.log');
    writeFileSync(logFile, await serviceLogs(config, 'backend'));
    const gateEnv: Record<string, string> = {
      STAGING_TARGET: 'external',
      // Fail fast: an external target defaults to keep-going (every read-only phase runs after a failure).
      STAGING_KEEP_GOING: 'false',
      STAGING_API_URL: config.apiUrl,
      STAGING_FRONTEND_URL: config.frontendUrl ?? '',
      DATABASE_URL: config.databaseUrl ?? '',
      REDIS_URL: config.redisUrl ?? '',
      STAGING_ADMIN_PASSWORD: config.lookup('STAGING_ADMIN_PASSWORD') ?? '',
      METRICS_TOKEN: config.lookup('METRICS_TOKEN') ?? '',
      STAGING_LOG_FILE: logFile,
      // The secrets the reference stack was deployed with (the profile's deploy.generate, made per run above):
      // the external run needs the same values, or preflight fails on configuration instead of on PostgreSQL.
      ...Object.fromEntries((config.profile.deploy?.generate ?? []).map((name) => [name, config.lookup(name) ?? ''])),
    };
    // A few seconds each, so several runs on the same stopped stack: the median is the figure, all are printed.
    const timings: GateTiming[] = [];
    for (let i = 0; i < FAIL_FAST_RUNS; i++) timings.push(await timeGate(gateEnv));
    const timing = [...timings].sort((x, y) => x.seconds - y.seconds)[Math.floor(FAIL_FAST_RUNS / 2)] as GateTiming;
    return {
      timing,
      phases: phaseWindows(timing.dir, timing.startedAtMs, timing.seconds),
      runsS: timings.map((t) => t.seconds),
    };
  } finally {
    await downStack(config);
  }
}

/** N checks spread over every phase and criterion: mostly passes, with failures, skips, findings and measurements. */
function syntheticEvidence(n: number): Evidence {
  const criteria = Object.keys(CRITERIA) as CriterionId[];
  const statuses: CheckStatus[] = ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'skipped', 'failed'];
  const checks: CheckEvidence[] = Array.from({ length: n }, (_, i) => {
    const phase = PHASES[i % PHASES.length]?.id ?? 'preflight';
    const title = `synthetic check ${i}`;
    return {
      id: `${phase} > ${title}`,
      title,
      phase,
      criterion: criteria[i % criteria.length] ?? null,
      status: i % 97 === 0 ? (statuses[i % statuses.length] ?? 'passed') : 'passed',
      flaky: i % 501 === 0,
      durationMs: i % 1000,
      error: i % 97 === 0 ? `Error: synthetic failure ${i}\n  at somewhere` : undefined,
      measurements:
        i % 10 === 0
          ? [{ name: `perf.scenario-${i % 40}.http_req_duration.p95`, value: i % 700, unit: 'ms', samples: 100 }]
          : [],
      findings:
        i % 200 === 0
          ? [{ criterion: 'minor-non-blocking-issue', severity: 'minor', message: `synthetic finding ${i}` }]
          : [],
    };
  });
  return {
    schemaVersion: 1,
    run: {
      id: 'bench-decide',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:10:00.000Z',
      target: 'reference',
      runnerStatus: 'failed',
      selectedPhases: PHASES.map((p) => p.id),
    },
    globalErrors: [],
    configIssues: [],
    checks,
  };
}

function benchDecide(n: number): { checks: number; reasons: number; runsMs: number[]; medianMs: number } {
  const evidence = syntheticEvidence(n);
  const policy = defaultPolicy();
  const history = Array.from({ length: 1000 }, (_, i) => ({
    verdict: i % 10 === 0 ? ('NO-GO' as const) : ('GO' as const),
  }));
  const runsMs: number[] = [];
  let reasons = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    reasons = decide(evidence, policy, history).reasons.length;
    runsMs.push(performance.now() - started);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { checks: n, reasons, runsMs, medianMs: sorted[2] ?? Number.NaN };
}

const healthy = only.has('a') ? await healthyRun() : null;
const failFast = only.has('b') ? await failFastRun() : null;
const decideBench = only.has('c') ? benchDecide(Number(values.checks)) : null;

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const s = (n: number) => `${n.toFixed(1)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`\nmachine: ${cpus().length} cores, load average ${load()}`);
function printWindows(title: string, windows: PhaseWindow[]): void {
  console.log(`\n${title}`);
  console.log('phase                                     starts at   window    share');
  for (const p of windows)
    console.log(
      `${p.phase.padEnd(41)} ${s(p.startS).padStart(9)} ${s(p.seconds).padStart(8)} ${`${(p.share * 100).toFixed(0)} %`.padStart(8)}`,
    );
}
if (healthy)
  printWindows(
    '(a) healthy reference gate, phase windows (parallel phases overlap, so shares add up to more than 100 %)',
    healthy.phases,
  );
if (failFast)
  printWindows(
    `(b) PostgreSQL stopped, fail-fast (STAGING_KEEP_GOING=false: an external target keeps going by default), split of the median of ${FAIL_FAST_RUNS} runs`,
    failFast.phases,
  );
console.log('\nmeasure                                            value       goal      result');
const rows: [string, string, string, boolean][] = [];
if (healthy)
  rows.push([
    `(a) healthy gate, command to decision (${healthy.timing.verdict})`,
    s(healthy.timing.seconds),
    `<= ${GOALS.healthySeconds} s`,
    healthy.timing.verdict === 'GO' && healthy.timing.seconds <= GOALS.healthySeconds,
  ]);
if (failFast)
  rows.push([
    `(b) PostgreSQL stopped, fail-fast, to ${failFast.timing.verdict} (median)`,
    s(failFast.timing.seconds),
    `<= ${GOALS.failFastSeconds} s`,
    failFast.timing.verdict === 'NO-GO' && failFast.timing.seconds <= GOALS.failFastSeconds,
  ]);
if (decideBench)
  rows.push([
    `(c) decide() over ${decideBench.checks} checks (median of 5)`,
    `${decideBench.medianMs.toFixed(0)} ms`,
    `<= ${GOALS.decideMs} ms`,
    decideBench.medianMs <= GOALS.decideMs,
  ]);
for (const [name, value, goal, ok] of rows)
  console.log(`${name.padEnd(50)} ${value.padStart(9)} ${goal.padStart(10)}   ${met(ok)}`);
if (failFast)
  console.log(
    `(b) runs: ${failFast.runsS.map(s).join(', ')}\n(b) criteria hit: ${failFast.timing.criteria.join(', ') || 'none'}\n(b) first reason: ${failFast.timing.firstReason}`,
  );
console.log(`machine after the runs: load average ${load()} (${cpus().length} cores): timings scale with load`);

mkdirSync('staging-report', { recursive: true });
writeFileSync(
  join('staging-report', 'bench.json'),
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      machine: { cores: cpus().length, loadAverage: loadavg() },
      goals: GOALS,
      ...(healthy ? { healthy: { ...healthy.timing, phases: healthy.phases } } : {}),
      ...(failFast
        ? {
            failFast: {
              ...failFast.timing,
              phases: failFast.phases,
              runsSeconds: failFast.runsS,
              setup:
                'reference stack deployed, postgres container stopped, gate as STAGING_TARGET=external STAGING_KEEP_GOING=false (fail-fast)',
            },
          }
        : {}),
      ...(decideBench ? { decide: decideBench } : {}),
    },
    null,
    2,
  ),
);
console.log('written: staging-report/bench.json');
