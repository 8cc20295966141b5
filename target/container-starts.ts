import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GateConfig } from '../core/config/load-config.ts';
import { projectContainers } from './compose-cli.ts';
import { APP_ROLES } from './sut.ts';

const run = promisify(execFile);

/** A container's restart count and start time: a count that grew, or a new start, is a restart. */
export interface ContainerStart {
  restartCount: number;
  startedAt: string;
}

/**
 * Restart counts and start times of the profile's application containers, where the gate can see them
 * (deploy targets); empty elsewhere, and for containers that cannot be inspected. Found by compose's
 * project and service labels (no compose CLI: it runs after every watched check), the first replica each.
 */
export async function containerStarts(config: GateConfig): Promise<Record<string, ContainerStart>> {
  if (!config.compose) return {};
  const apps = new Set(config.profile.services.filter((s) => APP_ROLES.includes(s.role)).map((s) => s.name));
  const out: Record<string, ContainerStart> = {};
  try {
    const names = await projectContainers(config.compose.project);
    if (names.length === 0) return out;
    const format = '{{index .Config.Labels "com.docker.compose.service"}}\t{{.RestartCount}}\t{{.State.StartedAt}}';
    const { stdout } = await run('docker', ['inspect', '--format', format, ...names], {
      timeout: 5_000,
    });
    // In the order asked (names sorted): the first replica of a service comes first.
    const rows = stdout.split('\n').filter(Boolean);
    for (const [service = '', count = '0', startedAt = ''] of rows.map((line) => line.split('\t'))) {
      if (apps.has(service) && !out[service]) out[service] = { restartCount: Number(count), startedAt };
    }
  } catch {
    // not running or not ours to see: no evidence either way
  }
  return out;
}

/** Services whose container restarted between two readings, described for a person. */
export function restartsBetween(
  before: Readonly<Record<string, ContainerStart>>,
  after: Readonly<Record<string, ContainerStart>>,
): string[] {
  return Object.entries(after).flatMap(([service, now]) => {
    const then = before[service];
    if (!then) return [];
    if (now.restartCount > then.restartCount)
      return [
        `${service} restarted (restart count ${then.restartCount} -> ${now.restartCount}, started at ${now.startedAt})`,
      ];
    if (now.startedAt !== then.startedAt)
      return [`${service} started again at ${now.startedAt} (was ${then.startedAt})`];
    return [];
  });
}
