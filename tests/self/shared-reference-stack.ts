import { join, resolve } from 'node:path';
import { workerPortBase } from '../../harness/run-gate.ts';
import { StackControl, uniqueProject, type Service } from './stack-control.ts';
import { upOrRemove } from './stack-per-worker.ts';

/**
 * One reference stack per worker for the fault-matrix rows whose fault can be switched at run time: started
 * by the self-test (not the gate) with the test-only control server of reference-control.override.yml,
 * faults set per row on the backend's and the frontend's control ports, the gate run as an external target
 * against it. Projects are named `sgtarget-faults-*`, so no gate's stale-run sweep touches them.
 */

export const CONTROL_OVERRIDE_FILE = resolve('tests/self/reference-control.override.yml');

/**
 * The worker's port range + 2000 (22000 in the first worker), an offset no other self-test file uses:
 * base+1..+4 the stack (backend, frontend, postgres, redis), base+11 / base+12 the backend's / frontend's control port.
 */
export const SHARED_PORT_BASE = workerPortBase() + 2000;

/** The release the stack runs (the compose file's default image): what the external run must find. */
export const SHARED_CANDIDATE_VERSION = '1.1.0';

/** A control port's PUT /faults body: the whole run-time state (absent delays fall back to the compose values). */
export interface FaultChange {
  faults: string[];
  slowHealthMs?: number;
  slowApiMs?: number;
}

/** Row variables that are the stack's fault switches, and the control field each becomes. */
const SWITCH_VARIABLES = {
  STAGING_FAULT_SLOW_HEALTH_MS: 'slowHealthMs',
  STAGING_FAULT_SLOW_API_MS: 'slowApiMs',
} as const;

/**
 * A row's env split in two: STAGING_FAULTS and STAGING_FAULT_SLOW_*_MS become the control port's change; the
 * rest goes to the gate. A switch variable that cannot change at run time (STAGING_FAULT_SLOW_STARTUP_MS)
 * throws: such a row needs a deployed stack.
 */
export function splitFaultEnv(env: Readonly<Record<string, string>>): {
  change: FaultChange;
  gateEnv: Record<string, string>;
} {
  const change: FaultChange = { faults: [] };
  const gateEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name === 'STAGING_FAULTS') {
      change.faults = value
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
    } else if (name in SWITCH_VARIABLES) {
      change[SWITCH_VARIABLES[name as keyof typeof SWITCH_VARIABLES]] = Number(value);
    } else if (name.startsWith('STAGING_FAULT')) {
      throw new Error(`${name} cannot be switched at run time: a row that sets it needs stack 'deployed'`);
    } else {
      gateEnv[name] = value;
    }
  }
  return { change, gateEnv };
}

const APP = ['backend', 'frontend'] as const satisfies readonly Service[];

/** A fault state as one string, whatever the order of its names and keys. */
function comparable(state: { faults?: unknown; slowHealthMs?: unknown; slowApiMs?: unknown }): string {
  const faults = Array.isArray(state.faults) ? [...(state.faults as string[])].sort() : state.faults;
  return JSON.stringify([faults, state.slowHealthMs ?? null, state.slowApiMs ?? null]);
}

export class SharedReferenceStack {
  private constructor(private readonly stack: StackControl) {}

  /** Starts the stack the runbook's way (data stores, migrations, application) and waits until it is healthy. */
  static async start(portBase = SHARED_PORT_BASE): Promise<SharedReferenceStack> {
    const stack = await StackControl.create({
      project: uniqueProject('faults'),
      portBase,
      overrides: [CONTROL_OVERRIDE_FILE],
      variables: {
        STAGING_BACKEND_CONTROL_PORT: String(portBase + 11),
        STAGING_FRONTEND_CONTROL_PORT: String(portBase + 12),
      },
    });
    return new SharedReferenceStack(await upOrRemove(stack));
  }

  private controlUrl(service: 'backend' | 'frontend'): string {
    return `http://127.0.0.1:${this.stack.variables[`STAGING_${service.toUpperCase()}_CONTROL_PORT`]}`;
  }

  /**
   * Back to the stack as shipped before a row: a crashed service started again (the compose file gives the
   * backend no restart policy, on purpose: crash-on-malformed-json must stay visible), both healthy, no fault
   * on either control port, and the backend's login rate limit cleared (a row's security checks spend it).
   */
  async reset(): Promise<void> {
    for (const service of APP) {
      const state = await this.stack.inspect(service);
      // A restarted process starts with FAULTS from compose (none): its run-time faults are gone.
      if (state?.status !== 'running') await this.stack.start(service);
    }
    await this.stack.waitHealthy(APP);
    await this.setFaults({ faults: [] });
    await this.control('backend', 'POST', '/reset');
  }

  /** PUT /faults on both control ports (the backend and the frontend each hold their own switches). */
  async setFaults(change: FaultChange): Promise<void> {
    for (const service of APP) {
      const state = await this.control(service, 'PUT', '/faults', change);
      if (comparable(state) !== comparable(change))
        throw new Error(`${service} control: asked for ${JSON.stringify(change)}, now ${JSON.stringify(state)}`);
    }
  }

  private async control(
    service: 'backend' | 'frontend',
    method: 'PUT' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const url = `${this.controlUrl(service)}${path}`;
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }

  /**
   * The external run's variables: where the stack is and its secrets, fail-fast like the deployed rows, the
   * log file the self-test keeps current, the operator's rollback command (the gate dry-runs it: an external
   * target without one is NO-GO), the write grant of the profile's @write spec, and the running version.
   */
  gateEnv(folder: string, logFile: string): Record<string, string> {
    return {
      ...this.stack.externalEnv(),
      STAGING_KEEP_GOING: 'false',
      STAGING_LOG_FILE: logFile,
      STAGING_ROLLBACK_COMMAND: this.stack.rollbackCommand(folder),
      STAGING_GRANTS: 'write',
      STAGING_EXPECTED_VERSION: SHARED_CANDIDATE_VERSION,
    };
  }

  captureLogs(folder: string): { file: string; stop(): Promise<void> } {
    const file = join(folder, 'app.log');
    return { file, ...this.stack.captureLogs(file) };
  }

  async down(): Promise<void> {
    await this.stack.down();
  }
}
