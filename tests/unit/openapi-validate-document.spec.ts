import { expect, test } from '@playwright/test';
import { formatProblems, validateOpenApi } from '../../probes/openapi/validate-document.ts';
import { loadFixture } from './openapi-fixtures/load-fixture.ts';

test('the 3.1 and 3.0 fixtures are valid; an external $ref is not a document problem', async () => {
  expect(await validateOpenApi(loadFixture('orders-3.1.yaml'))).toEqual({ ok: true });
  expect(await validateOpenApi(loadFixture('shop-3.0.yaml'))).toEqual({ ok: true });
});

test('problems name the JSON path: a response without description, a path item that is not an object', async () => {
  expect(await validateOpenApi(loadFixture('invalid-3.0.json'))).toEqual({
    ok: false,
    problems: [
      { path: '/paths/~1orders/get/responses/200', message: "must have required property 'description'" },
      { path: '/paths/~1orders~1{id}', message: 'must be object' },
    ],
  });
});

test('3.1: an unknown property in an operation is named with its path', async () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/orders': { get: { responses: { '200': { description: 'ok' } }, respones: {} } } },
  };
  const result = await validateOpenApi(document);
  expect(result).toEqual({
    ok: false,
    problems: [{ path: '/paths/~1orders/get', message: "must not have the property 'respones'" }],
  });
});

test('a local $ref that points at nothing is named where it sits', async () => {
  const document = {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/orders': { get: { responses: { '404': { $ref: '#/components/responses/Gone' } } } },
      '/prices': { get: { responses: { '200': { $ref: 'common.yaml#/components/responses/Prices' } } } },
    },
  };
  expect(await validateOpenApi(document)).toEqual({
    ok: false,
    problems: [
      {
        path: '/paths/~1orders/get/responses/404',
        message: '$ref "#/components/responses/Gone" points at nothing in the document',
      },
    ],
  });
});

test('validation does not change the document it is given', async () => {
  const document = loadFixture('shop-3.0.yaml');
  const before = structuredClone(document);
  await validateOpenApi(document);
  expect(document).toEqual(before);
});

test('formatProblems names the file, each JSON path, and what to do', () => {
  const text = formatProblems('/srv/openapi.yaml', [
    { path: '/paths/~1orders/get/responses/200', message: "must have required property 'description'" },
    { path: '/paths/~1orders~1{id}', message: 'must be object' },
  ]);
  expect(text).toBe(
    [
      'The OpenAPI document /srv/openapi.yaml is not valid (2 problems):',
      "  /paths/~1orders/get/responses/200: must have required property 'description'",
      '  /paths/~1orders~1{id}: must be object',
      'Fix these in the document (paths are JSON pointers; "~1" stands for "/"), then run the gate again.',
    ].join('\n'),
  );
});
