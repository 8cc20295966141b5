import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { test, expect, criterion } from '../../fixtures/index.ts';
import { metricsAuthHeaders } from '../../probes/metrics-auth.ts';

test(
  'metrics endpoint serves Prometheus exposition with the required series',
  criterion('health-200'),
  async ({ config, sut, http, profile }) => {
    test.skip(!profile.metrics || !sut.metricsUrl, 'not evaluated: the profile has no metrics section');
    const url = sut.metricsUrl as string;
    const res = await http(url, { headers: metricsAuthHeaders(profile) });
    expect(res.status, `GET ${url} answered ${res.status}: ${config.redact(res.text.slice(0, 200))}`).toBe(200);
    let families: ReturnType<typeof parsePrometheusTextFormat>;
    try {
      families = parsePrometheusTextFormat(res.text);
    } catch (error) {
      throw new Error(`GET ${url}: the body is not Prometheus text exposition: ${(error as Error).message}`);
    }
    const names = new Set(families.map((f) => f.name));
    const missing = (profile.metrics?.series ?? []).filter((name) => !names.has(name));
    expect(missing, `series the profile requires are missing from ${url}`).toEqual([]);
  },
);

test(
  'metrics endpoint refuses requests without its credentials',
  criterion('security-passed'),
  async ({ sut, http, profile }) => {
    const auth = profile.metrics?.auth;
    test.skip(!auth, 'not evaluated: the profile has no metrics section');
    test.skip(!!auth && 'none' in auth, 'not evaluated: the profile says the metrics endpoint is public');
    const url = sut.metricsUrl as string;
    const res = await http(url);
    expect(
      [401, 403].includes(res.status),
      `GET ${url} without credentials answered ${res.status}; expected 401 or 403`,
    ).toBe(true);
  },
);
