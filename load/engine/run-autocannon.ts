/**
 * The built-in load engine: autocannon in this process, one instance per request of the scenario, bounded by the
 * scenario's duration and request cap, reporting the same normalized metrics as the k6 script's handleSummary.
 */
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { type LoadSummary, percentileLadder, thresholdPercentiles } from '../metrics.ts';
import { expectedStatuses, type LoadScenario, resolveHeaders } from '../scenarios.ts';
import { type LoadPlan, planLoad, type RequestPlan } from './load-plan.ts';
import { LoadError } from './load-error.ts';
import { histogramFromSorted, SampleBuffer, trendFromSorted } from './trend-stats.ts';

export interface BuiltinRunOptions {
  /** Where the critical paths live, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  /** Replaces `${TOKEN}` in request headers; never logged. */
  token?: string;
}

export interface RequestDiagnostics {
  name: string;
  /** Method and URL, e.g. "GET http://127.0.0.1:3001/api/health". */
  target: string;
  responses: number;
  /** Responses whose status was not in expectStatus. */
  unexpectedStatus: number;
  statusCodes: Record<string, number>;
  /** Requests that got no response (connection errors and timeouts). */
  errors: number;
  timeouts: number;
  /** Distinct error messages with how often each happened. */
  errorMessages: { message: string; count: number }[];
}

export interface BuiltinRun {
  summary: LoadSummary;
  requests: RequestDiagnostics[];
}

interface Tally {
  diagnostics: RequestDiagnostics;
  messages: Map<string, number>;
}

// Guard beyond duration + request timeout: autocannon's own stop should always come first.
const STOP_GRACE_MS = 5000;
// autocannon checks its stop flag once per sample interval; 100 ms keeps the end close to the duration.
const SAMPLE_INTERVAL_MS = 100;

function describeError(error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  return message === 'request timed out' ? `no response within ${timeoutMs} ms (request timed out)` : message;
}

function runOne(
  run: RequestPlan,
  plan: LoadPlan,
  headers: Record<string, string>,
  samples: SampleBuffer,
  instances: autocannon.Instance[],
  start: typeof autocannon,
): Promise<Tally> {
  const expected = new Set(expectedStatuses(run.request));
  const diagnostics: RequestDiagnostics = {
    name: run.request.name,
    target: `${run.request.method} ${run.url}`,
    responses: 0,
    unexpectedStatus: 0,
    statusCodes: {},
    errors: 0,
    timeouts: 0,
    errorMessages: [],
  };
  const messages = new Map<string, number>();
  return new Promise((resolve, reject) => {
    let instance: autocannon.Instance | undefined;
    const guard = setTimeout(() => instance?.stop(), plan.durationMs + plan.requestTimeoutMs + STOP_GRACE_MS);
    const options: autocannon.Options = {
      url: run.url,
      method: run.request.method,
      headers,
      connections: run.connections,
      duration: plan.durationMs / 1000,
      // Not `amount`: autocannon ignores the duration when amount is set; maxOverallRequests keeps both bounds.
      maxOverallRequests: run.maxRequests,
      timeout: Math.max(1, plan.requestTimeoutMs / 1000),
      sampleInt: SAMPLE_INTERVAL_MS,
      skipAggregateResult: true,
    };
    if (run.request.body !== undefined) options.body = run.request.body;
    if (run.overallRate !== undefined) options.overallRate = run.overallRate;
    try {
      instance = start(options, (error: unknown, result: autocannon.Result) => {
        clearTimeout(guard);
        if (error) {
          reject(new LoadError(`load on ${diagnostics.target} could not start: ${describeError(error, 0)}`));
          return;
        }
        diagnostics.timeouts = result.timeouts;
        resolve({ diagnostics, messages });
      });
    } catch (error) {
      clearTimeout(guard);
      reject(new LoadError(`load on ${diagnostics.target} could not start: ${describeError(error, 0)}`));
      return;
    }
    instances.push(instance);
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      samples.push(responseTimeMs);
      diagnostics.responses += 1;
      diagnostics.statusCodes[statusCode] = (diagnostics.statusCodes[statusCode] ?? 0) + 1;
      if (!expected.has(statusCode)) diagnostics.unexpectedStatus += 1;
    });
    instance.on('reqError', (error: unknown) => {
      diagnostics.errors += 1;
      const message = describeError(error, plan.requestTimeoutMs);
      messages.set(message, (messages.get(message) ?? 0) + 1);
    });
  });
}

/** Runs the scenario against `baseUrl` and returns normalized metrics plus per-request diagnostics. */
export async function runAutocannon(scenario: LoadScenario, options: BuiltinRunOptions): Promise<BuiltinRun> {
  const plan = planLoad(scenario, options.baseUrl);
  let headers: Record<string, string>[];
  try {
    headers = scenario.requests.map((r) => resolveHeaders(r, options.token));
  } catch (error) {
    throw new LoadError(`load scenario ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Imported here: every process that lists the gate's checks loads this module, only the perf phase runs load.
  const { default: start } = await import('autocannon');
  const samples = new SampleBuffer();
  const instances: autocannon.Instance[] = [];
  const started = performance.now();
  let tallies: Tally[];
  try {
    tallies = await Promise.all(
      plan.runs.map((run, i) => runOne(run, plan, headers[i] ?? {}, samples, instances, start)),
    );
  } catch (error) {
    // One request could not start: stop the others rather than leave load running.
    for (const instance of instances) instance.stop();
    throw error;
  }
  const durationMs = Math.round(performance.now() - started);
  const requests = tallies.map(({ diagnostics, messages }) => ({
    ...diagnostics,
    errorMessages: [...messages].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count),
  }));

  const responses = requests.reduce((n, r) => n + r.responses, 0);
  const errors = requests.reduce((n, r) => n + r.errors, 0);
  const failed = errors + requests.reduce((n, r) => n + r.unexpectedStatus, 0);
  const total = responses + errors;
  const sorted = samples.sorted();
  const http_req_duration = trendFromSorted(sorted, thresholdPercentiles(scenario.thresholds));
  const summary: LoadSummary = {
    engine: 'autocannon',
    scenario: scenario.name,
    durationMs,
    metrics: {
      http_req_duration,
      http_req_failed: { rate: total === 0 ? 0 : failed / total, passes: failed, fails: total - failed },
      http_reqs: { count: total, rate: durationMs === 0 ? 0 : total / (durationMs / 1000) },
      // One check per request (status in expectStatus), as the k6 script does; no response fails the check.
      checks: { rate: total === 0 ? 0 : (total - failed) / total, passes: total - failed, fails: failed },
    },
    latency: { percentiles: percentileLadder(http_req_duration), histogram: histogramFromSorted(sorted) },
  };
  return { summary, requests };
}

/** One line per failing request, e.g. "GET http://127.0.0.1:9/api/health: connect ECONNREFUSED 127.0.0.1:9 (x812)". */
export function describeFailures(run: BuiltinRun): string[] {
  const lines: string[] = [];
  for (const r of run.requests) {
    for (const { message, count } of r.errorMessages) lines.push(`${r.target}: ${message} (x${count})`);
    if (r.unexpectedStatus > 0) {
      const codes = Object.entries(r.statusCodes)
        .map(([code, count]) => `${code} x${count}`)
        .join(', ');
      lines.push(`${r.target}: ${r.unexpectedStatus} responses with an unexpected status (${codes})`);
    }
  }
  return lines;
}
