// GET /healthz: a real SELECT 1 and PING, 1 s timeout each; 503 when one of them is down.
import { fault } from '../lib/faults.js';
import { sendJson, versionOf, withTimeout } from '../lib/http.js';

const CHECK_TIMEOUT_MS = 1000;

async function check(name, probe) {
  try {
    await withTimeout(probe(), CHECK_TIMEOUT_MS, name);
    return { state: 'UP' };
  } catch {
    return { state: 'DOWN' };
  }
}

export function healthRoutes({ config, deps }) {
  const handler = async ({ res }) => {
    const [database, cache] = await Promise.all([
      check('database', () => deps.pool.query('SELECT 1')),
      check('cache', () => deps.redis.ping()),
    ]);
    const components = { database, cache };
    let up = database.state === 'UP' && cache.state === 'UP';
    // dependency-down-200: reports the cache DOWN but still claims to be UP with a 200.
    if (fault('dependency-down-200')) {
      components.cache = { state: 'DOWN' };
      up = database.state === 'UP';
    }
    const body = { state: up ? 'UP' : 'DOWN', build: { version: versionOf(config) }, components };
    sendJson(res, up ? 200 : 503, body);
  };
  return [{ method: 'GET', path: '/healthz', handler }];
}
