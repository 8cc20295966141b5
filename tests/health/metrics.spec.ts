import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { test, expect, criterion } from '../../fixtures/index.ts';

/** Series the runbook's dashboards rely on; configurable targets expose at least these. */
const REQUIRED_SERIES = ['http_requests_total', 'process_cpu_user_seconds_total'];

test(
  'metrics endpoint serves Prometheus exposition with the required series',
  criterion('health-200'),
  async ({ config, sut, http }) => {
    const headers: Record<string, string> = config.metricsToken
      ? { authorization: `Bearer ${config.metricsToken}` }
      : {};
    const res = await http(sut.metricsUrl, { headers });
    expect(res.status, `GET ${sut.metricsUrl} answered ${res.status}`).toBe(200);
    let families: ReturnType<typeof parsePrometheusTextFormat>;
    try {
      families = parsePrometheusTextFormat(res.text);
    } catch (error) {
      throw new Error(`GET ${sut.metricsUrl}: the body is not Prometheus text exposition: ${(error as Error).message}`);
    }
    const names = new Set(families.map((f) => f.name));
    const missing = REQUIRED_SERIES.filter((name) => !names.has(name));
    expect(missing, `series missing from ${sut.metricsUrl}`).toEqual([]);
  },
);

test(
  'metrics endpoint refuses requests without the bearer token',
  criterion('security-passed'),
  async ({ config, sut, http }) => {
    test.skip(!config.metricsToken, 'METRICS_TOKEN is not configured: the endpoint is public by configuration');
    const res = await http(sut.metricsUrl);
    expect(
      res.status,
      `GET ${sut.metricsUrl} without a token answered ${res.status}; expected 401 or 403`,
    ).toBeGreaterThanOrEqual(401);
    expect(res.status).toBeLessThanOrEqual(403);
  },
);
