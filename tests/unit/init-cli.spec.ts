import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { loadProfile } from '../../core/profile/load-profile.ts';
import { checkProfileText } from '../../probes/init/check-profile.ts';
import { MAX_PROBES } from '../../probes/init/probe-target.ts';

/**
 * `npm run init` end to end: the CLI as a child process against a small node:http application on
 * 127.0.0.1 (health, metrics, OpenAPI, a public and a protected route), and the bad inputs that must
 * exit 2, name the problem and write nothing.
 */

const ROOT = join(import.meta.dirname, '..', '..');

const OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Widgets', version: '1.4.0' },
  security: [{ bearerAuth: [] }],
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/healthz': { get: { security: [], responses: { '200': { description: 'ok' } } } },
    '/metrics': { get: { security: [], responses: { '200': { description: 'ok' } } } },
    '/widgets': {
      get: { operationId: 'listWidgets', responses: { '200': { description: 'ok' } } },
      post: {
        operationId: 'createWidget',
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '201': { description: 'ok' } },
      },
    },
    '/public/widgets': { get: { security: [], responses: { '200': { description: 'ok' } } } },
    '/public/broken': { get: { security: [], responses: { '200': { description: 'ok' } } } },
  },
};

const METRICS = [
  '# HELP widgets_requests_total Requests',
  '# TYPE widgets_requests_total counter',
  'widgets_requests_total{code="200"} 3',
  '# HELP process_resident_memory_bytes RSS',
  '# TYPE process_resident_memory_bytes gauge',
  'process_resident_memory_bytes 1000',
  '',
].join('\n');

interface App {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

async function startApp(handler?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<App> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (handler?.(req, res)) return;
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/healthz') {
      return json(
        200,
        { status: 'ok', app: { version: '1.4.0' }, checks: { postgres: { status: 'ok' }, redis: { status: 'ok' } } },
        { 'x-widgets-version': '1.4.0' },
      );
    }
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return res.end(METRICS);
    }
    if (req.url === '/openapi.json') return json(200, OPENAPI);
    if (req.url === '/public/widgets') return json(200, []);
    if (req.url === '/public/broken') return json(500, { error: 'boom' });
    if (req.url === '/widgets') return json(401, { error: 'token required' });
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A generous request timeout: a loaded machine must not turn a slow answer into "unreachable". */
function runInit(args: readonly string[], cwd = ROOT, timeoutMs = 10_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts', 'init.ts'), ...args],
      { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1', STAGING_HTTP_TIMEOUT_MS: String(timeoutMs) } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The test's own output folder, created. */
function outDir(): string {
  const dir = test.info().outputPath();
  mkdirSync(dir, { recursive: true });
  return dir;
}

test.describe.configure({ timeout: 120_000 });

let app: App;
test.beforeEach(async () => {
  app = await startApp();
});
test.afterEach(async () => {
  await app.close();
});

test('scaffolds a valid profile from a running application and prints the first-run command', async () => {
  const out = test.info().outputPath('widgets.profile.yaml');
  const run = await runInit(['--url', app.url, '--out', out]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);

  const text = readFileSync(out, 'utf8');
  const check = checkProfileText(text);
  expect(check.ok ? [] : check.issues, text).toEqual([]);
  expect(parseYaml(text)).toMatchObject({
    name: 'Widgets',
    version: { pointer: '/app/version' },
    services: [
      { name: 'api', role: 'api' },
      { name: 'postgres', role: 'database' },
      { name: 'redis', role: 'cache' },
    ],
    urls: { api: app.url },
    health: {
      endpoints: [
        {
          path: '/healthz',
          dependencies: { postgres: '/checks/postgres/status', redis: '/checks/redis/status' },
          schema: { type: 'object', required: ['status', 'app', 'checks'] },
        },
      ],
    },
    metrics: {
      path: '/metrics',
      auth: { none: true },
      series: ['widgets_requests_total', 'process_resident_memory_bytes'],
    },
    auth: { kind: 'token', token: { $env: 'STAGING_API_TOKEN' } },
    // /public/broken is documented public but answered 500: left out.
    routes: {
      protected: [{ method: 'GET', path: '/widgets' }],
      public: [{ method: 'GET', path: '/public/widgets' }],
      jsonBody: [{ method: 'POST', path: '/widgets' }],
    },
    openapi: { document: '/openapi.json' },
  });
  expect(text).toMatch(/^# TODO: /m);
  // Loads as the gate loads it once the credential is set.
  const loaded = loadProfile(out, (name) => (name === 'STAGING_API_TOKEN' ? 'token' : undefined));
  expect(loaded.ok ? [] : loaded.issues).toEqual([]);

  // The command, its line continuations joined.
  const command = run.stdout.replace(/ \\\n/g, ' ');
  expect(command).toContain(
    `STAGING_TARGET=external STAGING_TARGET_FILE=${out} STAGING_API_URL=${app.url} STAGING_EXPECTED_VERSION=1.4.0 `,
  );
  expect(command).toMatch(/STAGING_API_TOKEN='<token>' npx playwright test --project=staging\n/);
  expect(run.stdout).toMatch(/TODO \(\d+\)/);
  expect(run.stdout).toContain('/public/broken is public in the OpenAPI document but answered 500');
  // Bounded: health stops at the first answer, metrics likewise, one OpenAPI location, two public routes.
  expect(app.requests).toEqual([
    'GET /health',
    'GET /healthz',
    'GET /metrics',
    'GET /openapi.json',
    'GET /public/widgets',
    'GET /public/broken',
  ]);
  expect(app.requests.length).toBeLessThanOrEqual(MAX_PROBES);
});

test('--openapi with a file: referenced relative to the profile, and the document is not looked for', async () => {
  const dir = outDir();
  writeFileSync(join(dir, 'openapi.json'), JSON.stringify(OPENAPI));
  const out = join(dir, 'profiles', 'w.yaml');
  mkdirSync(join(dir, 'profiles'));
  const run = await runInit(['--url', app.url, '--openapi', 'openapi.json', '--out', out, '--name', 'w'], dir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(parseYaml(readFileSync(out, 'utf8'))).toMatchObject({ name: 'w', openapi: { document: '../openapi.json' } });
  expect(app.requests).not.toContain('GET /openapi.json');
});

test('an unreachable URL (a closed port): exit 2, names the URL and ECONNREFUSED, writes nothing', async () => {
  const out = test.info().outputPath('x.yaml');
  const port = await closedPort();
  const run = await runInit(['--url', `http://127.0.0.1:${port}`, '--out', out]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`Cannot reach http://127.0.0.1:${port}`);
  expect(run.stderr).toContain('ECONNREFUSED');
  expect(run.stderr).toContain('Nothing was written.');
  expect(existsSync(out)).toBe(false);
});

test('an application that never answers: exit 2 after the request timeout, writes nothing', async () => {
  const hanging = await startApp(() => true);
  try {
    const out = test.info().outputPath('x.yaml');
    const started = Date.now();
    const run = await runInit(['--url', hanging.url, '--out', out], ROOT, 1500);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`GET ${hanging.url}/health failed: no answer within 1500 ms`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(out)).toBe(false);
  } finally {
    await hanging.close();
  }
});

test('--openapi that is not an OpenAPI document: exit 2, names the file and the problem, writes nothing', async () => {
  const dir = outDir();
  const out = join(dir, 'x.yaml');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'not-openapi' }));
  const notOpenApi = await runInit(['--url', app.url, '--openapi', join(dir, 'package.json'), '--out', out]);
  expect(notOpenApi.code).toBe(2);
  expect(notOpenApi.stderr).toContain(`${join(dir, 'package.json')} has no "openapi" field`);

  const invalid = { ...OPENAPI, paths: { '/a': { get: { responses: { '200': {} } } }, '/b': 'nope' } };
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify(invalid));
  const run = await runInit(['--url', app.url, '--openapi', join(dir, 'invalid.json'), '--out', out]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('is not valid (2 problems)');
  expect(run.stderr).toContain("/paths/~1a/get/responses/200: must have required property 'description'");
  expect(run.stderr).toContain('/paths/~1b: must be object');

  const missing = await runInit(['--url', app.url, '--openapi', join(dir, 'nope.yaml'), '--out', out]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain(`${join(dir, 'nope.yaml')} does not exist`);

  const url = await runInit(['--url', app.url, '--openapi', `${app.url}/nothing.json`, '--out', out]);
  expect(url.code).toBe(2);
  expect(url.stderr).toContain(`--openapi ${app.url}/nothing.json: GET answered 404`);
  expect(existsSync(out)).toBe(false);
  // The document is checked before the application is probed.
  expect(app.requests).toEqual(['GET /nothing.json']);
});

test('an existing output file: exit 2 without --force and kept as it was; --force overwrites it', async () => {
  const out = join(outDir(), 'existing.yaml');
  writeFileSync(out, 'mine: true\n');
  const run = await runInit(['--url', app.url, '--out', out]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`${out} exists; pass --force to overwrite it`);
  expect(readFileSync(out, 'utf8')).toBe('mine: true\n');
  expect(app.requests).toEqual([]);

  const forced = await runInit(['--url', app.url, '--out', out, '--force']);
  expect(forced.code).toBe(0);
  expect(checkProfileText(readFileSync(out, 'utf8')).ok).toBe(true);
});

test('bad arguments: exit 2 with the usage', async () => {
  const run = await runInit(['--url', 'localhost:8080']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--url localhost:8080');
  expect(run.stderr).toContain('Usage: npm run init --');
  const timeout = await runInit(['--url', app.url, '--out', join(outDir(), 'x.yaml')], ROOT, 5);
  expect(timeout.code).toBe(2);
  expect(timeout.stderr).toContain(
    'STAGING_HTTP_TIMEOUT_MS=5 must be a whole number of milliseconds from 100 to 60000',
  );
  expect(existsSync(join(ROOT, 'staging-target.profile.yaml'))).toBe(false);
});
