import { test, expect, criterion } from '../../fixtures/index.ts';
import { recordStartups } from '../../fixtures/record-startups.ts';
import { runMigrations, sweepStaleRuns, upServices } from '../../target/compose-stack.ts';

// Runbook Phase 2 in order: data stores up and healthy, then migrations. Each step needs the one before.
test.describe.configure({ mode: 'serial' });

test(
  'postgres and redis start and report healthy',
  criterion('database-connectivity'),
  async ({ config, sut, evidence }) => {
    test.skip(!sut.deploys, 'external target: infrastructure is verified, not deployed (see the connectivity checks)');
    const swept = await sweepStaleRuns(config);
    if (swept.length) test.info().annotations.push({ type: 'swept stale runs', description: swept.join(', ') });
    const startups = await upServices(config, ['postgres', 'redis'], config.startupTimeoutMs);
    recordStartups(startups, evidence, test.info());
  },
);

test('postgresql answers SELECT 1', criterion('database-connectivity'), async ({ db, evidence }) => {
  const started = performance.now();
  const { rows } = await db.query<{ one: number; version: string }>('SELECT 1 AS one, current_setting($1) AS version', [
    'server_version',
  ]);
  evidence.measure('infra.postgres.latency', performance.now() - started, 'ms', 1);
  expect(rows[0]?.one).toBe(1);
  test.info().annotations.push({ type: 'postgres version', description: rows[0]?.version ?? 'unknown' });
});

test('redis answers PING', criterion('database-connectivity'), async ({ redis, evidence }) => {
  const started = performance.now();
  const pong = await redis.ping();
  evidence.measure('infra.redis.latency', performance.now() - started, 'ms', 1);
  expect(pong).toBe('PONG');
});

test(
  'database migrations apply within 2 minutes',
  criterion('all-phases-completed'),
  async ({ config, sut, evidence }) => {
    test.skip(
      !sut.may('migrate'),
      `STAGING_TARGET=${config.target} has no 'migrate' grant: applied migrations are checked in the deploy phase`,
    );
    const migration = await runMigrations(config, ['up']);
    await test.info().attach('migrate up output', { body: migration.output, contentType: 'text/plain' });
    evidence.measure('infra.migration.duration', migration.seconds, 's', 1);
    expect(migration.seconds, 'runbook: database migration < 2 min').toBeLessThan(120);
  },
);
