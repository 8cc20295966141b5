import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { Evidence, Reason } from '../../core/evidence.ts';
import { describeRun, runGate, type GateRun } from '../../harness/run-gate.ts';
import {
  REFERENCE_COMPOSE_FILE,
  StackControl,
  uniqueProject,
  type ContainerState,
  ROLLBACK_ARGV,
} from './stack-control.ts';

const SERVICES = ['postgres', 'redis', 'backend', 'frontend'] as const;

/**
 * The rollback readiness a target without the 'rollback' grant needs: the gate runs it with --dry-run, and the
 * dry run fails where the real rollback would, so the command carries the grant the operator's rollback has.
 */
const COMPOSE_ROLLBACK_COMMAND = JSON.stringify(ROLLBACK_ARGV);

function reasons(run: GateRun, criterion: string): Reason[] {
  return run.decision?.reasons.filter((r) => r.criterion === criterion) ?? [];
}

function measurements(run: GateRun): Map<string, number> {
  const evidence = JSON.parse(run.read('staging-report/evidence.json')) as Evidence;
  return new Map(evidence.checks.flatMap((c) => c.measurements.map((m) => [m.name, m.value] as const)));
}

async function expectStillServing(stack: StackControl, version: string): Promise<void> {
  const containers = await stack.containers();
  expect(containers, `containers of ${stack.project} after the run`).toEqual(
    SERVICES.map((s) => `${stack.containerName(s)} running`).sort(),
  );
  expect(await stack.health()).toEqual({ status: 200, version });
}

test.describe('STAGING_TARGET=compose: a copy of the reference compose file in another folder', () => {
  // The second run is against the staging the first one left up.
  test.describe.configure({ mode: 'serial' });
  let stack: StackControl;
  let envFile: string;

  test.beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sgtarget-compose-'));
    const file = join(folder, 'docker-compose.staging.yml');
    copyFileSync(REFERENCE_COMPOSE_FILE, file);
    stack = await StackControl.create({ project: uniqueProject('compose'), file });
    envFile = join(folder, '.env.staging');
    stack.writeEnvFile(envFile);
  });

  test.afterAll(async () => {
    await stack?.down();
  });

  const composeRun = (extra: Record<string, string>) =>
    runGate({
      env: {
        STAGING_ENV_FILE: envFile,
        // The stack's own ports: the environment wins over the env file, and runGate sets the worker's ports.
        ...Object.fromEntries(Object.entries(stack.variables).filter(([name]) => name.endsWith('_PORT'))),
        STAGING_TARGET: 'compose',
        STAGING_COMPOSE_FILE: stack.file,
        STAGING_COMPOSE_PROJECT: stack.project,
        ...extra,
      },
    });

  test('the compose target deploys the user file, ends GO with startup and migration evidence, and leaves staging up', async () => {
    const run = await composeRun({ STAGING_ROLLBACK_COMMAND: COMPOSE_ROLLBACK_COMMAND });
    expect(run.decision?.verdict, describeRun(run)).toBe('GO');
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(run.decision?.target).toBe('compose');
    const measured = measurements(run);
    for (const name of [
      'deploy.startup.postgres',
      'deploy.startup.redis',
      'deploy.startup.backend',
      'deploy.startup.frontend',
      'infra.migration.duration',
    ]) {
      expect(measured.get(name), `${name} in evidence.json`).toBeGreaterThanOrEqual(0);
    }
    // No rollback grant: readiness was checked, nothing was rolled back.
    expect(measured.has('rollback.duration'), 'rollback rehearsed without the grant').toBe(false);
    await expectStillServing(stack, '1.1.0');
  });

  test('a second run against the staging left up, with STAGING_GRANTS=rollback, rehearses the rollback for real and ends GO', async () => {
    const run = await composeRun({ STAGING_GRANTS: 'rollback' });
    expect(run.decision?.verdict, describeRun(run)).toBe('GO');
    const measured = measurements(run);
    expect(measured.get('rollback.duration'), 'rollback.duration in evidence.json').toBeLessThan(300);
    expect(measured.get('rollback.roll-forward.duration'), 'roll-forward measured').toBeGreaterThan(0);
    await expectStillServing(stack, '1.1.0');
  });

  test('a redeploy of the candidate that is already running keeps serving: no outage measured, GO even when zero downtime blocks', async () => {
    const run = await composeRun({
      STAGING_ROLLBACK_COMMAND: COMPOSE_ROLLBACK_COMMAND,
      STAGING_ZERO_DOWNTIME: 'block',
    });
    expect(run.decision?.verdict, describeRun(run)).toBe('GO');
    const evidence = JSON.parse(run.read('staging-report/evidence.json')) as Evidence;
    const downtime = evidence.checks.flatMap((c) => c.measurements).find((m) => m.name === 'deploy.downtime.longest');
    // The prober really ran (the same one that sees the ~1 s outage of a recreated backend elsewhere).
    expect(downtime, 'deploy.downtime.longest in evidence.json').toMatchObject({ value: 0 });
    expect(downtime?.samples ?? 0).toBeGreaterThan(0);
    expect(run.decision?.policySource).toBe('runbook defaults + zeroDowntime=block');
    await expectStillServing(stack, '1.1.0');
  });
});

test('a compose target configured only in its .env.staging is checked with the secrets of that file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sgtarget-envonly-'));
  const stack = await StackControl.create({ project: uniqueProject('envonly') });
  stack.writeEnvFile(join(dir, '.env.staging'), { STAGING_AUTH_SECRET: 'change-me-in-the-env-file' });
  const run = await runGate({ dir, args: ['--project=preflight'] });
  expect(run.decision?.target, describeRun(run)).toBe('compose');
  // A weak secret of the file is reported only if the gate uses the file's secrets (not generated ones).
  expect(
    reasons(run, 'missing-env-config').map((r) => r.message),
    describeRun(run),
  ).toContainEqual(expect.stringContaining('AUTH_SECRET is a weak secret'));
  expect(await stack.containers(), 'a preflight run starts no container').toEqual([]);
});

test.describe('STAGING_TARGET=external: the reference stack started separately', () => {
  let stack: StackControl;
  let before: (ContainerState | null)[];

  test.beforeAll(async () => {
    stack = await StackControl.create({ project: uniqueProject('external') });
    await stack.up();
    before = await Promise.all(SERVICES.map((s) => stack.inspect(s)));
  });

  test.afterAll(async () => {
    await stack?.down();
  });

  // Without a log source the external target's log check is skipped, and "no critical log errors" is not evaluated.
  const externalRun = async (extra: Record<string, string>) => {
    const logFile = await stack.writeLogs(join(mkdtempSync(join(tmpdir(), 'sgtarget-logs-')), 'app.log'));
    return runGate({ env: { ...stack.externalEnv(), STAGING_LOG_FILE: logFile, ...extra } });
  };

  test('a healthy external target with a ready rollback gets GO and is not changed by the gate', async () => {
    const run = await externalRun({
      STAGING_EXPECTED_VERSION: '1.1.0',
      STAGING_ROLLBACK_COMMAND: stack.rollbackCommand(mkdtempSync(join(tmpdir(), 'sgtarget-rollback-'))),
    });
    expect(run.decision?.verdict, describeRun(run)).toBe('GO');
    expect(run.exitCode, describeRun(run)).toBe(0);
    expect(run.decision?.target).toBe('external');
    const after = await Promise.all(SERVICES.map((s) => stack.inspect(s)));
    expect(after, 'the external target deploys nothing: same containers, same start times').toEqual(before);
  });

  test('without any rollback configuration the external target gets NO-GO rollback-not-validated naming what is missing', async () => {
    const run = await externalRun({ STAGING_EXPECTED_VERSION: '1.1.0' });
    expect(run.decision?.verdict, describeRun(run)).toBe('NO-GO');
    const hits = reasons(run, 'rollback-not-validated');
    expect(
      hits.map((r) => r.phase),
      describeRun(run),
    ).toContain('rollback');
    expect(hits.map((r) => r.message).join('\n'), describeRun(run)).toContain('STAGING_ROLLBACK_COMMAND');
    // Everything else about the target is healthy: only the rollback phase (and what waits on it) blocks.
    const elsewhere = run.decision?.reasons.filter((r) => r.phase !== 'rollback' && r.phase !== 'staging');
    expect(elsewhere, describeRun(run)).toEqual([]);
  });

  test('an unexpected running version gets NO-GO naming both versions', async () => {
    const run = await externalRun({
      STAGING_EXPECTED_VERSION: '9.9.9',
      STAGING_ROLLBACK_COMMAND: stack.rollbackCommand(mkdtempSync(join(tmpdir(), 'sgtarget-rollback-'))),
    });
    expect(run.decision?.verdict, describeRun(run)).toBe('NO-GO');
    const hit = reasons(run, 'service-unhealthy').find((r) => r.message.includes('9.9.9'));
    expect(hit, describeRun(run)).toBeDefined();
    expect(hit?.phase).toBe('deploy');
    expect(hit?.message).toContain('1.1.0');
  });

  test('a stopped PostgreSQL gets NO-GO database-connectivity-failed within a minute, not a hang', async () => {
    await stack.stop('postgres');
    expect((await stack.inspect('postgres'))?.status).toBe('exited');
    const run = await externalRun({
      STAGING_EXPECTED_VERSION: '1.1.0',
      STAGING_ROLLBACK_COMMAND: stack.rollbackCommand(mkdtempSync(join(tmpdir(), 'sgtarget-rollback-'))),
    });
    expect(run.decision?.verdict, describeRun(run)).toBe('NO-GO');
    const hits = reasons(run, 'database-connectivity-failed');
    expect(
      hits.map((r) => r.phase),
      describeRun(run),
    ).toContain('preflight');
    expect(hits.map((r) => r.message).join('\n'), describeRun(run)).toContain(String(stack.ports.postgres));
    expect(run.seconds, describeRun(run)).toBeLessThan(60);
  });
});
