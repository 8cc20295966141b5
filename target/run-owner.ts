import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who owns a reference stack: the gate run (its Playwright runner process) that deployed it. The gate
 * labels every container, network and volume it deploys with these labels (compose-cli.ts writes them into
 * an override compose file), so that a later run can tell a crashed run's leftovers (SIGKILL, OOM, power
 * loss: no teardown ran) from a live run's stack, whatever their age.
 */
export const OWNER_LABELS = {
  /** The runner's pid (STAGING_OWNER_PID, set once by core/config/run-environment.ts; workers inherit it). */
  pid: 'io.staging-gate.owner.pid',
  /** The runner's start time, field 22 of /proc/<pid>/stat (clock ticks since boot): a reused pid has another one. */
  startTime: 'io.staging-gate.owner.start-time',
  /** /proc/sys/kernel/random/boot_id: pids and start times only mean something within one boot. */
  bootId: 'io.staging-gate.owner.boot-id',
  /** The host name of the machine (or CI container) that ran the gate: another machine's pids are not ours to judge. */
  host: 'io.staging-gate.owner.host',
  /** The runner's pid namespace (/proc/self/ns/pid): a gate in another container numbers its processes differently. */
  pidNamespace: 'io.staging-gate.owner.pid-namespace',
  /** The run id, for people reading `docker ps` (not used to decide anything). */
  runId: 'io.staging-gate.run-id',
} as const;

export interface RunOwner {
  pid: number;
  startTime: string;
  bootId: string;
  host: string;
  pidNamespace: string;
}

/** Where the owner facts come from: /proc on Linux, fakes in unit tests. */
export interface ProcReader {
  /** A file's text (e.g. /proc/123/stat), or null when it does not exist or cannot be read. */
  read(path: string): string | null;
  /** A symbolic link's target (e.g. /proc/self/ns/pid), or null. */
  readLink(path: string): string | null;
  hostname(): string;
  /** `kill(pid, 0)`: true when the pid exists (even another user's), false when it does not, null when unknown. */
  pidExists(pid: number): boolean | null;
}

export const systemProc: ProcReader = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  readLink(path) {
    try {
      return readlinkSync(path);
    } catch {
      return null;
    }
  },
  hostname,
  pidExists(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ESRCH' ? false : code === 'EPERM' ? true : null;
    }
  },
};

export interface ProcStat {
  /** R, S, D, Z (zombie: exited, not yet reaped), X (dead)... */
  state: string;
  /** Field 22: start time after boot, in clock ticks, as text (it can exceed 2^53 on long uptimes in theory). */
  startTime: string;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself contain spaces and
 * parentheses, so fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  const state = fields[0];
  const startTime = fields[19];
  if (!state || !startTime || !/^\d+$/.test(startTime)) return null;
  return { state, startTime };
}

function bootIdOf(proc: ProcReader): string | null {
  return proc.read('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

function pidNamespaceOf(proc: ProcReader): string {
  return proc.readLink('/proc/self/ns/pid') ?? '';
}

/** STAGING_OWNER_PID when it is a pid, else this process (scripts that deploy outside a gate run). */
export function ownerPid(env: NodeJS.ProcessEnv = process.env): number {
  const pid = Number(env.STAGING_OWNER_PID);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : process.pid;
}

/**
 * The owner of what this run deploys; null where /proc cannot tell (not Linux), in which case nothing is
 * labelled and only the age-based sweep applies.
 */
export function currentOwner(env: NodeJS.ProcessEnv = process.env, proc: ProcReader = systemProc): RunOwner | null {
  const pid = ownerPid(env);
  const stat = parseProcStat(proc.read(`/proc/${pid}/stat`) ?? '');
  const bootId = bootIdOf(proc);
  if (!stat || !bootId) return null;
  return { pid, startTime: stat.startTime, bootId, host: proc.hostname(), pidNamespace: pidNamespaceOf(proc) };
}

export function ownerLabels(owner: RunOwner, runId?: string): Record<string, string> {
  return {
    [OWNER_LABELS.pid]: String(owner.pid),
    [OWNER_LABELS.startTime]: owner.startTime,
    [OWNER_LABELS.bootId]: owner.bootId,
    [OWNER_LABELS.host]: owner.host,
    [OWNER_LABELS.pidNamespace]: owner.pidNamespace,
    ...(runId ? { [OWNER_LABELS.runId]: runId } : {}),
  };
}

/** The owner a resource's labels name; null when it has none (deployed by an older gate) or they are malformed. */
export function ownerFromLabels(labels: Readonly<Record<string, string | undefined>>): RunOwner | null {
  const pid = Number(labels[OWNER_LABELS.pid]);
  const startTime = labels[OWNER_LABELS.startTime] ?? '';
  const bootId = labels[OWNER_LABELS.bootId] ?? '';
  if (!Number.isSafeInteger(pid) || pid <= 0 || !/^\d+$/.test(startTime) || !bootId) return null;
  return {
    pid,
    startTime,
    bootId,
    host: labels[OWNER_LABELS.host] ?? '',
    pidNamespace: labels[OWNER_LABELS.pidNamespace] ?? '',
  };
}

export type OwnerState =
  /** The owning run is still running: its stack is never touched. */
  | 'alive'
  /** The owning run is certainly gone: its stack is removed, whatever its age. */
  | 'gone'
  /** This machine cannot tell (another host or pid namespace, /proc hidden): only the age-based sweep applies. */
  | 'unknown';

export interface OwnerVerdict {
  state: OwnerState;
  reason: string;
}

/**
 * Whether the run that owns a stack still runs, from this machine's /proc:
 * - another host (or CI container) deployed it: unknown;
 * - another boot: gone (every process of that boot has ended);
 * - another pid namespace: unknown (its pids are not ours);
 * - the pid does not exist, or is a zombie: gone;
 * - the pid exists with another start time: gone (the pid was reused by an unrelated process);
 * - otherwise alive. Anything unreadable is unknown, never gone.
 */
export function judgeOwner(owner: RunOwner, proc: ProcReader = systemProc): OwnerVerdict {
  const who = `owner pid ${owner.pid}`;
  if (owner.host && owner.host !== proc.hostname()) {
    return { state: 'unknown', reason: `${who} ran on another host (${owner.host})` };
  }
  const bootId = bootIdOf(proc);
  if (!bootId) return { state: 'unknown', reason: `${who}: this machine's boot id cannot be read` };
  if (owner.bootId !== bootId) {
    return { state: 'gone', reason: `${who} ran before the machine rebooted (boot ${owner.bootId})` };
  }
  if (owner.pidNamespace && owner.pidNamespace !== pidNamespaceOf(proc)) {
    return { state: 'unknown', reason: `${who} is in another pid namespace (${owner.pidNamespace})` };
  }
  const text = proc.read(`/proc/${owner.pid}/stat`);
  if (text === null) {
    const exists = proc.pidExists(owner.pid);
    if (exists === false) return { state: 'gone', reason: `${who} is no longer running` };
    return { state: 'unknown', reason: `${who} exists but /proc/${owner.pid}/stat cannot be read` };
  }
  const stat = parseProcStat(text);
  if (!stat) return { state: 'unknown', reason: `/proc/${owner.pid}/stat cannot be parsed` };
  if (stat.state === 'Z' || stat.state === 'X')
    return { state: 'gone', reason: `${who} has exited (state ${stat.state})` };
  if (stat.startTime !== owner.startTime) {
    return {
      state: 'gone',
      reason: `${who} is another process now (started at tick ${stat.startTime}, the owner at ${owner.startTime})`,
    };
  }
  return { state: 'alive', reason: `${who} is running` };
}

/** A container, network or volume of a compose project, as `docker ... ls` lists it. */
export interface ComposeResource {
  kind: 'container' | 'network' | 'volume';
  /** Container or network id, volume name. */
  id: string;
  project: string;
  /** Creation time in ms since the epoch; null when Docker does not say (volumes). */
  createdMs: number | null;
  labels: Readonly<Record<string, string | undefined>>;
}

export interface SweepCandidate {
  project: string;
  reason: string;
  resources: ComposeResource[];
}

export interface SweepOptions {
  /** This run's own project: only removed when a dead run left it (the same run id again); never by age. */
  current: string;
  now: number;
  /** Unlabelled projects (older gates) whose containers are all older than this are crashed runs. */
  staleAfterMs: number;
  /** Age-based removal only applies to projects with this prefix (the default `staging-gate-<runId>` names). */
  prefix: string;
  judge: (owner: RunOwner) => OwnerVerdict;
}

/**
 * Which projects to remove, and why:
 * - a project whose resources name an owner, every such owner gone: removed whatever its age;
 * - any owner alive: kept (this run's own project included: it is only removed when a dead run left it);
 * - no owner labels, or owners this machine cannot judge: the age rule (every container of a `staging-gate-*`
 *   project older than a run can last; projects with no container left are not judged by age).
 */
export function planSweep(resources: readonly ComposeResource[], options: SweepOptions): SweepCandidate[] {
  const byProject = new Map<string, ComposeResource[]>();
  for (const r of resources) {
    if (!r.project) continue;
    byProject.set(r.project, [...(byProject.get(r.project) ?? []), r]);
  }
  const verdicts = new Map<string, OwnerVerdict>();
  const judge = (owner: RunOwner) => {
    const key = `${owner.bootId}/${owner.host}/${owner.pidNamespace}/${owner.pid}/${owner.startTime}`;
    let verdict = verdicts.get(key);
    if (!verdict) verdicts.set(key, (verdict = options.judge(owner)));
    return verdict;
  };
  const plan: SweepCandidate[] = [];
  for (const [project, list] of byProject) {
    const judged = list.flatMap((r) => {
      const owner = ownerFromLabels(r.labels);
      return owner ? [judge(owner)] : [];
    });
    if (judged.some((v) => v.state === 'alive')) continue;
    const gone = judged.find((v) => v.state === 'gone');
    if (gone && judged.every((v) => v.state === 'gone')) {
      plan.push({ project, reason: gone.reason, resources: list });
      continue;
    }
    if (!project.startsWith(options.prefix) || project === options.current) continue;
    const containers = list.filter((r) => r.kind === 'container');
    const old = (r: ComposeResource) => r.createdMs !== null && options.now - r.createdMs > options.staleAfterMs;
    if (containers.length > 0 && containers.every(old)) {
      const minutes = Math.round(options.staleAfterMs / 60_000);
      const why = judged[0] ? `${judged[0].reason}; ` : 'no owner labels; ';
      plan.push({ project, reason: `${why}every container is older than ${minutes} min`, resources: list });
    }
  }
  return plan;
}

/**
 * Docker prints times as "2026-11-26 22:12:25 +0000 UTC" (containers) or with nanoseconds
 * "2026-11-30 10:17:28.700611195 +0000 UTC" (networks); ms since the epoch, or null.
 */
export function parseDockerTime(text: string): number | null {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?\s*([+-]\d\d):?(\d\d)/.exec(text.trim());
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}:${m[5]}`);
  return Number.isFinite(ms) ? ms : null;
}
