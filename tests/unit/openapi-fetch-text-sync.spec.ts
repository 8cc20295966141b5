import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { expect, test as base } from '@playwright/test';
import { fetchTextSync } from '../../probes/openapi/read-document.ts';

type Behaviour = 'serve' | 'silent';

// fetchTextSync blocks this thread until its child process ends, so a server on this thread could never
// answer: it runs in a worker thread, which has its own event loop.
const SERVER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
  if (workerData === 'silent') return; // accepts the request, never answers
  if (req.url === '/openapi.yaml') return res.end('openapi: 3.1.0\\n');
  if (req.url === '/moved') return res.writeHead(302, { location: '/elsewhere' }).end();
  res.writeHead(404).end('no such document');
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

/** HTTP servers on 127.0.0.1 in worker threads, ended after each test. */
const test = base.extend<{ serve: (behaviour: Behaviour) => Promise<number> }>({
  serve: async ({}, use) => {
    const workers: Worker[] = [];
    await use(async (behaviour) => {
      const worker = new Worker(SERVER_SCRIPT, { eval: true, workerData: behaviour });
      workers.push(worker);
      return new Promise<number>((resolve, reject) => {
        worker.once('message', (port: number) => resolve(port));
        worker.once('error', reject);
      });
    });
    await Promise.all(workers.map((worker) => worker.terminate()));
  },
});

test('the body of a 200 comes back', async ({ serve }) => {
  const port = await serve('serve');
  expect(fetchTextSync(`http://127.0.0.1:${port}/openapi.yaml`, 5_000)).toBe('openapi: 3.1.0\n');
});

test('a 404 names the URL and the status', async ({ serve }) => {
  const port = await serve('serve');
  const url = `http://127.0.0.1:${port}/missing.yaml`;
  expect(() => fetchTextSync(url, 5_000)).toThrow(`GET ${url} for the OpenAPI document failed: HTTP 404 Not Found.`);
});

test('a redirect is not followed: the gate fetches only the URL it was given', async ({ serve }) => {
  const port = await serve('serve');
  const url = `http://127.0.0.1:${port}/moved`;
  expect(() => fetchTextSync(url, 5_000)).toThrow(
    `GET ${url} for the OpenAPI document failed: HTTP 302, redirected to /elsewhere.`,
  );
});

test('a server that never answers gives an error naming the URL and the timeout', async ({ serve }) => {
  const port = await serve('silent');
  const url = `http://127.0.0.1:${port}/openapi.yaml`;
  expect(() => fetchTextSync(url, 300)).toThrow(`GET ${url} for the OpenAPI document failed: no answer within 300 ms.`);
});

test('a closed port names the URL and the connection error', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  const url = `http://127.0.0.1:${port}/openapi.yaml`;
  expect(() => fetchTextSync(url, 5_000)).toThrow(`GET ${url} for the OpenAPI document failed: ECONNREFUSED.`);
});
