/**
 * How the built-in engine spreads a scenario over autocannon instances: one per request, its share of connections,
 * request cap and arrival rate set by weight. One instance per request keeps every error tied to its URL.
 */
import {
  arrivalRatePerSecond,
  joinUrl,
  type LoadRequest,
  type LoadScenario,
  parseDurationMs,
  scenarioDurationMs,
} from '../scenarios.ts';

export interface RequestPlan {
  request: LoadRequest;
  url: string;
  connections: number;
  /** This instance's share of the scenario's maxRequests. */
  maxRequests: number;
  /** Requests per second for arrival-rate scenarios; undefined = as fast as the connections go. */
  overallRate?: number;
}

export interface LoadPlan {
  durationMs: number;
  requestTimeoutMs: number;
  runs: RequestPlan[];
}

/** Splits `total` by `weights` (largest remainder), every share at least `min`. */
export function splitByWeight(total: number, weights: readonly number[], min = 1): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares.map((s) => Math.max(min, s));
}

export function planLoad(scenario: LoadScenario, baseUrl: string): LoadPlan {
  const weights = scenario.requests.map((r) => r.weight);
  const executor = scenario.executor;
  const totalConnections = executor.type === 'constant-vus' ? executor.vus : executor.preAllocatedVUs;
  const connections = splitByWeight(totalConnections, weights);
  const caps = splitByWeight(scenario.maxRequests, weights);
  const rates =
    executor.type === 'constant-arrival-rate'
      ? splitByWeight(Math.max(1, Math.round(arrivalRatePerSecond(executor))), weights)
      : undefined;
  const runs = scenario.requests.map((request, i): RequestPlan => {
    const maxRequests = caps[i] ?? 1;
    // autocannon leaves a connection whose share of the cap rounds to 0 unlimited: never more connections than requests.
    const plan: RequestPlan = {
      request,
      url: joinUrl(baseUrl, request.path),
      connections: Math.min(connections[i] ?? 1, maxRequests),
      maxRequests,
    };
    const rate = rates?.[i];
    return rate === undefined ? plan : { ...plan, overallRate: rate };
  });
  return { durationMs: scenarioDurationMs(scenario), requestTimeoutMs: parseDurationMs(scenario.requestTimeout), runs };
}
