import { test, expect, criterion } from '../../fixtures/index.ts';

/** Bounded: the login limiter must answer 429 within this many attempts. */
const MAX_ATTEMPTS = 40;

test(
  'login is rate limited and a spoofed X-Forwarded-For does not reset the limit',
  criterion('security-passed'),
  async ({ sut, http }) => {
    const url = `${sut.apiUrl}/api/auth/login`;
    const attempt = (ip?: string) =>
      http(url, {
        method: 'POST',
        body: { username: 'staging-gate-probe', password: 'wrong' },
        headers: ip ? { 'x-forwarded-for': ip } : {},
      });
    let limitedAfter = 0;
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      if ((await attempt()).status === 429) {
        limitedAfter = i;
        break;
      }
    }
    expect(limitedAfter, `POST ${url} never answered 429 in ${MAX_ATTEMPTS} failed logins`).toBeGreaterThan(0);
    const spoofed = await attempt('203.0.113.7');
    expect(spoofed.status, 'a new X-Forwarded-For value lifted the rate limit').toBe(429);
  },
);
