import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test as base } from '@playwright/test';
import { checkTls, probePostgres, probeRedis, resolveHosts } from '../../probes/preflight/connectivity.ts';
import { checkImagesPresent } from '../../probes/preflight/docker.ts';
import { checkPortAnswers, checkPortsFree } from '../../probes/preflight/ports.ts';

const run = promisify(execFile);

/** A TCP server that accepts connections and never says a word: the worst case for client timeouts. */
const test = base.extend<{ mute: () => Promise<number> }>({
  mute: async ({}, use) => {
    const servers: Server[] = [];
    const sockets = new Set<Socket>();
    await use(async () => {
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return portOf(server);
    });
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  },
});

test('probePostgres on a closed port: ECONNREFUSED names host:port and the runbook steps, within 3 s', async () => {
  const port = await freePort();
  const started = Date.now();
  const result = await probePostgres(`postgres://medianest:S3cr3t-Value-42@127.0.0.1:${port}/medianest`, 2_000);
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(result).toMatchObject({ ok: false, errorCode: 'ECONNREFUSED' });
  const issue = result.issues[0];
  expect(issue).toMatchObject({ severity: 'blocking', criterion: 'database-connectivity-failed' });
  expect(issue?.message).toContain(`nothing is listening on 127.0.0.1:${port}`);
  for (const step of [
    'docker compose logs postgres',
    'psql $DATABASE_URL -c "SELECT 1;"',
    'docker compose restart postgres backend',
  ]) {
    expect(issue?.runbook).toContain(step);
  }
  expect(JSON.stringify(result)).not.toContain('S3cr3t-Value-42');
  expect(result.target).toBe(`postgres://medianest:***@127.0.0.1:${port}/medianest`);
});

test('probePostgres against a server that never answers honours its timeout', async ({ mute }) => {
  const port = await mute();
  const started = Date.now();
  const result = await probePostgres(`postgres://u:p@127.0.0.1:${port}/db`, 800);
  expect(Date.now() - started).toBeLessThan(2_500);
  expect(result.ok).toBe(false);
  expect(result.issues[0]?.message).toContain('within 800 ms');
});

test('probeRedis on a closed port names host:port and REDIS_URL', async () => {
  const port = await freePort();
  const started = Date.now();
  const result = await probeRedis(`redis://:Sup3r-Secret-Redis@127.0.0.1:${port}`, 1_000);
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(result).toMatchObject({ ok: false, errorCode: 'ECONNREFUSED' });
  expect(result.issues[0]?.message).toContain(`nothing is listening on 127.0.0.1:${port}`);
  expect(result.issues[0]?.message).toContain('REDIS_URL / STAGING_REDIS_PORT');
  expect(JSON.stringify(result)).not.toContain('Sup3r-Secret-Redis');
});

test('probeRedis against a server that never answers honours its timeout', async ({ mute }) => {
  const port = await mute();
  const started = Date.now();
  const result = await probeRedis(`redis://127.0.0.1:${port}`, 600);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(result.ok).toBe(false);
  expect(result.issues[0]?.message).toContain('no answer from Redis');
  expect(result.issues[0]?.message).toContain('within 600 ms');
});

test('malformed URLs are configuration problems that name the variable, not the value', async () => {
  const pg = await probePostgres('mysql://root:hunter2@db/app', 500);
  expect(pg.issues[0]).toMatchObject({ subject: 'DATABASE_URL', criterion: 'missing-env-config' });
  const redis = await probeRedis('http://cache:6379', 500, 'CACHE_URL');
  expect(redis.issues[0]?.subject).toBe('CACHE_URL');
  const badEscape = await probePostgres('postgres://u:100%zz@127.0.0.1:5432/db', 500);
  expect(badEscape.issues[0]?.subject).toBe('DATABASE_URL');
  expect(JSON.stringify([pg, redis])).not.toContain('hunter2');
});

test('resolveHosts: IP literals pass, names resolve, and a failure names the variable', async () => {
  const ok = await resolveHosts({
    DATABASE_URL: 'postgres://u:p@localhost:5432/db',
    REDIS_URL: 'redis://127.0.0.1:6379',
  });
  expect(ok.ok).toBe(true);
  expect(ok.hosts).toEqual([
    { host: '127.0.0.1', usedBy: ['REDIS_URL'], ok: true, literal: true, addresses: ['127.0.0.1'] },
    expect.objectContaining({ host: 'localhost', ok: true, literal: false }),
  ]);
  // A resolver stand-in: this machine must not send DNS queries off the host.
  const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
  const failed = await resolveHosts(
    { DATABASE_URL: 'postgres://u:p@db.staging.internal:5432/db', STAGING_API_URL: 'http://db.staging.internal:3001' },
    { lookup: () => Promise.reject(notFound) },
  );
  expect(failed.issues).toHaveLength(1);
  expect(failed.issues[0]).toMatchObject({ criterion: 'database-connectivity-failed', subject: 'db.staging.internal' });
  expect(failed.issues[0]?.message).toContain('(from DATABASE_URL, STAGING_API_URL) does not resolve (ENOTFOUND)');
  const slow = await resolveHosts(['http://slow.example:80'], { timeoutMs: 100, lookup: () => new Promise(() => {}) });
  expect(slow.issues[0]?.message).toContain('no DNS answer within 100 ms');
});

test.describe('TLS certificates', () => {
  test.describe.configure({ mode: 'default' });
  let dir = '';
  let server: ReturnType<typeof createHttpsServer> | undefined;
  let url = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-preflight-tls-'));
    const openssl = await run('openssl', ['version']).catch(() => null);
    test.skip(openssl === null, 'openssl is not installed');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '5',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_, res) => res.end('ok'),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${portOf(server)}/`;
  });

  test.afterAll(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a certificate expiring within 14 days is a finding; an untrusted one is named', async () => {
    const result = await checkTls(url, { variable: 'STAGING_API_URL' });
    expect(result).toMatchObject({ ok: true, checked: true, subject: 'localhost', authorized: false });
    expect(result.daysLeft).toBeGreaterThanOrEqual(4);
    expect(result.daysLeft).toBeLessThanOrEqual(5);
    expect(result.issues.map((i) => [i.severity, i.criterion])).toEqual([
      ['finding', 'minor-non-blocking-issue'],
      ['finding', 'minor-non-blocking-issue'],
    ]);
    expect(result.issues[0]?.message).toMatch(/expires in [45] days/);
    expect(result.issues[1]?.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  test('an expired certificate blocks', async () => {
    const result = await checkTls(url, { now: new Date(Date.now() + 30 * 86_400_000) });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ severity: 'blocking', criterion: 'service-unhealthy' });
    expect(result.issues[0]?.message).toContain('expired on');
  });

  test('plain http URLs have nothing to check, and a non-TLS port is reported', async ({ mute }) => {
    expect(await checkTls('http://127.0.0.1:1/')).toMatchObject({ ok: true, checked: false, issues: [] });
    const result = await checkTls(`https://127.0.0.1:${await mute()}/`, { timeoutMs: 500 });
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.message).toContain('no TLS handshake within 500 ms');
  });
});

test.describe('against real PostgreSQL and Redis containers', () => {
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const containers = { postgres: `sgpre-pg-${suffix}`, redis: `sgpre-redis-${suffix}` };
  const password = 'Pre-flight-Pass-7391';
  const ports = { postgres: 0, redis: 0 };
  let available = '';

  // One worker runs this group (even under fullyParallel), so one pair of containers serves it.
  test.describe.configure({ mode: 'default', timeout: 60_000 });

  test.beforeAll(async () => {
    const images = await checkImagesPresent(['staging-gate/postgres:15-offline', 'staging-gate/redis:7-offline']);
    available = images.ok ? '' : images.issues.map((i) => i.message).join('; ');
    if (available) return;
    ports.postgres = await freePort();
    ports.redis = await freePort();
    const common = ['run', '--rm', '-d', '--pull=never', '--label', 'org.testcontainers=false'];
    await run('docker', [
      ...common,
      '--name',
      containers.postgres,
      '-p',
      `127.0.0.1:${ports.postgres}:5432`,
      '-e',
      'POSTGRES_USER=medianest',
      '-e',
      `POSTGRES_PASSWORD=${password}`,
      '-e',
      'POSTGRES_DB=medianest',
      'staging-gate/postgres:15-offline',
    ]);
    await run('docker', [
      ...common,
      '--name',
      containers.redis,
      '-p',
      `127.0.0.1:${ports.redis}:6379`,
      'staging-gate/redis:7-offline',
    ]);
    await expect.poll(async () => (await probePostgres(pgUrl(password), 1_000)).ok, { timeout: 45_000 }).toBe(true);
    await expect.poll(async () => (await probeRedis(redisUrl(), 1_000)).ok, { timeout: 15_000 }).toBe(true);
  });

  test.afterAll(async () => {
    await run('docker', ['rm', '-f', containers.postgres, containers.redis]).catch(() => undefined);
  });

  const pgUrl = (pw: string, db = 'medianest') =>
    `postgres://medianest:${encodeURIComponent(pw)}@127.0.0.1:${ports.postgres}/${db}`;
  const redisUrl = () => `redis://127.0.0.1:${ports.redis}`;

  test('probePostgres runs SELECT 1 and reads the server version', async () => {
    test.skip(!!available, available);
    const result = await probePostgres(pgUrl(password), 3_000);
    expect(result).toMatchObject({ ok: true, issues: [], user: 'medianest', database: 'medianest' });
    expect(result.serverVersion).toMatch(/^15\./);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('a wrong password is 28P01 and names the user, DATABASE_URL and STAGING_DB_PASSWORD', async () => {
    test.skip(!!available, available);
    const result = await probePostgres(pgUrl('Wrong-Password-123'), 3_000);
    expect(result.errorCode).toBe('28P01');
    const message = result.issues[0]?.message ?? '';
    expect(message).toContain('password authentication failed for user "medianest"');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('STAGING_DB_PASSWORD');
    expect(JSON.stringify(result)).not.toContain('Wrong-Password-123');
  });

  test('a missing database is 3D000 and says how to create it', async () => {
    test.skip(!!available, available);
    const result = await probePostgres(pgUrl(password, 'nodb'), 3_000);
    expect(result.errorCode).toBe('3D000');
    expect(result.issues[0]?.message).toContain('database "nodb" does not exist');
    expect(result.issues[0]?.message).toContain('STAGING_DB_NAME');
  });

  test('probeRedis answers PING and reports role, version and eviction policy', async () => {
    test.skip(!!available, available);
    const result = await probeRedis(redisUrl(), 3_000);
    expect(result).toMatchObject({ ok: true, role: 'master' });
    expect(result.version).toMatch(/^7\./);
    expect(typeof result.maxmemoryPolicy).toBe('string');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('checkPortAnswers tells real PostgreSQL and Redis apart', async () => {
    test.skip(!!available, available);
    expect((await checkPortAnswers('127.0.0.1', ports.postgres, 'postgres')).answeredAs).toBe('postgres');
    const wrong = await checkPortAnswers('127.0.0.1', ports.redis, 'postgres', { variable: 'DATABASE_URL' });
    expect(wrong).toMatchObject({ ok: false, answeredAs: 'redis' });
    expect(wrong.issues[0]?.message).toContain('answered as Redis');
  });

  test('a port published by a container names the container', async () => {
    test.skip(!!available, available);
    const result = await checkPortsFree([{ port: ports.redis, service: 'redis' }]);
    expect(result.ports[0]).toMatchObject({ free: false, container: containers.redis });
    expect(result.issues[0]?.message).toContain(`docker stop ${containers.redis}`);
    expect(result.issues[0]?.message).toContain('STAGING_REDIS_PORT');
  });
});

/** A port that was free a moment ago: bound to 0, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}
