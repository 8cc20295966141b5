import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from '@playwright/test';
import { k6OptionsFor } from '../../load/k6/k6-options.ts';
import { type K6SummaryData, toLoadSummary } from '../../load/k6/summary.ts';
import { K6_SCRIPT, locateK6, runK6 } from '../../load/engine/run-k6.ts';
import { engineChoice, runScenario } from '../../load/engine/run-scenario.ts';
import { DEFAULT_SCENARIOS, type LoadScenario } from '../../load/scenarios.ts';

const test = base.extend<{ dir: string }>({
  dir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-load-k6-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

const health = DEFAULT_SCENARIOS[0]!;
const list = DEFAULT_SCENARIOS[1]!;

const K6_DATA: K6SummaryData = {
  state: { testRunDurationMs: 3012.4 },
  metrics: {
    http_req_duration: {
      type: 'trend',
      values: { avg: 12, min: 1, med: 10, max: 90, 'p(90)': 20, 'p(95)': 30, 'p(99)': 60, 'p(99.9)': 80, count: 900 },
    },
    http_req_failed: { type: 'rate', values: { rate: 0.02, passes: 18, fails: 882 } },
    http_reqs: { type: 'counter', values: { count: 900, rate: 298.8 } },
    checks: { type: 'rate', values: { rate: 0.98, passes: 882, fails: 18 } },
  },
};

/**
 * A stand-in k6: `version` prints a version; `run` records its argv and env, writes a normalized summary to
 * SUMMARY_PATH and exits with the code given for the scenario (SCENARIO), so exit-code handling is tested for real.
 */
function fakeK6(dir: string, version = 'k6 v1.3.0 (commit/abc, go1.24.4, linux/amd64)'): string {
  const summary = JSON.stringify(toLoadSummary(K6_DATA, 'x'));
  const path = join(dir, 'k6');
  writeFileSync(
    path,
    `#!/bin/sh
if [ "$1" = version ]; then echo '${version}'; exit 0; fi
printf '%s\\n' "$@" > "$SUMMARY_PATH.args"
printf '%s' "$SCENARIO_JSON" > "$SUMMARY_PATH.scenario"
env | grep -E '^(K6_|BASE_URL|TOKEN|SECRET)' | sort > "$SUMMARY_PATH.env"
case "$SCENARIO" in
  health) echo '${summary}' > "$SUMMARY_PATH"; exit 0 ;;
  public-list) echo '${summary}' > "$SUMMARY_PATH"; exit 99 ;;
  *) echo "level=error msg=\\"GoError: request failed, token $TOKEN\\"" >&2; exit 107 ;;
esac
`,
  );
  chmodSync(path, 0o755);
  return path;
}

test.describe('k6 options from scenario data', () => {
  test('constant-vus becomes per-vu-iterations bounded by the duration and the request cap', () => {
    const options = k6OptionsFor(health);
    expect(options.scenarios).toEqual({
      health: { executor: 'per-vu-iterations', vus: 10, iterations: 100, maxDuration: '3s', gracefulStop: '6s' },
    });
    expect(options.thresholds).toEqual({
      http_req_duration: ['p(95)<500'],
      http_req_failed: ['rate<0.01'],
      checks: ['rate>0.99'],
    });
    expect(options.summaryTrendStats).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count']);
    expect(options.discardResponseBodies).toBe(true);
  });

  test('an arrival rate keeps its rate and is shortened by the cap; threshold percentiles join the stats', () => {
    const scenario: LoadScenario = {
      ...health,
      executor: { type: 'constant-arrival-rate', rate: 100, timeUnit: '1s', duration: '1m', preAllocatedVUs: 20 },
      maxRequests: 500,
      thresholds: { http_req_duration: ['p(99.9)<800'] },
    };
    const options = k6OptionsFor(scenario);
    expect(options.scenarios?.health).toMatchObject({
      executor: 'constant-arrival-rate',
      rate: 100,
      timeUnit: '1s',
      duration: '5s',
      preAllocatedVUs: 20,
      maxVUs: 20,
    });
    expect(options.summaryTrendStats).toContain('p(99.9)');
  });

  test('handleSummary data normalizes to the built-in shape; absent metrics have no samples', () => {
    const summary = toLoadSummary(K6_DATA, 'health');
    expect(summary).toMatchObject({ engine: 'k6', scenario: 'health', durationMs: 3012 });
    expect(summary.metrics.http_req_duration).toMatchObject({ 'p(95)': 30, 'p(99.9)': 80, count: 900 });
    expect(summary.metrics.http_req_failed).toEqual({ rate: 0.02, passes: 18, fails: 882 });
    expect(summary.latency.percentiles.map((p) => p.label)).toEqual(['p50', 'p90', 'p95', 'p99', 'p99.9', 'max']);
    const empty = toLoadSummary({ state: { testRunDurationMs: 10 }, metrics: {} }, 'health');
    expect(empty.metrics.http_req_duration.count).toBe(0);
    expect(empty.metrics.checks).toEqual({ rate: 0, passes: 0, fails: 0 });
  });
});

test.describe('run-k6', () => {
  test('K6_BINARY pointing at a missing file gives a typed not-available result', async ({ dir }) => {
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: join(dir, 'no-such-k6') };
    expect(await runK6(health, { baseUrl: 'http://127.0.0.1:1', outputDir: dir, env })).toEqual({
      status: 'not-available',
      reason: `K6_BINARY=${join(dir, 'no-such-k6')} does not exist or is not executable`,
    });
  });

  test('no k6 on PATH is not-available, and so is a k6 too old for TypeScript', async ({ dir }) => {
    expect(await locateK6({ PATH: dir })).toEqual({
      available: false,
      reason: 'no k6 on PATH and K6_BINARY is not set',
    });
    fakeK6(dir, 'k6 v0.50.0 (go1.21)');
    const old = await locateK6({ PATH: dir });
    expect(old).toEqual({
      available: false,
      reason: `${join(dir, 'k6')} is k6 v0.50.0; TypeScript scripts need k6 >= v0.57.0`,
    });
  });

  test('exit 0 passes and exit 99 fails, with metrics from the summary file', async ({ dir }) => {
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir), K6_OUT: 'json=out.json', SECRET_X: 'no' };
    const passed = await runK6(health, { baseUrl: 'http://127.0.0.1:3001', outputDir: dir, env });
    expect(passed).toMatchObject({ status: 'completed', verdict: 'pass', exitCode: 0 });
    const crossed = await runK6(DEFAULT_SCENARIOS[2]!, { baseUrl: 'http://127.0.0.1:3001', outputDir: dir, env });
    expect(crossed).toMatchObject({ status: 'completed', verdict: 'fail', exitCode: 99 });
    if (crossed.status !== 'completed') throw new Error('unreachable');
    expect(crossed.summary.metrics.http_reqs.count).toBe(900);
    const args = readFileSync(join(dir, 'k6-summary-health.json.args'), 'utf8').trim().split('\n');
    expect(args).toEqual(['run', '--quiet', '--no-color', '--no-usage-report', '--include-system-env-vars', K6_SCRIPT]);
    expect(JSON.parse(readFileSync(join(dir, 'k6-summary-health.json.scenario'), 'utf8'))).toEqual(health);
    // Only BASE_URL, the scenario and K6_* settings reach k6; other variables of the gate's process do not.
    expect(readFileSync(join(dir, 'k6-summary-health.json.env'), 'utf8').trim().split('\n')).toEqual([
      'BASE_URL=http://127.0.0.1:3001',
      `K6_BINARY=${env.K6_BINARY}`,
      'K6_NO_USAGE_REPORT=true',
      'K6_OUT=json=out.json',
    ]);
  });

  test('any other exit code is an error with the stderr tail, token redacted', async ({ dir }) => {
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const run = await runK6(list, { baseUrl: 'http://127.0.0.1:3001', token: 's3cret', outputDir: dir, env });
    expect(run).toMatchObject({ status: 'error', exitCode: 107 });
    if (run.status !== 'error') throw new Error('unreachable');
    expect(run.message).toBe('k6 exited with code 107 (0 = thresholds met, 99 = thresholds crossed)');
    expect(run.stderrTail).toContain('GoError: request failed, token [redacted]');
    expect(run.stderrTail).not.toContain('s3cret');
    const noToken = await runK6(list, { baseUrl: 'http://127.0.0.1:3001', outputDir: dir, env });
    expect(noToken).toMatchObject({ status: 'error', message: expect.stringMatching(/needs a bearer token/) });
  });
});

test.describe('engine choice', () => {
  test('STAGING_LOAD_ENGINE accepts auto, k6 or builtin and names a wrong value', () => {
    expect(engineChoice({})).toBe('auto');
    expect(engineChoice({ STAGING_LOAD_ENGINE: 'K6' })).toBe('k6');
    expect(engineChoice({ STAGING_LOAD_ENGINE: 'autocannon' })).toBe('builtin');
    expect(() => engineChoice({ STAGING_LOAD_ENGINE: 'jmeter' })).toThrow(
      'STAGING_LOAD_ENGINE=jmeter is not an engine; expected auto, k6 or builtin',
    );
  });

  test('k6 required but absent is a clear error; k6 absent in auto mode falls back to the built-in engine', async ({
    dir,
  }) => {
    const missing = { PATH: dir, STAGING_LOAD_ENGINE: 'k6' };
    await expect(runScenario(health, { baseUrl: 'http://127.0.0.1:1', outputDir: dir, env: missing })).rejects.toThrow(
      'STAGING_LOAD_ENGINE=k6 but k6 cannot run: no k6 on PATH and K6_BINARY is not set. Install k6 >= 0.57',
    );
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const quick = { ...health, executor: { type: 'constant-vus', vus: 2, duration: '1s' }, maxRequests: 50 } as const;
      const result = await runScenario(quick, { baseUrl, outputDir: dir, env: { PATH: dir } });
      expect(result).toMatchObject({ engine: 'autocannon', verdict: 'pass', scenario: 'health' });
      expect(result.notes[0]).toBe('k6 not used (no k6 on PATH and K6_BINARY is not set): built-in engine');
      expect(result.thresholds.map((t) => t.status)).toEqual(['ok', 'ok', 'ok']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('with k6 present its exit code is the verdict and thresholds are re-evaluated on its summary', async ({
    dir,
  }) => {
    const env = { PATH: '/usr/bin:/bin', K6_BINARY: fakeK6(dir) };
    const result = await runScenario(DEFAULT_SCENARIOS[2]!, { baseUrl: 'http://127.0.0.1:3001', outputDir: dir, env });
    expect(result).toMatchObject({ engine: 'k6', verdict: 'fail' });
    expect(result.thresholds.map((t) => [t.expression, t.status])).toEqual([
      ['p(95)<500', 'ok'],
      ['rate<0.01', 'failed'],
      ['rate>0.99', 'failed'],
    ]);
    await expect(
      runScenario(list, { baseUrl: 'http://127.0.0.1:3001', token: 't', outputDir: dir, env }),
    ).rejects.toThrow(/load scenario items-list on k6 failed: k6 exited with code 107[\s\S]*k6 stderr \(tail\)/);
  });
});
