import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { Evidence } from '../../core/evidence.ts';
import { describeRun, runGate } from '../../harness/run-gate.ts';
import { StackControl, uniqueProject, type Service } from './stack-control.ts';

const run = promisify(execFile);
const SERVICES: readonly Service[] = ['postgres', 'redis', 'backend', 'frontend'];

/**
 * "Attach grants nothing" (ARCHITECTURE §1): an external staging the gate did not deploy, with no
 * STAGING_GRANTS, must come out of a gate run with the same data and the same containers. The stack
 * is started here with the compose CLI, so the gate deploys nothing and cannot clean up for itself.
 */

interface DataSnapshot {
  rows: string[];
  keys: string[];
  migrations: string[];
}

interface ContainerSnapshot {
  service: Service;
  id: string;
  startedAt: string;
  restartCount: number;
  image: string;
}

async function snapshotData(stack: StackControl): Promise<DataSnapshot> {
  const db = new pg.Client({ connectionString: stack.databaseUrl(), connectionTimeoutMillis: 5_000 });
  const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5_000 });
  await db.connect();
  await redis.connect();
  try {
    const rows = await db.query<{ id: string }>('SELECT id::text AS id FROM media_requests ORDER BY id');
    const migrations = await db.query<{ version: string }>('SELECT version::text AS version FROM schema_migrations');
    const keys = await redis.keys('*');
    return { rows: rows.rows.map((r) => r.id), keys: keys.sort(), migrations: migrations.rows.map((r) => r.version) };
  } finally {
    await db.end();
    redis.disconnect();
  }
}

/** Existing data of "someone else": the gate must neither remove nor change it. */
async function seedData(stack: StackControl): Promise<void> {
  const db = new pg.Client({ connectionString: stack.databaseUrl(), connectionTimeoutMillis: 5_000 });
  const redis = new Redis(stack.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5_000 });
  await db.connect();
  await redis.connect();
  try {
    for (const title of ['Existing movie', 'Existing series', 'Existing documentary'])
      await db.query('INSERT INTO media_requests (title, media_type, requested_by) VALUES ($1, $2, $3)', [
        title,
        title.endsWith('series') ? 'tv' : 'movie',
        'someone-else',
      ]);
    await redis.set(`someone-else:${randomUUID()}`, 'keep me');
  } finally {
    await db.end();
    redis.disconnect();
  }
}

async function snapshotContainers(stack: StackControl): Promise<ContainerSnapshot[]> {
  const format = '{{.Id}}|{{.State.StartedAt}}|{{.RestartCount}}|{{.Image}}';
  return Promise.all(
    SERVICES.map(async (service) => {
      const { stdout } = await run('docker', ['inspect', '--format', format, stack.containerName(service)], {
        timeout: 10_000,
      });
      const [id = '', startedAt = '', restarts = '', image = ''] = stdout.trim().split('|');
      return { service, id, startedAt, restartCount: Number(restarts), image };
    }),
  );
}

test.describe('an external target without grants', () => {
  let stack: StackControl;

  test.beforeAll(async () => {
    stack = await StackControl.create({ project: uniqueProject('safety') });
    await stack.up();
    await seedData(stack);
  });

  test.afterAll(async () => {
    await stack?.down();
  });

  test('is left with the same rows, keys, migrations and containers, and its rollback is not rehearsed', async () => {
    const dataBefore = await snapshotData(stack);
    const containersBefore = await snapshotContainers(stack);
    expect(dataBefore.rows, 'seeded rows').toHaveLength(3);

    // An external target needs a log source for the log check; the application's logs so far, as a file.
    const logFile = await stack.writeLogs(join(mkdtempSync(join(tmpdir(), 'sg-safety-logs-')), 'app.log'));
    const gate = await runGate({ env: { ...stack.externalEnv(), STAGING_LOG_FILE: logFile } });
    expect(gate.decision?.target, describeRun(gate)).toBe('external');
    const evidence = JSON.parse(gate.read('staging-report/evidence.json')) as Evidence;
    const integration = evidence.checks.filter((c) => c.phase === 'integration');
    expect(
      integration.filter((c) => c.status === 'passed').length,
      `the integration phase evidenced itself read-only\n${describeRun(gate)}`,
    ).toBeGreaterThan(0);
    // Without the write grant the stack's own writing spec (@write) is skipped, with that reason.
    const writing = integration.filter((c) => c.status === 'skipped' && (c.skipReason ?? '').includes("'write' grant"));
    expect(writing.length, describeRun(gate)).toBeGreaterThan(0);

    await test.step('data: nothing was written', async () => {
      const dataAfter = await snapshotData(stack);
      expect(dataAfter.rows, 'media_requests rows (ids) before and after').toEqual(dataBefore.rows);
      expect(dataAfter.keys, 'Redis keys before and after').toEqual(dataBefore.keys);
      expect(dataAfter.migrations, 'applied migrations before and after').toEqual(dataBefore.migrations);
    });

    await test.step('containers: nothing restarted, recreated or rolled back', async () => {
      expect(await snapshotContainers(stack)).toEqual(containersBefore);
    });

    await test.step('rollback: not rehearsed without the grant, readiness checked instead', async () => {
      const rehearsal = evidence.checks.find((c) => c.phase === 'rollback' && /rehearsed/.test(c.title));
      expect(rehearsal?.status, `the rehearsal check\n${describeRun(gate)}`).toBe('skipped');
      expect(evidence.checks.some((c) => c.phase === 'rollback' && c.status !== 'skipped')).toBe(true);
      // No STAGING_ROLLBACK_COMMAND here: readiness cannot be shown, so the decision is NO-GO rollback-not-validated.
      expect(gate.decision?.verdict, describeRun(gate)).toBe('NO-GO');
      const rollback = gate.decision?.reasons.filter((r) => r.criterion === 'rollback-not-validated') ?? [];
      expect(
        rollback.map((r) => r.phase),
        describeRun(gate),
      ).toContain('rollback');
      expect(gate.decision?.criteria['rollback-ready'], describeRun(gate)).toBe('hit');
      expect(rollback.map((r) => r.check).join('\n'), 'the reason comes from the no-grant readiness check').toMatch(
        /without a rollback grant/,
      );
      // Soft, known gap: the reason keeps the first line of the failure, a count without the missing items.
      expect
        .soft(rollback.map((r) => r.message).join('\n'), 'the reason names what is missing')
        .toContain('STAGING_ROLLBACK_COMMAND');
    });
  });
});
