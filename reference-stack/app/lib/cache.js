// Read-through cache for single media requests. Redis trouble degrades to a MISS, never to an error.
import { fault } from './faults.js';
import { withTimeout } from './http.js';

export const CACHE_TTL_SECONDS = 60;
const REDIS_TIMEOUT_MS = 500;
export const cacheKey = (id) => `media-request:${id}`;

export function createCache(redis, log) {
  const attempt = async (what, op) => {
    try {
      return await withTimeout(op(), REDIS_TIMEOUT_MS, `redis ${what}`);
    } catch (err) {
      log.warn('cache unavailable', { op: what, error: err.message });
      return null;
    }
  };
  return {
    async get(id) {
      const raw = await attempt('get', () => redis.get(cacheKey(id)));
      return raw ? JSON.parse(raw) : null;
    },
    // broken-cache: writes are silently dropped (as with a wrong key prefix), so every read is a MISS.
    set: (id, value) =>
      fault('broken-cache')
        ? Promise.resolve(null)
        : attempt('set', () => redis.set(cacheKey(id), JSON.stringify(value), 'EX', CACHE_TTL_SECONDS)),
    del: (id) => attempt('del', () => redis.del(cacheKey(id))),
  };
}
