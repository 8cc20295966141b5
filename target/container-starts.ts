import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GateConfig } from '../core/config/load-config.ts';
import { composeContainerName, detectComposeCli } from './compose-cli.ts';
import { APP_ROLES } from './sut.ts';

const run = promisify(execFile);

/** A container's restart count and start time: a count that grew, or a new start, is a restart. */
export interface ContainerStart {
  restartCount: number;
  startedAt: string;
}

/**
 * Restart counts and start times of the profile's application containers, where the gate can see them
 * (deploy targets); empty elsewhere, and for containers that cannot be inspected.
 */
export async function containerStarts(config: GateConfig): Promise<Record<string, ContainerStart>> {
  if (!config.compose) return {};
  const cli = await detectComposeCli();
  const project = config.compose.project;
  const out: Record<string, ContainerStart> = {};
  for (const service of config.profile.services.filter((s) => APP_ROLES.includes(s.role))) {
    const name = composeContainerName(cli, project, service.name);
    try {
      const { stdout } = await run('docker', ['inspect', '--format', '{{.RestartCount}} {{.State.StartedAt}}', name], {
        timeout: 5_000,
      });
      const [count, startedAt] = stdout.trim().split(' ');
      out[service.name] = { restartCount: Number(count), startedAt: startedAt ?? '' };
    } catch {
      // not running or not ours to see: no evidence either way
    }
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
