import { expect, test } from '@playwright/test';
import {
  MALFORMED_JSON_BODY,
  malformedProbeContentType,
  needsMalformedProbe,
} from '../../probes/openapi/malformed-body.ts';
import { documentedNotFound, unknownPathProbe } from '../../probes/openapi/not-found.ts';
import { listOperations } from '../../probes/openapi/operations.ts';
import { loadFixture } from './openapi-fixtures/load-fixture.ts';

const orders = loadFixture('orders-3.1.yaml');
const shop = loadFixture('shop-3.0.yaml');

test('the unknown path sits under the server base path and matches no template', () => {
  expect(unknownPathProbe(orders)).toBe('/v2/staging-gate-unknown-7f3c9a');
  expect(unknownPathProbe(shop)).toBe('/api/staging-gate-unknown-7f3c9a');
});

test("the unknown path goes under the paths' common literal prefix, not into a template", () => {
  const document = {
    openapi: '3.1.0',
    servers: [{ url: 'https://{host}/base', variables: { host: { default: 'staging.test' } } }],
    paths: { '/v1/orders': {}, '/v1/orders/{id}': {}, '/v1/users': {} },
  };
  expect(unknownPathProbe(document)).toBe('/base/v1/staging-gate-unknown-7f3c9a');
});

test('a catch-all template like /{slug} pushes the probe deeper than any template', () => {
  const document = { openapi: '3.1.0', paths: { '/{slug}': {}, '/{a}/{b}': {} } };
  const probe = unknownPathProbe(document);
  expect(probe).toBe('/staging-gate-unknown-7f3c9a/staging-gate-unknown-7f3c9a/staging-gate-unknown-7f3c9a');
});

test("documentedNotFound prefers an operation's 404 response, resolved through $refs", () => {
  expect(documentedNotFound(orders)).toEqual({
    contentType: 'application/problem+json',
    pointer: '/components/responses/NotFound/content/application~1problem+json/schema',
    schema: expect.objectContaining({ required: ['title', 'status'] }),
  });
  expect(documentedNotFound(shop)).toMatchObject({
    contentType: 'application/json',
    schema: { required: ['message'] },
  });
});

test('documentedNotFound falls back to components.responses.NotFound, then to a default response', () => {
  const error = { type: 'object', required: ['code'] };
  const named = {
    openapi: '3.1.0',
    paths: {
      '/x': {
        get: {
          responses: { default: { description: 'e', content: { 'application/json': { schema: { type: 'string' } } } } },
        },
      },
    },
    components: { responses: { NotFound: { description: 'nf', content: { 'application/json': { schema: error } } } } },
  };
  expect(documentedNotFound(named)).toMatchObject({
    schema: error,
    pointer: '/components/responses/NotFound/content/application~1json/schema',
  });
  const onlyDefault = { ...named, components: {} };
  expect(documentedNotFound(onlyDefault)).toMatchObject({
    schema: { type: 'string' },
    contentType: 'application/json',
  });
});

test('documentedNotFound is null when no JSON error shape is documented', () => {
  const document = {
    openapi: '3.1.0',
    paths: {
      '/x': {
        get: { responses: { '404': { description: 'nf', content: { 'text/html': { schema: { type: 'string' } } } } } },
      },
    },
  };
  expect(documentedNotFound(document)).toBeNull();
});

test('the malformed probe is invalid JSON and goes to operations with a JSON request body', () => {
  expect(() => JSON.parse(MALFORMED_JSON_BODY)).toThrow(SyntaxError);
  const probed = listOperations(orders)
    .filter(needsMalformedProbe)
    .map((o) => o.id);
  expect(probed).toEqual(['createOrder']);
  const replace = listOperations(shop).find((o) => o.id === 'replaceItem');
  expect(replace && needsMalformedProbe(replace)).toBe(true);
  expect(replace && malformedProbeContentType(replace)).toBe('application/merge-patch+json');
});
