import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { describeRun, runGate } from '../../harness/run-gate.ts';
import { removeOwnerOverride } from '../../target/compose-cli.ts';
import { OWNER_LABELS } from '../../target/run-owner.ts';

const run = promisify(execFile);

/**
 * A gate killed with SIGKILL (no teardown, no global teardown) leaves its reference stack running, holding the
 * stack's host ports. The next gate on the same ports must remove it (its owner is gone) before its preflight
 * ports check, and reach GO, instead of ending NO-GO on a port conflict with the gate's own leftovers.
 */

/** Processes started with this run id in their environment: the runner, its workers and whatever they started. */
function processesOfRun(runId: string): number[] {
  const marker = `STAGING_RUN_ID=${runId}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** SIGKILLs every process of the run until none is left (workers are not killed with their runner). */
async function killRun(runId: string, timeoutMs = 10_000): Promise<number[]> {
  const killed = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesOfRun(runId);
    if (left.length === 0) return [...killed];
    if (Date.now() > deadline) throw new Error(`processes of run ${runId} survive SIGKILL: ${left.join(', ')}`);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.add(pid);
      } catch {
        // already gone
      }
    }
    await sleep(200);
  }
}

type Kind = 'container' | 'network' | 'volume';
const LIST: Record<Kind, string[]> = {
  container: ['ps', '-aq'],
  network: ['network', 'ls', '-q'],
  volume: ['volume', 'ls', '-q'],
};

async function resourcesOf(project: string, kind: Kind): Promise<string[]> {
  const { stdout } = await run('docker', [...LIST[kind], '--filter', `label=com.docker.compose.project=${project}`], {
    timeout: 15_000,
  });
  return stdout.split('\n').filter(Boolean);
}

/** What this test caused, whatever happened: containers, networks, volumes of the project, and its override file. */
async function removeProject(project: string): Promise<void> {
  const rm: Record<Kind, string[]> = {
    container: ['rm', '-f', '-v'],
    network: ['network', 'rm'],
    volume: ['volume', 'rm', '-f'],
  };
  for (const kind of ['container', 'network', 'volume'] as const) {
    const ids = await resourcesOf(project, kind).catch(() => []);
    if (ids.length) await run('docker', [...rm[kind], ...ids], { timeout: 60_000 }).catch(() => undefined);
  }
  removeOwnerOverride(project);
}

test('a gate killed with SIGKILL during perf leaves a stack the next gate on the same ports removes, reaching GO', async () => {
  test.setTimeout(9 * 60_000);
  const suffix = randomBytes(3).toString('hex');
  const killedRunId = `orphan-killed-${suffix}`;
  const nextRunId = `orphan-next-${suffix}`;
  const killedProject = `staging-gate-${killedRunId}`;
  const nextProject = `staging-gate-${nextRunId}`;
  const dirs = [mkdtempSync(join(tmpdir(), 'sg-orphan-killed-')), mkdtempSync(join(tmpdir(), 'sg-orphan-next-'))];
  try {
    let runnerPid: number | undefined;
    let killedAt = null as number | null;
    let killing = undefined as Promise<number[]> | undefined;
    const started = performance.now();
    const killedGate = await runGate({
      dir: dirs[0],
      // Forced TTY: the list reporter prints "[perf] › ..." when the test begins, not only when it ends.
      env: { STAGING_RUN_ID: killedRunId, PLAYWRIGHT_FORCE_TTY: '200' },
      timeoutMs: 5 * 60_000,
      onStart(child) {
        runnerPid = child.pid;
        let seen = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          seen = (seen + chunk.toString()).slice(-4096);
          if (killedAt !== null || !seen.includes('[perf]')) return;
          killedAt = (performance.now() - started) / 1000;
          child.kill('SIGKILL');
          // Its workers (and what they started) lose their runner but are not killed with it: as after `kill -9`
          // of a process group, nothing of the run may go on.
          killing = killRun(killedRunId);
        });
      },
    });
    expect(killedAt, `the perf phase never started\n${describeRun(killedGate)}`).not.toBeNull();
    const killedProcesses = await killing;
    expect(killedGate.exitCode, 'the runner died of SIGKILL').toBeNull();
    expect(killedGate.decision, 'a SIGKILLed run writes no decision').toBeNull();
    test.info().annotations.push({
      type: 'killed run',
      description: `SIGKILL ${killedAt?.toFixed(0)} s in; pids ${killedProcesses?.join(', ')}`,
    });

    // Precondition: the stack is still up (no teardown ran), and its labels name the dead runner.
    const leftovers = await resourcesOf(killedProject, 'container');
    expect(leftovers.length, `containers of ${killedProject} after SIGKILL`).toBeGreaterThan(0);
    const { stdout: labels } = await run(
      'docker',
      ['inspect', '--format', `{{index .Config.Labels "${OWNER_LABELS.pid}"}}`, ...leftovers],
      { timeout: 15_000 },
    );
    expect(new Set(labels.trim().split('\n')), 'every container names the runner as its owner').toEqual(
      new Set([String(runnerPid)]),
    );

    // At once, on the same ports (the harness's SELFTEST_PORT_BASE): the new run sweeps before its ports check.
    const nextGate = await runGate({ dir: dirs[1], env: { STAGING_RUN_ID: nextRunId }, timeoutMs: 6 * 60_000 });
    test.info().annotations.push({ type: 'next run', description: `${nextGate.seconds.toFixed(0)} s` });
    expect(nextGate.decision?.verdict, describeRun(nextGate)).toBe('GO');
    expect(nextGate.exitCode, describeRun(nextGate)).toBe(0);

    // Which run removed it: this one (its annotations are steps in the Allure results), or another gate that
    // happened to sweep first on this shared engine; both are the behaviour under test.
    const results = join(nextGate.dir, 'allure-results');
    const sweptHere = readdirSync(results).some((f) =>
      readFileSync(join(results, f), 'latin1').includes(killedProject),
    );
    test.info().annotations.push({
      type: 'removed by',
      description: sweptHere ? 'the next run (its sweep named the project)' : 'another gate on this engine',
    });
    console.log(
      `[orphan-recovery] SIGKILL ${killedAt?.toFixed(0)} s in, next run ${nextGate.seconds.toFixed(0)} s, GO; stack removed by ${sweptHere ? 'the next run' : 'another gate'}`,
    );
    for (const kind of ['container', 'network', 'volume'] as const)
      expect(await resourcesOf(killedProject, kind), `${kind}s of the killed run ${killedProject}`).toEqual([]);
    expect(await resourcesOf(nextProject, 'container'), 'the next run removed its own stack').toEqual([]);
  } finally {
    await killRun(killedRunId).catch(() => undefined);
    await killRun(nextRunId).catch(() => undefined);
    await removeProject(killedProject);
    await removeProject(nextProject);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
