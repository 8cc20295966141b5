/**
 * k6 script for the gate's critical paths: `k6 run load/k6/critical-paths.ts` (k6 >= 0.57 strips the types).
 * Env: BASE_URL (required), TOKEN (bearer, for scenarios that need one), SCENARIO (a default scenario's name)
 * or SCENARIO_JSON (a full scenario; the gate passes the validated one), SUMMARY_PATH (default summary.json).
 * The verdict is k6's exit code (99 = thresholds crossed); the numbers are the summary file, normalized.
 */
import { check } from 'k6';
import http from 'k6/http';
import type { Options } from 'k6/options';
import {
  DEFAULT_SCENARIOS,
  expectedStatuses,
  findScenario,
  joinUrl,
  type LoadScenario,
  resolveHeaders,
} from '../scenarios.ts';
import { k6OptionsFor } from './k6-options.ts';
import { type K6SummaryData, toLoadSummary } from './summary.ts';

function loadScenario(): LoadScenario {
  const json = __ENV.SCENARIO_JSON;
  // The gate passes a scenario it already validated; by name, the defaults serve a plain `k6 run`.
  if (json) return JSON.parse(json);
  return findScenario(DEFAULT_SCENARIOS, __ENV.SCENARIO || 'health');
}

const scenario = loadScenario();
const baseUrl = __ENV.BASE_URL;
if (!baseUrl) throw new Error('BASE_URL is not set; run e.g. BASE_URL=http://127.0.0.1:3001 k6 run critical-paths.ts');

const prepared = scenario.requests.map((request) => {
  const statuses = [...expectedStatuses(request)];
  return {
    request,
    statuses,
    url: joinUrl(baseUrl, request.path),
    checkName: `${request.name} status is ${statuses.join(' or ')}`,
    params: {
      headers: resolveHeaders(request, __ENV.TOKEN),
      tags: { name: request.name },
      timeout: scenario.requestTimeout,
      // The built-in engine does not follow redirects either: a 3xx is judged against expectStatus.
      redirects: 0,
      // http_req_failed then counts exactly what the scenario calls a failure.
      responseCallback: http.expectedStatuses(...statuses),
    },
  };
});
const totalWeight = prepared.reduce((sum, p) => sum + p.request.weight, 0);

export const options: Options = k6OptionsFor(scenario);

export default function (): void {
  let pick = Math.random() * totalWeight;
  const chosen = prepared.find((p) => (pick -= p.request.weight) < 0) ?? prepared[prepared.length - 1];
  if (!chosen) return;
  const response = http.request(chosen.request.method, chosen.url, chosen.request.body ?? null, chosen.params);
  check(response, { [chosen.checkName]: (r) => chosen.statuses.includes(r.status) });
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  const summary = toLoadSummary(data, scenario.name);
  const m = summary.metrics;
  const line =
    `${scenario.name}: ${m.http_reqs.count} requests, p(95) ${m.http_req_duration['p(95)'].toFixed(1)} ms, ` +
    `failed ${(m.http_req_failed.rate * 100).toFixed(2)}%\n`;
  return { [__ENV.SUMMARY_PATH || 'summary.json']: JSON.stringify(summary, null, 2), stdout: line };
}
