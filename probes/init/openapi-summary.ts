/**
 * What an OpenAPI document says that a profile needs: protected, public and JSON-body routes, how clients
 * authenticate (from securitySchemes), a login operation if there is one, and how the metrics path is
 * protected. Pure: built on listOperations, the same reading the gate's OpenAPI checks use.
 */
import { listOperations, type OpenApiOperation } from '../openapi/operations.ts';
import { isRecord, type OpenApiDocument } from '../openapi/types.ts';
import type { MetricsAuthHint } from './types.ts';

export const MAX_ROUTES = 5;
const PROFILE_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LOGIN_PATH = /(^|\/)(login|signin|sign-in|session|sessions|token|tokens|auth)(\/|$)/i;

export interface RouteDraft {
  method: string;
  path: string;
}

/** How the API's protected operations want their credential. */
export type AuthGuess =
  | { kind: 'none'; reason: string }
  | { kind: 'token'; scheme: string; header: string; schemeName: string; via: 'bearer' | 'apiKey' | 'basic' }
  | { kind: 'unsupported'; schemeName: string; reason: string };

export interface LoginGuess {
  method: string;
  path: string;
  /** Property names of its JSON request body (from the schema or the example), e.g. ["email", "password"]. */
  fields: string[];
  /** Pointer to a token-like property of its 2xx JSON answer (/access_token), when the document shows one. */
  tokenPointer?: string;
}

export interface OpenApiSummary {
  title?: string;
  version?: string;
  protected: RouteDraft[];
  /** Candidates: unauthenticated safe GETs (the caller checks they answer 2xx). */
  public: RouteDraft[];
  jsonBody: RouteDraft[];
  auth: AuthGuess;
  login?: LoginGuess;
  /** How the document protects the metrics path, when it does. */
  metricsAuth?: MetricsAuthHint;
  operationCount: number;
}

export interface SummaryOptions {
  /** Paths the profile covers elsewhere (health, metrics): not routes. */
  exclude?: readonly string[];
  metricsPath?: string;
}

const hasPathParams = (op: OpenApiOperation) => op.path.includes('{');
/** The concrete path the gate calls (server base path + required query filled), when it can be filled. */
const target = (op: OpenApiOperation) => (op.fill.ok ? op.fill.path : undefined);

export function summarizeOpenApi(document: OpenApiDocument, options: SummaryOptions = {}): OpenApiSummary {
  const operations = listOperations(document).filter(
    (op) => op.notCheckable === null && PROFILE_METHODS.has(op.method),
  );
  const excluded = new Set(options.exclude ?? []);
  const usable = operations.filter((op) => !excluded.has(op.path) && !excluded.has(target(op) ?? op.path));
  const login = findLogin(document, operations);
  const route = (op: OpenApiOperation): RouteDraft => ({ method: op.method, path: target(op) ?? op.path });
  const safeGet = (op: OpenApiOperation) => op.method === 'GET' && !hasPathParams(op) && target(op) !== undefined;

  const protectedRoutes = usable
    .filter((op) => op.requiresAuth && safeGet(op))
    .slice(0, MAX_ROUTES)
    .map(route);
  const publicRoutes = usable
    .filter((op) => !op.requiresAuth && safeGet(op))
    .slice(0, MAX_ROUTES)
    .map(route);
  const jsonBody = usable
    .filter((op) => op.jsonRequestBody && !hasPathParams(op) && target(op) !== undefined)
    .filter((op) => !(login && op.method === login.method && op.path === login.path))
    .slice(0, MAX_ROUTES)
    .map(route);

  const info = isRecord(document.info) ? document.info : {};
  const metricsOp = options.metricsPath
    ? operations.find((op) => op.method === 'GET' && op.path === options.metricsPath)
    : undefined;
  const apiOps = usable.filter((op) => op.requiresAuth);
  return {
    ...(typeof info.title === 'string' && info.title.trim() ? { title: info.title.trim() } : {}),
    ...(typeof info.version === 'string' ? { version: info.version } : {}),
    protected: protectedRoutes,
    public: publicRoutes,
    jsonBody,
    auth: guessAuth(document, apiOps),
    ...(login ? { login } : {}),
    ...(metricsOp ? metricsHint(document, metricsOp) : {}),
    operationCount: operations.length,
  };
}

/** Security requirement names of an operation (its own, else the document's). */
function requirementNames(document: OpenApiDocument, operation: OpenApiOperation): string[] {
  const item = isRecord(document.paths) ? document.paths[operation.path] : undefined;
  const raw = isRecord(item) ? item[operation.method.toLowerCase()] : undefined;
  const own = isRecord(raw) && Array.isArray(raw.security) ? raw.security : undefined;
  const requirements = own ?? (Array.isArray(document.security) ? document.security : []);
  return requirements.flatMap((r: unknown) => (isRecord(r) ? Object.keys(r) : []));
}

function securityScheme(document: OpenApiDocument, name: string): Record<string, unknown> | undefined {
  const components = isRecord(document.components) ? document.components : {};
  const schemes = isRecord(components.securitySchemes) ? components.securitySchemes : {};
  const scheme = schemes[name];
  return isRecord(scheme) ? scheme : undefined;
}

/** The scheme most protected operations name decides: bearer / oauth2 / openIdConnect, apiKey header, basic. */
export function guessAuth(document: OpenApiDocument, protectedOps: readonly OpenApiOperation[]): AuthGuess {
  if (protectedOps.length === 0) return { kind: 'none', reason: 'no operation of the document requires security' };
  const counts = new Map<string, number>();
  for (const op of protectedOps) {
    for (const name of requirementNames(document, op)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  for (const name of ranked) {
    const scheme = securityScheme(document, name);
    const type = String(scheme?.type ?? '');
    const httpScheme = String(scheme?.scheme ?? '').toLowerCase();
    if ((type === 'http' && httpScheme === 'bearer') || type === 'oauth2' || type === 'openIdConnect') {
      return { kind: 'token', scheme: 'Bearer', header: 'authorization', schemeName: name, via: 'bearer' };
    }
    if (type === 'apiKey' && scheme?.in === 'header' && typeof scheme.name === 'string') {
      return { kind: 'token', scheme: '', header: scheme.name.toLowerCase(), schemeName: name, via: 'apiKey' };
    }
    if (type === 'http' && httpScheme === 'basic') {
      return { kind: 'token', scheme: 'Basic', header: 'authorization', schemeName: name, via: 'basic' };
    }
  }
  const first = ranked[0] ?? '(unnamed)';
  return {
    kind: 'unsupported',
    schemeName: first,
    reason: `security scheme "${first}" is not a bearer token, an API key header or basic auth`,
  };
}

/** A public POST whose path looks like a login (…/login, /session, /token, /auth) with a JSON body. */
function findLogin(document: OpenApiDocument, operations: readonly OpenApiOperation[]): LoginGuess | undefined {
  const op = operations.find(
    (o) => o.method === 'POST' && !o.requiresAuth && o.jsonRequestBody && LOGIN_PATH.test(o.path) && !hasPathParams(o),
  );
  if (!op) return undefined;
  const tokenPointer = responseToken(document, op);
  return {
    method: op.method,
    path: target(op) ?? op.path,
    fields: requestFields(document, op),
    ...(tokenPointer ? { tokenPointer } : {}),
  };
}

/** The raw operation object of a listed operation. */
function rawOperation(document: OpenApiDocument, op: OpenApiOperation): Record<string, unknown> | undefined {
  const item = follow(document, isRecord(document.paths) ? document.paths[op.path] : undefined);
  const raw = isRecord(item) ? item[op.method.toLowerCase()] : undefined;
  return isRecord(raw) ? raw : undefined;
}

/** `/access_token`, `/token`, ... : the first top-level property of a 2xx JSON answer whose name says token. */
function responseToken(document: OpenApiDocument, op: OpenApiOperation): string | undefined {
  const responses = rawOperation(document, op)?.responses;
  if (!isRecord(responses)) return undefined;
  for (const [status, value] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    const response = follow(document, value);
    const content = isRecord(response) && isRecord(response.content) ? response.content : {};
    const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
    const schema = isRecord(json) ? follow(document, json.schema) : undefined;
    const properties = isRecord(schema) && isRecord(schema.properties) ? Object.keys(schema.properties) : [];
    const name =
      properties.find((p) => /^(access_?token|token|jwt|id_?token)$/i.test(p)) ??
      properties.find((p) => /token/i.test(p));
    if (name) return `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  }
  return undefined;
}

/** Property names of the JSON request body, from its schema (refs followed one level) or its example. */
function requestFields(document: OpenApiDocument, op: OpenApiOperation): string[] {
  const body = follow(document, rawOperation(document, op)?.requestBody);
  const content = isRecord(body) && isRecord(body.content) ? body.content : {};
  const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  if (!isRecord(json)) return [];
  const schema = follow(document, json.schema);
  if (isRecord(schema) && isRecord(schema.properties)) return Object.keys(schema.properties);
  return isRecord(json.example) ? Object.keys(json.example) : [];
}

function follow(document: OpenApiDocument, node: unknown): unknown {
  if (!isRecord(node) || typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  let current: unknown = document;
  for (const token of node.$ref.slice(2).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

function metricsHint(document: OpenApiDocument, op: OpenApiOperation): { metricsAuth?: MetricsAuthHint } {
  if (!op.requiresAuth) return {};
  for (const name of requirementNames(document, op)) {
    const scheme = securityScheme(document, name);
    if (scheme?.type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
      return { metricsAuth: { kind: 'header', name: scheme.name } };
    }
    if (scheme?.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      return { metricsAuth: { kind: 'bearer' } };
    }
  }
  return {};
}
