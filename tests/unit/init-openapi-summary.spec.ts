import { expect, test } from '@playwright/test';
import { summarizeOpenApi } from '../../probes/init/openapi-summary.ts';
import type { OpenApiDocument } from '../../probes/openapi/types.ts';
import { loadFixture } from './openapi-fixtures/load-fixture.ts';

const ok = { '200': { description: 'ok' } };
const jsonBody = (schema: object) => ({ content: { 'application/json': { schema } } });

/** A shop API: bearer by default, a metrics key, a public catalog, a login and a templated path. */
function shop(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Shop API', version: '3.0.0' },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        metricsKey: { type: 'apiKey', in: 'header', name: 'X-Metrics-Key' },
      },
      schemas: {
        Credentials: { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } },
        Session: { type: 'object', properties: { access_token: { type: 'string' }, expires_in: { type: 'integer' } } },
      },
    },
    paths: {
      '/health': { get: { security: [], responses: ok } },
      '/metrics': { get: { security: [{ metricsKey: [] }], responses: ok } },
      '/session': {
        post: {
          security: [],
          requestBody: jsonBody({ $ref: '#/components/schemas/Credentials' }),
          responses: { '201': { description: 'token', ...jsonBody({ $ref: '#/components/schemas/Session' }) } },
        },
      },
      '/catalog': { get: { security: [], responses: ok } },
      '/': { get: { security: [], responses: ok } },
      '/orders': {
        get: { responses: ok },
        post: { requestBody: jsonBody({ type: 'object' }), responses: ok },
      },
      '/orders/{id}': {
        get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok },
        put: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody({ type: 'object' }),
          responses: ok,
        },
      },
      '/invoices': { get: { responses: ok } },
      '/exports': { post: { requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } }, responses: ok } },
    },
  };
}

test('routes: protected safe GETs, public GETs, JSON bodies; health and metrics left to their sections', () => {
  const summary = summarizeOpenApi(shop(), { exclude: ['/health', '/metrics'], metricsPath: '/metrics' });
  expect(summary.title).toBe('Shop API');
  expect(summary.protected).toEqual([
    { method: 'GET', path: '/orders' },
    { method: 'GET', path: '/invoices' },
  ]);
  expect(summary.public).toEqual([
    { method: 'GET', path: '/catalog' },
    { method: 'GET', path: '/' },
  ]);
  // The login is not sent malformed JSON (it would trip its rate limit); templated paths are left out.
  expect(summary.jsonBody).toEqual([{ method: 'POST', path: '/orders' }]);
});

test('auth: bearer becomes a token; the login, its fields and token pointer are found; the metrics key too', () => {
  const summary = summarizeOpenApi(shop(), { exclude: ['/health', '/metrics'], metricsPath: '/metrics' });
  expect(summary.auth).toEqual({
    kind: 'token',
    scheme: 'Bearer',
    header: 'authorization',
    schemeName: 'bearer',
    via: 'bearer',
  });
  expect(summary.login).toEqual({
    method: 'POST',
    path: '/session',
    fields: ['email', 'password'],
    tokenPointer: '/access_token',
  });
  expect(summary.metricsAuth).toEqual({ kind: 'header', name: 'X-Metrics-Key' });
});

test('auth: an API key header, basic auth, an unsupported scheme, no security at all', () => {
  const withScheme = (scheme: object): OpenApiDocument => ({
    ...shop(),
    components: { securitySchemes: { bearer: scheme } },
  });
  expect(summarizeOpenApi(withScheme({ type: 'apiKey', in: 'header', name: 'X-Api-Key' })).auth).toMatchObject({
    kind: 'token',
    header: 'x-api-key',
    scheme: '',
    via: 'apiKey',
  });
  expect(summarizeOpenApi(withScheme({ type: 'http', scheme: 'basic' })).auth).toMatchObject({
    kind: 'token',
    scheme: 'Basic',
  });
  expect(summarizeOpenApi(withScheme({ type: 'apiKey', in: 'cookie', name: 'sid' })).auth).toMatchObject({
    kind: 'unsupported',
    schemeName: 'bearer',
  });
  const open: OpenApiDocument = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/a': { get: { responses: ok } } },
  };
  const summary = summarizeOpenApi(open);
  expect(summary.auth.kind).toBe('none');
  expect(summary.protected).toEqual([]);
  expect(summary.public).toEqual([{ method: 'GET', path: '/a' }]);
});

test('at most 5 routes of each kind', () => {
  const paths = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`/r${i}`, { get: { responses: ok } }]));
  const summary = summarizeOpenApi({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    security: [{ b: [] }],
    paths,
  });
  expect(summary.protected).toHaveLength(5);
});

test('the server base path and required query values are in the routes (the fixture document)', () => {
  const summary = summarizeOpenApi(loadFixture('orders-3.1.yaml'), { exclude: ['/health'] });
  expect(summary.protected).toEqual([{ method: 'GET', path: '/v2/orders?status=open' }]);
  expect(summary.jsonBody).toEqual([{ method: 'POST', path: '/v2/orders' }]);
  expect(summary.public).toEqual([]);
});
