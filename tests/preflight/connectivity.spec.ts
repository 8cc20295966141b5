import { test, criterion } from '../../fixtures/index.ts';
import { checkTls, probePostgres, probeRedis, resolveHosts } from '../../probes/preflight/connectivity.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

// Deploy targets start their databases in the infra phase and probe them there; external ones must answer now.
const PROBE_TIMEOUT_MS = 3_000;

test('PostgreSQL answers SELECT 1', criterion('database-connectivity'), async ({ sut, evidence }) => {
  test.skip(sut.deploys, 'deploy targets: PostgreSQL is started and probed in the infra phase');
  test.skip(!sut.databaseUrl, 'the profile declares no database');
  const probe = await probePostgres(sut.databaseUrl as string, PROBE_TIMEOUT_MS);
  if (probe.latencyMs !== undefined && probe.latencyMs !== null)
    evidence.measure('preflight.postgres.latency', probe.latencyMs, 'ms', 1);
  if (probe.serverVersion) test.info().annotations.push({ type: 'postgres version', description: probe.serverVersion });
  await reportPreflight('PostgreSQL', probe.issues, evidence, test.info(), 'infrastructure');
});

test('Redis answers PING', criterion('health-200'), async ({ sut, evidence }) => {
  test.skip(sut.deploys, 'deploy targets: Redis is started and probed in the infra phase');
  test.skip(!sut.redisUrl, 'the profile declares no cache');
  const probe = await probeRedis(sut.redisUrl as string, PROBE_TIMEOUT_MS);
  if (probe.role)
    test.info().annotations.push({
      type: 'redis role',
      description: `${probe.role}, maxmemory-policy ${probe.maxmemoryPolicy ?? 'unknown'}`,
    });
  await reportPreflight('Redis', probe.issues, evidence, test.info(), 'infrastructure');
});

test(
  'every target host resolves and https certificates are valid',
  criterion('service-unhealthy'),
  async ({ sut, evidence }) => {
    const urls = Object.fromEntries(
      Object.entries({
        STAGING_API_URL: sut.apiUrl,
        STAGING_FRONTEND_URL: sut.frontendUrl,
        DATABASE_URL: sut.databaseUrl,
        REDIS_URL: sut.redisUrl,
      }).filter((e): e is [string, string] => !!e[1]),
    );
    const hosts = await resolveHosts(urls);
    const tls = await Promise.all(
      [sut.apiUrl, sut.frontendUrl].filter((u): u is string => !!u && u.startsWith('https:')).map((u) => checkTls(u)),
    );
    await reportPreflight(
      'Hosts and certificates',
      [...hosts.issues, ...tls.flatMap((t) => t.issues)],
      evidence,
      test.info(),
    );
  },
);
