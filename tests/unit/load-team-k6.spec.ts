import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { describeThreshold, runTeamK6, TEAM_K6_SUMMARY_FILE, teamScriptPath } from '../../load/engine/run-team-k6.ts';

const test = base.extend<{ dir: string }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-team-k6-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const BASE_URL = 'http://127.0.0.1:3001';

/** What k6 writes with --summary-export: flat values, threshold booleans true when CROSSED (grafana/k6#1498). */
function exported(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    metrics: {
      http_req_duration: {
        avg: 12.5,
        min: 1.2,
        med: 10,
        max: 90,
        'p(90)': 20,
        'p(95)': 30.25,
        'p(99)': 61.5,
        thresholds: { 'p(95)<500': false },
      },
      http_req_failed: { passes: 2, fails: 98, value: 0.02, thresholds: { 'rate<0.05': false } },
      http_reqs: { count: 100, rate: 33.3 },
      checks: { passes: 98, fails: 2, value: 0.98 },
      iterations: { count: 100, rate: 33.3 },
      vus: { value: 1, min: 1, max: 5 },
      ...overrides,
    },
  });
}

/**
 * A stand-in k6: `version` prints a version; `run` records its argv and environment in its working directory
 * and behaves as the script's sidecar files say: <script>.summary.json is copied to the --summary-export path,
 * <script>.exit is the exit code, <script>.stderr (plus the token it was given) goes to stderr,
 * <script>.sleep makes it hang.
 */
function fakeK6(dir: string): string {
  const path = join(dir, 'k6');
  writeFileSync(
    path,
    `#!/bin/sh
if [ "$1" = version ]; then echo 'k6 v1.3.0 (commit/abc, go1.24.4, linux/amd64)'; exit 0; fi
for arg; do script="$arg"; done
summary=""; previous=""
for arg; do [ "$previous" = --summary-export ] && summary="$arg"; previous="$arg"; done
printf '%s\\n' "$@" > "$PWD/k6.args"
env | sort > "$PWD/k6.env"
[ -f "$script.sleep" ] && exec sleep 30
[ -f "$script.summary.json" ] && cp "$script.summary.json" "$summary"
[ -f "$script.stderr" ] && printf '%s token=%s\\n' "$(cat "$script.stderr")" "$TOKEN" >&2
exit "$(cat "$script.exit" 2>/dev/null || echo 0)"
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** A team script `load/<name>.js` under a profile folder, with the fake's sidecar files. */
function teamScript(dir: string, name: string, sidecar: { summary?: string; exit?: number; stderr?: string }): string {
  const profileDir = join(dir, 'profile');
  mkdirSync(join(profileDir, 'load'), { recursive: true });
  const script = teamScriptPath(profileDir, `./load/${name}.js`);
  writeFileSync(script, "import http from 'k6/http';\nexport default () => http.get(`${__ENV.BASE_URL}/health`);\n");
  if (sidecar.summary !== undefined) writeFileSync(`${script}.summary.json`, sidecar.summary);
  if (sidecar.exit !== undefined) writeFileSync(`${script}.exit`, String(sidecar.exit));
  if (sidecar.stderr !== undefined) writeFileSync(`${script}.stderr`, sidecar.stderr);
  return script;
}

test.describe('run-team-k6', () => {
  test('exit 0 passes with the numbers from the summary export; argv and environment carry no secret', async ({
    dir,
  }) => {
    const k6 = fakeK6(dir);
    const script = teamScript(dir, 'smoke', { summary: exported(), exit: 0 });
    const outputDir = join(dir, 'out');
    const env = { PATH: '/usr/bin:/bin', HOME: '/home/gate', K6_BINARY: k6, K6_OUT: 'json=out.json', SECRET_X: 'no' };
    const run = await runTeamK6(script, { baseUrl: BASE_URL, token: 's3cret', outputDir, env, timeoutMs: 10_000 });
    expect(run).toMatchObject({ status: 'completed', verdict: 'pass', exitCode: 0, script });
    if (run.status !== 'completed') throw new Error('unreachable');
    expect(run.k6).toBe(`${k6} v1.3.0`);
    expect(run.summaryPath).toBe(join(outputDir, TEAM_K6_SUMMARY_FILE));
    expect(run.numbers).toEqual({ p95Ms: 30.25, p99Ms: 61.5, failedRate: 0.02, requests: 100, requestRate: 33.3 });
    expect(run.thresholds).toEqual([
      { metric: 'http_req_duration', expression: 'p(95)<500', status: 'met', samples: 100, observed: 30.25 },
      { metric: 'http_req_failed', expression: 'rate<0.05', status: 'met', samples: 100, observed: 0.02 },
    ]);

    const args = readFileSync(join(outputDir, 'k6.args'), 'utf8').trim().split('\n');
    expect(args).toEqual([
      'run',
      '--quiet',
      '--no-color',
      '--no-usage-report',
      '--summary-export',
      join(outputDir, TEAM_K6_SUMMARY_FILE),
      script,
    ]);
    expect(args.join(' ')).not.toContain('s3cret');
    // BASE_URL and TOKEN in the environment; K6_* pass through; nothing else of the gate's process.
    const childEnv = readFileSync(join(outputDir, 'k6.env'), 'utf8').trim().split('\n');
    expect(
      childEnv.filter((line) => !line.startsWith('PWD=') && !line.startsWith('SHLVL=') && !line.startsWith('_=')),
    ).toEqual([
      `BASE_URL=${BASE_URL}`,
      'HOME=/home/gate',
      `K6_BINARY=${k6}`,
      'K6_NO_USAGE_REPORT=true',
      'K6_OUT=json=out.json',
      'PATH=/usr/bin:/bin',
      'TOKEN=s3cret',
    ]);
  });

  test('exit 99 fails, naming the crossed threshold (k6 writes true for crossed)', async ({ dir }) => {
    const summary = exported({
      http_req_duration: {
        avg: 400,
        min: 10,
        med: 380,
        max: 2000,
        'p(90)': 600,
        'p(95)': 812,
        count: 100,
        thresholds: { 'p(95)<500': true, 'p(90)<1000': false },
      },
    });
    const script = teamScript(dir, 'crossed', { summary, exit: 99 });
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const run = await runTeamK6(script, { baseUrl: BASE_URL, outputDir: join(dir, 'out'), env });
    expect(run).toMatchObject({ status: 'completed', verdict: 'fail', exitCode: 99 });
    if (run.status !== 'completed') throw new Error('unreachable');
    expect(run.numbers.p99Ms).toBeNull();
    const crossed = run.thresholds.filter((t) => t.status === 'crossed');
    expect(crossed.map(describeThreshold)).toEqual(['http_req_duration p(95)<500 (observed 812)']);
    expect(run.thresholds.find((t) => t.expression === 'p(90)<1000')).toMatchObject({ status: 'met', samples: 100 });
  });

  test('a threshold on a metric with no samples is not evaluated, though k6 passed it', async ({ dir }) => {
    const summary = exported({
      errors: { count: 0, rate: 0, thresholds: { 'count<10': false } },
      'http_req_duration{name:login}': {
        avg: 0,
        min: 0,
        med: 0,
        max: 0,
        'p(90)': 0,
        'p(95)': 0,
        thresholds: { 'p(95)<300': false },
      },
      login_ok: { passes: 0, fails: 0, value: 0, thresholds: { 'rate>0.99': false } },
    });
    const script = teamScript(dir, 'empty', { summary, exit: 0 });
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const run = await runTeamK6(script, { baseUrl: BASE_URL, outputDir: join(dir, 'out'), env });
    expect(run).toMatchObject({ status: 'completed', verdict: 'not-evaluated', exitCode: 0 });
    if (run.status !== 'completed') throw new Error('unreachable');
    const notEvaluated = run.thresholds.filter((t) => t.status === 'not-evaluated');
    expect(notEvaluated.map(describeThreshold)).toEqual([
      'errors count<10 (no samples)',
      'http_req_duration{name:login} p(95)<300 (no samples)',
      'login_ok rate>0.99 (no samples)',
    ]);
    expect(notEvaluated.every((t) => t.samples === 0 && t.observed === null)).toBe(true);
  });

  test('any other exit code is an error with the stderr tail, token redacted', async ({ dir }) => {
    const script = teamScript(dir, 'broken', { exit: 107, stderr: 'level=error msg="GoError: login failed"' });
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const run = await runTeamK6(script, { baseUrl: BASE_URL, token: 's3cret', outputDir: join(dir, 'out'), env });
    expect(run).toMatchObject({ status: 'error', exitCode: 107 });
    if (run.status !== 'error') throw new Error('unreachable');
    expect(run.message).toBe(
      `perf.k6Script ${script}: k6 exited with code 107 (script exception); 0 = thresholds met, 99 = thresholds crossed`,
    );
    expect(run.stderrTail).toBe('level=error msg="GoError: login failed" token=[redacted]');
    expect(JSON.stringify(run)).not.toContain('s3cret');
  });

  test('exit 0 without a usable summary is an error naming the file', async ({ dir }) => {
    const script = teamScript(dir, 'nosummary', { exit: 0 });
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const outputDir = join(dir, 'out');
    const run = await runTeamK6(script, { baseUrl: BASE_URL, outputDir, env });
    expect(run).toMatchObject({ status: 'error', exitCode: 0 });
    if (run.status !== 'error') throw new Error('unreachable');
    expect(run.message).toContain(`its summary ${join(outputDir, TEAM_K6_SUMMARY_FILE)} is unusable`);
  });

  test('a missing script is a clear error naming perf.k6Script and the path', async ({ dir }) => {
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const missing = teamScriptPath(join(dir, 'profile'), './load/nope.js');
    expect(await runTeamK6(missing, { baseUrl: BASE_URL, outputDir: join(dir, 'out'), env })).toEqual({
      status: 'error',
      exitCode: null,
      message: `perf.k6Script: ${missing} does not exist or is not a readable file (the path is relative to the profile folder)`,
      stderrTail: '',
    });
  });

  test('no k6 is not-available; a run past its bound is stopped', async ({ dir }) => {
    const script = teamScript(dir, 'slow', { exit: 0 });
    const notThere = await runTeamK6(script, { baseUrl: BASE_URL, outputDir: join(dir, 'out'), env: { PATH: dir } });
    expect(notThere).toEqual({ status: 'not-available', reason: 'no k6 on PATH and K6_BINARY is not set' });

    writeFileSync(`${script}.sleep`, '');
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const started = Date.now();
    const run = await runTeamK6(script, { baseUrl: BASE_URL, outputDir: join(dir, 'out'), env, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run).toMatchObject({
      status: 'error',
      message: `perf.k6Script ${script}: k6 did not finish within 0.3 s and was stopped`,
    });
  });
});
