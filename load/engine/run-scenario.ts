/**
 * One scenario on the best engine available: real k6 when present (or required with STAGING_LOAD_ENGINE=k6),
 * else the built-in autocannon engine; thresholds judged by the one evaluator on the normalized metrics.
 */
import type { EngineName, LoadSummary } from '../metrics.ts';
import type { LoadScenario } from '../scenarios.ts';
import { LoadError } from './load-error.ts';
import { describeFailures, type RequestDiagnostics, runAutocannon } from './run-autocannon.ts';
import { runK6 } from './run-k6.ts';
import { evaluateThresholds, type ThresholdResult, thresholdVerdict, type ThresholdVerdict } from './thresholds.ts';

export const ENGINE_ENV = 'STAGING_LOAD_ENGINE';
export type EngineChoice = 'auto' | 'k6' | 'builtin';

export interface ScenarioRunOptions {
  /** Where the critical paths live, e.g. http://127.0.0.1:3001. */
  baseUrl: string;
  /** Bearer token for `${TOKEN}` headers; never logged. */
  token?: string;
  /** Folder for engine files (k6's summary JSON). */
  outputDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface ScenarioResult {
  scenario: string;
  engine: EngineName;
  /** pass: every threshold ok; fail: one crossed (k6: exit 99); not-evaluated: no samples to judge (never a GO). */
  verdict: ThresholdVerdict;
  summary: LoadSummary;
  thresholds: ThresholdResult[];
  /** Facts a reader needs: engine fallback, failing URLs with their errors, k6 version. */
  notes: string[];
  /** Built-in engine only: per-request counts and error messages. */
  requests?: RequestDiagnostics[];
}

const MAX_FAILURE_NOTES = 10;

/** STAGING_LOAD_ENGINE: unset/auto, k6 (required) or builtin. */
export function engineChoice(env: NodeJS.ProcessEnv = process.env): EngineChoice {
  const raw = (env[ENGINE_ENV] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'k6') return 'k6';
  if (raw === 'builtin' || raw === 'autocannon') return 'builtin';
  throw new LoadError(`${ENGINE_ENV}=${env[ENGINE_ENV]} is not an engine; expected auto, k6 or builtin`);
}

async function runBuiltin(
  scenario: LoadScenario,
  options: ScenarioRunOptions,
  notes: string[],
): Promise<ScenarioResult> {
  const run = await runAutocannon(scenario, {
    baseUrl: options.baseUrl,
    ...(options.token ? { token: options.token } : {}),
  });
  const failures = describeFailures(run);
  notes.push(...failures.slice(0, MAX_FAILURE_NOTES));
  if (failures.length > MAX_FAILURE_NOTES) notes.push(`... and ${failures.length - MAX_FAILURE_NOTES} more`);
  const thresholds = evaluateThresholds(scenario.thresholds, run.summary.metrics);
  return {
    scenario: scenario.name,
    engine: 'autocannon',
    verdict: thresholdVerdict(thresholds),
    summary: run.summary,
    thresholds,
    notes,
    requests: run.requests,
  };
}

export async function runScenario(scenario: LoadScenario, options: ScenarioRunOptions): Promise<ScenarioResult> {
  const env = options.env ?? process.env;
  const choice = engineChoice(env);
  const notes: string[] = [];
  if (choice === 'builtin') return runBuiltin(scenario, options, [`${ENGINE_ENV}=builtin: built-in engine`]);

  const k6 = await runK6(scenario, { ...options, env });
  if (k6.status === 'not-available') {
    if (choice === 'k6') {
      throw new LoadError(
        `${ENGINE_ENV}=k6 but k6 cannot run: ${k6.reason}. Install k6 >= 0.57 or set K6_BINARY, ` +
          `or unset ${ENGINE_ENV} to use the built-in engine`,
      );
    }
    notes.push(`k6 not used (${k6.reason}): built-in engine`);
    return runBuiltin(scenario, options, notes);
  }
  if (k6.status === 'error') {
    const stderr = k6.stderrTail ? `\nk6 stderr (tail):\n${k6.stderrTail}` : '';
    throw new LoadError(`load scenario ${scenario.name} on k6 failed: ${k6.message}${stderr}`);
  }
  notes.push(`k6: ${k6.k6}, exit code ${k6.exitCode}`);
  const thresholds = evaluateThresholds(scenario.thresholds, k6.summary.metrics);
  const ours = thresholdVerdict(thresholds);
  // k6's exit code is the verdict; re-evaluation can only withhold a pass that rests on no samples (fail closed).
  const verdict: ThresholdVerdict =
    k6.verdict === 'fail' ? 'fail' : ours === 'not-evaluated' ? 'not-evaluated' : 'pass';
  if ((ours === 'fail') !== (k6.verdict === 'fail')) {
    notes.push(
      `k6 says ${k6.verdict}, its summary re-evaluated says ${ours}: a value sits at a limit; k6's verdict stands`,
    );
  }
  return { scenario: scenario.name, engine: 'k6', verdict, summary: k6.summary, thresholds, notes };
}
