import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { Reason } from '../../core/evidence.ts';
import { describeRun, portsFrom, runGate, type GateRun } from '../../harness/run-gate.ts';
import {
  envFileText,
  PORT_BASE,
  REFERENCE_COMPOSE_FILE,
  SECOND_PORT_BASE,
  StackControl,
  strongSecrets,
  uniqueProject,
  ROLLBACK_ARGV,
} from './stack-control.ts';

// Issue 4 "Done when": one self-test per preflight failure, each naming its criterion and what is wrong.
const PREFLIGHT_ONLY = ['--project=preflight'];
// The operator's rollback carries the rollback grant; the gate dry-runs it (a dry run fails where the rollback would).
const ROLLBACK_COMMAND = JSON.stringify(ROLLBACK_ARGV);

/** The reasons of one criterion; the run must be NO-GO (or the given verdict) and carry at least one. */
function hits(run: GateRun, criterion: string, verdict = 'NO-GO'): Reason[] {
  expect(run.decision?.verdict, describeRun(run)).toBe(verdict);
  const found = run.decision?.reasons.filter((r) => r.criterion === criterion) ?? [];
  expect(found.length, `${criterion} among the reasons\n${describeRun(run)}`).toBeGreaterThan(0);
  return found;
}

/** A free localhost port: the OS picks one, the listener is closed again. */
async function closedPort(): Promise<number> {
  const server = await listen(0);
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

/** External target URLs to ports where nothing listens (each test replaces the one it is about). */
async function deadExternal(): Promise<Record<string, string>> {
  const [api, web, pg, redis] = await Promise.all([closedPort(), closedPort(), closedPort(), closedPort()]);
  return {
    STAGING_TARGET: 'external',
    STAGING_API_URL: `http://127.0.0.1:${api}`,
    STAGING_FRONTEND_URL: `http://127.0.0.1:${web}`,
    DATABASE_URL: `postgres://medianest:${strongSecrets().STAGING_DB_PASSWORD}@127.0.0.1:${pg}/medianest`,
    REDIS_URL: `redis://127.0.0.1:${redis}`,
  };
}

function composeEnv(file: string, project: string): Record<string, string> {
  return {
    ...strongSecrets(),
    // Explicit ports: the assertions name PORT_BASE's ports whether or not SELFTEST_PORT_BASE is set.
    ...portsFrom(String(PORT_BASE)),
    STAGING_TARGET: 'compose',
    STAGING_COMPOSE_FILE: file,
    STAGING_COMPOSE_PROJECT: project,
  };
}

test('external target without DATABASE_URL: NO-GO missing-env-config naming DATABASE_URL', async () => {
  const env = await deadExternal();
  delete env.DATABASE_URL;
  const run = await runGate({ env, args: PREFLIGHT_ONLY });
  const messages = hits(run, 'missing-env-config').map((r) => r.message);
  expect(
    messages.find((m) => m.startsWith('DATABASE_URL')),
    describeRun(run),
  ).toContain('required when STAGING_TARGET=external');
});

test('compose target with a placeholder STAGING_AUTH_SECRET: NO-GO missing-env-config naming it, never the value', async () => {
  const weak = 'change-me-before-deploy';
  const env = { ...composeEnv(REFERENCE_COMPOSE_FILE, uniqueProject('weak')), STAGING_AUTH_SECRET: weak };
  const run = await runGate({ env, args: PREFLIGHT_ONLY });
  const message = hits(run, 'missing-env-config')
    .map((r) => r.message)
    .join('\n');
  expect(message, describeRun(run)).toMatch(/AUTH_SECRET is a weak secret/);
  for (const file of ['staging-report/decision.json', 'staging-report/decision.md', 'staging-report/evidence.json'])
    expect(run.read(file), `${file} shows the secret`).not.toContain(weak);
  expect(run.output, 'the console shows the secret').not.toContain(weak);
});

test('reference target with STAGING_ADMIN_PASSWORD=password: NO-GO missing-env-config naming the variable to fix', async () => {
  const run = await runGate({ env: { STAGING_ADMIN_PASSWORD: 'password' }, args: PREFLIGHT_ONLY });
  const message = hits(run, 'missing-env-config')
    .map((r) => r.message)
    .join('\n');
  expect(message, describeRun(run)).toMatch(/ADMIN_PASSWORD is a weak secret/);
  expect(message, describeRun(run)).not.toMatch(/STAGING_ADMIN_PASSWORD=password/);
});

test('a key in .env.development missing from .env.staging: CONDITIONAL minor-config-adjustment naming the key, not its value', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgtarget-drift-'));
  const stack = await StackControl.create({ project: uniqueProject('drift') });
  const staging = { ...stack.composeEnv(), STAGING_ROLLBACK_COMMAND: ROLLBACK_COMMAND };
  const devValue = 'dev-only-value-7f3a';
  const development = {
    ...Object.fromEntries(Object.keys(staging).map((k) => [k, `dev-${k}`])),
    MEDIA_CACHE_TTL: devValue,
  };
  writeFileSync(join(dir, '.env.staging'), envFileText(staging));
  writeFileSync(join(dir, '.env.development'), envFileText(development));
  try {
    // STAGING_TARGET in the environment too: playwright.config.ts reads it before any env file (see the report).
    const run = await runGate({ dir, env: { STAGING_TARGET: 'compose' } });
    const drift = hits(run, 'minor-config-adjustment', 'CONDITIONAL');
    expect(drift.map((r) => r.message).join('\n'), describeRun(run)).toMatch(
      /in \.env\.development but not in \.env\.staging: MEDIA_CACHE_TTL/,
    );
    expect(
      run.decision?.reasons.filter((r) => r.effect === 'NO-GO'),
      describeRun(run),
    ).toEqual([]);
    expect(readFileSync(join(dir, 'staging-report', 'decision.json'), 'utf8')).not.toContain(devValue);
  } finally {
    await stack.down();
  }
});

test('two services publishing the same host port: NO-GO service-unhealthy naming the port', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgtarget-clash-'));
  const file = join(dir, 'docker-compose.staging.yml');
  const original = readFileSync(REFERENCE_COMPOSE_FILE, 'utf8');
  const frontendPort = "'127.0.0.1:${STAGING_FRONTEND_PORT:-4001}:4001'";
  expect(original).toContain(frontendPort);
  writeFileSync(file, original.replace(frontendPort, "'127.0.0.1:${STAGING_BACKEND_PORT:-3001}:4001'"));
  const run = await runGate({ env: composeEnv(file, uniqueProject('clash')), args: PREFLIGHT_ONLY });
  const message = hits(run, 'service-unhealthy')
    .map((r) => r.message)
    .join('\n');
  expect(message, describeRun(run)).toContain(`host port ${PORT_BASE + 1}/tcp is published twice`);
});

test('a host port taken by another process: NO-GO service-unhealthy naming the port and its pid', async () => {
  const backend = PORT_BASE + 1;
  const server = await listen(backend);
  try {
    const run = await runGate({ env: portsFrom(String(PORT_BASE)), args: PREFLIGHT_ONLY });
    const message = hits(run, 'service-unhealthy')
      .map((r) => r.message)
      .join('\n');
    expect(message, describeRun(run)).toContain(`port ${backend} (backend)`);
    expect(message, describeRun(run)).toContain(`taken by pid ${process.pid}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('an unreachable Docker daemon: NO-GO service-unhealthy naming DOCKER_HOST', async () => {
  const run = await runGate({ env: { DOCKER_HOST: 'unix:///tmp/sg-no-docker.sock' }, args: PREFLIGHT_ONLY });
  const message = hits(run, 'service-unhealthy')
    .map((r) => r.message)
    .join('\n');
  expect(message, describeRun(run)).toContain(
    'the Docker daemon is not reachable at DOCKER_HOST=unix:///tmp/sg-no-docker.sock',
  );
});

test.describe('against a PostgreSQL the test started', () => {
  let stack: StackControl;
  test.beforeAll(async () => {
    stack = await StackControl.create({ project: uniqueProject('pf'), portBase: SECOND_PORT_BASE });
    await stack.up(['postgres']);
  });
  test.afterAll(async () => {
    await stack?.down();
  });

  test('a wrong database password: NO-GO database-connectivity-failed saying authentication failed', async () => {
    const wrong = strongSecrets().STAGING_DB_PASSWORD as string;
    const env = { ...(await deadExternal()), DATABASE_URL: stack.databaseUrl(wrong) };
    const run = await runGate({ env, args: PREFLIGHT_ONLY });
    const message = hits(run, 'database-connectivity-failed')
      .map((r) => r.message)
      .join('\n');
    expect(message, describeRun(run)).toContain(
      `password authentication failed for user "medianest" on 127.0.0.1:${stack.ports.postgres}`,
    );
    expect(run.read('staging-report/decision.json')).not.toContain(wrong);
  });
});

test('Redis not listening: NO-GO service-unhealthy from the Redis check naming the port', async () => {
  const env = await deadExternal();
  const port = new URL(env.REDIS_URL as string).port;
  const run = await runGate({ env, args: PREFLIGHT_ONLY });
  const redis = hits(run, 'service-unhealthy').find((r) => r.check === 'Redis answers PING');
  expect(redis?.message, describeRun(run)).toContain(`nothing is listening on 127.0.0.1:${port}`);
});
