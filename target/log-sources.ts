import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { GateConfig } from '../core/config/load-config.ts';
import { interpolate } from '../core/profile/template.ts';
import { runFile } from '../core/run-files.ts';
import { serviceLogs } from './compose-stack.ts';
import { APP_ROLES } from './sut.ts';

const run = promisify(execFile);

export interface LogSource {
  /** How a person would read it: `compose logs api`, `file /var/log/app.log`, `docker logs orders_api_1`. */
  label: string;
  read: () => Promise<string>;
  /** Files: remember where the file ends now, so this run reads only what is written from here on. */
  mark?: () => void;
}

/**
 * Where the application's logs are: the profile's `logs.sources` (compose services on deploy targets,
 * files, or a command such as `docker logs <container>`), STAGING_LOG_FILE, or on deploy targets the
 * profile's application services. Empty when the gate has no way to read them.
 */
export function logSources(config: GateConfig): LogSource[] {
  const declared = config.profile.logs?.sources ?? [];
  const sources: LogSource[] = declared.flatMap((source): LogSource[] => {
    if ('service' in source) {
      if (!config.compose) return [];
      return [{ label: `logs of service ${source.service}`, read: () => serviceLogs(config, source.service) }];
    }
    if ('file' in source) {
      const path = resolve(config.profileDir, interpolate(source.file, config.lookup).value);
      return [fileSource(path, `file ${path}`, config)];
    }
    const [file, ...args] = source.command.map((a) => interpolate(a, config.lookup).value) as [string, ...string[]];
    return [
      {
        label: [file, ...args].join(' '),
        read: async () => {
          const { stdout, stderr } = await run(file, args, { timeout: 30_000, maxBuffer: 32 * 1024 * 1024 });
          return config.redact(`${stdout}\n${stderr}`);
        },
      },
    ];
  });
  if (config.logFile) {
    const path = config.logFile;
    sources.push({
      label: `file ${path} (STAGING_LOG_FILE)`,
      read: async () => config.redact(await readFile(path, 'utf8')),
    });
  }
  if (sources.length === 0 && config.compose) {
    for (const s of config.profile.services.filter((s) => APP_ROLES.includes(s.role))) {
      sources.push({ label: `logs of service ${s.name}`, read: () => serviceLogs(config, s.name) });
    }
  }
  return sources;
}

/**
 * A log file is read from where it stood when this run first looked at it (preflight marks it): lines an
 * earlier run or a person's tests wrote are not this candidate's errors.
 */
function fileSource(path: string, label: string, config: GateConfig): LogSource {
  return {
    label,
    read: async () => {
      const text = await readFile(path, 'utf8');
      const start = logMarks(config.runId)[path] ?? 0;
      return config.redact(
        start <= Buffer.byteLength(text) ? Buffer.from(text).subarray(start).toString('utf8') : text,
      );
    },
    mark: () => {
      const marks = logMarks(config.runId);
      if (marks[path] !== undefined) return;
      marks[path] = existsSync(path) ? statSync(path).size : 0;
      mkdirSync(dirname(marksFile(config.runId)), { recursive: true, mode: 0o700 });
      writeFileSync(marksFile(config.runId), JSON.stringify(marks));
    },
  };
}

function marksFile(runId: string): string {
  return runFile('log-marks', runId);
}

function logMarks(runId: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(marksFile(runId), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}
