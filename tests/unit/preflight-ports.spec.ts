import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { expect, test as base } from '@playwright/test';
import { checkPortAnswers, checkPortsFree, findPortOwner } from '../../probes/preflight/ports.ts';
import { parseTcpTable } from '../../probes/preflight/proc-net.ts';

type Kind = 'silent' | 'http' | 'pong' | 'ssl-no' | 'banner';

/** Servers started in this test process, closed after each test. */
const test = base.extend<{ serve: (kind: Kind, host?: string, port?: number) => Promise<number> }>({
  serve: async ({}, use) => {
    const servers: Server[] = [];
    const sockets = new Set<Socket>();
    await use(async (kind, host = '127.0.0.1', port = 0) => {
      const server = kind === 'http' ? createHttpServer((_, res) => res.end('ok')) : createServer();
      server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        if (kind === 'banner') socket.write('SSH-2.0-OpenSSH_9.2\r\n');
        socket.on('data', () => {
          if (kind === 'pong') socket.write('+PONG\r\n');
          if (kind === 'ssl-no') socket.write('N');
        });
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, exclusive: true }, resolve);
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : 0;
    });
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  },
});

test('findPortOwner names this process for a server it started', async ({ serve }) => {
  const port = await serve('silent');
  const owner = await findPortOwner(port);
  expect(owner).toMatchObject({ port, pid: process.pid, addresses: ['127.0.0.1'] });
  expect(owner?.command).toContain('node');
});

test('findPortOwner reads IPv6 listeners too', async ({ serve }) => {
  const port = await serve('silent', '::1');
  const owner = await findPortOwner(port);
  expect(owner).toMatchObject({ pid: process.pid, addresses: ['::1'] });
});

test('findPortOwner returns null for a port nobody listens on', async ({ serve }) => {
  expect(await findPortOwner(1)).toBeNull();
  const port = await serve('silent');
  expect(await findPortOwner(port, '127.0.0.2')).toBeNull();
});

test('a taken port blocks, naming the pid, the command, the variable that moves it and the runbook steps', async ({
  serve,
}) => {
  const port = await serve('silent');
  // A second listener on the same port is refused by the OS: this is the conflict the check predicts.
  await expect(serve('silent', '127.0.0.1', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  const result = await checkPortsFree([{ port, service: 'postgres' }], { docker: false });
  expect(result.ok).toBe(false);
  expect(result.ports[0]).toMatchObject({ port, free: false, owner: { pid: process.pid } });
  const issue = result.issues[0];
  expect(issue).toMatchObject({ severity: 'blocking', criterion: 'service-unhealthy', subject: `${port} (postgres)` });
  expect(issue?.message).toContain(`taken by pid ${process.pid} (this process)`);
  expect(issue?.message).toContain(`kill ${process.pid}`);
  expect(issue?.message).toContain('STAGING_POSTGRES_PORT=<free port>');
  expect(issue?.runbook).toContain('netstat -tulpn | grep -E "(3001|4001|5432|6379)"');
});

test('free ports pass, and a specific bind address does not clash with another specific address', async ({ serve }) => {
  const taken = await serve('silent');
  const probe = await serve('silent');
  const result = await checkPortsFree([{ port: taken, bindAddress: '127.0.0.2', service: 'redis' }], { docker: false });
  expect(result.ok).toBe(true);
  expect(result.ports).toEqual([{ port: taken, service: 'redis', free: true }]);
  // A wildcard bind (compose's default) needs the port on every address.
  expect((await checkPortsFree([taken, probe], { docker: false })).issues).toHaveLength(2);
});

test('parseTcpTable decodes IPv4, IPv6 and IPv4-mapped LISTEN rows and ignores other states', () => {
  const v4 = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1',
    '   1: 00000000:0BB9 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4243 1',
    '   2: 0100007F:1538 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 4244 1',
  ].join('\n');
  expect(parseTcpTable(v4, 4)).toEqual([
    { address: '127.0.0.1', port: 5432, family: 4, inode: 4242 },
    { address: '0.0.0.0', port: 3001, family: 4, inode: 4243 },
  ]);
  const v6 = [
    '  sl  local_address                         remote_address                        st',
    '   0: 00000000000000000000000001000000:18EB 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 5001 1',
    '   1: 00000000000000000000000000000000:0FA1 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 5002 1',
    '   2: 0000000000000000FFFF00000100007F:0FA1 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 5003 1',
  ].join('\n');
  expect(parseTcpTable(v6, 6).map((s) => `${s.address}:${s.port}`)).toEqual(['::1:6379', ':::4001', '127.0.0.1:4001']);
});

test('checkPortAnswers recognises an HTTP server by its status line', async ({ serve }) => {
  const port = await serve('http');
  const result = await checkPortAnswers('127.0.0.1', port, 'http');
  expect(result).toMatchObject({ ok: true, answeredAs: 'http', connected: true, issues: [] });
  expect(result.detail).toMatch(/^HTTP\/1\.1 200/);
});

test('checkPortAnswers: a raw TCP server that never answers is not HTTP, and the timeout is honoured', async ({
  serve,
}) => {
  const port = await serve('silent');
  const started = Date.now();
  const result = await checkPortAnswers('127.0.0.1', port, 'http', { timeoutMs: 400, variable: 'STAGING_API_URL' });
  expect(Date.now() - started).toBeLessThan(1_500);
  expect(result).toMatchObject({ ok: false, connected: true, answeredAs: 'silent' });
  expect(result.issues[0]?.message).toContain('not as an HTTP server');
  expect(result.issues[0]?.message).toContain('within 400 ms');
  expect(result.issues[0]?.message).toContain('check STAGING_API_URL');
  expect((await checkPortAnswers('127.0.0.1', port, 'tcp')).ok).toBe(true);
});

test('checkPortAnswers reports the wrong service by name', async ({ serve }) => {
  const http = await serve('http');
  const asRedis = await checkPortAnswers('127.0.0.1', http, 'redis', { variable: 'REDIS_URL' });
  expect(asRedis).toMatchObject({ ok: false, answeredAs: 'http' });
  expect(asRedis.issues[0]?.message).toContain('answered as an HTTP server');
  expect(asRedis.issues[0]?.message).toContain('not as Redis');
  const asPostgres = await checkPortAnswers('127.0.0.1', http, 'postgres');
  expect(asPostgres.issues[0]?.criterion).toBe('database-connectivity-failed');
  const banner = await checkPortAnswers('127.0.0.1', await serve('banner'), 'http');
  expect(banner).toMatchObject({ answeredAs: 'unknown', detail: 'SSH-2.0-OpenSSH_9.2' });
});

test('checkPortAnswers recognises Redis and PostgreSQL replies', async ({ serve }) => {
  expect(await checkPortAnswers('127.0.0.1', await serve('pong'), 'redis')).toMatchObject({
    ok: true,
    answeredAs: 'redis',
    detail: '+PONG',
  });
  expect(await checkPortAnswers('127.0.0.1', await serve('ssl-no'), 'postgres')).toMatchObject({
    ok: true,
    answeredAs: 'postgres',
  });
});

test('checkPortAnswers on a closed port says nothing is listening', async () => {
  const port = await freePort();
  const result = await checkPortAnswers('127.0.0.1', port, 'http');
  expect(result).toMatchObject({ ok: false, answeredAs: 'refused', connected: false });
  expect(result.issues[0]?.message).toContain(`nothing is listening on 127.0.0.1:${port}`);
});

/** A port that was free a moment ago: bound to 0, read, released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}
