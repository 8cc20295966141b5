import { expect, test } from '@playwright/test';
import { listOperations } from '../../probes/openapi/operations.ts';
import { loadFixture } from './openapi-fixtures/load-fixture.ts';

const orders = loadFixture('orders-3.1.yaml');
const shop = loadFixture('shop-3.0.yaml');

/** The operation with this id, failing the test when it is not listed. */
function byId(ops: ReturnType<typeof listOperations>, id: string) {
  const op = ops.find((o) => o.id === id);
  if (!op) throw new Error(`no operation ${id} in ${ops.map((o) => o.id).join(', ')}`);
  return op;
}

test('every path x method is listed in document order, with upper-case methods and pointers', () => {
  const ops = listOperations(shop);
  expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual([
    'GET /items',
    'GET /items/{itemId}',
    'PUT /items/{itemId}',
    'DELETE /items/{itemId}',
    'GET /status',
    'GET /me',
    'GET /prices',
    'GET /search',
  ]);
  expect(byId(ops, 'getItem').pointer).toBe('/paths/~1items~1{itemId}/get');
});

test('an operation without operationId gets a synthetic "METHOD /path" id', () => {
  const op = listOperations(shop)[0];
  expect(op).toMatchObject({ id: 'GET /items', syntheticId: true, safe: true });
});

test('a duplicate operationId is suffixed and noted, so ids stay unique', () => {
  const ops = listOperations(shop);
  expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length);
  expect(byId(ops, 'getItem#2')).toMatchObject({
    method: 'DELETE',
    syntheticId: false,
    notes: ['duplicate operationId "getItem" (first used by GET /items/{itemId}): tested as "getItem#2"'],
  });
  expect(byId(ops, 'getItem').notes).toEqual([]);
});

test('security: global requirement, security: [], an optional {} requirement, and no requirement at all', () => {
  const ops = listOperations(shop);
  expect(byId(ops, 'getItem')).toMatchObject({ requiresAuth: true, security: 'global apiKey or bearerAuth' });
  expect(byId(ops, 'status')).toMatchObject({ requiresAuth: false, security: 'public by security: []' });
  expect(byId(ops, 'whoAmI')).toMatchObject({
    requiresAuth: false,
    security: 'public by an empty requirement {} in operation security',
  });
  const bare = { openapi: '3.1.0', paths: { '/x': { get: { responses: {} } } } };
  expect(listOperations(bare)[0]).toMatchObject({ requiresAuth: false, security: 'public: no security requirement' });
});

test("an operation's own security wins over the global one", () => {
  const document = {
    openapi: '3.1.0',
    security: [{ bearerAuth: [] }],
    paths: { '/admin': { post: { security: [{ apiKey: [], mtls: [] }], responses: {} } } },
  };
  expect(listOperations(document)[0]).toMatchObject({ requiresAuth: true, security: 'operation apiKey+mtls' });
});

test('the profile makes operations public by operationId or by "METHOD /path"', () => {
  const ops = listOperations(orders, { publicOperations: ['login', 'get /orders/{orderId}'] });
  expect(byId(ops, 'login')).toMatchObject({ requiresAuth: false, security: 'public by the profile' });
  expect(byId(ops, 'getOrder')).toMatchObject({ requiresAuth: false, security: 'public by the profile' });
  expect(byId(ops, 'listOrders').requiresAuth).toBe(true);
});

test('path params fill from examples, enum and default; optional query params are left out; base path first', () => {
  const ops = listOperations(orders);
  // status: enum[0]; limit is optional: left out. Server https://staging.example.test/v2 -> "/v2".
  expect(byId(ops, 'listOrders').fill).toEqual({ ok: true, path: '/v2/orders?status=open', headers: {} });
  // orderId: the first of `examples`.
  expect(byId(ops, 'getOrder').fill).toMatchObject({ path: '/v2/orders/6b1f3c1e-0000-4000-8000-000000000001' });
  // 3.0: a $ref'd path-level parameter with a schema example; the operation makes `verbose` optional.
  const shopOps = listOperations(shop);
  expect(byId(shopOps, 'getItem').fill).toEqual({ ok: true, path: '/api/items/42', headers: {} });
  // PUT inherits the path-level `verbose` as required: schema example true.
  expect(byId(shopOps, 'replaceItem').fill).toMatchObject({ path: '/api/items/42?verbose=true' });
});

test('required parameters without any value are reported missing, header ones included', () => {
  const shopOps = listOperations(shop);
  // q has no example; page has a default.
  expect(byId(shopOps, 'search').fill).toEqual({ ok: false, missing: ['q'] });
  expect(byId(listOperations(orders), 'getReport').fill).toEqual({ ok: false, missing: ['X-Tenant'] });
});

test('profile values win, by operationId.param over param, and are URI-encoded', () => {
  const ops = listOperations(orders, {
    params: { status: 'closed', 'listOrders.status': 'open & shut', 'X-Tenant': 'acme', reportId: 'monthly 2024/01' },
  });
  expect(byId(ops, 'listOrders').fill).toEqual({ ok: true, path: '/v2/orders?status=open%20%26%20shut', headers: {} });
  expect(byId(ops, 'getReport').fill).toEqual({
    ok: true,
    path: '/v2/reports/monthly%202024%2F01',
    headers: { 'x-tenant': 'acme' },
  });
});

test('array values: comma-separated in the path, one pair per item in the query, a cookie header', () => {
  const document = {
    openapi: '3.1.0',
    paths: {
      '/tags/{ids}': {
        get: {
          parameters: [
            { name: 'ids', in: 'path', required: true, example: [1, 2] },
            { name: 'sort', in: 'query', required: true, example: ['a', 'b'] },
            { name: 'fields', in: 'query', required: true, explode: false, example: ['x', 'y'] },
            { name: 'session', in: 'cookie', required: true, schema: { default: 's 1' } },
          ],
          responses: {},
        },
      },
    },
  };
  expect(listOperations(document)[0]?.fill).toEqual({
    ok: true,
    path: '/tags/1,2?sort=a&sort=b&fields=x,y',
    headers: { cookie: 'session=s%201' },
  });
});

test('a path template variable without a parameter definition cannot be filled', () => {
  const document = { openapi: '3.1.0', paths: { '/orders/{orderId}': { get: { responses: {} } } } };
  expect(listOperations(document)[0]?.fill).toEqual({ ok: false, missing: ['orderId'] });
});

test('JSON request bodies are recognised through $refs and +json types, form bodies are not', () => {
  const ops = listOperations(orders);
  expect(byId(ops, 'createOrder')).toMatchObject({ jsonRequestBody: true, safe: false });
  expect(byId(ops, 'login')).toMatchObject({
    jsonRequestBody: false,
    requestContentTypes: ['application/x-www-form-urlencoded'],
  });
  expect(byId(listOperations(shop), 'replaceItem')).toMatchObject({
    jsonRequestBody: true,
    requestContentTypes: ['application/merge-patch+json'],
  });
});

test('responses are summarised per status key with $refs resolved', () => {
  expect(byId(listOperations(orders), 'getOrder').responses).toEqual({
    '200': { contentTypes: ['application/json'], hasSchema: true },
    '404': { contentTypes: ['application/problem+json'], hasSchema: true },
  });
  expect(byId(listOperations(orders), 'listOrders').responses).toMatchObject({
    '4XX': { contentTypes: ['application/problem+json'], hasSchema: true },
    default: { contentTypes: ['application/json'], hasSchema: true },
  });
});

test('an external $ref marks the operation not checkable, naming the ref, where it sits and what to do', () => {
  const ops = listOperations(shop);
  expect(byId(ops, 'listPrices').notCheckable).toBe(
    'external $ref "common.yaml#/components/schemas/PriceList" at ' +
      '/paths/~1prices/get/responses/200/content/application~1json/schema is not followed; ' +
      'bundle the document into one file (e.g. `redocly bundle`)',
  );
  expect(ops.filter((o) => o.notCheckable !== null).map((o) => o.id)).toEqual(['listPrices']);
});

test('broken or cyclic local $refs mark the operation not checkable instead of throwing', () => {
  const document = {
    openapi: '3.1.0',
    components: { parameters: { A: { $ref: '#/components/parameters/B' }, B: { $ref: '#/components/parameters/A' } } },
    paths: {
      '/a': { get: { parameters: [{ $ref: '#/components/parameters/A' }], responses: {} } },
      '/b': { get: { responses: { '200': { $ref: '#/components/responses/Missing' } } } },
    },
  };
  const [cyclic, missing] = listOperations(document);
  expect(cyclic?.notCheckable).toContain('$ref cycle through "#/components/parameters/A"');
  expect(missing?.notCheckable).toContain(
    '$ref "#/components/responses/Missing" at /paths/~1b/get/responses/200 points at nothing',
  );
});
