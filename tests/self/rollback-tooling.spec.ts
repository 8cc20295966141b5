import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { test, expect } from '@playwright/test';
import { readProfileShape } from '../../core/profile/load-profile.ts';
import { appliedMigrations } from '../../target/migrations.ts';
import { cleanEnv, StackControl, uniqueProject, type Service } from './stack-control.ts';

const SERVICES: Service[] = ['postgres', 'redis', 'backend', 'frontend'];

interface Received {
  method: string;
  path: string;
  body: unknown;
}

/** A local HTTP receiver standing in for the chat webhook and the status page: records every request, answers 204. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text, and the assertions on its shape fail
      }
      received.push({ method: req.method ?? '', path: req.url ?? '', body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** `npm run rollback -- <args>` as an operator runs it: exit code and everything it printed. */
function rollback(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'rollback', '--', ...args],
      { env: cleanEnv(env), timeout: 240_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The reference stack's migrations section (tool and bookkeeping table), from its profile. */
const MIGRATIONS = readProfileShape(resolve(import.meta.dirname, '../../reference-stack/profile.ts'))?.migrations;

async function appliedVersions(stack: StackControl): Promise<string[] | null> {
  if (!MIGRATIONS) throw new Error('reference-stack/profile.ts has no migrations section');
  const client = new pg.Client({ connectionString: stack.databaseUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const applied = await appliedMigrations(client, MIGRATIONS);
    return applied.ok ? applied.ids : null;
  } finally {
    await client.end();
  }
}

test.describe('npm run rollback against a reference stack the test started (compose target, rollback grant)', () => {
  test.describe.configure({ mode: 'serial' });
  let stack: StackControl;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let env: Record<string, string>;

  test.beforeAll(async () => {
    stack = await StackControl.create({ project: uniqueProject('rollback') });
    receiver = await startReceiver();
    env = {
      ...stack.composeEnv(),
      STAGING_GRANTS: 'rollback',
      // No env file: everything comes from the environment.
      STAGING_ENV_FILE: join(mkdtempSync(join(tmpdir(), 'sgtarget-rollback-')), '.env.staging'),
      STAGING_WEBHOOK_URL: `${receiver.url}/webhook`,
      STAGING_STATUS_PAGE_URL: `${receiver.url}/status`,
    };
    await stack.up();
  });

  test.afterAll(async () => {
    await stack?.down();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  test('--planned --dry-run prints every step and changes nothing', async () => {
    const before = await Promise.all(SERVICES.map((s) => stack.inspect(s)));
    const result = await rollback(['--planned', '--dry-run'], env);
    expect(result.code, result.output).toBe(0);
    const steps = [
      `planned rollback of compose project ${stack.project} (STAGING_TARGET=compose)`,
      'migrate down to 1 with staging-gate/reference-app:1.1.0',
      'recreate backend and frontend with staging-gate/reference-app:1.0.0',
      `verify ${stack.apiUrl}/api/health answers 200 with version 1.0.0`,
      'notify the decision webhook (STAGING_WEBHOOK_URL)',
      'update the status page (STAGING_STATUS_PAGE_URL)',
    ];
    expect(result.output).toContain('[rollback] dry run, nothing is changed. Steps:');
    steps.forEach((step, i) => expect(result.output).toContain(`${i + 1}. ${step}`));
    expect(await Promise.all(SERVICES.map((s) => stack.inspect(s))), 'containers after the dry run').toEqual(before);
    expect(await stack.health()).toEqual({ status: 200, version: '1.1.0' });
    expect(await appliedVersions(stack), 'schema after the dry run').toEqual(['1', '2']);
    expect(receiver.received, 'notifications sent by a dry run').toEqual([]);
  });

  test('--emergency rolls back to 1.0.0 with the schema at version 1 and notifies the webhook and the status page', async () => {
    const result = await rollback(['--emergency'], env);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Rollback completed in [\d.]+ s: 1\.0\.0 is live and healthy/);
    expect(await stack.health()).toEqual({ status: 200, version: '1.0.0' });
    expect((await stack.inspect('backend'))?.image).toBe('staging-gate/reference-app:1.0.0');
    expect((await stack.inspect('frontend'))?.image).toBe('staging-gate/reference-app:1.0.0');
    expect(await appliedVersions(stack), 'schema after the rollback').toEqual(['1']);

    const webhook = receiver.received.filter((r) => r.path === '/webhook');
    const status = receiver.received.filter((r) => r.path === '/status');
    expect(webhook, 'webhook calls').toEqual([
      {
        method: 'POST',
        path: '/webhook',
        body: { text: expect.stringMatching(/emergency rollback: .*1\.0\.0 is live/) },
      },
    ]);
    expect(status, 'status page updates').toEqual([
      {
        method: 'POST',
        path: '/status',
        body: { status: 'operational', message: expect.stringContaining('1.0.0 is live and healthy') },
      },
    ]);
  });
});
