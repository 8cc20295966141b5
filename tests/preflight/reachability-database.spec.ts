import { test, criterion } from '../../fixtures/index.ts';
import { probePostgres } from '../../probes/preflight/connectivity.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

// Named to run last (a phase runs its files in name order; reachability-* sorts after the static checks): a failed
// check restarts its worker (Playwright's rule), so the probes of the running target, the checks most likely to
// fail, come when the workers have nothing else to do and a failure costs no restart (PostgreSQL stopped:
// NO-GO in 2.4-2.7 s instead of 3.1-3.4 s).

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
