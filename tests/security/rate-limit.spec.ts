import { test, expect, criterion } from '../../fixtures/index.ts';

/** Bounded: the login limiter must answer 429 within this many attempts. */
const MAX_ATTEMPTS = 40;

test(
  'login is rate limited and a spoofed X-Forwarded-For does not reset the limit',
  criterion('security-passed'),
  async ({ sut, http, profile, primeLogin }) => {
    const auth = profile.auth;
    test.skip(auth.kind !== 'login' || !auth.rateLimited, 'not evaluated: the profile has no login with rateLimited');
    if (auth.kind !== 'login') return;
    // Integration and api run beside this phase: the run's login is made before the limit is spent.
    await primeLogin();
    const url = sut.apiUrl + auth.path;
    // The profile's login body with every value replaced: a failed login, whatever the field names are.
    const wrong = Object.fromEntries(Object.keys(auth.body).map((k) => [k, `staging-gate-wrong-${k}@example.invalid`]));
    const attempt = (ip?: string) =>
      http(url, {
        method: auth.method,
        body: wrong,
        headers: ip ? { 'x-forwarded-for': ip } : {},
        allowRateLimit: true,
      });
    let limitedAfter = 0;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      const res = await attempt();
      expect(res.status, `${auth.method} ${url} with wrong credentials answered ${res.status}`).toBeLessThan(500);
      if (res.status === 429) {
        limitedAfter = i;
        break;
      }
    }
    expect(limitedAfter, `${auth.method} ${url} never answered 429 in ${MAX_ATTEMPTS} failed logins`).toBeGreaterThan(
      0,
    );
    const spoofed = await attempt('203.0.113.7');
    expect(spoofed.status, 'a new X-Forwarded-For value lifted the rate limit').toBe(429);
  },
);
