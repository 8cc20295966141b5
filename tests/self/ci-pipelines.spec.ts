import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import type { Decision } from '../../core/evidence.ts';
import { gateRunIn, portsFrom, workerPortBase } from '../../harness/run-gate.ts';

/**
 * The GitLab CI template (ci/gitlab/staging-gate.gitlab-ci.yml) run for real by gitlab-ci-local's
 * shell executor, in a throw-away snapshot of this working tree (its node_modules folders are
 * symlinked, never copied), against the reference stack on ports of its own.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMPLATE = 'ci/gitlab/staging-gate.gitlab-ci.yml';
const GITLAB_CI_LOCAL = join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
/** Away from the runbook's 3001/4001/5432/6379 and from SELFTEST_PORT_BASE runs (20000 by convention). */
const PORT_BASE = process.env.SELFTEST_CI_PORT_BASE ?? String(workerPortBase() + 4000);

/** Variables of the outer run (a gate, a CI system) that must not leak into the pipeline under test. */
const INHERITED_RUN_STATE =
  /^(STAGING_|METRICS_TOKEN$|DATABASE_URL$|REDIS_URL$|ALLURE_RESULTS_DIR$|PLAYWRIGHT_|TEST_WORKER_INDEX|TEST_PARALLEL_INDEX|CI_|GITLAB_|GITHUB_)/;

interface PipelineRun {
  exitCode: number | null;
  output: string;
  seconds: number;
  dir: string;
  decision: Decision | null;
}

test('GitLab template on the healthy reference stack: gate, report and pages pass, decision GO', async () => {
  await withProject(async (dir, runId) => {
    const run = await runPipeline(dir, runId, { timeoutMs: 8 * 60_000, variables: { STAGING_PUBLISH_PAGES: 'true' } });
    console.log(`GitLab pipeline (gate, report, pages) GO: ${run.seconds.toFixed(1)} s; ${jobTimes(run)}`);
    expect(run.decision?.verdict, describe(run)).toBe('GO');
    expect(run.exitCode, describe(run)).toBe(0);
    for (const job of ['staging-gate', 'staging-report', 'pages'])
      expect(run.output, describe(run)).toMatch(summary('PASS', job));
    for (const file of [
      'staging-report/decision.md',
      'staging-report/annotations.json',
      'staging-history/history.jsonl',
      'staging-history/allure-history.jsonl',
      'allure-report/index.html',
      'public/index.html',
    ])
      expect(existsSync(join(dir, file)), `${file} written`).toBe(true);
    // The artifacts gitlab-ci-local exported, as GitLab would keep them.
    expect(existsSync(join(dir, '.gitlab-ci-local/artifacts/staging-gate/staging-report/decision.json'))).toBe(true);
  });
});

test('GitLab template with an invalid port: the gate job fails with NO-GO (decide exit 1)', async () => {
  await withProject(async (dir, runId) => {
    const run = await runPipeline(dir, runId, {
      jobs: ['staging-gate'],
      timeoutMs: 3 * 60_000,
      variables: { STAGING_BACKEND_PORT: 'notaport' },
    });
    console.log(`GitLab gate job NO-GO: ${run.seconds.toFixed(1)} s; ${jobTimes(run)}`);
    expect(run.decision?.verdict, describe(run)).toBe('NO-GO');
    expect(run.exitCode, describe(run)).not.toBe(0);
    expect(run.output, describe(run)).toMatch(summary('FAIL', 'staging-gate'));
    // npm run decide gave the job its result: NO-GO is exit 1.
    expect(run.output, describe(run)).toContain('STAGING DECISION: NO-GO');
    expect(run.output, describe(run)).toMatch(/staging-gate finished in [^\n]*FAIL 1\b/);
    // The history is carried even when the job fails.
    expect(existsSync(join(dir, 'staging-history/history.jsonl')), describe(run)).toBe(true);
  });
});

/** A snapshot project for one pipeline run, removed afterwards with whatever the run left behind. */
async function withProject(body: (dir: string, runId: string) => Promise<void>): Promise<void> {
  const runId = `ci-selftest-${process.pid}-${Date.now().toString(36)}`;
  const dir = mkdtempSync(join(tmpdir(), 'staging-gate-ci-'));
  try {
    ensureRsync();
    snapshot(dir);
    await body(dir, runId);
  } finally {
    removeStack(runId);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs gitlab-ci-local on a snapshot of the working tree; the pipeline's console is returned, never thrown. */
async function runPipeline(
  dir: string,
  runId: string,
  options: { jobs?: string[]; variables?: Record<string, string>; timeoutMs: number },
): Promise<PipelineRun> {
  const variables: Record<string, string> = {
    STAGING_RUN_ID: runId,
    STAGING_STARTUP_TIMEOUT_MS: '25000',
    ...portsFrom(PORT_BASE),
    ...options.variables,
  };
  const env: Record<string, string> = Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !INHERITED_RUN_STATE.test(e[0]),
    ),
  );
  env.FORCE_COLOR = '0';
  const args = [
    GITLAB_CI_LOCAL,
    '--file',
    TEMPLATE,
    '--home',
    join(dir, '.gitlab-ci-local-home'),
    '--no-color',
    '--timestamps',
    '--max-job-name-padding',
    '0',
    ...Object.entries(variables).flatMap(([k, v]) => ['--variable', `${k}=${v}`]),
    ...(options.jobs ?? []),
  ];
  const started = performance.now();
  // Its own process group: on a timeout the job's shell and the gate under it are stopped too.
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exitCode = await new Promise<number | null>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    // SIGINT first, so Playwright runs its teardown (the reference stack is removed); SIGKILL 30 s later.
    const soft = setTimeout(() => {
      output += `\n[ci-pipelines] timed out after ${options.timeoutMs} ms: SIGINT\n`;
      stop('SIGINT');
    }, options.timeoutMs);
    const hard = setTimeout(() => stop('SIGKILL'), options.timeoutMs + 30_000);
    child.on('close', (code) => {
      clearTimeout(soft);
      clearTimeout(hard);
      resolve(code);
    });
  });
  return gateRunIn(dir, exitCode, output, started);
}

/**
 * A git repository in a temp folder with the working tree's files (tracked and new, not ignored), so
 * that the pipeline's outputs never touch this checkout. node_modules folders are symlinks; their
 * lock files are dated before the installed tree, so the template's install steps find nothing to do.
 */
function snapshot(dir: string): void {
  const git = (args: string[], cwd = ROOT) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
    return r.stdout;
  };
  for (const file of git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0')) {
    if (!file || !existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file), { preserveTimestamps: true, verbatimSymlinks: true });
  }
  const ignored = git(['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory']).split('\0');
  for (const folder of ignored.map((f) => f.replace(/\/$/, '')).filter((f) => /(^|\/)node_modules$/.test(f))) {
    const target = join(ROOT, folder);
    if (!lstatSync(target).isDirectory() || !existsSync(join(dir, dirname(folder)))) continue;
    symlinkSync(target, join(dir, folder), 'dir');
    const lock = join(dir, dirname(folder), 'package-lock.json');
    const installed = join(target, '.package-lock.json');
    if (existsSync(lock) && existsSync(installed)) {
      const before = new Date(statSync(installed).mtimeMs - 60_000);
      utimesSync(lock, before, before);
    }
  }
  const quiet = ['-c', 'user.name=staging-gate self-test', '-c', 'user.email=selftest@localhost'];
  git(['init', '-q', '-b', 'main'], dir);
  git(['add', '-A'], dir);
  git([...quiet, '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'snapshot'], dir);
}

/** gitlab-ci-local copies the tracked files with rsync before any job; Debian ships it as a package. */
function ensureRsync(): void {
  if (spawnSync('sh', ['-c', 'command -v rsync'], { encoding: 'utf8' }).status === 0) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!root || !apt) throw new Error('gitlab-ci-local needs rsync: install it (apt-get install rsync)');
  const install = spawnSync(
    'sh',
    [
      '-c',
      'apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rsync >/dev/null',
    ],
    { encoding: 'utf8', timeout: 3 * 60_000 },
  );
  if (install.status !== 0) throw new Error(`apt-get install rsync failed: ${install.stderr}`);
}

/** The run's reference stack, if a timeout or crash left it (the gate's teardown normally removes it). */
function removeStack(runId: string): void {
  const label = `label=com.docker.compose.project=staging-gate-${runId}`;
  const ids = spawnSync('docker', ['ps', '-aq', '--filter', label], { encoding: 'utf8' }).stdout?.trim();
  if (ids) spawnSync('docker', ['rm', '-f', '-v', ...ids.split('\n')]);
  spawnSync('docker', ['network', 'prune', '-f', '--filter', label]);
}

/** gitlab-ci-local's closing summary line for a job: ` PASS  [1.2 min] staging-gate`. */
function summary(result: 'PASS' | 'FAIL', job: string): RegExp {
  return new RegExp(`^\\s*${result}\\s+(\\[[^\\]]*\\]\\s+)?${job}\\s*$`, 'm');
}

function jobTimes(run: PipelineRun): string {
  return [...run.output.matchAll(/\] (\S+) finished in ([^\n]*?)\s*(FAIL \d+)?\s*$/gm)]
    .map((m) => `${m[1]} ${m[2]}${m[3] ? ` (${m[3]})` : ''}`)
    .join(', ');
}

function describe(run: PipelineRun): string {
  const reasons = run.decision?.reasons.map((r) => `${r.criterion}: ${r.message.split('\n')[0]}`).join('\n  ');
  return `exit ${run.exitCode} after ${run.seconds.toFixed(0)} s, verdict ${run.decision?.verdict ?? 'none'}\n  ${reasons ?? 'no decision.json'}\n--- last output ---\n${run.output.slice(-4000)}`;
}
