import { test, expect, criterion } from '../../fixtures/index.ts';
import { metricsAuthHeaders } from '../../probes/metrics-auth.ts';

const DEFAULT_HEADERS = ['content-security-policy', 'x-content-type-options'];
const FOREIGN_ORIGIN = 'https://evil.example';

test('responses carry the required security headers', criterion('security-passed'), async ({ sut, http, profile }) => {
  const required = profile.security?.headers?.map((h) => h.toLowerCase()) ?? DEFAULT_HEADERS;
  const urls = [sut.healthUrls[0] as string, ...(sut.frontendUrl ? [sut.frontendUrl + '/'] : [])];
  for (const url of urls) {
    const res = await http(url);
    // A check passes only on an answer it understood: a 5xx has no meaningful headers.
    expect(res.status, `GET ${url} answered ${res.status}: the headers of a failed answer prove nothing`).toBeLessThan(
      500,
    );
    const missing = required.filter((h) => !res.headers[h]);
    if (
      !profile.security?.headers &&
      !res.headers['x-frame-options'] &&
      !/frame-ancestors/.test(res.headers['content-security-policy'] ?? '')
    )
      missing.push('x-frame-options (or CSP frame-ancestors)');
    if (url.startsWith('https:') && !res.headers['strict-transport-security'])
      missing.push('strict-transport-security');
    expect(missing, `security headers missing on ${url}`).toEqual([]);
    if (required.includes('x-content-type-options')) expect(res.headers['x-content-type-options'], url).toBe('nosniff');
  }
});

test('responses leak no framework or server version', criterion('security-passed'), async ({ sut, http, evidence }) => {
  const url = sut.healthUrls[0] as string;
  const res = await http(url);
  expect(res.status, `GET ${url} answered ${res.status}`).toBeLessThan(500);
  expect(
    res.headers['x-powered-by'],
    `X-Powered-By: ${res.headers['x-powered-by']} tells attackers the framework`,
  ).toBeUndefined();
  const server = res.headers.server ?? '';
  if (/\d+\.\d+/.test(server)) {
    evidence.finding({
      criterion: 'minor-non-blocking-issue',
      severity: 'minor',
      message: `Server header reveals a version: ${server}`,
    });
  }
});

test(
  'CORS allows no foreign origin and never a wildcard with credentials',
  criterion('security-passed'),
  async ({ sut, http, profile }) => {
    const path =
      profile.security?.corsPath ?? profile.routes.protected[0]?.path ?? profile.health.endpoints[0]?.path ?? '/';
    const url = sut.apiUrl + path;
    for (const method of ['OPTIONS', 'GET'] as const) {
      const res = await http(url, {
        method,
        headers: {
          origin: FOREIGN_ORIGIN,
          ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}),
        },
      });
      // A 5xx has no CORS headers, so it must never count as "foreign origin refused".
      expect(res.status, `${method} ${url} with Origin ${FOREIGN_ORIGIN} answered ${res.status}`).toBeLessThan(500);
      const allowOrigin = res.headers['access-control-allow-origin'];
      const credentials = res.headers['access-control-allow-credentials'];
      expect(
        allowOrigin === '*' && credentials === 'true',
        `${method} ${url}: wildcard origin together with credentials`,
      ).toBe(false);
      expect(
        allowOrigin,
        `${method} ${url}: the foreign origin ${FOREIGN_ORIGIN} was allowed${credentials === 'true' ? ' with credentials' : ''}`,
      ).not.toBe(FOREIGN_ORIGIN);
      expect(allowOrigin, `${method} ${url}: a foreign origin was allowed by a wildcard`).not.toBe('*');
    }
  },
);

test(
  'health, metrics and error bodies never echo a configured secret',
  criterion('security-passed'),
  async ({ config, sut, http, profile }) => {
    const secrets = secretValues(config);
    const requests: [string, Parameters<typeof http>[1]][] = [
      [sut.healthUrls[0] as string, {}],
      ...(sut.metricsUrl
        ? ([[sut.metricsUrl, { headers: metricsAuthHeaders(profile) }]] as [string, Parameters<typeof http>[1]][])
        : []),
      [`${sut.apiUrl}/staging-gate-does-not-exist`, {}],
      ...(profile.auth.kind === 'login'
        ? ([
            [
              sut.apiUrl + profile.auth.path,
              // The rate-limit check may have spent the login limit: a 429's body is still a body to inspect.
              {
                method: profile.auth.method,
                body: '{bad json',
                headers: { 'content-type': 'application/json' },
                allowRateLimit: true,
              },
            ],
          ] as [string, Parameters<typeof http>[1]][])
        : []),
    ];
    for (const [url, options] of requests) {
      const res = await http(url, options);
      expect(res.status, `${options?.method ?? 'GET'} ${url} answered ${res.status}`).toBeLessThan(500);
      const leaked = secrets.some((s) => res.text.includes(s) || Object.values(res.headers).some((v) => v.includes(s)));
      // The message names the URL, never the secret.
      expect(leaked, `${url} echoes a configured secret value in its response`).toBe(false);
    }
  },
);

function secretValues(config: {
  profile: { variables: { name: string; secret: boolean }[] };
  lookup: (n: string) => string | undefined;
}): string[] {
  return config.profile.variables
    .filter((v) => v.secret)
    .map((v) => config.lookup(v.name))
    .filter((s): s is string => !!s && s.length >= 4);
}
