/**
 * Runs the k6 script when a k6 binary (>= 0.57, for TypeScript) is present: K6_BINARY, else PATH.
 * Verdict from the exit code (0 pass, 99 thresholds crossed, anything else an error); numbers from the
 * normalized summary file the script's handleSummary writes (never --summary-export, whose booleans are inverted).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { LoadSummary } from '../metrics.ts';
import { type LoadScenario, needsToken, scenarioDurationMs } from '../scenarios.ts';

export const K6_SCRIPT = fileURLToPath(new URL('../k6/critical-paths.ts', import.meta.url));
const MIN_VERSION = [0, 57] as const;
const EXIT_THRESHOLDS_CROSSED = 99;
// k6's own setup and summary time on top of the load itself.
const TIMEOUT_MARGIN_MS = 30_000;
const STDERR_TAIL_CHARS = 2000;

export type K6Location = { available: true; path: string; version: string } | { available: false; reason: string };

export type K6Run =
  | { status: 'not-available'; reason: string }
  | { status: 'completed'; verdict: 'pass' | 'fail'; exitCode: number; summary: LoadSummary; k6: string }
  | { status: 'error'; exitCode: number | null; message: string; stderrTail: string };

export interface K6RunOptions {
  baseUrl: string;
  token?: string;
  /** Folder for the summary file (k6-summary-<scenario>.json). */
  outputDir: string;
  env?: NodeJS.ProcessEnv;
  scriptPath?: string;
}

interface ExecResult {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  spawnError?: string;
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ExecResult> {
  return new Promise((done) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return done({ exitCode: 0, timedOut: false, stdout, stderr });
      const code = typeof error.code === 'number' ? error.code : null;
      const spawnError = typeof error.code === 'string' ? `${error.code}: ${error.message}` : undefined;
      const base = { exitCode: code, timedOut: error.killed === true && code === null, stdout, stderr };
      done(spawnError ? { ...base, spawnError } : base);
    });
  });
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Finds k6 and checks its version; absence is a normal answer, not an error. */
export async function locateK6(env: NodeJS.ProcessEnv = process.env): Promise<K6Location> {
  let path: string | undefined;
  if (env.K6_BINARY) {
    path = resolve(env.K6_BINARY);
    if (!(await isExecutable(path))) {
      return { available: false, reason: `K6_BINARY=${env.K6_BINARY} does not exist or is not executable` };
    }
  } else {
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      if (await isExecutable(join(dir, 'k6'))) {
        path = join(dir, 'k6');
        break;
      }
    }
    if (!path) return { available: false, reason: 'no k6 on PATH and K6_BINARY is not set' };
  }
  const result = await exec(path, ['version'], { PATH: env.PATH ?? '' }, 10_000);
  const match = /v(\d+)\.(\d+)\.(\d+)/.exec(result.stdout);
  if (result.exitCode !== 0 || !match) {
    return { available: false, reason: `${path} version failed: ${result.spawnError ?? result.stderr.trim()}` };
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    return { available: false, reason: `${path} is k6 ${match[0]}; TypeScript scripts need k6 >= v0.57.0` };
  }
  return { available: true, path, version: match[0] };
}

const trendSchema = z
  .object({
    avg: z.number(),
    min: z.number(),
    med: z.number(),
    max: z.number(),
    'p(90)': z.number(),
    'p(95)': z.number(),
    'p(99)': z.number(),
    count: z.number(),
  })
  .catchall(z.number());
const rateSchema = z.object({ rate: z.number(), passes: z.number(), fails: z.number() });
const summarySchema = z.object({
  engine: z.literal('k6'),
  scenario: z.string(),
  durationMs: z.number(),
  metrics: z.object({
    http_req_duration: trendSchema,
    http_req_failed: rateSchema,
    http_reqs: z.object({ count: z.number(), rate: z.number() }),
    checks: rateSchema,
  }),
  latency: z.object({ percentiles: z.array(z.object({ label: z.string(), ms: z.number() })) }),
});

function tail(text: string, secret: string | undefined): string {
  const redacted = secret ? text.split(secret).join('[redacted]') : text;
  return redacted.slice(-STDERR_TAIL_CHARS).trim();
}

/**
 * The environment a k6 process gets: only what a script needs. The token travels in the environment,
 * never on the command line; K6_* pass through (outputs such as K6_OUT, cloud settings for distributed
 * runs); usage reports stay off.
 */
export function k6ChildEnv(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  token: string | undefined,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const k6Settings = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('K6_')));
  return {
    PATH: env.PATH ?? '',
    HOME: env.HOME ?? '',
    ...k6Settings,
    K6_NO_USAGE_REPORT: 'true',
    BASE_URL: baseUrl,
    ...extra,
    ...(token ? { TOKEN: token } : {}),
  };
}

/** Runs one scenario with k6. */
export async function runK6(scenario: LoadScenario, options: K6RunOptions): Promise<K6Run> {
  const env = options.env ?? process.env;
  const k6 = await locateK6(env);
  if (!k6.available) return { status: 'not-available', reason: k6.reason };
  if (needsToken(scenario) && !options.token) {
    const message = `scenario ${scenario.name} needs a bearer token (\${TOKEN} in a header) and none was given`;
    return { status: 'error', exitCode: null, message, stderrTail: '' };
  }
  await mkdir(options.outputDir, { recursive: true });
  const summaryPath = resolve(options.outputDir, `k6-summary-${scenario.name}.json`);
  await rm(summaryPath, { force: true });
  const childEnv = k6ChildEnv(env, options.baseUrl, options.token, {
    SCENARIO: scenario.name,
    SCENARIO_JSON: JSON.stringify(scenario),
    SUMMARY_PATH: summaryPath,
  });
  const args = ['run', '--quiet', '--no-color', '--no-usage-report', '--include-system-env-vars'];
  const timeoutMs = scenarioDurationMs(scenario) + TIMEOUT_MARGIN_MS;
  const result = await exec(k6.path, [...args, options.scriptPath ?? K6_SCRIPT], childEnv, timeoutMs);
  const stderrTail = tail(result.stderr, options.token);
  if (result.spawnError) return { status: 'error', exitCode: null, message: result.spawnError, stderrTail };
  if (result.timedOut) {
    const message = `k6 did not finish within ${timeoutMs / 1000} s (duration + ${TIMEOUT_MARGIN_MS / 1000} s) and was stopped`;
    return { status: 'error', exitCode: null, message, stderrTail };
  }
  if (result.exitCode !== 0 && result.exitCode !== EXIT_THRESHOLDS_CROSSED) {
    const message = `k6 exited with code ${result.exitCode} (0 = thresholds met, 99 = thresholds crossed)`;
    return { status: 'error', exitCode: result.exitCode, message, stderrTail };
  }
  const summary = await readSummary(summaryPath);
  if (typeof summary === 'string') {
    const message = `k6 exited ${result.exitCode} but its summary ${summaryPath} is unusable: ${summary}`;
    return { status: 'error', exitCode: result.exitCode, message, stderrTail };
  }
  const verdict = result.exitCode === 0 ? 'pass' : 'fail';
  return { status: 'completed', verdict, exitCode: result.exitCode, summary, k6: `${k6.path} ${k6.version}` };
}

/** The summary, or why it cannot be used. */
async function readSummary(path: string): Promise<LoadSummary | string> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const parsed = summarySchema.safeParse(data);
  return parsed.success ? parsed.data : z.prettifyError(parsed.error);
}
