/**
 * Load scenarios as plain data: imported by the k6 script (no Node, no zod here) and by the built-in engine.
 * A scenario is bounded twice: by its executor's duration and by `maxRequests`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface LoadRequest {
  /** Short name, unique in the scenario: tags k6 samples and names the request in diagnostics. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path and query below the base URL, starting with '/'. */
  readonly path: string;
  /** Header values may contain `${TOKEN}`, replaced by the bearer token at run time. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Relative share of the load (k6: share of iterations; built-in engine: share of connections). */
  readonly weight: number;
  /** Status codes that count as success; anything else (or no response) is a failed request. */
  readonly expectStatus: number | readonly number[];
}

export interface ConstantVusExecutor {
  readonly type: 'constant-vus';
  readonly vus: number;
  /** k6 duration string: '3s', '500ms', '1m30s'. */
  readonly duration: string;
}

export interface ConstantArrivalRateExecutor {
  readonly type: 'constant-arrival-rate';
  /** Requests started per `timeUnit`. */
  readonly rate: number;
  readonly timeUnit: string;
  readonly duration: string;
  readonly preAllocatedVUs: number;
}

export type LoadExecutor = ConstantVusExecutor | ConstantArrivalRateExecutor;

export interface LoadScenario {
  readonly name: string;
  readonly requests: readonly LoadRequest[];
  readonly executor: LoadExecutor;
  /** Hard cap on requests sent, whatever the executor would do within its duration. */
  readonly maxRequests: number;
  /** Per-request timeout, k6 duration string. */
  readonly requestTimeout: string;
  /** k6 threshold grammar per metric, e.g. { http_req_duration: ['p(95)<500'] }. */
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
}

/** Placeholder a header value may contain; never the token itself in data or files. */
export const TOKEN_PLACEHOLDER = '${TOKEN}';

export const DEFAULT_EXECUTOR: ConstantVusExecutor = { type: 'constant-vus', vus: 10, duration: '3s' };
/**
 * A scenario stops at this many requests or at its duration, whichever comes first: 1000 samples give a
 * p95 whose rank is known to about +-1.4 % (binomial), the power the old 3 s runs had on a fast path,
 * in a fraction of the time; a slow path still stops at its duration.
 */
export const DEFAULT_MAX_REQUESTS = 1000;
export const DEFAULT_REQUEST_TIMEOUT = '5s';
// Rates and percentiles only, never averages (k6 guidance): one slow tail must be able to fail the gate.
export const DEFAULT_THRESHOLDS: Readonly<Record<string, readonly string[]>> = {
  http_req_duration: ['p(95)<500'],
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
};

const base = {
  executor: DEFAULT_EXECUTOR,
  maxRequests: DEFAULT_MAX_REQUESTS,
  requestTimeout: DEFAULT_REQUEST_TIMEOUT,
  thresholds: DEFAULT_THRESHOLDS,
} as const;

/**
 * Example critical paths of a generic API, used by the engines' own tests. The perf phase never uses them:
 * it runs the profile's `perf.scenarios` (load/profile-scenarios.ts).
 */
export const DEFAULT_SCENARIOS: readonly LoadScenario[] = [
  {
    ...base,
    name: 'health',
    requests: [{ name: 'health', method: 'GET', path: '/health', headers: {}, weight: 1, expectStatus: 200 }],
  },
  {
    ...base,
    name: 'items-list',
    requests: [
      {
        name: 'list',
        method: 'GET',
        path: '/items',
        headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}` },
        weight: 1,
        expectStatus: 200,
      },
    ],
  },
  {
    ...base,
    name: 'public-list',
    requests: [
      {
        name: 'public-list',
        method: 'GET',
        path: '/public/items',
        headers: {},
        weight: 1,
        expectStatus: 200,
      },
    ],
  },
];

export function findScenario(scenarios: readonly LoadScenario[], name: string): LoadScenario {
  const found = scenarios.find((s) => s.name === name);
  if (!found) {
    throw new Error(`load scenario "${name}" does not exist; known: ${scenarios.map((s) => s.name).join(', ')}`);
  }
  return found;
}

export function expectedStatuses(request: LoadRequest): readonly number[] {
  return typeof request.expectStatus === 'number' ? [request.expectStatus] : request.expectStatus;
}

export function needsToken(scenario: LoadScenario): boolean {
  return scenario.requests.some((r) => Object.values(r.headers).some((v) => v.includes(TOKEN_PLACEHOLDER)));
}

/** Headers with `${TOKEN}` replaced; throws (naming the request, not the value) when a token is needed but absent. */
export function resolveHeaders(request: LoadRequest, token: string | undefined): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value.includes(TOKEN_PLACEHOLDER) && !token) {
      throw new Error(
        `request "${request.name}" (${request.path}) needs a bearer token for its ${key} header and none was given`,
      );
    }
    resolved[key] = value.split(TOKEN_PLACEHOLDER).join(token ?? '');
  }
  return resolved;
}

/** Base URL + path, with exactly one slash between them (a base may carry a path prefix). */
export function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const DURATION_WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** k6 duration string ('1m30s', '500ms') to milliseconds; throws on anything else. */
export function parseDurationMs(duration: string): number {
  if (!DURATION_WHOLE.test(duration)) {
    throw new Error(`duration "${duration}" is not a k6 duration; expected e.g. 500ms, 3s, 1m30s`);
  }
  let total = 0;
  for (const match of duration.matchAll(DURATION_PART)) total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000);
  return total;
}

/** Milliseconds as a k6 duration string. */
export function formatDuration(ms: number): string {
  return Number.isInteger(ms / 1000) ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** How long the scenario may send load (arrival-rate runs end early when the cap is reached first). */
export function scenarioDurationMs(scenario: LoadScenario): number {
  return parseDurationMs(scenario.executor.duration);
}

/** Requests per second of an arrival-rate executor. */
export function arrivalRatePerSecond(executor: ConstantArrivalRateExecutor): number {
  return (executor.rate * 1000) / parseDurationMs(executor.timeUnit);
}
