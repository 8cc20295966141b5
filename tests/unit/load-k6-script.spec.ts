import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test as base } from '@playwright/test';
import ts from 'typescript';

/**
 * No k6 binary can be installed here, so the script is checked the way k6 >= 0.57 loads it: types stripped file by
 * file (no bundler), with only load/'s k6 side copied next to a stand-in for the 'k6' and 'k6/http' modules.
 * An import from outside that set (Node, zod, engine/) fails to resolve and fails the test.
 */

const LOAD = fileURLToPath(new URL('../../load/', import.meta.url));
const K6_SIDE = ['scenarios.ts', 'metrics.ts', ...readdirSync(join(LOAD, 'k6')).map((f) => `k6/${f}`)];

const FAKE_K6 = `
export const calls = (globalThis.__k6calls ??= { requests: [], checks: [] });
export function check(value, sets) {
  for (const [name, fn] of Object.entries(sets)) calls.checks.push([name, fn(value)]);
  return true;
}
`;
const FAKE_HTTP = `
const calls = (globalThis.__k6calls ??= { requests: [], checks: [] });
export function request(method, url, body, params) {
  calls.requests.push({ method, url, body, params });
  return { status: 200 };
}
export function expectedStatuses(...statuses) {
  return { expectedStatuses: statuses };
}
export default { request, expectedStatuses };
`;

interface K6Module {
  options: { scenarios: Record<string, { executor: string }> };
  default: () => void;
  handleSummary: (data: unknown) => Record<string, string>;
}

interface K6Calls {
  requests: { method: string; url: string; body: unknown; params: Record<string, unknown> }[];
  checks: [string, boolean][];
}

const test = base.extend<{ stripped: string }>({
  stripped: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-k6-script-'));
    for (const file of K6_SIDE.filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(LOAD, file), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
          rewriteRelativeImportExtensions: true,
        },
      });
      const out = join(dir, 'load', file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
    const k6 = join(dir, 'node_modules', 'k6');
    mkdirSync(k6, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      join(k6, 'package.json'),
      JSON.stringify({ name: 'k6', type: 'module', exports: { '.': './index.js', './http': './http.js' } }),
    );
    writeFileSync(join(k6, 'index.js'), FAKE_K6);
    writeFileSync(join(k6, 'http.js'), FAKE_HTTP);
    await use(join(dir, 'load', 'k6', 'critical-paths.js'));
    rmSync(dir, { recursive: true, force: true });
  },
});

let loads = 0;
async function loadScript(path: string, env: Record<string, string>): Promise<{ script: K6Module; calls: K6Calls }> {
  const calls: K6Calls = { requests: [], checks: [] };
  Object.assign(globalThis, { __ENV: env, __k6calls: calls });
  // A fresh module instance per load: the script reads __ENV at init, like each k6 VU.
  const script = (await import(`${pathToFileURL(path).href}?load=${++loads}`)) as K6Module;
  return { script, calls };
}

test('the k6 side of load/ imports only itself and k6 modules', () => {
  const all: string[] = [];
  for (const file of K6_SIDE) {
    const source = readFileSync(join(LOAD, file), 'utf8');
    const specifiers = [...source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
    all.push(...specifiers);
    for (const specifier of specifiers) {
      const local = specifier.startsWith('.') && !relative(LOAD, join(LOAD, dirname(file), specifier)).startsWith('..');
      expect(local || /^k6(\/|$)/.test(specifier), `${file} imports ${specifier}`).toBe(true);
      expect(specifier, `${file} imports the Node side`).not.toMatch(/engine\/|scenario-file/);
    }
  }
  expect(all).toEqual(expect.arrayContaining(['k6', 'k6/http', '../scenarios.ts', './k6-options.ts']));
});

test('the type-stripped script builds options, sends the scenario requests and checks their status', async ({
  stripped,
}) => {
  const { script, calls } = await loadScript(stripped, {
    BASE_URL: 'http://127.0.0.1:3001/',
    TOKEN: 'tkn',
    SCENARIO: 'items-list',
  });
  expect(script.options.scenarios['items-list']?.executor).toBe('per-vu-iterations');
  script.default();
  script.default();
  expect(calls.requests).toHaveLength(2);
  expect(calls.requests[0]).toEqual({
    method: 'GET',
    url: 'http://127.0.0.1:3001/items',
    body: null,
    params: {
      headers: { Authorization: 'Bearer tkn' },
      tags: { name: 'list' },
      timeout: '5s',
      redirects: 0,
      responseCallback: { expectedStatuses: [200] },
    },
  });
  expect(calls.checks).toEqual([
    ['list status is 200', true],
    ['list status is 200', true],
  ]);
});

test('a full scenario arrives as SCENARIO_JSON and handleSummary writes the normalized summary', async ({
  stripped,
}) => {
  const scenario = {
    name: 'mixed',
    requests: [{ name: 'create', method: 'POST', path: '/x', headers: {}, body: '{}', weight: 1, expectStatus: [201] }],
    executor: { type: 'constant-vus', vus: 1, duration: '1s' },
    maxRequests: 10,
    requestTimeout: '2s',
    thresholds: { http_req_duration: ['p(99.9)<800'] },
  };
  const { script, calls } = await loadScript(stripped, {
    BASE_URL: 'http://127.0.0.1:3001',
    SCENARIO_JSON: JSON.stringify(scenario),
    SUMMARY_PATH: '/tmp/out/summary.json',
  });
  script.default();
  expect(calls.requests[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:3001/x', body: '{}' });
  const files = script.handleSummary({
    state: { testRunDurationMs: 1000 },
    metrics: {
      http_req_duration: { type: 'trend', values: { avg: 1, min: 1, med: 1, max: 1, 'p(99.9)': 1, count: 1 } },
    },
  });
  expect(Object.keys(files)).toEqual(['/tmp/out/summary.json', 'stdout']);
  expect(JSON.parse(files['/tmp/out/summary.json'] ?? '')).toMatchObject({
    engine: 'k6',
    scenario: 'mixed',
    metrics: { http_req_duration: { 'p(99.9)': 1, count: 1 }, http_reqs: { count: 0 } },
  });
  expect(files.stdout).toMatch(/^mixed: 0 requests, p\(95\) 0\.0 ms, failed 0\.00%/);
});

test('without BASE_URL the script stops at init with a message saying what to set', async ({ stripped }) => {
  await expect(loadScript(stripped, {})).rejects.toThrow(
    'BASE_URL is not set; run e.g. BASE_URL=http://127.0.0.1:3001',
  );
});
