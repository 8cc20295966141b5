// docker-compose wrapper for the self-check: one project, loopback port offsets, env from this process.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const composeFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'docker-compose.staging.yml');

export function createCompose(project, baseEnv) {
  const exec = async (args, extraEnv = {}, { allowFail = false } = {}) => {
    try {
      const { stdout, stderr } = await run('docker-compose', ['-p', project, '-f', composeFile, ...args], {
        env: { ...process.env, ...baseEnv, ...extraEnv },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      if (!allowFail) throw new Error(`docker-compose ${args.join(' ')} failed: ${err.stderr || err.message}`);
      return { code: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };
  const containerId = async (service) => (await exec(['ps', '-q', service])).stdout.trim();
  const inspect = async (service, format) => {
    const id = await containerId(service);
    if (!id) return '';
    return (await run('docker', ['inspect', '-f', format, id])).stdout.trim();
  };
  return {
    exec,
    up: (services, env) => exec(['up', '-d', '--no-deps', '--force-recreate', ...services], env),
    upWithDeps: (services, env) => exec(['up', '-d', ...services], env),
    migrate: (args, env) =>
      exec(['run', '--rm', '--no-deps', 'backend', 'node', 'migrate.js', ...args], env, { allowFail: true }),
    stop: (services) => exec(['stop', '-t', '5', ...services]),
    start: (services) => exec(['start', ...services]),
    logs: async (service) => (await exec(['logs', '--no-color', service])).stdout,
    health: (service) => inspect(service, '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}'),
    state: (service) => inspect(service, '{{.State.Status}} {{.State.ExitCode}}'),
    redisCli: async (...args) => {
      const id = await containerId('redis');
      return (await run('docker', ['exec', id, 'redis-cli', ...args])).stdout.trim();
    },
    down: () => exec(['down', '-v', '--remove-orphans'], {}, { allowFail: true }),
  };
}

export async function waitFor(what, probe, { timeoutMs = 60000, intervalMs = 200 } = {}) {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
