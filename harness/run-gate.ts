import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '../core/evidence.ts';

export interface GateRun {
  exitCode: number | null;
  output: string;
  seconds: number;
  dir: string;
  decision: Decision | null;
  read(file: string): string;
}

export interface GateRunOptions {
  env?: Record<string, string>;
  /** Playwright arguments; default: the whole gate. */
  args?: string[];
  timeoutMs?: number;
  /** Reuse a folder (history carried between runs). */
  dir?: string;
  /** Called with the child once it is running (to signal it, for example). */
  onStart?: (child: ReturnType<typeof spawn>) => void;
}

/** Variables of the outer run that must not leak into the gate under test. */
const INHERITED_RUN_STATE =
  /^(STAGING_|METRICS_TOKEN$|DATABASE_URL$|REDIS_URL$|ALLURE_RESULTS_DIR$|PLAYWRIGHT_|TEST_WORKER_INDEX|TEST_PARALLEL_INDEX)/;

/**
 * Runs the real gate (`playwright test --project=staging`) as a user would, in its own output
 * folders, and returns its exit code, console and decision.json.
 */
export async function runGate(options: GateRunOptions = {}): Promise<GateRun> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'staging-gate-self-'));
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !INHERITED_RUN_STATE.test(e[0]),
    ),
  );
  Object.assign(env, {
    STAGING_ENV_FILE: join(dir, '.env.staging'),
    STAGING_OUTPUT_DIR: join(dir, 'staging-report'),
    STAGING_HISTORY_FILE: join(dir, 'history.jsonl'),
    ALLURE_RESULTS_DIR: join(dir, 'allure-results'),
    STAGING_STARTUP_TIMEOUT_MS: '25000',
    // The reference stack's self-tests judge fail-fast runs (what each fault stops); tests of keep-going set it.
    STAGING_KEEP_GOING: 'false',
    FORCE_COLOR: '0',
    ...portsFrom(String(workerPortBase())),
    ...options.env,
  });
  const args = options.args ?? ['--project=staging'];
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', ...args, '--output', join(dir, 'test-results')],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  options.onStart?.(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timeoutMs = options.timeoutMs ?? 6 * 60_000;
  const exitCode = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return gateRunIn(dir, exitCode, output, started);
}

/** A finished gate run read from its folder: exit code, console, seconds since `started`, decision.json. */
export function gateRunIn(dir: string, exitCode: number | null, output: string, started: number): GateRun {
  const decisionFile = join(dir, 'staging-report', 'decision.json');
  return {
    exitCode,
    output,
    seconds: (performance.now() - started) / 1000,
    dir,
    decision: existsSync(decisionFile) ? (JSON.parse(readFileSync(decisionFile, 'utf8')) as Decision) : null,
    read: (file) => readFileSync(join(dir, file), 'utf8'),
  };
}

/**
 * Each worker's ports: a range of this size. Offsets inside it (all below it): gates 1-4, the
 * orders stacks 1000-1199, init 1400, the fault matrix's shared stacks 2000-2012, the test-started
 * reference stacks 3000-3199, the CI template 4000.
 * Below 32768, where Linux starts handing out ephemeral ports, for two workers.
 */
export const WORKER_PORT_STRIDE = 5000;

/**
 * The port range of this self-test worker: SELFTEST_PORT_BASE (default 20000) plus WORKER_PORT_STRIDE per
 * parallel worker, so gates in different workers never share a port. A file's own stacks take offsets from it.
 */
export function workerPortBase(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.SELFTEST_PORT_BASE || 20000) + Number(env.TEST_PARALLEL_INDEX || 0) * WORKER_PORT_STRIDE;
}

/**
 * SELFTEST_PORT_BASE=20000 moves the reference stack to ports 20001-20004, so that gates can run
 * side by side (developers running self-tests in parallel); unset, the runbook's ports are used.
 */
export function portsFrom(base: string | undefined): Record<string, string> {
  if (!base) return {};
  const b = Number(base);
  return {
    STAGING_BACKEND_PORT: String(b + 1),
    STAGING_FRONTEND_PORT: String(b + 2),
    STAGING_POSTGRES_PORT: String(b + 3),
    STAGING_REDIS_PORT: String(b + 4),
  };
}

/** A readable one-paragraph account of a run, for assertion messages. */
export function describeRun(run: GateRun): string {
  const reasons =
    run.decision?.reasons.map((r) => `${r.criterion}: ${r.message.split('\n')[0]}`).join('\n  ') ?? 'no decision.json';
  return `exit ${run.exitCode} after ${run.seconds.toFixed(0)} s, verdict ${run.decision?.verdict ?? 'none'}\n  ${reasons}\n--- last output ---\n${run.output.slice(-3000)}`;
}
