import { test, expect, criterion } from '../../fixtures/index.ts';
import { releaseVersion, switchRelease, type Release } from '../../target/release-switch.ts';
import type { HttpClient } from '../../probes/http-client.ts';
import { probeDuring, recordProbes } from '../../fixtures/health-prober.ts';
import { rollbackReadinessGaps } from '../../target/rollback-readiness.ts';

const ROLLBACK_LIMIT_S = 300;

async function runningVersion(http: HttpClient, url: string): Promise<{ status: number; version?: string }> {
  const res = await http(url);
  return { status: res.status, version: res.json<{ version?: string }>().version };
}

test(
  'rollback to the previous release is rehearsed within 5 minutes and rolled forward',
  criterion('rollback-ready'),
  async ({ config, sut, http, evidence }) => {
    test.skip(
      !sut.may('rollback'),
      `STAGING_TARGET=${config.target} has no 'rollback' grant: readiness is checked instead`,
    );
    const candidate: Release = { image: config.images.app, migrationVersion: 2 };
    const previous: Release = { image: config.images.previousApp, migrationVersion: 1 };
    const healthUrl = sut.healthUrls[0] as string;

    await test.step(`roll back ${releaseVersion(candidate.image)} -> ${releaseVersion(previous.image)}`, async () => {
      // Zero downtime is a runbook target: measured and reported, blocking only where the policy says so.
      const { result, report } = await probeDuring(http, healthUrl, () => switchRelease(config, candidate, previous));
      const { seconds } = result;
      evidence.measure('rollback.duration', seconds, 's', 1);
      recordProbes(evidence, 'rollback', 'rollback', report);
      const after = await runningVersion(http, healthUrl);
      expect(after.status, `after rollback ${healthUrl} answered ${after.status}`).toBe(200);
      expect(after.version, 'version reported after rollback').toBe(releaseVersion(previous.image));
      expect(seconds, `rollback took ${seconds.toFixed(1)} s (runbook: < ${ROLLBACK_LIMIT_S} s)`).toBeLessThan(
        ROLLBACK_LIMIT_S,
      );
    });

    await test.step(`roll forward to ${releaseVersion(candidate.image)}`, async () => {
      const { result, report } = await probeDuring(http, healthUrl, () => switchRelease(config, previous, candidate));
      evidence.measure('rollback.roll-forward.duration', result.seconds, 's', 1);
      recordProbes(evidence, 'rollback.roll-forward', 'roll-forward', report);
      const after = await runningVersion(http, healthUrl);
      expect(after.status).toBe(200);
      expect(after.version, 'version reported after roll-forward').toBe(releaseVersion(candidate.image));
    });
  },
);

test(
  'without a rollback grant, the rollback is ready: command dry run, previous artifact, down migrations',
  criterion('rollback-ready'),
  async ({ config, sut, db }) => {
    test.skip(sut.may('rollback'), 'the rollback is rehearsed for real on this target');
    const gaps = await rollbackReadinessGaps(config, db);
    // The reason keeps a failure's first line, so every missing item is on it.
    expect(gaps, `rollback plan not validated: ${gaps.join('; ')}`).toEqual([]);
  },
);
