import { test, expect, criterion } from '../../fixtures/index.ts';

const REQUIRED_HEADERS = ['content-security-policy', 'x-content-type-options'];

test('responses carry the required security headers', criterion('security-passed'), async ({ sut, http }) => {
  for (const url of [sut.healthUrls[0] as string, sut.frontendUrl + '/']) {
    const res = await http(url);
    const missing = REQUIRED_HEADERS.filter((h) => !res.headers[h]);
    if (!res.headers['x-frame-options'] && !/frame-ancestors/.test(res.headers['content-security-policy'] ?? ''))
      missing.push('x-frame-options (or CSP frame-ancestors)');
    if (url.startsWith('https:') && !res.headers['strict-transport-security'])
      missing.push('strict-transport-security');
    expect(missing, `security headers missing on ${url}`).toEqual([]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  }
});

test('responses leak no framework or server version', criterion('security-passed'), async ({ sut, http, evidence }) => {
  const res = await http(sut.healthUrls[0] as string);
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
  async ({ sut, http }) => {
    const url = `${sut.apiUrl}/api/media-requests`;
    const res = await http(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    const allowOrigin = res.headers['access-control-allow-origin'];
    const credentials = res.headers['access-control-allow-credentials'];
    expect(allowOrigin === '*' && credentials === 'true', 'wildcard origin together with credentials').toBe(false);
    expect(allowOrigin, `a foreign origin was allowed on ${url}`).not.toBe('https://evil.example');
    expect(allowOrigin, `a foreign origin was allowed on ${url}`).not.toBe('*');
  },
);

test(
  'health, metrics and error bodies never echo a configured secret',
  criterion('security-passed'),
  async ({ config, sut, http }) => {
    const secrets = [
      config.credentials.authSecret,
      config.credentials.dbPassword,
      config.credentials.adminPassword,
      config.metricsToken,
    ].filter((s): s is string => !!s && s.length >= 4);
    const bodies = [
      await http(sut.healthUrls[0] as string),
      await http(sut.metricsUrl, {
        headers: config.metricsToken ? { authorization: `Bearer ${config.metricsToken}` } : {},
      }),
      await http(`${sut.apiUrl}/api/does-not-exist`),
      await http(`${sut.apiUrl}/api/auth/login`, {
        method: 'POST',
        body: '{bad json',
        headers: { 'content-type': 'application/json' },
      }),
    ];
    for (const res of bodies) {
      const leaked = secrets.some((s) => res.text.includes(s) || Object.values(res.headers).some((v) => v.includes(s)));
      // The message names the URL, never the secret.
      expect(leaked, `${res.url} echoes a configured secret value in its response`).toBe(false);
    }
  },
);
