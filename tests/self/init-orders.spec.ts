import { workerPortBase } from '../../harness/run-gate.ts';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { loadProfile } from '../../core/profile/load-profile.ts';
import { checkProfileText } from '../../probes/init/check-profile.ts';
import { ORDERS_DIR, OrdersStack } from './orders-stack.ts';
import { stackPerWorker, upOrRemove } from './stack-per-worker.ts';

/**
 * `npm run init` against the orders sample app (sample-apps/orders), started by the test on its own
 * compose project and ports (SELFTEST_INIT_ORDERS_PORT_BASE, default 29400) and always torn down:
 * the scaffolded profile validates, and finds what the hand-written profile.yaml says.
 */

const PORT_BASE = Number(process.env.SELFTEST_INIT_ORDERS_PORT_BASE || workerPortBase() + 1400);

function runInit(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/init.ts', ...args],
      { timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

const ordersStack = stackPerWorker(test, async () => upOrRemove(await OrdersStack.create(PORT_BASE)));

test('init scaffolds a valid profile for the orders sample app', async () => {
  const s = ordersStack();
  const out = join(test.info().outputPath(), 'orders.profile.yaml');
  const run = await runInit(['--url', s.apiUrl, '--openapi', join(ORDERS_DIR, 'openapi.yaml'), '--out', out]);
  await test.info().attach('init stdout', { body: run.stdout, contentType: 'text/plain' });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const text = readFileSync(out, 'utf8');
  await test.info().attach('orders.profile.yaml', { body: text, contentType: 'text/yaml' });
  const check = checkProfileText(text);
  expect(check.ok ? [] : check.issues, text).toEqual([]);
  expect(parseYaml(text)).toMatchObject({
    name: 'Orders service',
    version: { pointer: '/build/version' },
    services: [
      { name: 'api', role: 'api' },
      { name: 'database', role: 'database' },
      { name: 'cache', role: 'cache' },
    ],
    urls: { api: s.apiUrl },
    health: {
      endpoints: [
        {
          path: '/healthz',
          status: 200,
          dependencies: { database: '/components/database/state', cache: '/components/cache/state' },
        },
      ],
    },
    metrics: { path: '/metrics', auth: { header: 'X-Metrics-Key', value: { $env: 'STAGING_METRICS_KEY' } } },
    auth: { kind: 'token', token: { $env: 'STAGING_API_TOKEN' } },
    routes: {
      protected: [{ method: 'GET', path: '/v2/orders' }],
      public: expect.arrayContaining([{ method: 'GET', path: '/v2/catalog' }]),
      jsonBody: [{ method: 'POST', path: '/v2/orders' }],
    },
  });
  expect(text).toContain('#   path: /v2/session');
  expect(text).toContain('#   tokenPointer: /access_token');
  const vars: Record<string, string> = {
    STAGING_API_TOKEN: 't',
    STAGING_METRICS_KEY: s.variables.ORDERS_METRICS_KEY ?? '',
  };
  const loaded = loadProfile(out, (name) => vars[name]);
  expect(loaded.ok ? [] : loaded.issues).toEqual([]);
  expect(run.stdout.replace(/ \\\n/g, ' ')).toContain(
    `STAGING_TARGET=external STAGING_TARGET_FILE=${out} STAGING_API_URL=${s.apiUrl} STAGING_EXPECTED_VERSION=2.4.0`,
  );
});
