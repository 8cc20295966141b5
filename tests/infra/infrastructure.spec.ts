import { test, expect, criterion } from '../../fixtures/index.ts';
import { recordStartups } from '../../fixtures/record-startups.ts';
import { runMigrations, sweepRuns, upServices } from '../../target/compose-stack.ts';
import { INFRA_ROLES } from '../../target/sut.ts';

// Runbook Phase 2 in order: data stores up and healthy, then migrations. Each step needs the one before.
test.describe.configure({ mode: 'serial' });

test(
  'the data stores start and report healthy',
  criterion('database-connectivity'),
  async ({ config, sut, evidence }) => {
    test.skip(!sut.deploys, 'external target: infrastructure is verified, not deployed (see the connectivity checks)');
    // Again here: a run may have died since preflight. Live runs' stacks are never touched.
    const swept = await sweepRuns(config);
    if (swept.length)
      test.info().annotations.push({
        type: 'swept stale runs',
        description: swept.map((s) => `${s.project} (${s.reason})`).join(', '),
      });
    const stores = sut.services(...INFRA_ROLES);
    test.skip(stores.length === 0, 'the profile declares no database or cache service');
    const startups = await upServices(config, stores, config.startupTimeoutMs);
    recordStartups(startups, evidence, test.info());
  },
);

test('postgresql answers SELECT 1', criterion('database-connectivity'), async ({ sut, db, evidence }) => {
  test.skip(!sut.databaseUrl, 'the profile declares no database (no urls.database, DATABASE_URL unset)');
  const started = performance.now();
  const { rows } = await db.query<{ one: number; version: string }>('SELECT 1 AS one, current_setting($1) AS version', [
    'server_version',
  ]);
  evidence.measure('infra.postgres.latency', performance.now() - started, 'ms', 1);
  expect(rows[0]?.one).toBe(1);
  test.info().annotations.push({ type: 'postgres version', description: rows[0]?.version ?? 'unknown' });
});

test('redis answers PING', criterion('database-connectivity'), async ({ sut, redis, evidence }) => {
  test.skip(!sut.redisUrl, 'the profile declares no cache (no urls.cache, REDIS_URL unset)');
  const started = performance.now();
  const pong = await redis.ping();
  evidence.measure('infra.redis.latency', performance.now() - started, 'ms', 1);
  expect(pong).toBe('PONG');
});

test(
  'database migrations apply within the policy',
  criterion('all-phases-completed'),
  async ({ config, sut, evidence }) => {
    test.skip(
      !sut.may('migrate'),
      `STAGING_TARGET=${config.target} has no 'migrate' grant: applied migrations are checked in the deploy phase`,
    );
    test.skip(!config.profile.migrations?.up, 'not evaluated: the profile has no migrations.up command');
    const migration = await runMigrations(config, 'up');
    await test.info().attach('migrate up output', { body: migration.output, contentType: 'text/plain' });
    // Runbook: migration < 2 min; the policy grades it (infra.migration.duration), the check only records it.
    evidence.measure('infra.migration.duration', migration.seconds, 's', 1);
  },
);

test(
  'an application without a data store has nothing to connect to (the profile declares none)',
  criterion('database-connectivity'),
  async ({ sut }) => {
    test.skip(
      !!sut.databaseUrl || !!sut.redisUrl,
      'the profile declares a database or cache: the connectivity checks above evidence it',
    );
    // A declared absence, not a missing answer: the profile's services list no database and no cache.
    expect(sut.services('database', 'cache')).toEqual([]);
  },
);
