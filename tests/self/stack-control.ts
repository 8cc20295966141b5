import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { composeContainerName, detectComposeCli } from '../../target/compose-cli.ts';
import type { ComposeCli } from '../../probes/preflight/compose-file.ts';
import { portsFrom, workerPortBase } from '../../harness/run-gate.ts';

const run = promisify(execFile);

/**
 * A reference stack the self-tests start and stop themselves (not the gate), with the compose CLI
 * and argument arrays, the way reference-stack/README.md does it by hand. Projects are named
 * `sgtarget-*` so that no gate's stale-run sweep (`staging-gate-*`) ever touches them.
 */

export const REFERENCE_COMPOSE_FILE = resolve('reference-stack/docker-compose.staging.yml');

/** The worker's port range + 3000 (23000 in the first worker): stacks publish base+1..base+4 (backend, frontend, postgres, redis). */
export const PORT_BASE = workerPortBase() + 3000;
/** A second stack that must not share the first one's ports. */
export const SECOND_PORT_BASE = PORT_BASE + 100;

export type Service = 'postgres' | 'redis' | 'backend' | 'frontend';

export function uniqueProject(kind: string): string {
  return `sgtarget-${kind}-${randomBytes(3).toString('hex')}`;
}

/** Strong, URL-safe secrets (the DB password goes into DATABASE_URL verbatim). */
export function strongSecrets(): Record<string, string> {
  const secret = (bytes: number) => randomBytes(bytes).toString('base64url');
  return {
    STAGING_DB_PASSWORD: secret(18),
    STAGING_AUTH_SECRET: secret(32),
    STAGING_ADMIN_PASSWORD: secret(18),
    STAGING_METRICS_TOKEN: secret(18),
  };
}

/** KEY=value lines, as an .env file. */
export function envFileText(variables: Record<string, string>): string {
  return `${Object.entries(variables)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;
}

/** Variables of the outer run that must not leak into a child (the same rule as run-gate.ts). */
const INHERITED_RUN_STATE =
  /^(STAGING_|METRICS_TOKEN$|DATABASE_URL$|REDIS_URL$|ALLURE_RESULTS_DIR$|PLAYWRIGHT_|TEST_WORKER_INDEX|TEST_PARALLEL_INDEX)/;

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (e): e is [string, string] => e[1] !== undefined && !INHERITED_RUN_STATE.test(e[0]),
  );
  return { ...Object.fromEntries(inherited), ...extra };
}

export interface StackOptions {
  project: string;
  portBase?: number;
  /** Default: the reference stack's compose file. */
  file?: string;
  /** Further compose files merged over `file`, in order (`-f file -f override...`): self-test additions only. */
  overrides?: readonly string[];
  /** Extra compose variables (STAGING_FAULTS, STAGING_APP_IMAGE...). */
  variables?: Record<string, string>;
}

/** The operator's rollback, as STAGING_ROLLBACK_COMMAND: it carries its grant, because the gate dry-runs it and a dry run fails where the rollback would. */
export const ROLLBACK_ARGV = ['env', 'STAGING_GRANTS=rollback', 'npm', 'run', 'rollback', '--', '--planned'] as const;

export class StackControl {
  /** Every variable the compose file reads: ports and strong secrets. */
  readonly variables: Record<string, string>;

  private constructor(
    readonly project: string,
    readonly file: string,
    readonly overrides: readonly string[],
    private readonly cli: ComposeCli,
    portBase: number,
    extra: Record<string, string>,
  ) {
    this.variables = { ...portsFrom(String(portBase)), ...strongSecrets(), ...extra };
  }

  static async create(options: StackOptions): Promise<StackControl> {
    const cli = await detectComposeCli();
    const file = options.file ?? REFERENCE_COMPOSE_FILE;
    return new StackControl(
      options.project,
      file,
      options.overrides ?? [],
      cli,
      options.portBase ?? PORT_BASE,
      options.variables ?? {},
    );
  }

  get ports() {
    const port = (name: string) => Number(this.variables[`STAGING_${name}_PORT`]);
    return { backend: port('BACKEND'), frontend: port('FRONTEND'), postgres: port('POSTGRES'), redis: port('REDIS') };
  }
  get apiUrl() {
    return `http://127.0.0.1:${this.ports.backend}`;
  }
  get frontendUrl() {
    return `http://127.0.0.1:${this.ports.frontend}`;
  }
  databaseUrl(password = this.variables.STAGING_DB_PASSWORD): string {
    return `postgres://medianest:${password}@127.0.0.1:${this.ports.postgres}/medianest`;
  }
  get redisUrl() {
    return `redis://127.0.0.1:${this.ports.redis}`;
  }

  /** What STAGING_TARGET=external needs to validate this stack (the gate deploys nothing). */
  externalEnv(): Record<string, string> {
    return {
      STAGING_TARGET: 'external',
      STAGING_API_URL: this.apiUrl,
      STAGING_FRONTEND_URL: this.frontendUrl,
      DATABASE_URL: this.databaseUrl(),
      REDIS_URL: this.redisUrl,
      STAGING_ADMIN_PASSWORD: this.variables.STAGING_ADMIN_PASSWORD as string,
      METRICS_TOKEN: this.variables.STAGING_METRICS_TOKEN as string,
    };
  }

  /**
   * What STAGING_TARGET=compose needs to deploy (or roll back) this project with this file. The gate takes one
   * compose file: `overrides` stay the self-test's own (a real rollback would recreate services without them).
   */
  composeEnv(): Record<string, string> {
    return {
      ...this.variables,
      STAGING_TARGET: 'compose',
      STAGING_COMPOSE_FILE: this.file,
      STAGING_COMPOSE_PROJECT: this.project,
      METRICS_TOKEN: this.variables.STAGING_METRICS_TOKEN as string,
    };
  }

  /**
   * The operator's rollback command for this stack, as STAGING_ROLLBACK_COMMAND: `npm run rollback` pointed at
   * this compose project through its own env file (secrets stay out of argv), with the rollback grant.
   */
  rollbackCommand(folder: string): string {
    const envFile = join(folder, '.env.rollback');
    this.writeEnvFile(envFile, { STAGING_GRANTS: 'rollback' });
    const [env, ...rest] = ROLLBACK_ARGV;
    return JSON.stringify([env, `STAGING_ENV_FILE=${envFile}`, 'STAGING_TARGET=compose', ...rest]);
  }

  writeEnvFile(path: string, extra: Record<string, string> = {}): void {
    writeFileSync(path, envFileText({ ...this.composeEnv(), ...extra }), { mode: 0o600 });
  }

  containerName(service: Service): string {
    return composeContainerName(this.cli, this.project, service);
  }

  async compose(args: string[], timeoutMs = 180_000): Promise<string> {
    const files = [this.file, ...this.overrides].flatMap((file) => ['-f', file]);
    const argv = [...this.cli.argsPrefix, '-p', this.project, ...files, ...args];
    const { stdout } = await run(this.cli.executable, argv, {
      env: cleanEnv(this.variables),
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  }

  /** The runbook's order: data stores, migrations in a one-off container, then the application. */
  async up(services: readonly Service[] = ['postgres', 'redis', 'backend', 'frontend']): Promise<void> {
    const infra = services.filter((s) => s === 'postgres' || s === 'redis');
    const app = services.filter((s) => s === 'backend' || s === 'frontend');
    await this.compose(['up', '-d', ...infra]);
    await this.waitHealthy(infra);
    if (app.length === 0) return;
    await this.compose(['run', '--rm', '--no-deps', '-T', 'backend', 'node', 'migrate.js', 'up']);
    await this.compose(['up', '-d', '--no-deps', ...app]);
    await this.waitHealthy(app);
  }

  /** The application's logs so far, as a file: the log source STAGING_LOG_FILE gives an external target. */
  async writeLogs(path: string): Promise<string> {
    writeFileSync(path, await this.compose(['logs', '--no-color', 'backend', 'frontend'], 30_000));
    return path;
  }

  /**
   * Keeps `file` equal to the backend's and the frontend's container logs since now (`docker logs --since`),
   * rewritten every second: the STAGING_LOG_FILE of an external run, which the gate reads whole, so it
   * must hold this run's lines only. A container restarted meanwhile keeps its log, so its lines are in too.
   */
  captureLogs(file: string): { stop(): Promise<void> } {
    const since = new Date().toISOString();
    const logsOf = async (service: Service) => {
      const result = await run('docker', ['logs', '--since', since, this.containerName(service)], {
        timeout: 10_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return result.stdout + result.stderr;
    };
    return captureIntoFile(file, this.project, async () =>
      (await Promise.all([logsOf('backend'), logsOf('frontend')])).join(''),
    );
  }

  /** `docker stop` of one service's container, as an operator (or an outage) would. */
  async stop(service: Service): Promise<void> {
    await run('docker', ['stop', '-t', '3', this.containerName(service)], { timeout: 30_000 });
  }

  /** `docker start` of one service's stopped (or crashed) container: same container, same configuration. */
  async start(service: Service): Promise<void> {
    await run('docker', ['start', this.containerName(service)], { timeout: 30_000 });
  }

  async down(): Promise<void> {
    await this.compose(['down', '-v', '--remove-orphans', '-t', '3']);
  }

  /** `docker inspect` of one service's container: id, image, start time, state and health. */
  async inspect(service: Service): Promise<ContainerState | null> {
    const format =
      '{{.Id}}|{{.Config.Image}}|{{.State.StartedAt}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}';
    const result = await run('docker', ['inspect', '--format', format, this.containerName(service)], {
      timeout: 10_000,
    }).catch(() => null);
    if (!result) return null;
    const [id = '', image = '', startedAt = '', status = '', health = ''] = result.stdout.trim().split('|');
    return { id, image, startedAt, status, health };
  }

  /** Names and states of every container of the project, running or not. */
  async containers(): Promise<string[]> {
    const { stdout } = await run(
      'docker',
      ['ps', '-a', '--filter', `label=com.docker.compose.project=${this.project}`, '--format', '{{.Names}} {{.State}}'],
      { timeout: 10_000 },
    );
    return stdout.split('\n').filter(Boolean).sort();
  }

  async waitHealthy(services: readonly Service[], timeoutMs = 90_000): Promise<void> {
    await waitUntilHealthy(this.project, services, (s) => this.inspect(s), timeoutMs);
  }

  /** GET /api/health: status and the version the backend reports. */
  async health(): Promise<{ status: number; version?: string }> {
    const res = await fetch(`${this.apiUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json().catch(() => ({}))) as { version?: string };
    return { status: res.status, version: body.version };
  }
}

export interface ContainerState {
  id: string;
  image: string;
  startedAt: string;
  status: string;
  health: string;
}

/** Polls each service's container state until every one is healthy, or throws naming what it saw. */
export async function waitUntilHealthy<S extends string>(
  project: string,
  services: readonly S[],
  inspect: (service: S) => Promise<{ status: string; health: string } | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(services.map(inspect));
    if (states.every((s) => s?.health === 'healthy')) return;
    if (Date.now() > deadline) {
      const seen = services.map((s, i) => `${s}: ${states[i]?.status ?? 'absent'}/${states[i]?.health ?? '-'}`);
      throw new Error(`${project}: not healthy within ${timeoutMs} ms (${seen.join(', ')})`);
    }
    await sleep(500);
  }
}

/**
 * Keeps `file` equal to `read()`, taken every second until stopped and once more then: the STAGING_LOG_FILE
 * of an external run. Renamed into place, so the gate never reads a half-written file. A failed snapshot is
 * retried a second later; only a failed last one (an incomplete file) is an error.
 */
export function captureIntoFile(file: string, project: string, read: () => Promise<string>): { stop(): Promise<void> } {
  let failure: unknown = null;
  const snapshot = async () => {
    try {
      const text = await read();
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      failure = null;
    } catch (error) {
      failure = error;
    }
  };
  writeFileSync(file, '');
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await snapshot();
      await sleep(1000);
    }
    await snapshot();
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      if (failure) throw new Error(`${project}: the last log snapshot into ${file} failed: ${String(failure)}`);
    },
  };
}
