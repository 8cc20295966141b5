import { expect, test } from '@playwright/test';
import { createResponseValidator } from '../../probes/openapi/response-validator.ts';
import { loadFixture } from './openapi-fixtures/load-fixture.ts';

const orders = createResponseValidator(loadFixture('orders-3.1.yaml'));
const shop = createResponseValidator(loadFixture('shop-3.0.yaml'));

const ORDER = { id: '6b1f3c1e-0000-4000-8000-000000000001', quantity: 3, status: 'open', note: null };
const JSON_UTF8 = 'application/json; charset=utf-8';

test('3.1: a body that matches its documented schema passes, $refs and type arrays included', () => {
  expect(orders.validate('listOrders', 200, JSON_UTF8, { data: [ORDER, { ...ORDER, note: 'gift' }] })).toEqual({
    ok: true,
  });
});

test('3.1: a mismatch names the operation, status, JSON path, expected and received', () => {
  const result = orders.validate('listOrders', 200, 'application/json', { data: [{ ...ORDER, quantity: '3' }] });
  expect(result).toEqual({
    ok: false,
    kind: 'schema',
    errors: [{ jsonPath: '/data/0/quantity', expected: 'integer', received: '"3"' }],
    message:
      'GET /orders (listOrders) answered 200 whose body does not match the documented schema: ' +
      '/data/0/quantity: expected integer, received "3"',
  });
});

test('required, enum, format and minimum errors read as expected/received', () => {
  const body = {
    data: [
      { id: 'not-a-uuid', quantity: 0, status: 'lost' },
      { quantity: 1, status: 'open' },
    ],
  };
  const result = orders.validate('listOrders', 200, 'application/json', body);
  expect(result.ok === false && result.errors).toEqual([
    { jsonPath: '/data/0/id', expected: 'a string in format uuid', received: '"not-a-uuid"' },
    { jsonPath: '/data/0/quantity', expected: 'a number >= 1', received: '0' },
    { jsonPath: '/data/0/status', expected: 'one of "open", "closed"', received: '"lost"' },
    { jsonPath: '/data/1/id', expected: 'a required property', received: 'nothing' },
  ]);
});

test('at most 5 errors are reported, the message says how many more', () => {
  const data = Array.from({ length: 8 }, () => ({ ...ORDER, quantity: 'many' }));
  const result = orders.validate('listOrders', 200, 'application/json', { data });
  expect(result.ok === false && result.errors.length).toBe(5);
  expect(result.ok === false && result.message).toMatch(
    /\/data\/4\/quantity: expected integer, received "many" \(and 3 more\)$/,
  );
});

test('received values are JSON, cut to 80 characters; a wrong root is labelled (body)', () => {
  const result = orders.validate('getOrder', 200, 'application/json', 'x'.repeat(200));
  expect(result.ok === false && result.errors).toEqual([
    { jsonPath: '', expected: 'object', received: `"${'x'.repeat(78)}…` },
  ]);
  expect(result.ok === false && result.message).toContain(': (body): expected object, received "xxx');
});

test('a status falls back to its documented range, then to default, and the message says so', () => {
  const problem = { title: 'Bad request', status: 400 };
  expect(orders.validate('listOrders', 400, 'application/problem+json', problem)).toEqual({ ok: true });
  const range = orders.validate('listOrders', 422, 'application/problem+json', { title: 'x' });
  expect(range).toMatchObject({
    kind: 'schema',
    message:
      'GET /orders (listOrders) answered 422 (documented as 4XX) whose body does not match the documented schema: ' +
      '/status: expected a required property, received nothing',
  });
  const fallback = orders.validate('listOrders', 503, 'application/json', { title: 'down', status: '503' });
  expect(fallback).toMatchObject({ kind: 'schema', errors: [{ jsonPath: '/status', expected: 'integer' }] });
  expect(fallback.ok === false && fallback.message).toContain('answered 503 (documented as default)');
});

test('problem+json answers a documented application/json, and application/json a documented problem+json', () => {
  const problem = { title: 'Server error', status: 500 };
  expect(orders.validate('listOrders', 500, 'application/problem+json; charset=utf-8', problem)).toEqual({ ok: true });
  expect(orders.validate('getOrder', 404, 'application/json', problem)).toEqual({ ok: true });
});

test('an undocumented status is its own kind, listing the documented ones', () => {
  const result = orders.validate('getOrder', 500, 'application/json', {});
  expect(result).toEqual({
    ok: false,
    kind: 'undocumented-status',
    errors: [],
    message:
      'GET /orders/{orderId} (getOrder) answered 500, a status the document does not list for it ' +
      '(documented: 200, 404); fix the service or document the status',
  });
});

test('an undocumented or missing Content-Type is its own kind', () => {
  const html = orders.validate('getOrder', 200, 'text/html', '<html>');
  expect(html).toMatchObject({
    kind: 'undocumented-content-type',
    message:
      'GET /orders/{orderId} (getOrder) answered 200 with Content-Type text/html, which the document does not ' +
      "list for it (documented: application/json); fix the service's Content-Type or document it",
  });
  expect(orders.validate('getOrder', 200, undefined, ORDER)).toMatchObject({ kind: 'undocumented-content-type' });
});

test('a response documented without content has nothing to compare; a text schema validates text', () => {
  expect(orders.validate('createOrder', 201, undefined, '')).toEqual({ ok: true });
  expect(orders.validate('health', 200, 'text/plain', 'ok')).toEqual({ ok: true });
});

test('3.0: nullable and boolean exclusiveMinimum are honoured, a synthetic id labels the message once', () => {
  const item = { id: 1, name: 'Pen', price: 2.5, discount: null, category: null };
  expect(shop.validate('GET /items', 200, 'application/json', [item, { ...item, category: 'books' }])).toEqual({
    ok: true,
  });
  const result = shop.validate('GET /items', 200, 'application/json', [{ ...item, price: 0, category: 'food' }]);
  expect(result).toEqual({
    ok: false,
    kind: 'schema',
    errors: [
      { jsonPath: '/0/price', expected: 'a number > 0', received: '0' },
      { jsonPath: '/0/category', expected: 'one of "books", "tools"', received: '"food"' },
    ],
    message:
      'GET /items answered 200 whose body does not match the documented schema: ' +
      '/0/price: expected a number > 0, received 0; /0/category: expected one of "books", "tools", received "food"',
  });
  const nulls = shop.validate('getItem', 200, 'application/json', { ...item, name: null });
  expect(nulls.ok === false && nulls.errors).toEqual([{ jsonPath: '/name', expected: 'string', received: 'null' }]);
});

test('3.0: responses behind $ref and components schemas resolve', () => {
  expect(shop.validate('getItem', 404, 'application/json', { message: 'no item 42' })).toEqual({ ok: true });
  expect(shop.validate('getItem', 404, 'application/json', { error: 'x' })).toMatchObject({
    errors: [{ jsonPath: '/message', expected: 'a required property', received: 'nothing' }],
  });
});

test('an unknown operation id, or one that cannot be checked, throws naming it', () => {
  expect(() => orders.validate('nope', 200, 'application/json', {})).toThrow(
    'validate: no operation "nope" in the OpenAPI document (known: listOrders, createOrder, getOrder,',
  );
  expect(() => shop.validate('listPrices', 200, 'application/json', {})).toThrow(
    'validate: GET /prices (listPrices) cannot be checked: external $ref "common.yaml#/components/schemas/PriceList"',
  );
});

test('recursive schemas and path keys with braces compile', () => {
  const validator = createResponseValidator({
    openapi: '3.1.0',
    paths: {
      '/nodes/{id}': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' }, n: { type: 'integer' } } },
      },
    },
  });
  expect(validator.validate('GET /nodes/{id}', 200, 'application/json', { child: { child: { n: 1 } } })).toEqual({
    ok: true,
  });
  const deep = validator.validate('GET /nodes/{id}', 200, 'application/json', { child: { child: { n: 1.5 } } });
  expect(deep.ok === false && deep.errors).toEqual([
    { jsonPath: '/child/child/n', expected: 'integer', received: '1.5' },
  ]);
});

test('validateNotFound checks a 404 body against the documented not-found shape', () => {
  expect(orders.validateNotFound('application/problem+json', { title: 'Not found', status: 404 })).toEqual({
    ok: true,
  });
  const wrong = orders.validateNotFound('application/problem+json', { error: 'not found' });
  expect(wrong).toMatchObject({
    kind: 'schema',
    message: expect.stringContaining(
      'the unknown-path probe answered 404 whose body does not match the documented schema',
    ),
  });
  expect(orders.validateNotFound('text/html', '<h1>404</h1>')).toMatchObject({ kind: 'undocumented-content-type' });
  const bare = createResponseValidator({ openapi: '3.1.0', paths: {} });
  expect(bare.validateNotFound('text/html', '<h1>404</h1>')).toEqual({ ok: true });
});
