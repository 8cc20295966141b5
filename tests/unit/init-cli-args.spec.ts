import { expect, test } from '@playwright/test';
import { DEFAULT_OUT, parseInitArgs } from '../../probes/init/cli-args.ts';
import { firstRunCommand, shellWord } from '../../probes/init/next-steps.ts';
import { pickSeries, prometheusFamilies } from '../../probes/init/prometheus-series.ts';

test('arguments: defaults, = form, trailing slash removed', () => {
  expect(parseInitArgs(['--url', 'http://127.0.0.1:8080/'])).toEqual({
    ok: true,
    options: { url: 'http://127.0.0.1:8080', out: DEFAULT_OUT, force: false },
  });
  expect(
    parseInitArgs(['--url=http://h:1', '--openapi', './o.yaml', '--out', 'a.yaml', '--name', 'A', '--force']),
  ).toEqual({
    ok: true,
    options: { url: 'http://h:1', openapi: './o.yaml', out: 'a.yaml', name: 'A', force: true },
  });
});

test('bad arguments say what is wrong', () => {
  expect(parseInitArgs([])).toMatchObject({ ok: false, problem: expect.stringContaining('--url is required') });
  expect(parseInitArgs(['--url', 'localhost:8080'])).toMatchObject({
    ok: false,
    problem: expect.stringContaining('http://'),
  });
  expect(parseInitArgs(['--url', 'ftp://h'])).toMatchObject({ ok: false, problem: expect.stringContaining('http://') });
  expect(parseInitArgs(['--url', 'http://u:p@h'])).toMatchObject({
    ok: false,
    problem: expect.stringContaining('credentials'),
  });
  expect(parseInitArgs(['--url', 'http://h', '--out'])).toEqual({ ok: false, problem: '--out needs a value' });
  expect(parseInitArgs(['--url', 'http://h', '--out', '--force'])).toEqual({
    ok: false,
    problem: '--out needs a value',
  });
  expect(parseInitArgs(['--url', 'http://h', '--bogus'])).toEqual({ ok: false, problem: 'unknown argument "--bogus"' });
  expect(parseInitArgs(['--help'])).toEqual({ ok: 'help' });
});

test("Prometheus text: families found, the application's own first; HTML and JSON are not metrics", () => {
  const text = [
    '# HELP process_cpu_user_seconds_total CPU',
    '# TYPE process_cpu_user_seconds_total counter',
    'process_cpu_user_seconds_total 1',
    '# TYPE app_queue_depth gauge',
    'app_queue_depth 3',
    '# TYPE app_requests_total counter',
    'app_requests_total{code="200"} 5',
    '# TYPE app_latency_seconds histogram',
    'app_latency_seconds_bucket{le="+Inf"} 1',
    'app_latency_seconds_sum 0.1',
    'app_latency_seconds_count 1',
  ].join('\n');
  const families = prometheusFamilies(text) ?? [];
  expect(families).toContain('app_latency_seconds');
  expect(pickSeries(families)).toEqual(['app_requests_total', 'app_queue_depth', 'app_latency_seconds']);
  expect(pickSeries(['process_x', 'nodejs_y'])).toEqual(['process_x', 'nodejs_y']);
  expect(prometheusFamilies('<!doctype html><p>hi')).toBeUndefined();
  expect(prometheusFamilies('{"requests": 3}')).toBeUndefined();
  expect(prometheusFamilies('')).toBeUndefined();
});

test('the first-run command quotes placeholders and ends with the staging project', () => {
  expect(shellWord('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  expect(shellWord("<it's>")).toBe(`'<it'\\''s>'`);
  const command = firstRunCommand([
    { name: 'STAGING_TARGET', value: 'external', placeholder: false },
    { name: 'STAGING_TARGET_FILE', value: 'my app.yaml', placeholder: false },
    { name: 'STAGING_API_TOKEN', value: '<token>', placeholder: true },
  ]);
  expect(command).toBe(
    "STAGING_TARGET=external STAGING_TARGET_FILE='my app.yaml' STAGING_API_TOKEN='<token>' \\\nnpx playwright test --project=staging",
  );
});
