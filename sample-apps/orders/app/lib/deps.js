// PostgreSQL pool and Redis client; their error handlers keep an outage from crashing the process.
import pg from 'pg';
import Redis from 'ioredis';

export function createDeps(config, log) {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: 10,
    connectionTimeoutMillis: 1000,
    idleTimeoutMillis: 10000,
  });
  pool.on('error', (err) => log.warn('postgres idle client error', { error: err.message }));

  const redis = new Redis(config.redisUrl, {
    connectTimeout: 1000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let redisDown = false;
  // State changes only: a reconnect loop would otherwise write a line every 200 ms.
  redis.on('error', (err) => {
    if (!redisDown) log.warn('redis connection error', { error: err.message });
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) log.info('redis connection restored');
    redisDown = false;
  });

  const close = () => Promise.allSettled([pool.end(), redis.quit().catch(() => redis.disconnect())]);
  return { pool, redis, close };
}
