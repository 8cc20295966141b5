import { expect, test } from '@playwright/test';
import {
  deriveBodySchema,
  findDependencies,
  findVersion,
  guessRole,
  serviceName,
  upValues,
} from '../../probes/init/health-body.ts';

test.describe('version', () => {
  test('a top-level version is a pointer', () => {
    expect(findVersion({ status: 'ok', version: '1.2.3' }, {})).toEqual({ pointer: '/version', value: '1.2.3' });
  });

  test('build.version, app.version and info.version are found in that order', () => {
    expect(findVersion({ build: { version: '2.4.0' } }, {})).toEqual({ pointer: '/build/version', value: '2.4.0' });
    expect(findVersion({ app: { version: 7 } }, {})).toEqual({ pointer: '/app/version', value: '7' });
    expect(findVersion({ info: { version: '0.1' }, app: { version: '' } }, {})).toEqual({
      pointer: '/info/version',
      value: '0.1',
    });
  });

  test('without one in the body an x-*-version header is used', () => {
    expect(findVersion({ status: 'ok' }, { 'x-orders-version': '2.4.0', 'content-type': 'application/json' })).toEqual({
      header: 'x-orders-version',
      value: '2.4.0',
    });
    expect(findVersion('OK', { 'x-app-version': '1' })).toEqual({ header: 'x-app-version', value: '1' });
  });

  test('nothing found is undefined (an empty version does not count)', () => {
    expect(findVersion({ version: '  ', build: {} }, { 'x-request-id': 'abc' })).toBeUndefined();
  });
});

test.describe('dependencies', () => {
  test('objects under checks with a status field, roles from their names', () => {
    const body = {
      status: 'ok',
      checks: { postgres: { status: 'ok', latencyMs: 2 }, redis: { status: 'ok' }, mailer: { status: 'green' } },
    };
    expect(findDependencies(body)).toEqual([
      { name: 'postgres', key: 'postgres', pointer: '/checks/postgres/status', value: 'ok', role: 'database' },
      { name: 'redis', key: 'redis', pointer: '/checks/redis/status', value: 'ok', role: 'cache' },
      { name: 'mailer', key: 'mailer', pointer: '/checks/mailer/status', value: 'green', role: 'other' },
    ]);
  });

  test('the orders shape: components with state', () => {
    const body = {
      state: 'UP',
      build: { version: '2.4.0' },
      components: { database: { state: 'UP' }, cache: { state: 'UP' } },
    };
    expect(findDependencies(body).map((d) => [d.name, d.pointer, d.role])).toEqual([
      ['database', '/components/database/state', 'database'],
      ['cache', '/components/cache/state', 'cache'],
    ]);
  });

  test('healthy booleans, bare status words, arrays of { name, status } and odd keys', () => {
    const body = {
      dependencies: { 'main db': { healthy: true }, session_cache: 'UP', uptime: 12 },
      services: [{ name: 'pg', status: 'pass' }, { status: 'ok' }],
      details: { 'a/b': { state: 'up' } },
    };
    expect(findDependencies(body)).toEqual([
      { name: 'main-db', key: 'main db', pointer: '/dependencies/main db/healthy', value: 'true', role: 'database' },
      {
        name: 'session_cache',
        key: 'session_cache',
        pointer: '/dependencies/session_cache',
        value: 'UP',
        role: 'cache',
      },
      { name: 'pg', key: 'pg', pointer: '/services/0/status', value: 'pass', role: 'database' },
      { name: 'a-b', key: 'a/b', pointer: '/details/a~1b/state', value: 'up', role: 'other' },
    ]);
  });

  test('a body that is no object, or without containers, has none', () => {
    expect(findDependencies('OK')).toEqual([]);
    expect(findDependencies({ status: 'ok', db: { status: 'ok' } })).toEqual([]);
  });

  test('roles: postgres / pg / db / database -> database; redis / cache -> cache; else other', () => {
    expect(['postgres', 'postgresql', 'pg', 'db', 'mainDb', 'database', 'orders-db'].map(guessRole)).toEqual(
      Array(7).fill('database'),
    );
    expect(['redis', 'redisCache', 'cache', 'session-cache'].map(guessRole)).toEqual(Array(4).fill('cache'));
    expect(['mongo', 'mysql', 'dbx', 'kafka'].map(guessRole)).toEqual(Array(4).fill('other'));
  });

  test('service names follow the profile pattern', () => {
    expect(serviceName('  Main DB! ')).toBe('Main-DB-');
    expect(serviceName('__')).toBeUndefined();
    expect(serviceName('x'.repeat(80))).toHaveLength(63);
  });

  test('up values: undefined when the defaults cover what was seen; never a down-looking value', () => {
    const dep = (value: string) => ({ name: 'x', key: 'x', pointer: '/x', value, role: 'other' as const });
    expect(upValues([dep('UP'), dep('ok'), dep('true')])).toBeUndefined();
    expect(upValues([dep('green'), dep('DOWN'), dep('green')])).toEqual([
      'ok',
      'up',
      'pass',
      'healthy',
      'true',
      'green',
    ]);
  });
});

test('the body schema: top-level fields required and typed, null untyped', () => {
  expect(deriveBodySchema({ status: 'ok', uptime: 1.5, checks: {}, tags: [], ok: true, note: null })).toEqual({
    type: 'object',
    required: ['status', 'uptime', 'checks', 'tags', 'ok', 'note'],
    properties: {
      status: { type: 'string' },
      uptime: { type: 'number' },
      checks: { type: 'object' },
      tags: { type: 'array' },
      ok: { type: 'boolean' },
      note: {},
    },
  });
  expect(deriveBodySchema('OK')).toBeUndefined();
  expect(deriveBodySchema([1])).toBeUndefined();
});
