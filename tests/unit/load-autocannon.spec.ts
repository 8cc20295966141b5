import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test as base } from '@playwright/test';
import { describeFailures, runAutocannon } from '../../load/engine/run-autocannon.ts';
import { evaluateThresholds, thresholdVerdict } from '../../load/engine/thresholds.ts';
import { DEFAULT_SCENARIOS, DEFAULT_THRESHOLDS, type LoadScenario } from '../../load/scenarios.ts';

/** A loopback node:http server on port 0, closed (with its hanging sockets) after the test. */
const test = base.extend<{ serve: (handler: RequestListener) => Promise<string> }>({
  serve: async ({}, use) => {
    const servers: Server[] = [];
    await use(async (handler) => {
      const server = createServer(handler);
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  },
});

function scenario(overrides: Partial<LoadScenario> = {}): LoadScenario {
  return {
    name: 'unit',
    requests: [{ name: 'health', method: 'GET', path: '/api/health', headers: {}, weight: 1, expectStatus: 200 }],
    executor: { type: 'constant-vus', vus: 4, duration: '1s' },
    maxRequests: 300,
    requestTimeout: '1s',
    thresholds: DEFAULT_THRESHOLDS,
    ...overrides,
  };
}

const ok: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
};

test('reports k6-named metrics with ordered percentiles against a healthy server', async ({ serve }) => {
  const baseUrl = await serve(ok);
  const run = await runAutocannon(scenario({ thresholds: { http_req_duration: ['p(99.9)<1000'] } }), { baseUrl });
  const { http_req_duration: d, http_req_failed, http_reqs, checks } = run.summary.metrics;
  expect(run.summary).toMatchObject({ engine: 'autocannon', scenario: 'unit' });
  expect(http_reqs.count).toBeGreaterThan(0);
  expect(http_reqs.count).toBeLessThanOrEqual(300);
  expect(http_reqs.rate).toBeGreaterThan(0);
  expect(d.count).toBe(http_reqs.count);
  const ladder = [d.min, d.med, d['p(90)'], d['p(95)'], d['p(99)'], d['p(99.9)'] ?? -1, d.max];
  expect(ladder).toEqual([...ladder].sort((a, b) => a - b));
  expect(d.avg).toBeGreaterThanOrEqual(d.min);
  expect(d.avg).toBeLessThanOrEqual(d.max);
  expect(http_req_failed).toEqual({ rate: 0, passes: 0, fails: http_reqs.count });
  expect(checks).toEqual({ rate: 1, passes: http_reqs.count, fails: 0 });
  expect(run.summary.latency.percentiles.map((p) => p.label)).toEqual(['p50', 'p90', 'p95', 'p99', 'p99.9', 'max']);
  const histogramTotal = (run.summary.latency.histogram ?? []).reduce((n, b) => n + b.count, 0);
  expect(histogramTotal).toBe(d.count);
  expect(thresholdVerdict(evaluateThresholds(DEFAULT_THRESHOLDS, run.summary.metrics))).toBe('pass');
});

test('the request cap ends the run long before the duration', async ({ serve }) => {
  const baseUrl = await serve(ok);
  // Without the cap this run would last its 20 s and send thousands of requests: exactly 200 proves the cap ended it.
  const run = await runAutocannon(
    scenario({ executor: { type: 'constant-vus', vus: 5, duration: '20s' }, maxRequests: 200 }),
    { baseUrl },
  );
  expect(run.summary.metrics.http_reqs.count).toBe(200);
});

test('weights split the load across requests and each request reports its own counts', async ({ serve }) => {
  const seen = new Map<string, number>();
  const baseUrl = await serve((req, res) => {
    seen.set(req.url ?? '', (seen.get(req.url ?? '') ?? 0) + 1);
    ok(req, res);
  });
  const requests = [
    { name: 'a', method: 'GET', path: '/a', headers: {}, weight: 3, expectStatus: 200 },
    { name: 'b', method: 'GET', path: '/b?x=1', headers: {}, weight: 1, expectStatus: [200, 204] },
  ] as const;
  const run = await runAutocannon(scenario({ requests, maxRequests: 400 }), { baseUrl });
  expect(run.requests.map((r) => r.target)).toEqual([`GET ${baseUrl}/a`, `GET ${baseUrl}/b?x=1`]);
  expect(run.requests.map((r) => r.responses)).toEqual([seen.get('/a'), seen.get('/b?x=1')]);
  expect(run.requests[0]?.responses).toBeLessThanOrEqual(300);
  expect(run.requests[1]?.responses).toBeLessThanOrEqual(100);
  expect(run.summary.metrics.http_reqs.count).toBe((seen.get('/a') ?? 0) + (seen.get('/b?x=1') ?? 0));
});

test('a server answering 500 gives http_req_failed rate 1 and fails the threshold', async ({ serve }) => {
  const baseUrl = await serve((_req, res) => {
    res.writeHead(500);
    res.end('boom');
  });
  const run = await runAutocannon(scenario(), { baseUrl });
  expect(run.summary.metrics.http_req_failed.rate).toBe(1);
  expect(run.summary.metrics.checks.rate).toBe(0);
  const results = evaluateThresholds({ http_req_failed: ['rate<0.01'] }, run.summary.metrics);
  expect(results).toEqual([
    expect.objectContaining({ metric: 'http_req_failed', expression: 'rate<0.01', observed: 1, status: 'failed' }),
  ]);
  expect(describeFailures(run)[0]).toMatch(new RegExp(`^GET ${baseUrl}/api/health: \\d+ responses .*500 x\\d+`));
});

test('a server that accepts but never answers ends within duration + timeout, with failures', async ({ serve }) => {
  const baseUrl = await serve(() => {});
  // Duration 2 s, request timeout 1 s: every connection times out at least once before the end.
  const run = await runAutocannon(scenario({ executor: { type: 'constant-vus', vus: 3, duration: '2s' } }), {
    baseUrl,
  });
  const { http_req_failed, http_req_duration } = run.summary.metrics;
  expect(http_req_duration.count).toBe(0);
  expect(http_req_failed.passes).toBeGreaterThan(0);
  expect(http_req_failed.rate).toBe(1);
  expect(describeFailures(run)[0]).toMatch(`GET ${baseUrl}/api/health: no response within 1000 ms`);
  const results = evaluateThresholds(DEFAULT_THRESHOLDS, run.summary.metrics);
  expect(results.map((r) => r.status)).toEqual(['not-evaluated', 'failed', 'failed']);
});

test('a refused connection is reported with the URL and the socket error', async ({ serve }) => {
  const closed = await serve(ok);
  const server = new URL(closed);
  // A port that was just free and is now closed again: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const baseUrl = `http://${server.hostname}:${port}`;
  const run = await runAutocannon(scenario({ maxRequests: 50 }), { baseUrl });
  expect(run.summary.metrics.http_reqs.count).toBeLessThanOrEqual(50);
  expect(run.summary.metrics.http_req_failed.rate).toBe(1);
  expect(describeFailures(run)[0]).toMatch(`GET ${baseUrl}/api/health: connect ECONNREFUSED 127.0.0.1:${port}`);
});

test('the bearer token replaces ${TOKEN} and a missing token fails before any load', async ({ serve }) => {
  const auth = new Set<string>();
  const baseUrl = await serve((req, res) => {
    auth.add(req.headers.authorization ?? '');
    ok(req, res);
  });
  const list = DEFAULT_SCENARIOS.find((s) => s.name === 'items-list');
  if (!list) throw new Error('default scenario media-requests-list is missing');
  const bounded = { ...list, executor: { type: 'constant-vus', vus: 2, duration: '1s' }, maxRequests: 20 } as const;
  await expect(runAutocannon(bounded, { baseUrl })).rejects.toThrow(/request "list" .* needs a bearer token/);
  expect(auth.size).toBe(0);
  const run = await runAutocannon(bounded, { baseUrl, token: 'unit-token' });
  expect(run.summary.metrics.http_reqs.count).toBe(20);
  expect([...auth]).toEqual(['Bearer unit-token']);
});

test('a constant arrival rate paces requests instead of saturating the server', async ({ serve }) => {
  const baseUrl = await serve(ok);
  const paced = scenario({
    executor: { type: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '2s', preAllocatedVUs: 2 },
  });
  const run = await runAutocannon(paced, { baseUrl });
  expect(run.summary.metrics.http_reqs.count).toBeGreaterThan(0);
  expect(run.summary.metrics.http_reqs.count).toBeLessThanOrEqual(60);
});
