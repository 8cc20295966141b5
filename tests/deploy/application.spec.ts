import { test, expect, criterion } from '../../fixtures/index.ts';
import { upServices } from '../../target/compose-stack.ts';
import { recordStartups } from '../../fixtures/record-startups.ts';
import { appliedMigrations, expectedMigrations } from '../../target/migrations.ts';
import { prepareUpgradeBase } from '../../target/upgrade-base.ts';
import { probeDuring, recordProbes } from '../../fixtures/health-prober.ts';
import { APP_ROLES } from '../../target/sut.ts';
import { runningVersion } from '../../probes/running-version.ts';

test.describe.configure({ mode: 'serial' });

test(
  'the application services start and report healthy',
  criterion('health-200'),
  async ({ config, sut, evidence, http }) => {
    test.skip(!sut.deploys, 'external target: the running application is verified, not deployed');
    const apps = sut.services(...APP_ROLES);
    const base = await test.step('the release the candidate replaces is in place', () => prepareUpgradeBase(config));
    test.info().annotations.push({ type: 'deployment', description: base.describe });
    const deploy = () => upServices(config, apps, config.startupTimeoutMs);
    if (base.kind === 'none') {
      recordStartups(await deploy(), evidence, test.info());
      return;
    }
    // Zero downtime is a runbook target: the health endpoint is probed for the whole upgrade.
    const healthUrl = sut.healthUrls[0] as string;
    const { result, report } =
      await test.step(`upgrade ${base.image} -> ${config.releases.candidate?.image ?? 'the candidate'}`, () =>
        probeDuring(http, healthUrl, deploy));
    recordProbes(evidence, 'deploy', 'deploy-upgrade', report);
    recordStartups(result, evidence, test.info());
  },
);

test(
  'the running version is the candidate release',
  criterion('health-200'),
  async ({ config, sut, http, profile }) => {
    const expected = config.expectedVersion;
    test.skip(
      !expected,
      'not evaluated: STAGING_EXPECTED_VERSION is not set, nothing to compare the running version with',
    );
    const running = await runningVersion(http, sut.healthUrls[0] as string, profile);
    test.info().annotations.push({ type: 'running version', description: String(running.version) });
    expect(
      running.version,
      `${running.url} reports version ${running.version ?? 'none'} (${running.where}); the candidate is ${expected} (STAGING_EXPECTED_VERSION)`,
    ).toBe(expected);
  },
);

test(
  'every migration the release ships is applied',
  criterion('all-phases-completed'),
  async ({ config, profile, db }) => {
    const migrations = profile.migrations;
    test.skip(!migrations, 'not evaluated: the profile has no migrations section');
    const expected = migrations ? expectedMigrations(migrations, config.profileDir) : null;
    test.skip(!expected, 'not evaluated: the profile names neither migrations.expected nor migrations.dir');
    const applied = await appliedMigrations(db, migrations!);
    expect(applied.ok, applied.ok ? '' : applied.problem).toBe(true);
    const ids = applied.ok ? applied.ids : [];
    const pending = (expected ?? []).filter((id) => !ids.includes(id));
    expect(pending, `migrations not applied (run the migrate command; runbook: npm run db:migrate:staging)`).toEqual(
      [],
    );
  },
);
