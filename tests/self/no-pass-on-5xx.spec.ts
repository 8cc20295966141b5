import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import type { Evidence } from '../../core/evidence.ts';
import { describeRun, runGate } from '../../harness/run-gate.ts';
import { test } from '../../harness/self-test.ts';

/**
 * A check passes only on an answer it understood: an application whose every route but its health
 * answers 500 (with no CORS, header or auth behaviour to judge) must fail every security and contract
 * check that runs, never pass one. The api and security phases run on their own (--no-deps).
 */
const PROFILE = (port: number) => `name: all-500
version: { header: x-version }
services: [{ name: api, role: api }]
urls: { api: http://127.0.0.1:${port} }
health: { endpoints: [{ path: /health }] }
metrics: { path: /metrics, auth: { bearer: { $env: FIVE_HUNDRED_TOKEN, default: token-for-the-test } }, series: [] }
auth: { kind: token, token: { $env: FIVE_HUNDRED_TOKEN, default: token-for-the-test } }
routes:
  protected: [{ path: /items }]
  public: [{ path: /public }]
  jsonBody: [{ method: POST, path: /items }]
`;

/** Their only request is the health endpoint, which answers 200 here. */
const HEALTH_ONLY = ['responses leak no framework or server version'];
/** Their requests go to routes that answer 500: the failure must say so. */
const NAME_THE_500 = [
  "the profile's public routes answer 2xx without credentials",
  'protected routes answer 401 or 403 without a token within the limit',
  'protected routes answer 401 or 403 with a forged token within the limit',
  'unknown routes answer 404 in the documented error shape',
  'malformed JSON gets a 4xx and the service still answers afterwards',
  'CORS allows no foreign origin and never a wildcard with credentials',
  'health, metrics and error bodies never echo a configured secret',
];

function serveAll500(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('no security or contract check passes on a 5xx: each one that runs fails, naming the status', async ({
  tempDir,
}) => {
  const server = await serveAll500();
  try {
    const port = (server.address() as AddressInfo).port;
    const profile = join(tempDir, 'profile.yaml');
    writeFileSync(profile, PROFILE(port));
    const run = await runGate({
      dir: tempDir,
      args: ['--project=api', '--project=security', '--no-deps'],
      env: { STAGING_TARGET: 'external', STAGING_TARGET_FILE: profile, STAGING_API_URL: `http://127.0.0.1:${port}` },
    });
    const evidence = JSON.parse(run.read('staging-report/evidence.json')) as Evidence;
    // Checks that judge only the health answer (a 200 here) may pass; every other one met only 500s.
    const judged = evidence.checks.filter(
      (c) => (c.phase === 'api' || c.phase === 'security') && c.status !== 'skipped' && !HEALTH_ONLY.includes(c.title),
    );
    expect(judged.length, describeRun(run)).toBeGreaterThanOrEqual(7);
    const passed = judged.filter((c) => c.status === 'passed').map((c) => c.title);
    expect(passed, `checks that passed on answers of 500\n${describeRun(run)}`).toEqual([]);
    for (const title of NAME_THE_500) {
      const check = judged.find((c) => c.title === title);
      expect(check?.error ?? '', `"${title}" names the 500\n${describeRun(run)}`).toContain('500');
    }
    expect(run.decision?.verdict, describeRun(run)).toBe('NO-GO');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
