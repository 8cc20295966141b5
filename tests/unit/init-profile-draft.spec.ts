import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { loadProfile } from '../../core/profile/load-profile.ts';
import { buildDraft } from '../../probes/init/build-profile.ts';
import { checkProfileText } from '../../probes/init/check-profile.ts';
import { summarizeOpenApi } from '../../probes/init/openapi-summary.ts';
import { renderProfileYaml } from '../../probes/init/render-yaml.ts';
import type { Findings } from '../../probes/init/types.ts';
import type { OpenApiDocument } from '../../probes/openapi/types.ts';

const URL_ = 'http://127.0.0.1:8080';
const ORDERS_BODY = {
  state: 'UP',
  build: { version: '2.4.0' },
  components: { database: { state: 'UP' }, cache: { state: 'UP' } },
};

const document: OpenApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Orders service', version: '2.4.0' },
  security: [{ bearerAuth: [] }],
  components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/v2/session': {
      post: {
        security: [],
        requestBody: {
          content: { 'application/json': { schema: { type: 'object', properties: { email: {}, password: {} } } } },
        },
        responses: { '201': { description: 'token' } },
      },
    },
    '/v2/catalog': { get: { security: [], responses: { '200': { description: 'ok' } } } },
    '/v2/orders': {
      get: { responses: { '200': { description: 'ok' } } },
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '201': { description: 'ok' } },
      },
    },
  },
};

function richFindings(): Findings {
  return {
    url: URL_,
    health: { path: '/healthz', status: 200, headers: { 'x-orders-version': '2.4.0' }, body: ORDERS_BODY },
    metrics: {
      path: '/metrics',
      status: 401,
      series: [],
      authHint: { kind: 'header', name: 'X-Metrics-Key' },
      authHintSource: 'the OpenAPI document',
    },
    openapi: { documentRef: './openapi.yaml', source: '/x/openapi.yaml', document, given: true },
    verifiedPublic: ['GET /v2/catalog'],
    notes: [],
    probes: [],
  };
}

/** Renders, checks with the schema, and returns text and parsed value. */
function render(findings: Findings, withSummary: boolean, name?: string) {
  const summary =
    withSummary && findings.openapi
      ? summarizeOpenApi(findings.openapi.document, { exclude: ['/healthz', '/metrics'], metricsPath: '/metrics' })
      : undefined;
  const draft = buildDraft(findings, {
    out: 'my.profile.yaml',
    ...(summary ? { summary } : {}),
    ...(name ? { name } : {}),
  });
  const text = renderProfileYaml(draft);
  const check = checkProfileText(text);
  expect(check.ok ? [] : check.issues, text).toEqual([]);
  return { draft, text, value: parseYaml(text) as Record<string, unknown> };
}

test('a rich application: everything found is filled, in a profile the schema accepts', () => {
  const { value, draft } = render(richFindings(), true);
  expect(value).toMatchObject({
    name: 'Orders service',
    version: { pointer: '/build/version' },
    services: [
      { name: 'api', role: 'api' },
      { name: 'database', role: 'database' },
      { name: 'cache', role: 'cache' },
    ],
    urls: { api: URL_ },
    health: {
      endpoints: [
        {
          path: '/healthz',
          status: 200,
          schema: { type: 'object', required: ['state', 'build', 'components'] },
          dependencies: { database: '/components/database/state', cache: '/components/cache/state' },
        },
      ],
    },
    metrics: {
      path: '/metrics',
      auth: { header: 'X-Metrics-Key', value: { $env: 'STAGING_METRICS_KEY' } },
      series: [],
    },
    auth: { kind: 'token', token: { $env: 'STAGING_API_TOKEN' } },
    routes: {
      protected: [{ method: 'GET', path: '/v2/orders' }],
      public: [{ method: 'GET', path: '/v2/catalog' }],
      jsonBody: [{ method: 'POST', path: '/v2/orders' }],
    },
    openapi: { document: './openapi.yaml' },
  });
  // UP is among the defaults (compared case-insensitively): no `up` list needed.
  expect((value.health as { endpoints: Record<string, unknown>[] }).endpoints[0]).not.toHaveProperty('up');
  expect(draft.variables.map((v) => v.name)).toEqual([
    'STAGING_TARGET',
    'STAGING_TARGET_FILE',
    'STAGING_API_URL',
    'STAGING_EXPECTED_VERSION',
    'DATABASE_URL',
    'REDIS_URL',
    'STAGING_METRICS_KEY',
    'STAGING_API_TOKEN',
  ]);
  expect(draft.variables.find((v) => v.name === 'STAGING_EXPECTED_VERSION')).toEqual({
    name: 'STAGING_EXPECTED_VERSION',
    value: '2.4.0',
    placeholder: false,
  });
  expect(draft.todos.map((t) => t.field)).toEqual([
    'STAGING_EXPECTED_VERSION',
    'DATABASE_URL',
    'REDIS_URL',
    'STAGING_METRICS_KEY',
    'metrics.series',
    'STAGING_API_TOKEN',
    'logs',
    'rollback.command',
    'migrations',
  ]);
});

test('TODOs are YAML comments next to their fields; what probing could not fill is commented out at the end', () => {
  const { text } = render(richFindings(), true);
  const lines = text.split('\n');
  const before = (field: RegExp) => lines[lines.findIndex((l) => field.test(l)) - 1] ?? '';
  expect(before(/^ {2}auth: \{ header: X-Metrics-Key/)).toMatch(
    /^ {2}# TODO: GET \/metrics answered 401 .*STAGING_METRICS_KEY/,
  );
  expect(before(/^auth:/)).toMatch(/^# TODO: a valid access token .*STAGING_API_TOKEN.*log in with POST \/v2\/session/);
  expect(text).toMatch(/^ {2}series: \[\] # TODO: series the gate must find/m);
  expect(before(/^version:/)).toBe('# GET /healthz reported "2.4.0" at /build/version.');
  for (const section of [
    '# logs:',
    '# rollback:',
    '# migrations:',
    '# auth:',
    '#   kind: login',
    '#   path: /v2/session',
  ]) {
    expect(text).toContain(`\n${section}`);
  }
  expect(text).toMatch(/^# TODO: where the gate reads the application's log/m);
  expect(text).toMatch(/^# TODO: the rollback command/m);
  // Secrets are references, never values.
  expect(text).not.toMatch(/password: [^{]/);
});

test('the written file loads with loadProfile once its variables are set', () => {
  const { text } = render(richFindings(), true);
  const file = test.info().outputPath('my.profile.yaml');
  writeFileSync(file, text);
  const set: Record<string, string> = { STAGING_API_TOKEN: 't0ken', STAGING_METRICS_KEY: 'k3y' };
  const result = loadProfile(file, (n) => set[n]);
  expect(result.ok ? [] : result.issues).toEqual([]);
  const missing = loadProfile(file, () => undefined);
  expect(missing.ok ? [] : missing.issues.map((i) => i.path)).toEqual(['metrics.auth.value', 'auth.token']);
});

test('a bare application (text health, no metrics, no OpenAPI): required fields present, the rest TODO', () => {
  const findings: Findings = {
    url: 'https://staging.example.test/app',
    health: { path: '/status', status: 200, headers: {}, body: undefined },
    notes: [],
    probes: [],
  };
  const { value, text, draft } = render(findings, false, 'billing');
  expect(value).toEqual({
    name: 'billing',
    version: { pointer: '/version' },
    services: [{ name: 'api', role: 'api' }],
    urls: { api: 'https://staging.example.test/app' },
    health: { endpoints: [{ path: '/status', status: 200 }] },
    auth: { kind: 'none' },
  });
  expect(text).toMatch(/^# TODO: no version found in the health body/m);
  expect(text).toMatch(/^# TODO: kind none \(no OpenAPI document\)/m);
  expect(text).toContain('\n# metrics: { path: /metrics');
  expect(text).toContain('\n# routes:');
  expect(draft.variables.find((v) => v.name === 'STAGING_EXPECTED_VERSION')).toMatchObject({ placeholder: true });
  expect(draft.todos.map((t) => t.field)).not.toContain('migrations');
});

test('no health endpoint found: /health with a TODO, still a valid profile; odd dependency values get an up list', () => {
  const none = render({ url: URL_, notes: [], probes: [] }, false);
  expect(none.value).toMatchObject({
    name: 'app at 127.0.0.1:8080',
    health: { endpoints: [{ path: '/health', status: 200 }] },
  });
  expect(none.text).toMatch(/^name: app at 127\.0\.0\.1:8080 # TODO: the application's name/m);
  expect(none.text).toMatch(/path: \/health # TODO: no health endpoint answered 200/);

  const odd = render(
    {
      url: URL_,
      health: {
        path: '/health',
        status: 200,
        headers: {},
        body: { status: 'green', details: { kafka: { status: 'GREEN' }, db: { status: 'RED' } } },
      },
      notes: [],
      probes: [],
    },
    false,
  );
  const endpoint = (odd.value.health as { endpoints: Record<string, unknown>[] }).endpoints[0];
  expect(endpoint?.up).toEqual(['ok', 'up', 'pass', 'healthy', 'true', 'GREEN']);
  expect(odd.value.services).toEqual([
    { name: 'api', role: 'api' },
    { name: 'kafka', role: 'other' },
    { name: 'db', role: 'database' },
  ]);
  expect(odd.text).toMatch(/\{ name: kafka, role: other \} # TODO: role of "kafka" guessed as other/);
});

test('the schema check names what is wrong in text that does not validate', () => {
  expect(
    checkProfileText('name: x\nservices: []\nurls: { api: http://h }\nhealth: { endpoints: [{ path: health }] }\n'),
  ).toEqual({
    ok: false,
    issues: [
      'services: expected at least the api service',
      "health.endpoints.0.path: expected a path starting with one '/', e.g. /api/health (no scheme, no host)",
    ],
  });
  expect(checkProfileText('name: [')).toMatchObject({ ok: false, issues: [expect.stringMatching(/^not valid YAML/)] });
});
