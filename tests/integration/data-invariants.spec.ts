import { test, expect, criterion } from '../../fixtures/index.ts';

test(
  "the profile's data invariants hold in PostgreSQL and Redis",
  criterion('integration-tests-failing'),
  async ({ profile, sut, db, redis }) => {
    const invariants = profile.invariants;
    test.skip(
      !invariants || (invariants.sql.length === 0 && invariants.redis.length === 0),
      'not evaluated: the profile has no invariants',
    );
    for (const rule of invariants?.sql ?? []) {
      await test.step(`SQL: ${rule.name}`, async () => {
        test.skip(!sut.databaseUrl, 'no database');
        const { rowCount } = await db.query(rule.query);
        expect(
          rowCount ?? 0,
          `invariant "${rule.name}" (${rule.query}) returned ${rowCount} rows, expected at least ${rule.minRows}`,
        ).toBeGreaterThanOrEqual(rule.minRows);
      });
    }
    for (const rule of invariants?.redis ?? []) {
      const what = 'key' in rule ? `key ${rule.key}` : `keys matching ${rule.pattern}`;
      await test.step(`Redis: ${what}`, async () => {
        const found =
          'key' in rule
            ? await redis.exists(rule.key)
            : (await redis.scan(0, 'MATCH', rule.pattern, 'COUNT', 1000))[1].length;
        expect(found, `Redis has no ${what} (the profile's invariants.redis)`).toBeGreaterThan(0);
      });
    }
  },
);
