import { test, expect, criterion } from '../../fixtures/index.ts';
import { upServices } from '../../target/compose-stack.ts';
import { recordStartups } from '../../fixtures/record-startups.ts';
import { appliedMigrations, readMigrationFiles } from '../../target/migrations.ts';
import { prepareUpgradeBase } from '../../target/upgrade-base.ts';
import { probeDuring, recordProbes } from '../../fixtures/health-prober.ts';

test.describe.configure({ mode: 'serial' });

interface HealthBody {
  version?: string;
}

test(
  'backend and frontend start and report healthy',
  criterion('health-200'),
  async ({ config, sut, evidence, http }) => {
    test.skip(!sut.deploys, 'external target: the running application is verified, not deployed');
    const base = await test.step('the release the candidate replaces is in place', () => prepareUpgradeBase(config));
    test.info().annotations.push({ type: 'deployment', description: base.describe });
    const deploy = () => upServices(config, ['backend', 'frontend'], config.startupTimeoutMs);
    if (base.kind === 'none') {
      recordStartups(await deploy(), evidence, test.info());
      return;
    }
    // Zero downtime is a runbook target: the health endpoint is probed for the whole upgrade.
    const healthUrl = sut.healthUrls[0] as string;
    const { result, report } = await test.step(`upgrade ${base.image} -> ${config.images.app}`, () =>
      probeDuring(http, healthUrl, deploy));
    recordProbes(evidence, 'deploy', 'deploy-upgrade', report);
    recordStartups(result, evidence, test.info());
  },
);

test('the running version is the candidate release', criterion('health-200'), async ({ config, sut, http }) => {
  const expected = config.expectedVersion ?? (sut.deploys ? config.images.app.split(':').pop() : undefined);
  test.skip(!expected, 'STAGING_EXPECTED_VERSION is not set: nothing to compare the running version with');
  const res = await http(sut.healthUrls[0] as string);
  const reported = res.json<HealthBody>().version ?? res.headers['x-app-version'];
  test.info().annotations.push({ type: 'running version', description: String(reported) });
  expect(
    reported,
    `${res.url} reports version ${reported}; the candidate is ${expected} (STAGING_EXPECTED_VERSION)`,
  ).toBe(expected);
});

test('every migration the release ships is applied', criterion('all-phases-completed'), async ({ config, db }) => {
  const files = readMigrationFiles(config.rollback.migrationsDir);
  test.skip(!files, `no migrations folder at ${config.rollback.migrationsDir} (STAGING_MIGRATIONS_DIR)`);
  const applied = await appliedMigrations(db);
  expect(applied, 'the database has no schema_migrations table').not.toBeNull();
  const pending = (files ?? []).filter((f) => !applied?.includes(f.version)).map((f) => `${f.version}_${f.name}`);
  expect(pending, `migrations not applied (run the migrate command; runbook: npm run db:migrate:staging)`).toEqual([]);
});
