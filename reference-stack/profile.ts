import { z } from 'zod';
import { defineTarget, env } from 'staging-gate/profile';

/**
 * The target profile of the bundled reference stack (a small MediaNest): everything the gate knows
 * about this application is here. A team's own profile has the same shape (README "Validate your own application").
 */
const dependency = z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number().nonnegative().optional() });
const LOAD = { type: 'constant-vus', vus: 4, duration: '3s' } as const;
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export default defineTarget({
  name: 'MediaNest reference stack',
  version: { pointer: '/version' },
  services: [
    { name: 'postgres', role: 'database' },
    { name: 'redis', role: 'cache' },
    { name: 'backend', role: 'api' },
    { name: 'frontend', role: 'web' },
  ],
  variables: [
    { name: 'STAGING_DB_PASSWORD', secret: true, description: 'PostgreSQL password of the application' },
    { name: 'STAGING_AUTH_SECRET', secret: true, description: 'token signing secret' },
    { name: 'STAGING_ADMIN_PASSWORD', secret: true, description: 'bootstrap admin password' },
    // Optional on a compose stack (its metrics are then public); generated for the gate's own stack.
    {
      name: 'METRICS_TOKEN',
      secret: true,
      requiredFor: ['reference'],
      description: 'bearer token of the metrics endpoint',
    },
  ],
  urls: {
    api: 'http://127.0.0.1:${STAGING_BACKEND_PORT:-3001}',
    web: 'http://127.0.0.1:${STAGING_FRONTEND_PORT:-4001}',
    database:
      'postgres://${STAGING_DB_USER:-medianest}:${STAGING_DB_PASSWORD}@127.0.0.1:${STAGING_POSTGRES_PORT:-5432}/${STAGING_DB_NAME:-medianest}',
    cache: 'redis://127.0.0.1:${STAGING_REDIS_PORT:-6379}',
  },
  deploy: {
    compose: './docker-compose.staging.yml',
    variables: {
      STAGING_POSTGRES_IMAGE: '${STAGING_POSTGRES_IMAGE:-staging-gate/postgres:15-offline}',
      STAGING_REDIS_IMAGE: '${STAGING_REDIS_IMAGE:-staging-gate/redis:7-offline}',
      STAGING_APP_IMAGE: '${STAGING_APP_IMAGE:-staging-gate/reference-app:1.1.0}',
      STAGING_BACKEND_PORT: '${STAGING_BACKEND_PORT:-3001}',
      STAGING_FRONTEND_PORT: '${STAGING_FRONTEND_PORT:-4001}',
      STAGING_POSTGRES_PORT: '${STAGING_POSTGRES_PORT:-5432}',
      STAGING_REDIS_PORT: '${STAGING_REDIS_PORT:-6379}',
      STAGING_DB_USER: '${STAGING_DB_USER:-medianest}',
      STAGING_DB_NAME: '${STAGING_DB_NAME:-medianest}',
      STAGING_DB_PASSWORD: '${STAGING_DB_PASSWORD}',
      STAGING_AUTH_SECRET: '${STAGING_AUTH_SECRET}',
      STAGING_ADMIN_USER: '${STAGING_ADMIN_USER:-admin}',
      STAGING_ADMIN_PASSWORD: '${STAGING_ADMIN_PASSWORD}',
      STAGING_METRICS_TOKEN: '${METRICS_TOKEN:-}',
      // Fault switches of this stack (reference-stack/README.md), for the gate's self-tests.
      STAGING_FAULTS: '${STAGING_FAULTS:-}',
    },
    generate: ['STAGING_DB_PASSWORD', 'STAGING_AUTH_SECRET', 'STAGING_ADMIN_PASSWORD', 'METRICS_TOKEN'],
    imageVariable: 'STAGING_APP_IMAGE',
    candidate: { image: '${STAGING_APP_IMAGE:-staging-gate/reference-app:1.1.0}', version: '1.1.0' },
    previous: { image: '${STAGING_PREVIOUS_APP_IMAGE:-staging-gate/reference-app:1.0.0}', version: '1.0.0' },
  },
  health: {
    endpoints: [
      {
        path: '/api/health',
        schema: z.object({
          status: z.enum(['ok', 'degraded', 'down']),
          version: z.string().min(1),
          checks: z.object({ postgres: dependency, redis: dependency }),
        }),
        dependencies: { postgres: '/checks/postgres/status', redis: '/checks/redis/status' },
      },
    ],
  },
  metrics: {
    path: '/api/metrics',
    // Generated per run for a fresh stack; an external run of this stack passes the stack's own token.
    auth: { bearer: env('METRICS_TOKEN', { default: '' }) },
    series: ['http_requests_total', 'process_cpu_user_seconds_total'],
  },
  auth: {
    kind: 'login',
    path: '/api/auth/login',
    body: {
      username: env('STAGING_ADMIN_USER', { secret: false, default: 'admin' }),
      password: env('STAGING_ADMIN_PASSWORD', { default: '' }),
    },
    tokenPointer: '/token',
  },
  routes: {
    protected: [{ method: 'GET', path: '/api/media-requests' }],
    public: [{ method: 'GET', path: '/api/public/media-requests' }],
    jsonBody: [{ method: 'POST', path: '/api/media-requests' }],
    errorSchema: errorBody,
  },
  browser: {
    path: '/',
    visible: [
      { role: 'heading', name: 'Media Requests' },
      // Filled by the page's script from the backend: proof the frontend reaches the API.
      { selector: '#backend-version', pattern: '\\d+\\.\\d+\\.\\d+' },
    ],
  },
  migrations: {
    tool: 'sql-files',
    table: 'schema_migrations',
    dir: './app/migrations',
    previous: '1',
    up: { service: 'backend', command: ['node', 'migrate.js', 'up'] },
    down: { service: 'backend', command: ['node', 'migrate.js', 'down', '--to', '${TO}'] },
  },
  perf: {
    // Four connections: enough to see a slow path, light enough for gates that share a 2-core machine.
    scenarios: [
      { name: 'health', executor: LOAD, requests: [{ name: 'health', path: '/api/health' }] },
      {
        name: 'media-requests-list',
        executor: LOAD,
        requests: [{ name: 'list', path: '/api/media-requests', headers: { Authorization: 'Bearer ${TOKEN}' } }],
      },
      { name: 'public-list', executor: LOAD, requests: [{ name: 'public-list', path: '/api/public/media-requests' }] },
    ],
  },
  logs: { sources: [{ service: 'backend' }, { service: 'frontend' }] },
  specs: { dir: './specs' },
});
