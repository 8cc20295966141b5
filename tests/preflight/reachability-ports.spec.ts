import { test, criterion } from '../../fixtures/index.ts';
import { checkPortAnswers } from '../../probes/preflight/ports.ts';
import { reportPreflight } from '../../fixtures/preflight-report.ts';

// Named to run after the static checks: why, in reachability-cache.spec.ts.

test(
  'each configured port is answered by the expected service',
  criterion('service-unhealthy'),
  async ({ config, sut, evidence }) => {
    test.skip(sut.deploys, 'deploy targets: the ports are checked free before deploying instead');
    const candidates = [
      { url: sut.apiUrl, protocol: 'http', variable: 'STAGING_API_URL' },
      { url: sut.frontendUrl, protocol: 'http', variable: 'STAGING_FRONTEND_URL' },
      { url: sut.databaseUrl, protocol: 'postgres', variable: 'DATABASE_URL' },
      { url: sut.redisUrl, protocol: 'redis', variable: 'REDIS_URL' },
    ] as const;
    const endpoints = candidates.filter((e): e is (typeof candidates)[number] & { url: string } => !!e.url);
    const defaults: Record<string, number> = {
      'http:': 80,
      'https:': 443,
      'postgres:': 5432,
      'postgresql:': 5432,
      'redis:': 6379,
      'rediss:': 6379,
    };
    const issues = [];
    for (const e of endpoints) {
      const url = new URL(e.url);
      const port = Number(url.port) || (defaults[url.protocol] as number);
      const answer = await checkPortAnswers(url.hostname.replace(/^\[|\]$/g, ''), port, e.protocol, {
        variable: e.variable,
        timeoutMs: config.httpTimeoutMs,
      });
      issues.push(...answer.issues);
    }
    await reportPreflight('Port answers', issues, evidence, test.info(), 'infrastructure');
  },
);
