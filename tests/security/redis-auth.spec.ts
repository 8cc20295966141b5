import { test, expect, criterion } from '../../fixtures/index.ts';

test(
  'Redis refuses unauthenticated commands when the configuration requires auth',
  criterion('security-passed'),
  async ({ config, sut }) => {
    test.skip(
      !config.redisRequiresAuth,
      'STAGING_REDIS_REQUIRE_AUTH is not true: Redis may run without a password here',
    );
    test.skip(!sut.redisUrl, 'the profile declares no cache');
    const url = new URL(sut.redisUrl as string);
    url.username = '';
    url.password = '';
    const { Redis } = await import('ioredis');
    const anonymous = new Redis(url.toString(), {
      lazyConnect: true,
      connectTimeout: 3_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      const outcome = await anonymous.connect().then(
        // A refused connection is not an auth refusal: only NOAUTH / WRONGPASS count.
        () =>
          anonymous.ping().then(
            (pong) => `answered ${pong}`,
            (error: Error) => `refused: ${error.message}`,
          ),
        (error: Error) => `failed: ${error.message}`,
      );
      expect(outcome, `Redis at ${url.host} answered a client without a password`).toMatch(
        /NOAUTH|WRONGPASS|Authentication required/i,
      );
    } finally {
      anonymous.disconnect();
    }
  },
);
