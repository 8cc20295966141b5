/**
 * Runs the team's own k6 script (the profile's `perf.k6Script`) when a k6 binary is present (`locateK6`).
 * The script gets BASE_URL and TOKEN in its environment (never on the command line). The verdict is k6's exit
 * code (0 thresholds met, 99 thresholds crossed, anything else an error); the numbers come from k6's
 * `--summary-export` file. Its threshold booleans are inverted (`true` = crossed, grafana/k6#1498), so they only
 * name which thresholds crossed, never decide the verdict. A threshold on a metric without samples is
 * "not evaluated": k6 passes those silently (grafana/k6#1526), the gate does not.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { k6ChildEnv, locateK6 } from './run-k6.ts';
import { parseThreshold } from './thresholds.ts';

export const TEAM_K6_SUMMARY_FILE = 'team-k6-summary.json';
export const TEAM_K6_DEFAULT_TIMEOUT_MS = 10 * 60_000;
const EXIT_THRESHOLDS_CROSSED = 99;
/** After the timeout k6 gets SIGTERM (it stops and writes its summary), then SIGKILL after this grace. */
const KILL_GRACE_MS = 10_000;
const STDERR_TAIL_CHARS = 2000;
/** k6's built-in per-request timings (untagged): one sample per request. */
const HTTP_TIMING = /^http_req_(?:duration|blocked|connecting|tls_handshaking|sending|waiting|receiving)$/;
/** k6's exit codes (errext/exitcodes), to say what an error exit means. */
const K6_EXIT_CODES: Readonly<Record<number, string>> = {
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'timed out',
  103: 'engine error',
  104: 'invalid configuration (options or thresholds)',
  105: 'aborted from outside (signal)',
  107: 'script exception',
  108: 'script aborted (test.abort())',
  109: 'Go panic in k6',
  110: 'test marked as failed (exec.test.fail())',
};

export interface TeamK6Options {
  /** The target's API base URL: BASE_URL in the script's environment. */
  baseUrl: string;
  /** Bearer token: TOKEN in the script's environment (omitted when empty); redacted from every message. */
  token?: string;
  /** Folder for team-k6-summary.json; also k6's working directory (files a handleSummary writes land here). */
  outputDir: string;
  /** The gate's environment: where k6 is found (K6_BINARY, PATH) and the K6_* settings passed through. */
  env?: NodeJS.ProcessEnv;
  /** Upper bound for the whole run; default 10 minutes. */
  timeoutMs?: number;
}

/** The numbers the gate records; null when the summary does not have them. */
export interface TeamK6Numbers {
  /** http_req_duration p(95) / p(99) in ms (p(99) only when the script's summaryTrendStats include it). */
  p95Ms: number | null;
  p99Ms: number | null;
  /** http_req_failed: the share of failed requests. */
  failedRate: number | null;
  /** http_reqs count and per-second rate; count 0 (or no http_reqs in the summary) = nothing measured. */
  requests: number;
  requestRate: number | null;
}

export type TeamK6ThresholdStatus = 'met' | 'crossed' | 'not-evaluated';

export interface TeamK6Threshold {
  /** The metric as the script names it, submetrics included: `http_req_duration{status:200}`. */
  metric: string;
  expression: string;
  status: TeamK6ThresholdStatus;
  /** Samples behind the metric; null when the summary does not say (a trend without `count`). */
  samples: number | null;
  /** The summary value the expression reads, when the summary has it. */
  observed: number | null;
}

export type TeamK6Verdict = 'pass' | 'fail' | 'not-evaluated';

export type TeamK6Run =
  | { status: 'not-available'; reason: string }
  | {
      status: 'completed';
      /** fail: k6 exited 99; not-evaluated: exit 0 but a threshold had no samples; pass: exit 0 otherwise. */
      verdict: TeamK6Verdict;
      exitCode: 0 | 99;
      script: string;
      k6: string;
      summaryPath: string;
      numbers: TeamK6Numbers;
      thresholds: TeamK6Threshold[];
      /** The summary-export JSON as k6 wrote it (for the report). */
      summary: unknown;
    }
  | { status: 'error'; exitCode: number | null; message: string; stderrTail: string };

type MetricEntry = Readonly<Record<string, unknown>>;

/** The script's absolute path (relative paths are relative to the profile folder). */
export function teamScriptPath(profileDir: string, k6Script: string): string {
  return resolve(profileDir, k6Script);
}

/** Why the script cannot be run, or null when the file is there and readable. */
export async function teamScriptProblem(scriptPath: string): Promise<string | null> {
  const readable = await access(scriptPath, constants.R_OK).then(
    () => stat(scriptPath).then((s) => s.isFile()),
    () => false,
  );
  return readable
    ? null
    : `perf.k6Script: ${scriptPath} does not exist or is not a readable file (the path is relative to the profile folder)`;
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function tail(text: string, secret: string | undefined): string {
  return redact(text, secret).slice(-STDERR_TAIL_CHARS).trim();
}

interface ExecResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderr: string;
  spawnError?: string;
}

/** Runs k6 with a bounded wall time: SIGTERM at the timeout, SIGKILL after a grace. Keeps only stderr's tail. */
function exec(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn(file, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    let spawnError: string | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4 * STDERR_TAIL_CHARS);
    });
    const hard = { timer: undefined as NodeJS.Timeout | undefined };
    const soft = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      hard.timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = `${error.code ?? 'spawn error'}: ${error.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(soft);
      clearTimeout(hard.timer);
      const base = { exitCode: code, signal, timedOut, stderr };
      done(spawnError ? { ...base, spawnError } : base);
    });
  });
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberAt(entry: MetricEntry | undefined, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = entry?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

/**
 * A metric's values and thresholds. `--summary-export` writes them flat with `thresholds: { expr: crossed }`;
 * the handleSummary shape nests them (`values`, `thresholds: { expr: { ok } }`). Both are read; the result says
 * `crossed` either way.
 */
function readEntry(raw: unknown): { values: MetricEntry; crossed: Map<string, boolean> } | null {
  if (!isRecord(raw)) return null;
  const values = isRecord(raw.values) ? raw.values : raw;
  const crossed = new Map<string, boolean>();
  if (isRecord(raw.thresholds)) {
    for (const [expression, result] of Object.entries(raw.thresholds)) {
      if (typeof result === 'boolean') crossed.set(expression, result);
      else if (isRecord(result) && typeof result.ok === 'boolean') crossed.set(expression, !result.ok);
      else crossed.set(expression, false);
    }
  }
  return { values, crossed };
}

/**
 * Samples behind a metric: a trend's or counter's `count`, a rate's passes + fails. A trend exported without
 * `count` (not in summaryTrendStats) with every statistic 0 is how k6 shows an empty trend: 0. Otherwise unknown.
 */
function samplesOf(values: MetricEntry): number | null {
  const count = numberAt(values, 'count');
  if (count !== null) return count;
  const passes = numberAt(values, 'passes');
  const fails = numberAt(values, 'fails');
  if (passes !== null || fails !== null) return (passes ?? 0) + (fails ?? 0);
  const stats = Object.entries(values).filter(([key]) => key !== 'thresholds');
  if (stats.length > 0 && stats.every(([, v]) => v === 0 || v === null)) return 0;
  return null;
}

function observedFor(values: MetricEntry, expression: string, metric: string): number | null {
  try {
    const { key } = parseThreshold(expression, metric);
    // A Rate's share is `value` in --summary-export and `rate` in handleSummary data.
    return key === 'rate' ? numberAt(values, 'rate', 'value') : numberAt(values, key);
  } catch {
    return null;
  }
}

/** Every threshold in the summary with its status; k6's booleans name the crossed ones, samples the unevaluated. */
export function teamThresholds(summary: unknown): TeamK6Threshold[] {
  const metrics = isRecord(summary) && isRecord(summary.metrics) ? summary.metrics : {};
  const requests = teamNumbers(summary).requests;
  const results: TeamK6Threshold[] = [];
  for (const [metric, raw] of Object.entries(metrics)) {
    const entry = readEntry(raw);
    if (!entry) continue;
    // Every request adds one sample to each http_req_* timing: their count is http_reqs' when not exported.
    const samples = samplesOf(entry.values) ?? (HTTP_TIMING.test(metric) ? requests : null);
    for (const [expression, crossed] of entry.crossed) {
      const observed = samples === 0 ? null : observedFor(entry.values, expression, metric);
      // k6 passes a threshold on an empty metric; a crossed one (e.g. count>0 with nothing counted) stays crossed.
      const status: TeamK6ThresholdStatus = crossed ? 'crossed' : samples === 0 ? 'not-evaluated' : 'met';
      results.push({ metric, expression, status, samples, observed });
    }
  }
  return results;
}

/** The numbers the gate records, from the summary's http_req_duration, http_req_failed and http_reqs. */
export function teamNumbers(summary: unknown): TeamK6Numbers {
  const metrics = isRecord(summary) && isRecord(summary.metrics) ? summary.metrics : {};
  const values = (name: string): MetricEntry | undefined => readEntry(metrics[name])?.values;
  const duration = values('http_req_duration');
  const failed = values('http_req_failed');
  const reqs = values('http_reqs');
  return {
    p95Ms: numberAt(duration, 'p(95)'),
    p99Ms: numberAt(duration, 'p(99)'),
    failedRate: numberAt(failed, 'value', 'rate'),
    requests: numberAt(reqs, 'count') ?? 0,
    requestRate: numberAt(reqs, 'rate'),
  };
}

/** One line per threshold, for messages: `http_req_duration p(95)<500 (observed 612)`. */
export function describeThreshold(t: TeamK6Threshold): string {
  const observed = t.samples === 0 ? 'no samples' : t.observed === null ? null : `observed ${t.observed}`;
  return `${t.metric} ${t.expression}${observed ? ` (${observed})` : ''}`;
}

async function readSummary(path: string): Promise<{ summary: unknown } | { problem: string }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  if (!isRecord(data) || !isRecord(data.metrics)) return { problem: 'it has no "metrics" object' };
  return { summary: data };
}

/** Runs the team's k6 script once against the target. */
export async function runTeamK6(scriptPath: string, options: TeamK6Options): Promise<TeamK6Run> {
  const env = options.env ?? process.env;
  const token = options.token || undefined;
  const script = resolve(scriptPath);
  // A wrong path is a profile mistake whether or not k6 is here: say so first.
  const missing = await teamScriptProblem(script);
  if (missing) return { status: 'error', exitCode: null, message: missing, stderrTail: '' };
  const k6 = await locateK6(env);
  if (!k6.available) return { status: 'not-available', reason: k6.reason };

  await mkdir(options.outputDir, { recursive: true });
  const summaryPath = resolve(options.outputDir, TEAM_K6_SUMMARY_FILE);
  await rm(summaryPath, { force: true });
  const childEnv = k6ChildEnv(env, options.baseUrl, token);
  const args = ['run', '--quiet', '--no-color', '--no-usage-report', '--summary-export', summaryPath, script];
  const timeoutMs = options.timeoutMs ?? TEAM_K6_DEFAULT_TIMEOUT_MS;
  const result = await exec(k6.path, args, childEnv, options.outputDir, timeoutMs);
  const stderrTail = tail(result.stderr, token);
  const named = `perf.k6Script ${script}`;
  if (result.spawnError) {
    const message = redact(`${named}: could not start ${k6.path}: ${result.spawnError}`, token);
    return { status: 'error', exitCode: null, message, stderrTail };
  }
  if (result.timedOut) {
    const message = `${named}: k6 did not finish within ${timeoutMs / 1000} s and was stopped`;
    return { status: 'error', exitCode: result.exitCode, message, stderrTail };
  }
  if (result.exitCode !== 0 && result.exitCode !== EXIT_THRESHOLDS_CROSSED) {
    const how =
      result.exitCode === null
        ? `was killed by ${result.signal ?? 'a signal'}`
        : `exited with code ${result.exitCode}${K6_EXIT_CODES[result.exitCode] ? ` (${K6_EXIT_CODES[result.exitCode]})` : ''}`;
    const message = `${named}: k6 ${how}; 0 = thresholds met, 99 = thresholds crossed`;
    return { status: 'error', exitCode: result.exitCode, message, stderrTail };
  }
  const exitCode = result.exitCode === 0 ? 0 : EXIT_THRESHOLDS_CROSSED;
  const read = await readSummary(summaryPath);
  if ('problem' in read) {
    const message = `${named}: k6 exited ${exitCode} but its summary ${summaryPath} is unusable: ${read.problem}`;
    return { status: 'error', exitCode, message, stderrTail };
  }
  const thresholds = teamThresholds(read.summary);
  const verdict: TeamK6Verdict =
    exitCode === EXIT_THRESHOLDS_CROSSED
      ? 'fail'
      : thresholds.some((t) => t.status === 'not-evaluated')
        ? 'not-evaluated'
        : 'pass';
  return {
    status: 'completed',
    verdict,
    exitCode,
    script,
    k6: `${k6.path} ${k6.version}`,
    summaryPath,
    numbers: teamNumbers(read.summary),
    thresholds,
    summary: read.summary,
  };
}
