import { test, criterion } from '../../fixtures/index.ts';
import { probePostgres } from '../../probes/preflight/connectivity.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

// Named to run after the static checks: why, in reachability-cache.spec.ts.

// Deploy targets start their databases in the infra phase and probe them there; external ones must answer now
// (within the probe's 3 s).
test('PostgreSQL answers SELECT 1', criterion('database-connectivity'), async ({ sut, evidence }) => {
  test.skip(sut.deploys, 'deploy targets: PostgreSQL is started and probed in the infra phase');
  test.skip(!sut.databaseUrl, 'the profile declares no database');
  const probe = await probePostgres(sut.databaseUrl as string);
  if (probe.latencyMs !== undefined && probe.latencyMs !== null)
    evidence.measure('preflight.postgres.latency', probe.latencyMs, 'ms', 1);
  if (probe.serverVersion) test.info().annotations.push({ type: 'postgres version', description: probe.serverVersion });
  await reportPreflight('PostgreSQL', probe.issues, evidence, test.info(), 'infrastructure');
});
