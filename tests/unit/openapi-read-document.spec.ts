import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readOpenApiSync } from '../../probes/openapi/read-document.ts';

const FIXTURES = `${import.meta.dirname}/openapi-fixtures`;

/** Writes `text` to a file in the test's output directory and reads it back as an OpenAPI source. */
function readText(name: string, text: string) {
  const file = test.info().outputPath(name);
  writeFileSync(file, text);
  return { file, result: readOpenApiSync(file, { cwd: '/' }) };
}

test('a YAML file relative to cwd reads as a 3.1 document with its absolute source', () => {
  const result = readOpenApiSync('orders-3.1.yaml', { cwd: FIXTURES });
  expect(result).toMatchObject({ ok: true, source: `${FIXTURES}/orders-3.1.yaml`, version: '3.1' });
  expect(result.ok && Object.keys(result.document.paths as object)).toContain('/orders/{orderId}');
});

test('a JSON file reads, and the version is 3.0', () => {
  const result = readOpenApiSync(`${FIXTURES}/invalid-3.0.json`, { cwd: '/' });
  expect(result).toMatchObject({ ok: true, version: '3.0' });
});

test('a missing file names the resolved path and the profile setting to check', () => {
  const result = readOpenApiSync('nope/openapi.yaml', { cwd: FIXTURES });
  expect(result).toEqual({
    ok: false,
    problem: `The OpenAPI document ${FIXTURES}/nope/openapi.yaml does not exist; check the profile's openapi path (relative to ${FIXTURES})`,
  });
});

test('a file that is neither .yaml, .yml nor .json is refused by name', () => {
  const { file, result } = readText('openapi.txt', 'openapi: 3.1.0');
  expect(result).toEqual({ ok: false, problem: `The OpenAPI document ${file} should be a .yaml, .yml or .json file` });
});

test('broken YAML and broken JSON say which syntax failed, naming the file', () => {
  const yaml = readText('broken.yaml', 'openapi: 3.1.0\ninfo: [unclosed\n');
  expect(yaml.result.ok).toBe(false);
  expect(!yaml.result.ok && yaml.result.problem).toContain(`The OpenAPI document ${yaml.file} is not valid YAML: `);
  const json = readText('broken.json', '{"openapi": ');
  expect(!json.result.ok && json.result.problem).toContain(`The OpenAPI document ${json.file} is not valid JSON: `);
});

test('a document that is not an object says what it is instead', () => {
  const { file, result } = readText('list.yaml', '- openapi: 3.1.0\n');
  expect(result).toEqual({
    ok: false,
    problem: `The OpenAPI document ${file} is an array, not an object with an "openapi" field`,
  });
  expect(readText('empty.yaml', '').result).toMatchObject({ ok: false, problem: expect.stringContaining('is empty') });
});

test('a missing, unsupported or numeric openapi version is named', () => {
  const none = readText('none.yaml', 'info: {title: x, version: "1"}\n');
  expect(none.result).toEqual({
    ok: false,
    problem: `The OpenAPI document ${none.file} has no "openapi" field; add e.g. openapi: 3.1.0`,
  });
  const v32 = readText('v32.yaml', 'openapi: 3.2.0\n');
  expect(!v32.result.ok && v32.result.problem).toContain('declares openapi "3.2.0"; the gate reads 3.0.x and 3.1.x');
  const numeric = readText('numeric.json', '{"openapi": 3.1}');
  expect(!numeric.result.ok && numeric.result.problem).toContain('declares openapi 3.1;');
});

test('a Swagger 2.0 document is told to convert', () => {
  const { result } = readText('swagger.json', '{"swagger": "2.0", "paths": {}}');
  expect(!result.ok && result.problem).toContain('is Swagger 2.0; the gate reads OpenAPI 3.0 or 3.1: convert it');
});

test('a URL source goes through the injected fetchSync, JSON or YAML', () => {
  const asked: string[] = [];
  const json = readOpenApiSync('http://127.0.0.1:8080/openapi', {
    cwd: '/',
    fetchSync: (url) => {
      asked.push(url);
      return '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}';
    },
  });
  expect(json).toMatchObject({ ok: true, source: 'http://127.0.0.1:8080/openapi', version: '3.1' });
  expect(asked).toEqual(['http://127.0.0.1:8080/openapi']);
  const yaml = readOpenApiSync('https://target.test/docs', { cwd: '/', fetchSync: () => 'openapi: 3.0.1\n' });
  expect(yaml).toMatchObject({ ok: true, version: '3.0' });
});

test("a URL source without a fetcher, or whose fetch fails, returns the fetcher's message", () => {
  expect(readOpenApiSync('https://target.test/openapi.json', { cwd: '/' })).toEqual({
    ok: false,
    problem: 'No fetcher was given to read the OpenAPI document https://target.test/openapi.json',
  });
  const failing = readOpenApiSync('https://target.test/openapi.json', {
    cwd: '/',
    fetchSync: (url) => {
      throw new Error(`GET ${url} for the OpenAPI document failed: HTTP 503 Service Unavailable`);
    },
  });
  expect(failing).toEqual({
    ok: false,
    problem: 'GET https://target.test/openapi.json for the OpenAPI document failed: HTTP 503 Service Unavailable',
  });
});
