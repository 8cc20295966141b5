import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { planLoad, splitByWeight } from '../../load/engine/load-plan.ts';
import { loadScenarios, parseScenarioFile } from '../../load/scenario-file.ts';
import {
  DEFAULT_SCENARIOS,
  formatDuration,
  needsToken,
  parseDurationMs,
  resolveHeaders,
  type LoadScenario,
} from '../../load/scenarios.ts';

const minimal = { scenarios: [{ name: 'health', requests: [{ name: 'health', path: '/api/health' }] }] };

function withFile(content: string, run: (path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-load-scenarios-'));
  const path = join(dir, 'scenarios.json');
  writeFileSync(path, content);
  return run(path).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test.describe('default scenarios', () => {
  test('cover example critical paths with short, bounded runs', () => {
    expect(DEFAULT_SCENARIOS.map((s) => [s.name, s.requests.map((r) => `${r.method} ${r.path}`)])).toEqual([
      ['health', ['GET /health']],
      ['items-list', ['GET /items']],
      ['public-list', ['GET /public/items']],
    ]);
    for (const scenario of DEFAULT_SCENARIOS) {
      expect(parseDurationMs(scenario.executor.duration)).toBeLessThanOrEqual(5000);
      expect(scenario.maxRequests).toBeLessThanOrEqual(5000);
    }
    expect(DEFAULT_SCENARIOS.filter(needsToken).map((s) => s.name)).toEqual(['items-list']);
  });

  test('pass their own validation unchanged', () => {
    const data: unknown = JSON.parse(JSON.stringify({ scenarios: DEFAULT_SCENARIOS }));
    expect(parseScenarioFile(data, 'defaults')).toEqual(DEFAULT_SCENARIOS);
  });

  test('the token placeholder is replaced in headers only', () => {
    const list = DEFAULT_SCENARIOS[1]?.requests[0];
    if (!list) throw new Error('missing default request');
    expect(resolveHeaders(list, 'abc')).toEqual({ Authorization: 'Bearer abc' });
  });

  test('k6 durations parse and format', () => {
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(formatDuration(3000)).toBe('3s');
    expect(formatDuration(1500)).toBe('1500ms');
    expect(() => parseDurationMs('3 seconds')).toThrow(/"3 seconds" is not a k6 duration; expected e.g. 500ms/);
  });
});

test.describe('scenario file (STAGING_LOAD_SCENARIOS)', () => {
  test('fills omitted fields with the defaults', () => {
    const [scenario] = parseScenarioFile(minimal, 'file');
    expect(scenario).toEqual({
      name: 'health',
      requests: [{ name: 'health', method: 'GET', path: '/api/health', headers: {}, weight: 1, expectStatus: 200 }],
      executor: { type: 'constant-vus', vus: 10, duration: '3s' },
      maxRequests: 1000,
      requestTimeout: '5s',
      thresholds: { http_req_duration: ['p(95)<500'], http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] },
    });
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      'a malformed threshold, quoting it',
      { scenarios: [{ ...minimal.scenarios[0], thresholds: { http_req_duration: ['p95<500'] } }] },
      /threshold "p95<500" on http_req_duration: unknown aggregation "p95"[\s\S]*at scenarios\[0\]\.thresholds/,
    ],
    [
      'a threshold on a metric staging-gate does not measure',
      { scenarios: [{ ...minimal.scenarios[0], thresholds: { http_req_waiting: ['p(95)<5'] } }] },
      /"http_req_waiting" is not measured by staging-gate; use one of http_req_duration/,
    ],
    [
      'a path that is a URL',
      { scenarios: [{ name: 'x', requests: [{ name: 'x', path: 'http://elsewhere/api' }] }] },
      /expected a path starting with '\/'[\s\S]*at scenarios\[0\]\.requests\[0\]\.path/,
    ],
    [
      'an unbounded duration',
      { scenarios: [{ ...minimal.scenarios[0], executor: { type: 'constant-vus', vus: 10, duration: '2h' } }] },
      /expected between 0\.1s and 600s \(got 2h\)[\s\S]*at scenarios\[0\]\.executor\.duration/,
    ],
    [
      'a typo in a field name',
      { scenarios: [{ ...minimal.scenarios[0], treshold: {} }] },
      /Unrecognized key: "treshold"/,
    ],
    [
      'an unknown executor',
      { scenarios: [{ ...minimal.scenarios[0], executor: { type: 'ramping-vus' } }] },
      /executor\.type/,
    ],
    [
      'a request timeout under a second',
      { scenarios: [{ ...minimal.scenarios[0], requestTimeout: '200ms' }] },
      /expected between 1s and 60s \(got 200ms\)[\s\S]*at scenarios\[0\]\.requestTimeout/,
    ],
    [
      'duplicate scenario names',
      { scenarios: [minimal.scenarios[0], minimal.scenarios[0]] },
      /scenario name "health" repeats/,
    ],
    ['an empty list', { scenarios: [] }, /expected at least one scenario/],
  ];
  for (const [what, data, message] of invalid) {
    test(`rejects ${what} with a message naming the field`, () => {
      expect(() => parseScenarioFile(data, 'STAGING_LOAD_SCENARIOS=bad.json')).toThrow(message);
      expect(() => parseScenarioFile(data, 'STAGING_LOAD_SCENARIOS=bad.json')).toThrow(
        /^STAGING_LOAD_SCENARIOS=bad\.json: invalid load scenarios/,
      );
    });
  }

  test('unset or empty means the defaults; a file replaces them', async () => {
    expect(await loadScenarios({})).toBe(DEFAULT_SCENARIOS);
    expect(await loadScenarios({ STAGING_LOAD_SCENARIOS: '' })).toBe(DEFAULT_SCENARIOS);
    await withFile(JSON.stringify(minimal), async (path) => {
      expect((await loadScenarios({ STAGING_LOAD_SCENARIOS: path })).map((s) => s.name)).toEqual(['health']);
    });
  });

  test('a missing file or broken JSON names the variable and the problem', async () => {
    await expect(loadScenarios({ STAGING_LOAD_SCENARIOS: '/nonexistent/load.json' })).rejects.toThrow(
      /^STAGING_LOAD_SCENARIOS=\/nonexistent\/load\.json: cannot read the scenario file \(ENOENT/,
    );
    await withFile('{ "scenarios": [', async (path) => {
      await expect(loadScenarios({ STAGING_LOAD_SCENARIOS: path })).rejects.toThrow(/: not valid JSON \(/);
    });
  });
});

test.describe('built-in engine plan', () => {
  test('splitByWeight keeps the total and gives every share at least one', () => {
    expect(splitByWeight(10, [3, 1])).toEqual([8, 2]);
    expect(splitByWeight(5000, [1, 1, 1])).toEqual([1667, 1667, 1666]);
    expect(splitByWeight(1, [1, 1])).toEqual([1, 1]);
  });

  test('never gives a request more connections than requests, and splits the arrival rate', () => {
    const scenario: LoadScenario = {
      ...DEFAULT_SCENARIOS[0]!,
      requests: [
        { name: 'a', method: 'GET', path: '/a', headers: {}, weight: 1, expectStatus: 200 },
        { name: 'b', method: 'GET', path: '/b', headers: {}, weight: 1, expectStatus: 200 },
      ],
      executor: { type: 'constant-arrival-rate', rate: 600, timeUnit: '1m', duration: '3s', preAllocatedVUs: 20 },
      maxRequests: 6,
    };
    const plan = planLoad(scenario, 'http://127.0.0.1:3001/');
    expect(plan.runs.map((r) => [r.url, r.connections, r.maxRequests, r.overallRate])).toEqual([
      ['http://127.0.0.1:3001/a', 3, 3, 5],
      ['http://127.0.0.1:3001/b', 3, 3, 5],
    ]);
    expect(plan).toMatchObject({ durationMs: 3000, requestTimeoutMs: 5000 });
  });
});
