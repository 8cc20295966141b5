import { workerPortBase } from '../../harness/run-gate.ts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { composeContainerName, detectComposeCli } from '../../target/compose-cli.ts';
import type { ComposeCli } from '../../probes/preflight/compose-file.ts';
import {
  captureIntoFile,
  cleanEnv,
  envFileText,
  ROLLBACK_ARGV,
  uniqueProject,
  waitUntilHealthy,
} from './stack-control.ts';

const run = promisify(execFile);

/**
 * One orders sample stack (sample-apps/orders) that the self-tests start and stop themselves, the way
 * sample-apps/orders/README.md does it by hand: `up -d db cache`, migrations in a one-off container,
 * `up -d api`, and always `down -v`. The gate then validates it as an external target through the
 * orders profile; faults are flipped on the test-only control port, which the gate never knows.
 * Projects are named `sgtarget-orders-*`, so no gate's stale-run sweep (`staging-gate-*`) touches them.
 */

export const ORDERS_DIR = resolve('sample-apps/orders');
export const ORDERS_COMPOSE_FILE = resolve(ORDERS_DIR, 'docker-compose.yml');
export const ORDERS_PROFILE_FILE = resolve(ORDERS_DIR, 'profile.yaml');
/** Slower healthchecks for the stack the rows share (the self-tests' own file, never the gate's). */
const QUIET_HEALTH_OVERRIDE_FILE = resolve('tests/self/orders-quiet-health.override.yml');
export const ORDERS_CANDIDATE_VERSION = '2.4.0';

/** SELFTEST_ORDERS_PORT_BASE (default 29000): api base+80, control base+81, db base+32, cache base+79. */
export const ORDERS_PORT_BASE = Number(process.env.SELFTEST_ORDERS_PORT_BASE || workerPortBase() + 1000);

export function ordersPorts(base: number) {
  return { api: base + 80, control: base + 81, db: base + 32, cache: base + 79 };
}

/** Strong, URL-safe secrets (the DB password goes into DATABASE_URL verbatim; the JWT secret needs >= 32 characters). */
export function ordersSecrets(): Record<string, string> {
  const secret = (bytes: number) => randomBytes(bytes).toString('base64url');
  return {
    ORDERS_DB_PASSWORD: secret(18),
    ORDERS_JWT_SECRET: secret(36),
    ORDERS_ADMIN_PASSWORD: secret(18),
    ORDERS_METRICS_KEY: secret(18),
  };
}

/** Compose variables of a stack on `base`: ports, secrets and the local images (never pulled). */
export function ordersVariables(base: number, secrets = ordersSecrets()): Record<string, string> {
  const ports = ordersPorts(base);
  return {
    ...secrets,
    ORDERS_ADMIN_EMAIL: 'qa@example.com',
    ORDERS_API_PORT: String(ports.api),
    ORDERS_CONTROL_PORT: String(ports.control),
    ORDERS_DB_PORT: String(ports.db),
    ORDERS_CACHE_PORT: String(ports.cache),
    ORDERS_APP_IMAGE: `staging-gate/orders-api:${ORDERS_CANDIDATE_VERSION}`,
    STAGING_POSTGRES_IMAGE: process.env.STAGING_POSTGRES_IMAGE || 'staging-gate/postgres:15-offline',
    STAGING_REDIS_IMAGE: process.env.STAGING_REDIS_IMAGE || 'staging-gate/redis:7-offline',
    ORDERS_FAULTS: '',
  };
}

type OrdersService = 'db' | 'cache' | 'api';

export class OrdersStack {
  readonly ports: ReturnType<typeof ordersPorts>;

  private constructor(
    readonly project: string,
    private readonly cli: ComposeCli,
    readonly variables: Record<string, string>,
    portBase: number,
  ) {
    this.ports = ordersPorts(portBase);
  }

  /** Detects compose v2 (`docker compose`) or v1 (`docker-compose`); starts nothing yet. */
  static async create(portBase = ORDERS_PORT_BASE): Promise<OrdersStack> {
    const cli = await detectComposeCli();
    return new OrdersStack(uniqueProject('orders'), cli, ordersVariables(portBase), portBase);
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.ports.api}`;
  }
  get controlUrl() {
    return `http://127.0.0.1:${this.ports.control}`;
  }
  get databaseUrl() {
    return `postgres://orders:${this.variables.ORDERS_DB_PASSWORD}@127.0.0.1:${this.ports.db}/orders`;
  }
  get redisUrl() {
    return `redis://127.0.0.1:${this.ports.cache}`;
  }
  get composeCli(): string {
    return [this.cli.executable, ...this.cli.argsPrefix].join(' ');
  }

  /**
   * What STAGING_TARGET=external needs to validate this stack through the orders profile: where each
   * part is, the secrets the profile references, the version that must be running, a log source and
   * the operator's rollback command (the gate dry-runs it: an external target has no rollback grant).
   * The profile's `logs.sources: [{service: api}]` names a compose service, which an external target
   * cannot read; STAGING_LOG_FILE (a file captureLogs keeps current) is the external log source.
   */
  gateEnv(options: { logFile?: string; folder?: string } = {}): Record<string, string> {
    const v = this.variables;
    return {
      STAGING_TARGET: 'external',
      // What an external target does by default: every read-only phase runs, whatever failed before.
      STAGING_KEEP_GOING: 'true',
      STAGING_TARGET_FILE: ORDERS_PROFILE_FILE,
      STAGING_API_URL: this.apiUrl,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      ORDERS_API_PORT: v.ORDERS_API_PORT!,
      ORDERS_DB_PORT: v.ORDERS_DB_PORT!,
      ORDERS_CACHE_PORT: v.ORDERS_CACHE_PORT!,
      ORDERS_DB_PASSWORD: v.ORDERS_DB_PASSWORD!,
      ORDERS_JWT_SECRET: v.ORDERS_JWT_SECRET!,
      ORDERS_ADMIN_EMAIL: v.ORDERS_ADMIN_EMAIL!,
      ORDERS_ADMIN_PASSWORD: v.ORDERS_ADMIN_PASSWORD!,
      ORDERS_METRICS_KEY: v.ORDERS_METRICS_KEY!,
      STAGING_EXPECTED_VERSION: ORDERS_CANDIDATE_VERSION,
      ...(options.logFile ? { STAGING_LOG_FILE: options.logFile } : {}),
      ...(options.folder ? { STAGING_ROLLBACK_COMMAND: this.rollbackCommand(options.folder) } : {}),
    };
  }

  /**
   * The operator's rollback of this stack, as STAGING_ROLLBACK_COMMAND: `npm run rollback` on this compose
   * project through the orders profile and its own env file (secrets stay out of argv), with the rollback grant.
   */
  rollbackCommand(folder: string): string {
    const envFile = join(folder, '.env.rollback');
    const variables = {
      ...this.variables,
      STAGING_TARGET: 'compose',
      STAGING_TARGET_FILE: ORDERS_PROFILE_FILE,
      STAGING_COMPOSE_FILE: ORDERS_COMPOSE_FILE,
      STAGING_COMPOSE_PROJECT: this.project,
      STAGING_GRANTS: 'rollback',
    };
    writeFileSync(envFile, envFileText(variables), { mode: 0o600 });
    const [env, ...rest] = ROLLBACK_ARGV;
    return JSON.stringify([env, `STAGING_ENV_FILE=${envFile}`, 'STAGING_TARGET=compose', ...rest]);
  }

  async compose(args: string[], timeoutMs = 180_000): Promise<string> {
    const files = ['-f', ORDERS_COMPOSE_FILE, '-f', QUIET_HEALTH_OVERRIDE_FILE];
    const argv = [...this.cli.argsPrefix, '-p', this.project, ...files, ...args];
    const { stdout } = await run(this.cli.executable, argv, {
      env: cleanEnv(this.variables),
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  }

  /** The README's order: data stores, migrations in a one-off container, then the api; waits until healthy. */
  async up(): Promise<void> {
    await this.compose(['up', '-d', 'db', 'cache']);
    await this.waitHealthy(['db', 'cache']);
    await this.compose(['run', '--rm', '--no-deps', '-T', 'api', 'node', 'migrate.js', 'latest']);
    await this.compose(['up', '-d', '--no-deps', 'api']);
    await this.waitHealthy(['api']);
  }

  async down(): Promise<void> {
    await this.compose(['down', '-v', '--remove-orphans', '-t', '3']);
  }

  containerName(service: OrdersService): string {
    return composeContainerName(this.cli, this.project, service);
  }

  async inspect(service: OrdersService): Promise<{ status: string; health: string; restarts: number } | null> {
    const format = '{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.RestartCount}}';
    const result = await run('docker', ['inspect', '--format', format, this.containerName(service)], {
      timeout: 10_000,
    }).catch(() => null);
    if (!result) return null;
    const [status = '', health = '', restarts = '0'] = result.stdout.trim().split('|');
    return { status, health, restarts: Number(restarts) };
  }

  async waitHealthy(services: readonly OrdersService[], timeoutMs = 90_000): Promise<void> {
    await waitUntilHealthy(this.project, services, (s) => this.inspect(s), timeoutMs);
  }

  /** Replaces the active fault set through the control port (PUT /faults). */
  async setFaults(names: readonly string[]): Promise<string[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`${this.controlUrl}/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ faults: names }),
          signal: AbortSignal.timeout(5_000),
        });
        const body = (await res.json()) as { faults?: string[]; detail?: string };
        if (res.status !== 200) throw new Error(`PUT /faults answered ${res.status}: ${body.detail ?? ''}`);
        return body.faults ?? [];
      } catch (error) {
        // A crash fault may have the api restarting: the control port comes back with it.
        if (Date.now() > deadline)
          throw new Error(`${this.project}: cannot set faults ${names.join(',')}: ${String(error)}`);
        await sleep(500);
      }
    }
  }

  /**
   * Back to a clean stack between rows: no faults, healthy api, and a login that works (the gate's
   * own security checks trip the login limiter: 5 failures per 10 s per socket address).
   */
  async reset(timeoutMs = 60_000): Promise<void> {
    await this.setFaults([]);
    await this.waitHealthy(['api'], timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await fetch(`${this.apiUrl}/v2/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: this.variables.ORDERS_ADMIN_EMAIL,
          password: this.variables.ORDERS_ADMIN_PASSWORD,
        }),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => null);
      if (res?.status === 201) return;
      if (Date.now() > deadline)
        throw new Error(`${this.project}: login still refused (${res?.status ?? 'no answer'})`);
      await sleep(1000);
    }
  }

  /**
   * Keeps `file` equal to the api container's log since now (`docker logs --since`, stdout and stderr),
   * rewritten every second, so lines of a process restarted by `restart: on-failure` are in it too.
   */
  captureLogs(file: string): { stop(): Promise<void> } {
    const since = new Date(Date.now() - 1000).toISOString();
    return captureIntoFile(file, this.project, async () => {
      const result = await run('docker', ['logs', '--since', since, this.containerName('api')], {
        timeout: 10_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return result.stdout + result.stderr;
    });
  }
}
