/**
 * Probes a running application for `npm run init`: the usual health paths, the usual metrics paths, the
 * usual OpenAPI locations (unless --openapi named one), and the public routes the document lists. Bounded:
 * at most MAX_PROBES requests, each with a timeout. Unreachable (the first request gets no answer) is a
 * problem; everything else is a finding or a note.
 */
import { readOpenApiSync } from '../openapi/read-document.ts';
import { validateOpenApi } from '../openapi/validate-document.ts';
import { httpGet, PROBE_TIMEOUT_MS } from './http-get.ts';
import { summarizeOpenApi, type OpenApiSummary } from './openapi-summary.ts';
import { pickSeries, prometheusFamilies } from './prometheus-series.ts';
import type { Findings, HealthFinding, MetricsFinding, OpenApiFinding, ProbeAnswer } from './types.ts';

export const HEALTH_PATHS = [
  '/health',
  '/healthz',
  '/api/health',
  '/api/v1/health',
  '/status',
  '/ready',
  '/readyz',
  '/livez',
];
export const METRICS_PATHS = ['/metrics', '/api/metrics'];
export const OPENAPI_PATHS = ['/openapi.json', '/openapi.yaml', '/v3/api-docs', '/swagger.json', '/api-docs'];
/** Health + metrics + OpenAPI locations + public routes checked. */
export const MAX_PROBES = HEALTH_PATHS.length + METRICS_PATHS.length + OPENAPI_PATHS.length + 5;

export type Get = (url: string) => Promise<ProbeAnswer>;

export interface ProbeOptions {
  /** The document --openapi named, already read and validated. */
  openapi?: OpenApiFinding;
  /** Per-request timeout (default PROBE_TIMEOUT_MS). */
  timeoutMs?: number;
  get?: Get;
}

export type ProbeResult = { ok: true; findings: Findings; summary?: OpenApiSummary } | { ok: false; problem: string };

export async function probeTarget(baseUrl: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const url = baseUrl.replace(/\/+$/, '');
  const findings: Findings = { url, notes: [], probes: [] };
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const get = options.get ?? ((u: string) => httpGet(u, { timeoutMs }));
  const probe = async (path: string): Promise<ProbeAnswer> => {
    if (findings.probes.length >= MAX_PROBES) {
      return { ok: false, url: url + path, error: `not probed: the limit of ${MAX_PROBES} requests was reached` };
    }
    const answer = await get(url + path);
    findings.probes.push(answer);
    if (!answer.ok) findings.notes.push(`GET ${answer.url}: ${answer.error}`);
    return answer;
  };

  // Health; the first request also says whether the application is there at all.
  let fallback: HealthFinding | undefined;
  for (const path of HEALTH_PATHS) {
    const answer = await probe(path);
    if (!answer.ok && findings.probes.length === 1) {
      return {
        ok: false,
        problem:
          `Cannot reach ${url}: GET ${answer.url} failed: ${answer.error}. ` +
          'Check that the application is running and that --url is its base URL (scheme, host and port).',
      };
    }
    if (!answer.ok || isHtml(answer)) continue;
    if (answer.status === 200) {
      findings.health = healthFinding(path, answer);
      break;
    }
    if (answer.status === 503 && !fallback && parseJson(answer.text) !== undefined) {
      fallback = healthFinding(path, answer);
    }
  }
  if (!findings.health && fallback) {
    findings.health = fallback;
    findings.notes.push(
      `GET ${url}${fallback.path} answered 503 (not ready?): it is used as the health endpoint; check its dependencies`,
    );
  }

  for (const path of METRICS_PATHS) {
    const answer = await probe(path);
    if (!answer.ok) continue;
    const metrics = metricsFinding(path, answer);
    if (metrics) {
      findings.metrics = metrics;
      break;
    }
  }

  findings.openapi = options.openapi ?? (await discoverOpenApi(url, probe, findings.notes));

  let summary: OpenApiSummary | undefined;
  if (findings.openapi) {
    const exclude = [findings.health?.path, findings.metrics?.path].filter((p): p is string => !!p);
    summary = summarizeOpenApi(findings.openapi.document, {
      exclude,
      ...(findings.metrics ? { metricsPath: findings.metrics.path } : {}),
    });
    if (findings.metrics?.authHint && summary.metricsAuth) {
      findings.metrics.authHint = summary.metricsAuth;
      findings.metrics.authHintSource = 'the OpenAPI document';
    }
    // A public route must answer 2xx without credentials: keep only those that do now.
    findings.verifiedPublic = [];
    for (const route of summary.public) {
      const answer = await probe(route.path);
      if (answer.ok && answer.status >= 200 && answer.status < 300) {
        findings.verifiedPublic.push(`${route.method} ${route.path}`);
      } else if (answer.ok) {
        findings.notes.push(
          `${route.method} ${route.path} is public in the OpenAPI document but answered ${answer.status} without credentials: left out of routes.public`,
        );
      }
    }
  }
  return { ok: true, findings, ...(summary ? { summary } : {}) };
}

function isHtml(answer: Extract<ProbeAnswer, { ok: true }>): boolean {
  return /html/i.test(answer.headers['content-type'] ?? '') || /^\s*<(!doctype|html)/i.test(answer.text);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function healthFinding(path: string, answer: Extract<ProbeAnswer, { ok: true }>): HealthFinding {
  return { path, status: answer.status, headers: answer.headers, body: parseJson(answer.text) };
}

/** 200 with Prometheus text, or 401/403 (a protected endpoint); anything else is no metrics endpoint. */
export function metricsFinding(path: string, answer: Extract<ProbeAnswer, { ok: true }>): MetricsFinding | undefined {
  if (answer.status === 200) {
    const families = prometheusFamilies(answer.text);
    return families ? { path, status: 200, series: pickSeries(families) } : undefined;
  }
  if (answer.status !== 401 && answer.status !== 403) return undefined;
  const challenge = answer.headers['www-authenticate'] ?? '';
  if (/bearer/i.test(challenge)) {
    return {
      path,
      status: answer.status,
      series: [],
      authHint: { kind: 'bearer' },
      authHintSource: `WWW-Authenticate: ${challenge}`,
    };
  }
  const named = /\b(x-[a-z0-9-]*(?:key|token|auth[a-z]*))\b/i.exec(answer.text)?.[1];
  if (named) {
    return {
      path,
      status: answer.status,
      series: [],
      authHint: { kind: 'header', name: named },
      authHintSource: `its ${answer.status} answer names ${named}`,
    };
  }
  return {
    path,
    status: answer.status,
    series: [],
    authHint: { kind: 'bearer' },
    authHintSource: 'a guess (no hint in the answer)',
  };
}

/** The first usual location that serves a valid OpenAPI 3.x document; anything else found there is a note. */
async function discoverOpenApi(
  url: string,
  probe: (path: string) => Promise<ProbeAnswer>,
  notes: string[],
): Promise<OpenApiFinding | undefined> {
  for (const path of OPENAPI_PATHS) {
    const answer = await probe(path);
    if (!answer.ok || answer.status !== 200) continue;
    const source = url + path;
    const read = readOpenApiSync(source, { cwd: process.cwd(), fetchSync: () => answer.text });
    if (!read.ok) {
      if (!isHtml(answer)) notes.push(`${source} is not used: ${read.problem}`);
      continue;
    }
    const validation = await validateOpenApi(read.document);
    if (!validation.ok) {
      const first = validation.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`);
      notes.push(
        `${source} is an OpenAPI document but not valid (${first.join('; ')}): not used; fix it or pass --openapi`,
      );
      return undefined;
    }
    return { documentRef: path, source, document: read.document, given: false };
  }
  return undefined;
}

export { PROBE_TIMEOUT_MS };
