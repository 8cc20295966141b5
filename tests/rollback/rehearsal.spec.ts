import { test, expect, criterion } from '../../fixtures/index.ts';
import { switchRelease, type Release } from '../../target/release-switch.ts';
import { runningVersion } from '../../probes/running-version.ts';
import { probeDuring, recordProbes } from '../../fixtures/health-prober.ts';
import { rollbackReadinessGaps } from '../../target/rollback-readiness.ts';

test(
  'rollback to the previous release is rehearsed within 5 minutes and rolled forward',
  criterion('rollback-ready'),
  async ({ config, sut, http, evidence, profile }) => {
    test.skip(
      !sut.may('rollback'),
      `STAGING_TARGET=${config.target} has no 'rollback' grant: readiness is checked instead`,
    );
    const { candidate: c, previous: p } = config.releases;
    expect(c && p, 'the rollback rehearsal needs deploy.candidate and deploy.previous in the profile').toBeTruthy();
    const candidate: Release = { image: c!.image, version: c!.version, older: false };
    const previous: Release = { image: p!.image, version: p!.version, older: true };
    const healthUrl = sut.healthUrls[0] as string;

    await test.step(`roll back ${candidate.version} -> ${previous.version}`, async () => {
      // Zero downtime is a runbook target: measured and reported, blocking only where the policy says so.
      const { result, report } = await probeDuring(http, healthUrl, () => switchRelease(config, candidate, previous));
      const { seconds } = result;
      evidence.measure('rollback.duration', seconds, 's', 1);
      recordProbes(evidence, 'rollback', 'rollback', report);
      const after = await runningVersion(http, healthUrl, profile);
      expect(after.status, `after rollback ${healthUrl} answered ${after.status}`).toBe(200);
      expect(after.version, 'version reported after rollback').toBe(previous.version);
      // Runbook: rollback < 5 min; the policy grades rollback.duration.
    });

    await test.step(`roll forward to ${candidate.version}`, async () => {
      const { result, report } = await probeDuring(http, healthUrl, () => switchRelease(config, previous, candidate));
      evidence.measure('rollback.roll-forward.duration', result.seconds, 's', 1);
      recordProbes(evidence, 'rollback.roll-forward', 'roll-forward', report);
      const after = await runningVersion(http, healthUrl, profile);
      expect(after.status).toBe(200);
      expect(after.version, 'version reported after roll-forward').toBe(candidate.version);
    });
  },
);

test(
  'without a rollback grant, the rollback is ready: command dry run, previous artifact, down migrations',
  criterion('rollback-ready'),
  async ({ config, sut }) => {
    test.skip(sut.may('rollback'), 'the rollback is rehearsed for real on this target');
    const db =
      sut.databaseUrl && config.profile.migrations ? await connect(sut.databaseUrl, config.httpTimeoutMs) : null;
    const gaps = await rollbackReadinessGaps(config, db).finally(() => db?.end().catch(() => undefined));
    // The reason keeps a failure's first line, so every missing item is on it.
    expect(gaps, `rollback plan not validated: ${gaps.join('; ')}`).toEqual([]);
  },
);

async function connect(url: string, timeoutMs: number) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  await client.connect();
  return client;
}
