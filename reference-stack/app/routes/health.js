// GET /health, /api/health, /api/v1/health: real dependency checks with 1 s timeouts.
import { performance } from 'node:perf_hooks';
import { fault, faultDelayMs } from '../lib/faults.js';
import { sendJson, sleep, withTimeout } from '../lib/http.js';

const CHECK_TIMEOUT_MS = 1000;
const HEALTH_PATHS = ['/health', '/api/health', '/api/v1/health'];

async function check(name, probe) {
  const started = performance.now();
  const latency = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, name);
    return { status: 'ok', latencyMs: latency() };
  } catch (err) {
    return { status: 'down', latencyMs: latency(), error: err.message };
  }
}

async function dependencyChecks({ deps }) {
  if (fault('unhealthy')) {
    return {
      postgres: { status: 'down', latencyMs: 0, error: 'unavailable' },
      redis: { status: 'down', latencyMs: 0, error: 'unavailable' },
    };
  }
  // health-lies: claims everything is fine without asking anyone.
  if (fault('health-lies')) return { postgres: { status: 'ok', latencyMs: 0 }, redis: { status: 'ok', latencyMs: 0 } };
  const [postgres, redis] = await Promise.all([
    check('postgres', () => deps.pool.query('SELECT 1')),
    check('redis', () => deps.redis.ping()),
  ]);
  return { postgres, redis };
}

export function healthRoutes(ctx) {
  const handler = async ({ res }) => {
    if (fault('slow-health')) await sleep(faultDelayMs('slowHealthMs', ctx.config));
    const checks = await dependencyChecks(ctx);
    const okCount = Object.values(checks).filter((c) => c.status === 'ok').length;
    const status = okCount === 2 ? 'ok' : okCount === 0 ? 'down' : 'degraded';
    const body = { status, version: ctx.config.version, uptimeSeconds: Math.round(process.uptime()), checks };
    if (fault('leak-secret')) body.debug = { authSecret: ctx.config.authSecret };
    sendJson(res, status === 'ok' ? 200 : 503, body);
  };
  return HEALTH_PATHS.map((path) => ({ method: 'GET', path, handler }));
}
