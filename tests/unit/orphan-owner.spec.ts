import { expect, test } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { ownerOverrideText } from '../../target/compose-cli.ts';
import {
  currentOwner,
  judgeOwner,
  OWNER_LABELS,
  ownerFromLabels,
  ownerLabels,
  parseDockerTime,
  parseProcStat,
  planSweep,
  type ComposeResource,
  type OwnerVerdict,
  type ProcReader,
  type RunOwner,
} from '../../target/run-owner.ts';

const BOOT = 'd3674589-cfea-4d2c-ba00-34436acfc9de';
const NS = 'pid:[4026531836]';
const HOST = 'ci-runner-1';

/** /proc/<pid>/stat as Linux writes it; the command may contain spaces and parentheses. */
function stat(pid: number, startTime: string, state = 'S', command = 'node'): string {
  const after = [state, '1', pid, pid, '0', '-1', '4194304', ...Array(12).fill('0'), startTime, '3133440', '380'];
  return `${pid} (${command}) ${after.join(' ')}\n`;
}

interface FakeMachine {
  boot?: string | null;
  namespace?: string | null;
  host?: string;
  /** pid -> /proc/<pid>/stat text */
  processes?: Record<number, string>;
  /** pids that exist but whose /proc entry this user cannot read (hidepid) */
  hidden?: number[];
}

/** An injected /proc: nothing here reads the real one or signals a real process. */
function fakeProc(machine: FakeMachine): ProcReader {
  const processes = machine.processes ?? {};
  return {
    read(path) {
      if (path === '/proc/sys/kernel/random/boot_id') return machine.boot === undefined ? `${BOOT}\n` : machine.boot;
      const m = /^\/proc\/(\d+)\/stat$/.exec(path);
      return m ? (processes[Number(m[1])] ?? null) : null;
    },
    readLink: (path) =>
      path === '/proc/self/ns/pid' ? (machine.namespace === undefined ? NS : machine.namespace) : null,
    hostname: () => machine.host ?? HOST,
    pidExists: (pid) => pid in processes || (machine.hidden ?? []).includes(pid),
  };
}

const owner: RunOwner = { pid: 4242, startTime: '151254', bootId: BOOT, host: HOST, pidNamespace: NS };

test.describe('the owner of a run', () => {
  test('is the runner named by STAGING_OWNER_PID, with its start time, boot, host and pid namespace', () => {
    const proc = fakeProc({ processes: { 4242: stat(4242, '151254') } });
    expect(currentOwner({ STAGING_OWNER_PID: '4242' }, proc)).toEqual(owner);
  });

  test('falls back to this process without STAGING_OWNER_PID, and is unknown without /proc', () => {
    const proc = fakeProc({ processes: { [process.pid]: stat(process.pid, '99') } });
    expect(currentOwner({}, proc)?.pid).toBe(process.pid);
    expect(currentOwner({ STAGING_OWNER_PID: 'not-a-pid' }, proc)?.pid).toBe(process.pid);
    expect(currentOwner({ STAGING_OWNER_PID: '4242' }, fakeProc({}))).toBeNull();
    expect(
      currentOwner({ STAGING_OWNER_PID: '4242' }, fakeProc({ boot: null, processes: { 4242: stat(4242, '1') } })),
    ).toBeNull();
  });

  test('round-trips through the labels; resources without them (older gates) have no owner', () => {
    const labels = ownerLabels(owner, 'run-1');
    expect(labels[OWNER_LABELS.runId]).toBe('run-1');
    expect(ownerFromLabels(labels)).toEqual(owner);
    expect(ownerFromLabels({})).toBeNull();
    expect(ownerFromLabels({ ...labels, [OWNER_LABELS.pid]: 'x' })).toBeNull();
    expect(ownerFromLabels({ ...labels, [OWNER_LABELS.startTime]: '' })).toBeNull();
    expect(ownerFromLabels({ ...labels, [OWNER_LABELS.bootId]: undefined })).toBeNull();
  });

  test('/proc/<pid>/stat is read from the last parenthesis, whatever the command name', () => {
    expect(parseProcStat(stat(7, '123', 'R', 'node (worker) x'))).toEqual({ state: 'R', startTime: '123' });
    expect(parseProcStat('garbage')).toBeNull();
    expect(parseProcStat('1 (x) S 0')).toBeNull();
  });
});

test.describe('judging an owner', () => {
  const judge = (machine: FakeMachine, who: RunOwner = owner): OwnerVerdict => judgeOwner(who, fakeProc(machine));

  test('alive: the pid runs with the same start time in this boot', () => {
    expect(judge({ processes: { 4242: stat(4242, '151254') } }).state).toBe('alive');
  });

  test('dead: the pid is not running', () => {
    const verdict = judge({ processes: { 1: stat(1, '1') } });
    expect(verdict).toEqual({ state: 'gone', reason: 'owner pid 4242 is no longer running' });
  });

  test('dead: the pid is a zombie (exited, not yet reaped)', () => {
    expect(judge({ processes: { 4242: stat(4242, '151254', 'Z') } }).state).toBe('gone');
  });

  test('reused pid: the pid runs, but started at another time', () => {
    const verdict = judge({ processes: { 4242: stat(4242, '980001', 'S', 'bash') } });
    expect(verdict.state).toBe('gone');
    expect(verdict.reason).toContain('another process');
  });

  test('other boot: gone even when a process with the same pid and start time runs now', () => {
    const verdict = judge({
      boot: 'ffffffff-0000-4000-8000-000000000000\n',
      processes: { 4242: stat(4242, '151254') },
    });
    expect(verdict.state).toBe('gone');
    expect(verdict.reason).toContain('rebooted');
  });

  test('unknown, never gone, when this machine cannot tell', () => {
    const running = { 4242: stat(4242, '151254') };
    // Another machine (or CI container) deployed it on a shared Docker engine.
    expect(judge({ processes: running }, { ...owner, host: 'other-host', bootId: 'other-boot' }).state).toBe('unknown');
    // A gate in another pid namespace: its pid numbers are not ours.
    expect(judge({ processes: {} }, { ...owner, pidNamespace: 'pid:[4026532999]' }).state).toBe('unknown');
    // The pid exists but /proc hides it (hidepid).
    expect(judge({ hidden: [4242] }).state).toBe('unknown');
    // No boot id on this machine.
    expect(judge({ boot: null, processes: {} }).state).toBe('unknown');
  });
});

test.describe('planning a sweep', () => {
  const NOW = Date.parse('2026-11-30T12:00:00Z');
  const minutesAgo = (m: number) => NOW - m * 60_000;
  const labelsOf = (o: RunOwner) => ownerLabels(o);
  const resource = (
    kind: ComposeResource['kind'],
    project: string,
    labels: Record<string, string> = {},
    createdMs: number | null = minutesAgo(1),
  ): ComposeResource => ({ kind, id: `${project}-${kind}`, project, createdMs, labels });
  const verdicts: Record<number, OwnerVerdict> = {
    1: { state: 'alive', reason: 'owner pid 1 is running' },
    2: { state: 'gone', reason: 'owner pid 2 is no longer running' },
    3: { state: 'unknown', reason: 'owner pid 3 ran on another host (x)' },
  };
  const plan = (resources: ComposeResource[]) =>
    planSweep(resources, {
      current: 'staging-gate-me',
      now: NOW,
      staleAfterMs: 20 * 60_000,
      prefix: 'staging-gate-',
      judge: (o) => verdicts[o.pid] as OwnerVerdict,
    });
  const as = (pid: number) => labelsOf({ ...owner, pid });

  test("a dead run's stack is removed whatever its age (containers, networks, volumes); a live run's never", () => {
    const result = plan([
      resource('container', 'staging-gate-dead', as(2)),
      resource('network', 'staging-gate-dead', as(2)),
      resource('volume', 'staging-gate-dead', as(2), null),
      resource('container', 'staging-gate-live', as(1), minutesAgo(600)),
      resource('container', 'staging-gate-me', as(1)),
    ]);
    expect(result.map((p) => p.project)).toEqual(['staging-gate-dead']);
    expect(result[0]?.resources.map((r) => r.kind).sort()).toEqual(['container', 'network', 'volume']);
    expect(result[0]?.reason).toBe('owner pid 2 is no longer running');
  });

  test('a network or volume left alone (run killed during `up`) is removed by its own labels', () => {
    expect(plan([resource('network', 'staging-gate-half', as(2))]).map((p) => p.project)).toEqual([
      'staging-gate-half',
    ]);
  });

  test('any live owner in a project keeps all of it', () => {
    expect(
      plan([resource('container', 'staging-gate-x', as(2)), resource('container', 'staging-gate-x', as(1))]),
    ).toEqual([]);
  });

  test('unlabelled staging-gate-* projects (older gates) and unjudgeable owners fall back to the age rule', () => {
    const result = plan([
      resource('container', 'staging-gate-old', {}, minutesAgo(30)),
      resource('network', 'staging-gate-old', {}, minutesAgo(30)),
      resource('container', 'staging-gate-young', {}, minutesAgo(5)),
      resource('container', 'staging-gate-mixed', {}, minutesAgo(30)),
      resource('container', 'staging-gate-mixed', {}, minutesAgo(5)),
      resource('container', 'staging-gate-foreign-old', as(3), minutesAgo(30)),
      resource('container', 'staging-gate-foreign-young', as(3), minutesAgo(5)),
      resource('container', 'sgtarget-by-hand', {}, minutesAgo(300)),
      resource('volume', 'staging-gate-volume-only', {}, null),
    ]);
    expect(result.map((p) => p.project).sort()).toEqual(['staging-gate-foreign-old', 'staging-gate-old']);
  });

  test("this run's own project is only removed when a dead run left it (the same run id again), never by age", () => {
    expect(plan([resource('container', 'staging-gate-me', as(2))]).map((p) => p.project)).toEqual(['staging-gate-me']);
    expect(plan([resource('container', 'staging-gate-me', {}, minutesAgo(300))])).toEqual([]);
    expect(plan([resource('container', 'staging-gate-me', as(3), minutesAgo(300))])).toEqual([]);
  });

  test('a labelled stack with a dead owner is removed whatever its project name', () => {
    expect(plan([resource('container', 'sgtarget-killed', as(2))]).map((p) => p.project)).toEqual(['sgtarget-killed']);
  });

  test('each owner is judged once per sweep', () => {
    let calls = 0;
    planSweep([resource('container', 'staging-gate-a', as(2)), resource('network', 'staging-gate-a', as(2))], {
      current: '',
      now: NOW,
      staleAfterMs: 1,
      prefix: 'staging-gate-',
      judge: () => (calls++, verdicts[2] as OwnerVerdict),
    });
    expect(calls).toBe(1);
  });
});

test('Docker times parse with and without nanoseconds', () => {
  expect(parseDockerTime('2026-11-26 22:12:25 +0000 UTC')).toBe(Date.parse('2026-11-26T22:12:25Z'));
  expect(parseDockerTime('2026-11-30 10:17:28.700611195 +0000 UTC')).toBe(Date.parse('2026-11-30T10:17:28.700Z'));
  expect(parseDockerTime('2026-11-30 11:17:28 +0100 CET')).toBe(Date.parse('2026-11-30T10:17:28Z'));
  expect(parseDockerTime('')).toBeNull();
});

test.describe('the owner override compose file', () => {
  const labels = ownerLabels(owner, 'run-1');

  test('labels every service, and the declared networks and volumes (not external ones), with the same version', () => {
    const text = ownerOverrideText(
      {
        version: '3.8',
        services: { postgres: { image: 'pg' }, backend: { image: 'app' } },
        networks: { app: {}, shared: { external: true } },
        volumes: { pgdata: {} },
      },
      labels,
    );
    expect(parseYaml(text ?? '')).toEqual({
      version: '3.8',
      services: { postgres: { labels }, backend: { labels } },
      networks: { app: { labels } },
      volumes: { pgdata: { labels } },
    });
  });

  test('formats without resource labels get service labels only; no services, no override', () => {
    const override = parseYaml(
      ownerOverrideText({ version: '3.0', services: { a: {} }, volumes: { v: {} } }, labels) ?? '',
    );
    expect(override).toEqual({ version: '3.0', services: { a: { labels } } });
    expect(ownerOverrideText({ version: '3.8' }, labels)).toBeNull();
    expect(ownerOverrideText(null, labels)).toBeNull();
  });
});
