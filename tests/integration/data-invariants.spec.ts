import { test, expect, criterion } from '../../fixtures/index.ts';

test(
  "the profile's data invariants hold in PostgreSQL and Redis",
  criterion('integration-tests-failing'),
  async ({ profile, sut, config }) => {
    const sql = profile.invariants?.sql ?? [];
    const keys = profile.invariants?.redis ?? [];
    test.skip(sql.length === 0 && keys.length === 0, 'not evaluated: the profile has no invariants');
    // Clients are opened for the stores the invariants name, so an application without Redis is fine.
    if (sql.length > 0) {
      expect(sut.databaseUrl, 'invariants.sql need a database: urls.database or DATABASE_URL').toBeTruthy();
      const { default: pg } = await import('pg');
      const db = new pg.Client({
        connectionString: sut.databaseUrl,
        connectionTimeoutMillis: config.httpTimeoutMs,
        query_timeout: config.httpTimeoutMs,
      });
      await db.connect();
      try {
        for (const rule of sql) {
          await test.step(`SQL: ${rule.name}`, async () => {
            const { rowCount } = await db.query(rule.query);
            expect(
              rowCount ?? 0,
              `invariant "${rule.name}" (${rule.query}) returned ${rowCount} rows, expected at least ${rule.minRows}`,
            ).toBeGreaterThanOrEqual(rule.minRows);
          });
        }
      } finally {
        await db.end().catch(() => undefined);
      }
    }
    if (keys.length > 0) {
      expect(sut.redisUrl, 'invariants.redis need a cache: urls.cache or REDIS_URL').toBeTruthy();
      const { Redis } = await import('ioredis');
      const redis = new Redis(sut.redisUrl as string, {
        lazyConnect: true,
        connectTimeout: config.httpTimeoutMs,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      await redis.connect();
      try {
        for (const rule of keys) {
          const what = 'key' in rule ? `key ${rule.key}` : `keys matching ${rule.pattern}`;
          await test.step(`Redis: ${what}`, async () => {
            const found =
              'key' in rule
                ? await redis.exists(rule.key)
                : (await redis.scan(0, 'MATCH', rule.pattern, 'COUNT', 1000))[1].length;
            expect(found, `Redis has no ${what} (the profile's invariants.redis)`).toBeGreaterThan(0);
          });
        }
      } finally {
        redis.disconnect();
      }
    }
  },
);
