import { test, criterion } from '../../fixtures/index.ts';
import { checkTls, resolveHosts } from '../../probes/preflight/connectivity.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

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
