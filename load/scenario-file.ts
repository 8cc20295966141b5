/**
 * Scenarios from a JSON file named by STAGING_LOAD_SCENARIOS, validated with zod on the Node side
 * (k6 scripts never import zod: they get the validated scenario as data). Unset: the default critical paths.
 *
 * File shape: { "scenarios": [ { "name": "health", "requests": [ { "name": "health", "path": "/health" } ] } ] }
 * The file's list replaces the defaults; omitted fields take the defaults in scenarios.ts.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { thresholdProblems } from './engine/thresholds.ts';
import { LoadError } from './engine/load-error.ts';
import {
  DEFAULT_EXECUTOR,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_REQUEST_TIMEOUT,
  DEFAULT_SCENARIOS,
  DEFAULT_THRESHOLDS,
  type LoadScenario,
  parseDurationMs,
} from './scenarios.ts';

export const SCENARIOS_ENV = 'STAGING_LOAD_SCENARIOS';

// Bounds that keep a gate run a gate run, not a soak test.
const MAX_DURATION_MS = 10 * 60_000;
const MAX_VUS = 1000;
const MAX_REQUESTS = 1_000_000;

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected lowercase letters, digits and dashes (max 63), e.g. media-list');

const duration = (min: number, max: number) =>
  z.string().superRefine((value, ctx) => {
    let ms: number;
    try {
      ms = parseDurationMs(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a k6 duration such as 500ms, 3s, 1m30s (got "${value}")` });
      return;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `expected between ${min / 1000}s and ${max / 1000}s (got ${value})` });
    }
  });

const status = z.number().int().min(100, 'expected an HTTP status 100-599').max(599, 'expected an HTTP status 100-599');
const count = (max: number) => z.number().int().min(1, 'expected at least 1').max(max, `expected at most ${max}`);

const requestSchema = z.strictObject({
  name,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  path: z.string().regex(/^\/[^\s]*$/, "expected a path starting with '/', without spaces, e.g. /health"),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'expected a header name'), z.string()).default({}),
  body: z.string().optional(),
  weight: z.number().positive('expected a weight above 0').max(1000).default(1),
  expectStatus: z.union([status, z.array(status).min(1)]).default(200),
});

const executorSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('constant-vus'),
    vus: count(MAX_VUS),
    duration: duration(100, MAX_DURATION_MS),
  }),
  z.strictObject({
    type: z.literal('constant-arrival-rate'),
    rate: count(100_000),
    timeUnit: duration(1, 60 * 60_000).default('1s'),
    duration: duration(100, MAX_DURATION_MS),
    preAllocatedVUs: count(MAX_VUS),
  }),
]);

const scenarioSchema = z
  .strictObject({
    name,
    requests: z.array(requestSchema).min(1, 'expected at least one request'),
    executor: executorSchema.default(DEFAULT_EXECUTOR),
    maxRequests: count(MAX_REQUESTS).default(DEFAULT_MAX_REQUESTS),
    // At least 1 s: the built-in engine's per-request timeout has whole-second resolution at its floor.
    requestTimeout: duration(1000, 60_000).default(DEFAULT_REQUEST_TIMEOUT),
    thresholds: z
      .record(z.string(), z.array(z.string()))
      .default(() => Object.fromEntries(Object.entries(DEFAULT_THRESHOLDS).map(([k, v]) => [k, [...v]]))),
  })
  .superRefine((scenario, ctx) => {
    for (const problem of thresholdProblems(scenario.thresholds)) {
      ctx.addIssue({ code: 'custom', path: ['thresholds'], message: problem });
    }
    const names = scenario.requests.map((r) => r.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', path: ['requests'], message: `request name "${duplicate}" repeats` });
  });

const fileSchema = z
  .strictObject({ scenarios: z.array(scenarioSchema).min(1, 'expected at least one scenario') })
  .superRefine((file, ctx) => {
    const names = file.scenarios.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate)
      ctx.addIssue({ code: 'custom', path: ['scenarios'], message: `scenario name "${duplicate}" repeats` });
  });

/** Validates parsed JSON; `source` names where it came from in the error. */
export function parseScenarioFile(data: unknown, source: string): LoadScenario[] {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    throw new LoadError(`${source}: invalid load scenarios\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data.scenarios;
}

/** The scenarios to run: the file named by STAGING_LOAD_SCENARIOS, else the defaults. Empty value = unset. */
export async function loadScenarios(env: NodeJS.ProcessEnv = process.env): Promise<readonly LoadScenario[]> {
  const path = env[SCENARIOS_ENV];
  if (!path) return DEFAULT_SCENARIOS;
  const source = `${SCENARIOS_ENV}=${path}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LoadError(`${source}: cannot read the scenario file (${why}); fix the path or unset ${SCENARIOS_ENV}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LoadError(`${source}: not valid JSON (${why})`);
  }
  return parseScenarioFile(data, source);
}
